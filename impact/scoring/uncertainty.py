"""Monte-Carlo uncertainty of role measures and of the ladder (docs/methodology.md "Uncertainty").

Pure module (no Django). Method 2.0: the band answers "where does the true value lie, given
that a competent rater can disagree with the label?". Each draw gives every task a true class
drawn from the posterior q(true | label) (``MethodParameters.confusion``), except the tasks
that are accountable acts or physical, which are certain and keep their class; and an
intensity drawn uniformly inside its 10 % step (0-0.1, 0.1-0.2 ... 0.9-1.0; an unrounded
default, in the 10 % window centred on it: ``intensity_window_lower_edges``), unless
``draw_intensity`` is False. Time shares, headcounts and data classes stay as given. Draws are
arrays of shape (draws, tasks): no Python loop runs over draws or tasks. To bound memory,
draws are processed in blocks; the random stream is laid out so that the block size never
changes the numbers (same seed, same numbers).

``posterior_from_double_ratings`` computes q from a collectivité's own double ratings (at
least ``POSTERIOR_MINIMUM_TASKS`` tasks), the way the default q was computed from Eloundou
et al.'s human and GPT-4 labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from impact.scoring import (
    DEFAULT_PARAMETERS,
    EXPOSURE_CLASSES,
    STEP_WIDTH,
    MethodParameters,
    prepare_roles,
    prepare_tasks,
)
from impact.scoring.aggregates import LADDER_CODES, group_keys, ladder_indicators
from impact.scoring.ilo import gradient_index, to_hundredths

PERCENTILES = (10, 50, 90)
# Elements of one (draws x tasks) block; about 16 MB per float64 array.
BLOCK_ELEMENTS = 2_000_000
# A collectivité's own posterior needs at least this many double-rated tasks; below it the
# default q (Eloundou et al.) applies (docs/methodology.md "Uncertainty").
POSTERIOR_MINIMUM_TASKS = 300
posterior_minimum_tasks = POSTERIOR_MINIMUM_TASKS  # lower-case spelling, as callers name it


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
    thresholds: np.ndarray
    intensity: np.ndarray
    step_low: np.ndarray
    codes: np.ndarray
    starts: np.ndarray
    n_positive: np.ndarray
    beta_weights: np.ndarray


def posterior_from_double_ratings(joint) -> dict[str, tuple[float, float, float]]:
    """The posterior q(true | label) from a table of tasks rated twice (docs/methodology.md).

    ``joint``: 3 x 3 counts, rows = rater A's label, columns = rater B's, both E0, E1, E2.
    The table is symmetrised, (J + J^T) / 2, since both raters err alike; each row is
    normalised; and each row is moved halfway back to the identity, (row + e_i) / 2, since the
    observed disagreement is the sum of two raters' errors. Returns {label: (q_E0, q_E1, q_E2)},
    ready for ``MethodParameters(confusion=...)``. A collectivité's own table should hold at
    least ``POSTERIOR_MINIMUM_TASKS`` tasks; that check is the caller's. Source: the default
    q, from Eloundou et al.'s 19,265 tasks labelled by humans and GPT-4.
    """
    counts = np.asarray(joint, dtype=float)
    if counts.shape != (3, 3) or not np.isfinite(counts).all() or (counts < 0).any():
        raise ValueError("The double ratings must be a 3 x 3 table of non-negative counts.")
    symmetric = (counts + counts.T) / 2
    totals = symmetric.sum(axis=1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError("Every class E0, E1, E2 must be given at least once by a rater.")
    rows = (symmetric / totals + np.eye(3)) / 2
    return {
        label: tuple(float(q) for q in row)
        for label, row in zip(EXPOSURE_CLASSES, rows, strict=True)
    }


def _class_thresholds(exposure, certain, posterior: np.ndarray) -> np.ndarray:
    """Per task, the first two cumulative probabilities of its row of q, shape (tasks, 2).

    A uniform u in [0, 1) draws class [u >= t0] + [u >= t1]. A certain task gets the row of
    the identity, so that it keeps its class whatever u is.
    """
    drawn = np.cumsum(posterior, axis=1)[exposure, :2]
    kept = np.cumsum(np.eye(3), axis=1)[exposure, :2]
    return np.where(np.asarray(certain, dtype=bool)[:, None], kept, drawn)


def intensity_window_lower_edges(intensity) -> np.ndarray:
    """Where each intensity's draw starts: the 10 % window centred on it, kept inside 0-1.

    An answered intensity is a step's midpoint (0.05 … 0.95), so its window is exactly its
    step (METHOD.md "Uncertainty 2.0"). A task type's default is an unrounded ILO mean (0.31,
    say): drawing it across its step (0.3-0.4) would centre the band on 0.35 and leave the
    labelled value outside it, so it is drawn in 0.26-0.36, a window of the same width.
    """
    values = np.asarray(intensity, dtype=float)
    return np.clip(values - STEP_WIDTH / 2, 0.0, 1.0 - STEP_WIDTH)


def _sorted_tasks(prepared: pd.DataFrame, params: MethodParameters) -> _Tasks:
    order = np.argsort(prepared["role_code"].to_numpy(), kind="stable")
    codes = prepared["role_code"].to_numpy()[order]
    share = prepared["share"].to_numpy()[order]
    intensity = prepared["intensity"].to_numpy(dtype=float)[order]
    certain = (prepared["accountable"] | prepared["physical"]).to_numpy()[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return _Tasks(
        share=share,
        thresholds=_class_thresholds(
            prepared["exposure"].to_numpy()[order], certain, params.confusion_array()
        ),
        intensity=intensity,
        step_low=intensity_window_lower_edges(intensity),
        codes=codes,
        starts=starts,
        n_positive=np.add.reduceat((share > 0).astype(float), starts),
        beta_weights=params.beta_weights(),
    )


def _draw_block(tasks: _Tasks, uniforms: np.ndarray, draw_intensity: bool = True) -> tuple:
    """beta, zeta, mean and sd of every role for a block of draws, each (block, roles).

    ``uniforms`` has shape (block, 2, tasks): the first row picks the true class, the second
    the intensity inside its step (unused, but still drawn, when ``draw_intensity`` is False,
    so that the switch does not shift the class draws).
    """
    drawn = (uniforms[:, 0, :] >= tasks.thresholds[:, 0]).astype(np.int8)
    drawn += uniforms[:, 0, :] >= tasks.thresholds[:, 1]
    if draw_intensity:
        intensity = tasks.step_low + STEP_WIDTH * uniforms[:, 1, :]
    else:
        intensity = np.broadcast_to(tasks.intensity, drawn.shape)

    def total(values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values * tasks.share, tasks.starts, axis=1)

    beta = total(tasks.beta_weights[drawn])
    zeta = total((drawn > 0).astype(float))
    mean = total(intensity)
    spread = total((intensity - mean[:, tasks.codes]) ** 2)
    n = tasks.n_positive
    factor = np.divide(n, n - 1, out=np.zeros_like(n), where=n > 1)
    return beta, zeta, mean, np.sqrt(factor * spread)


@dataclass(frozen=True)
class _Groups:
    """Each role's group and headcount share in it, roles sorted by group for ``reduceat``."""

    index: pd.Index
    order: np.ndarray
    starts: np.ndarray
    weight: np.ndarray
    empty: np.ndarray

    def shares(self, reached: np.ndarray) -> np.ndarray:
        """Headcount-weighted share of agents per rung and group, (block, rungs, groups).

        ``reached`` is (block, roles, rungs). Each role counts in its one group only, so a
        sum over the roles of each group does the job of a (roles x groups) product, in time
        proportional to the roles, not to roles x groups.
        """
        weighted = reached[:, self.order, :] * self.weight[:, None]
        return np.add.reduceat(weighted, self.starts, axis=1).transpose(0, 2, 1)


