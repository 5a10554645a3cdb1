"""Monte-Carlo uncertainty of role measures and of the ladder (docs/methodology.md "Uncertainty").

Pure module (no Django). Each draw redraws every task's exposure class from the confusion
between two competent raters (Eloundou et al.'s human vs GPT-4 labels) and its intensity
uniformly inside its band ([0, .25), [.25, .5), [.5, .75), [.75, 1]); time shares, headcounts
and data classes stay as given. Draws are arrays of shape (draws, tasks): no Python loop runs
over draws or tasks. To bound memory, draws are processed in blocks; the random stream is laid
out so that the block size never changes the numbers (same seed, same numbers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from impact.scoring import (
    BAND_LOWER_EDGES,
    BAND_WIDTH,
    BETA_WEIGHTS,
    DEFAULT_PARAMETERS,
    MethodParameters,
    prepare_roles,
    prepare_tasks,
)
from impact.scoring.aggregates import LADDER_CODES, group_keys, ladder_indicators
from impact.scoring.ilo import gradient_index, to_hundredths

PERCENTILES = (10, 50, 90)
# Elements of one (draws x tasks) block; about 16 MB per float64 array.
BLOCK_ELEMENTS = 2_000_000


@dataclass(frozen=True)
class UncertaintyResult:
    """P10/P50/P90 per role (beta, mean) and per group and rung of the ladder."""

    roles: pd.DataFrame
    ladder: pd.DataFrame
    draws: int
    seed: int


@dataclass(frozen=True)
class _Tasks:
    """Task arrays sorted by role, ready for block-wise draws."""

    share: np.ndarray
    exposure: np.ndarray
    band_low: np.ndarray
    codes: np.ndarray
    starts: np.ndarray
    n_positive: np.ndarray


def intensity_band_lower_edges(intensity) -> np.ndarray:
    """Lower edge of the band of each intensity: 0, 0.25, 0.5 or 0.75 (p = 1 is in the last)."""
    edges = np.asarray(BAND_LOWER_EDGES)
    return edges[np.searchsorted(edges[1:], np.asarray(intensity, dtype=float), side="right")]


def _sorted_tasks(prepared: pd.DataFrame) -> _Tasks:
    order = np.argsort(prepared["role_code"].to_numpy(), kind="stable")
    codes = prepared["role_code"].to_numpy()[order]
    share = prepared["share"].to_numpy()[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return _Tasks(
        share=share,
        exposure=prepared["exposure"].to_numpy()[order],
        band_low=intensity_band_lower_edges(prepared["intensity"].to_numpy()[order]),
        codes=codes,
        starts=starts,
        n_positive=np.add.reduceat((share > 0).astype(float), starts),
    )


def _draw_block(tasks: _Tasks, uniforms: np.ndarray, cumulative: np.ndarray) -> tuple:
    """beta, zeta, mean and sd of every role for a block of draws, each (block, roles).

    ``uniforms`` has shape (block, 2, tasks): the first row picks the class, the second the
    intensity. ``cumulative`` is the confusion matrix's cumulative rows, shape (3, 3).
    """
    thresholds = cumulative[tasks.exposure]
    drawn = (uniforms[:, 0, :] >= thresholds[:, 0]).astype(np.int8)
    drawn += uniforms[:, 0, :] >= thresholds[:, 1]
    intensity = tasks.band_low + BAND_WIDTH * uniforms[:, 1, :]

    def total(values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values * tasks.share, tasks.starts, axis=1)

    beta = total(BETA_WEIGHTS[drawn])
    zeta = total((drawn > 0).astype(float))
    mean = total(intensity)
    spread = total((intensity - mean[:, tasks.codes]) ** 2)
    n = tasks.n_positive
    factor = np.divide(n, n - 1, out=np.zeros_like(n), where=n > 1)
    return beta, zeta, mean, np.sqrt(factor * spread)


def _group_weights(role_scores_index: pd.Index, roles: pd.DataFrame | None, by) -> tuple:
    """(roles x groups) matrix of headcount shares, and the group index."""
    if roles is None:
        frame = pd.DataFrame({"headcount": 1.0}, index=role_scores_index)
    else:
        frame = prepare_roles(roles, role_scores_index).reindex(role_scores_index)
    frame, keys = group_keys(frame, by)
    groups = pd.MultiIndex.from_frame(frame[keys]) if len(keys) > 1 else pd.Index(frame[keys[0]])
    labels, uniques = pd.factorize(groups, sort=True)
    heads = frame["headcount"].astype(float).to_numpy()
    totals = np.bincount(labels, weights=heads, minlength=len(uniques))
    weights = np.zeros((len(heads), len(uniques)))
    weights[np.arange(len(heads)), labels] = heads
    with np.errstate(invalid="ignore", divide="ignore"):
        weights = weights / np.where(totals > 0, totals, np.nan)
    index = uniques if len(keys) > 1 else pd.Index(uniques, name=keys[0])
    if len(keys) > 1:
        index.names = keys
    return weights, index


def _quantiles(samples: np.ndarray) -> np.ndarray:
    """P10, P50, P90 along the first axis (linear interpolation); NaN stays NaN."""
    return np.percentile(samples, PERCENTILES, axis=0)


def simulate(
    tasks: pd.DataFrame,
    roles: pd.DataFrame | None = None,
    params: MethodParameters = DEFAULT_PARAMETERS,
    by: str | Sequence[str] | None = None,
    block_elements: int = BLOCK_ELEMENTS,
) -> UncertaintyResult:
    """Seeded Monte-Carlo of beta_r, mu_r and the ladder; returns P10/P50/P90.

    ``params.draws`` draws (default 1,000) from ``numpy.random.default_rng(params.seed)``.
    Roles: beta_p10..p90 and mean_p10..p90 (shares of working time, 0-1). Ladder: for each
    group of ``by`` (None: the whole collectivité) and rung, the P10/P50/P90 of the
    headcount-weighted share of agents (each role counts as one agent when ``roles`` is None).
    Source: docs/methodology.md "Uncertainty"; confusion matrix from Eloundou et al. (2024).
    """
    prepared = prepare_tasks(tasks, params)
    role_index = pd.Index(prepared.groupby("role_code")["role"].first().to_numpy(), name="role")
    weights, groups = _group_weights(role_index, roles, by)
    if prepared.empty:
        raise ValueError("The task table is empty: there is nothing to simulate.")
    sorted_tasks = _sorted_tasks(prepared)
    cumulative = np.cumsum(params.confusion_array(), axis=1)
    rng = np.random.default_rng(params.seed)
    n_tasks, draws = len(sorted_tasks.share), params.draws
    block = max(1, min(draws, block_elements // max(1, 2 * n_tasks)))
    beta = np.empty((draws, len(role_index)))
    mean = np.empty_like(beta)
    rungs = np.empty((draws, len(LADDER_CODES), len(groups)))
    for first in range(0, draws, block):
        size = min(block, draws - first)
        uniforms = rng.random((size, 2, n_tasks))
        b, z, m, s = _draw_block(sorted_tasks, uniforms, cumulative)
        gradient = gradient_index(to_hundredths(m), to_hundredths(s))
        reached = ladder_indicators(z, b, gradient).astype(float)
        rungs[first : first + size] = reached.transpose(0, 2, 1) @ np.nan_to_num(weights)
        beta[first : first + size], mean[first : first + size] = b, m
    rungs[:, :, np.isnan(weights).all(axis=0)] = np.nan
    return UncertaintyResult(
        roles=_role_table(role_index, _quantiles(beta), _quantiles(mean)),
        ladder=_ladder_table(groups, _quantiles(rungs)),
        draws=draws,
        seed=params.seed,
    )


def _role_table(index: pd.Index, beta: np.ndarray, mean: np.ndarray) -> pd.DataFrame:
    columns = {}
    for name, values in (("beta", beta), ("mean", mean)):
        for row, percentile in enumerate(PERCENTILES):
            columns[f"{name}_p{percentile}"] = np.clip(values[row], 0.0, 1.0)
    return pd.DataFrame(columns, index=index)


def _ladder_table(groups: pd.Index, quantiles: np.ndarray) -> pd.DataFrame:
    """Long table: group columns, rung, p10, p50, p90 (quantiles has shape (3, 5, groups))."""
    frames = []
    for rung_position, rung in enumerate(LADDER_CODES):
        frame = groups.to_frame(index=False)
        frame["rung"] = rung
        for row, percentile in enumerate(PERCENTILES):
            frame[f"p{percentile}"] = quantiles[row, rung_position, :]
        frame["_order"] = rung_position
        frames.append(frame)
    keys = list(groups.names)
    table = pd.concat(frames, ignore_index=True).sort_values([*keys, "_order"], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)