def _group_weights(role_scores_index: pd.Index, roles: pd.DataFrame | None, by) -> _Groups:
    """Each role's group of ``by`` and its share of the group's headcount."""
    if roles is None:
        frame = pd.DataFrame({"headcount": 1.0}, index=role_scores_index)
    else:
        frame = prepare_roles(roles, role_scores_index).reindex(role_scores_index)
    frame, keys = group_keys(frame, by)
    groups = pd.MultiIndex.from_frame(frame[keys]) if len(keys) > 1 else pd.Index(frame[keys[0]])
    labels, uniques = pd.factorize(groups, sort=True)
    heads = frame["headcount"].astype(float).to_numpy()
    totals = np.bincount(labels, weights=heads, minlength=len(uniques))
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    index = uniques if len(keys) > 1 else pd.Index(uniques, name=keys[0])
    if len(keys) > 1:
        index.names = keys
    return _Groups(
        index=index,
        order=order,
        starts=np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]]),
        weight=np.divide(
            heads[order],
            totals[sorted_labels],
            out=np.zeros(len(heads)),
            where=totals[sorted_labels] > 0,
        ),
        empty=totals <= 0,
    )


def _quantiles(samples: np.ndarray) -> np.ndarray:
    """P10, P50, P90 along the first axis (linear interpolation); NaN stays NaN."""
    return np.percentile(samples, PERCENTILES, axis=0)


def simulate(
    tasks: pd.DataFrame,
    roles: pd.DataFrame | None = None,
    params: MethodParameters = DEFAULT_PARAMETERS,
    by: str | Sequence[str] | None = None,
    block_elements: int = BLOCK_ELEMENTS,
    draw_intensity: bool = True,
) -> UncertaintyResult:
    """Seeded Monte-Carlo of beta_r, mu_r and the ladder; returns P10/P50/P90.

    ``params.draws`` draws (default 1,000) from ``numpy.random.default_rng(params.seed)``:
    true classes from the posterior ``params.confusion`` (accountable and physical tasks kept),
    intensities uniform in their 10 % step (kept at their values when ``draw_intensity`` is
    False). Roles: beta_p10..p90 and mean_p10..p90 (shares of working time, 0-1). Ladder: for
    each group of ``by`` (None: the whole collectivité) and rung, the P10/P50/P90 of the
    headcount-weighted share of agents (each role counts as one agent when ``roles`` is None).
    Source: docs/methodology.md "Uncertainty (2.0)"; posterior from Eloundou et al. (2024).
    """
    prepared = prepare_tasks(tasks, params)
    role_index = pd.Index(prepared.groupby("role_code")["role"].first().to_numpy(), name="role")
    groups = _group_weights(role_index, roles, by)
    if prepared.empty:
        raise ValueError("The task table is empty: there is nothing to simulate.")
    sorted_tasks = _sorted_tasks(prepared, params)
    rng = np.random.default_rng(params.seed)
    n_tasks, draws = len(sorted_tasks.share), params.draws
    block = max(1, min(draws, block_elements // max(1, 2 * n_tasks)))
    beta = np.empty((draws, len(role_index)))
    mean = np.empty_like(beta)
    rungs = np.empty((draws, len(LADDER_CODES), len(groups.index)))
    for first in range(0, draws, block):
        size = min(block, draws - first)
        uniforms = rng.random((size, 2, n_tasks))
        b, z, m, s = _draw_block(sorted_tasks, uniforms, draw_intensity)
        gradient = gradient_index(to_hundredths(m), to_hundredths(s))
        reached = ladder_indicators(z, b, gradient).astype(float)
        rungs[first : first + size] = groups.shares(reached)
        beta[first : first + size], mean[first : first + size] = b, m
    rungs[:, :, groups.empty] = np.nan
    return UncertaintyResult(
        roles=_role_table(role_index, _quantiles(beta), _quantiles(mean)),
        ladder=_ladder_table(groups.index, _quantiles(rungs)),
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
