"""Sensitivity of the headline figures to the method's choices (METHOD.md "Sensitivity (2.0)").

Pure module (no Django). Each headline figure of a scope is recomputed with one parameter
moved at a time to each end of its range, everything else as labelled:

- each confidentiality coefficient a data-protection officer could reasonably choose
  otherwise: c(D1, k1) 0.25–0.75, c(D2, k2) 0.5–1.0, c(D3, k2) 0–0.7, c(D3, k3) 0.5–0.9,
  c(D4, k3) 0–0.5;
- the weight of an E2 task in beta, 0.25–0.75 (0.5 in the method);
- every intensity one 10 % step down, then up (kept inside 0.05–0.95);
- the fallback weights of a table without time shares, core 3 / supplemental 1, then 1 / 1
  (without effect on an inventory, where every task has its time share).

Headline figures: beta, deployable beta under k1, k2 and k3 (headcount-weighted means, 0-1),
freed hours under k2 (a sum of hours a year), the share of agents whose role is at ILO
gradient 1 to 4 (0-1), and the five first services of "où commencer", ranked by a function
the caller gives (the ranking rule lives with the figures). The result says, for each figure,
the lowest and highest value met, and which services enter, leave or move in the first five.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from impact.scoring.engine import DEFAULT_PARAMETERS, MethodParameters, score_roles
from impact.scoring.vocabulary import DATA_CLASSES, SCENARIOS

FIGURES = ("beta", "beta_dep_k1", "beta_dep_k2", "beta_dep_k3", "freed_hours_k2", "exposed")
EXPOSED_GRADIENTS = ("gradient_1", "gradient_2", "gradient_3", "gradient_4")
LOW_SENSITIVITY = ("D0", "D1")
TOP = 5
STEP = 0.1


@dataclass(frozen=True)
class Variation:
    """One parameter and the two ends of its range; ``code`` names it for the labels."""

    code: str
    low: float
    high: float
    data_class: str = ""
    scenario: str = ""


VARIATIONS = (
    Variation("confidentiality", 0.25, 0.75, "D1", "k1"),
    Variation("confidentiality", 0.5, 1.0, "D2", "k2"),
    Variation("confidentiality", 0.0, 0.7, "D3", "k2"),
    Variation("confidentiality", 0.5, 0.9, "D3", "k3"),
    Variation("confidentiality", 0.0, 0.5, "D4", "k3"),
    Variation("e2_weight", 0.25, 0.75),
    Variation("intensity_step", -STEP, STEP),
    Variation("fallback_weights", 3.0, 1.0),  # core weight; supplemental stays 1
)

Ranker = Callable[[list[dict]], list[str]]


def _with_coefficient(params: MethodParameters, data_class: str, scenario: str, value: float):
    matrix = {d: dict(params.confidentiality[d]) for d in DATA_CLASSES}
    matrix[data_class][scenario] = value
    return replace(params, confidentiality=matrix)


def _moved_intensity(intensity: pd.Series, delta: float) -> pd.Series:
    """Every intensity one step ``delta`` away, kept in 0.05-0.95 without moving backwards."""
    values = pd.to_numeric(intensity, errors="coerce")
    if delta < 0:
        return np.maximum(values + delta, np.minimum(values, 0.05))
    return np.minimum(values + delta, np.maximum(values, 0.95))


def _setting(variation: Variation, value: float, tasks: pd.DataFrame, params: MethodParameters):
    """(tasks, params) with the variation's parameter at ``value``."""
    if variation.code == "confidentiality":
        return tasks, _with_coefficient(params, variation.data_class, variation.scenario, value)
    if variation.code == "e2_weight":
        return tasks, replace(params, beta_e2_weight=value)
    if variation.code == "intensity_step":
        if "intensity" not in tasks.columns:
            return tasks, params
        moved = tasks.copy()
        known = moved["intensity"].notna() & (moved["intensity"].astype(str) != "")
        moved.loc[known, "intensity"] = _moved_intensity(moved.loc[known, "intensity"], value)
        return moved, params
    weights = {"core": value, "supplemental": 1.0, "untyped": 1.0}
    return tasks, replace(params, fallback_weights=weights)


def _weighted(scored: pd.DataFrame, column: str) -> float:
    weights = scored["headcount"].astype(float)
    total = float(weights.sum())
    return float((scored[column] * weights).sum() / total) if total else 0.0


def _service_rows(scored: pd.DataFrame, tasks: pd.DataFrame, services: pd.DataFrame) -> list:
    """Per service: name, beta, low_sensitivity (share of its exposed time on D0/D1) and
    yearly_requests, for the caller's ranking rule."""
    weights = scored["headcount"].astype(float)
    beta = (scored["beta"] * weights).groupby(scored["service_id"]).sum()
    heads = weights.groupby(scored["service_id"]).sum()
    exposure = tasks["exposure"].map({"E0": 0.0, "E1": 1.0, "E2": 0.5}).fillna(0.0)
    share = tasks["time_share"].astype(float)
    role_service = scored["service_id"]
    task_service = tasks["role"].map(role_service)
    exposed = exposure * share * tasks["role"].map(scored["headcount"]).astype(float)
    low = exposed.where(tasks["data_class"].isin(LOW_SENSITIVITY), 0.0)
    by_service = exposed.groupby(task_service).sum()
    low_by_service = low.groupby(task_service).sum()
    rows = []
    for service in services.itertuples(index=False):
        count = float(heads.get(service.service_id, 0.0))
        total = float(by_service.get(service.service_id, 0.0))
        rows.append({
            "name": service.name,
            "beta": float(beta.get(service.service_id, 0.0)) / count if count else None,
            "low_sensitivity": float(low_by_service.get(service.service_id, 0.0)) / total
            if total else 0.0,
            "yearly_requests": service.yearly_requests,
        })  # fmt: skip
    return rows


def headline(
    tasks: pd.DataFrame, roles: pd.DataFrame, params: MethodParameters, services, ranker
) -> dict:
    """The headline figures of a scope under ``params`` (see the module docstring)."""
    scored = score_roles(tasks, roles, params)
    figures = {name: _weighted(scored, name) for name in ("beta", *_deployable())}
    # A role's hours already count all its agents (its FTE): a sum, not a weighted mean.
    figures["freed_hours_k2"] = float(scored["freed_hours_k2"].sum())
    total = float(scored["headcount"].sum())
    exposed = scored.loc[scored["gradient_2025"].isin(EXPOSED_GRADIENTS), "headcount"].sum()
    figures["exposed"] = float(exposed) / total if total else 0.0
    top = ranker(_service_rows(scored, _prepared_tasks(tasks), services))[:TOP]
    return {"figures": figures, "top": top}


def _deployable() -> tuple[str, ...]:
    return tuple(f"beta_dep_{k}" for k in SCENARIOS)


def _prepared_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """The task columns the service rows need, with time shares normalised per role."""
    frame = tasks[["role", "exposure", "data_class"]].copy()
    shares = pd.to_numeric(tasks.get("time_share"), errors="coerce").fillna(0.0)
    totals = shares.groupby(tasks["role"]).transform("sum")
    frame["time_share"] = np.where(totals > 0, shares / totals.where(totals > 0, 1.0), 0.0)
    return frame


def sensitivity(
    tasks: pd.DataFrame,
    roles: pd.DataFrame,
    services: pd.DataFrame,
    ranker: Ranker,
    params: MethodParameters = DEFAULT_PARAMETERS,
    variations: tuple[Variation, ...] = VARIATIONS,
) -> dict:
    """The sensitivity table of a scope.

    ``tasks`` and ``roles`` are the engine's input (roles with headcount, fte, service_id);
    ``services`` one row per service (service_id, name, yearly_requests); ``ranker`` orders
    service rows (name, beta, low_sensitivity, yearly_requests) and returns their names.
    Returns baseline (figures and top five), rows (one per variation: code, data_class,
    scenario, the baseline setting, low/high settings, figures at each end, top five at each
    end), ranges (per figure, the lowest and highest value of the baseline and every end) and
    rank_changes (services that enter, leave or move in the first five under some end).
    """
    if tasks.empty:
        return {"baseline": None, "rows": [], "ranges": {}, "rank_changes": []}
    base = headline(tasks, roles, params, services, ranker)
    rows = []
    for variation in variations:
        ends = [
            headline(*_ends(variation, value, tasks, params, roles), services, ranker)
            for value in (variation.low, variation.high)
        ]
        rows.append({
            "code": variation.code, "data_class": variation.data_class,
            "scenario": variation.scenario, "baseline": _baseline_setting(variation, params),
            "low": variation.low, "high": variation.high,
            "figures": {name: [end["figures"][name] for end in ends] for name in FIGURES},
            "top": [end["top"] for end in ends],
        })  # fmt: skip
    return {
        "baseline": base,
        "rows": rows,
        "ranges": _ranges(base, rows),
        "rank_changes": _rank_changes(base["top"], rows),
    }


def _ends(variation, value, tasks, params, roles):
    moved_tasks, moved_params = _setting(variation, value, tasks, params)
    return moved_tasks, roles, moved_params


def _baseline_setting(variation: Variation, params: MethodParameters) -> float:
    if variation.code == "confidentiality":
        return float(params.confidentiality[variation.data_class][variation.scenario])
    if variation.code == "e2_weight":
        return float(params.beta_e2_weight)
    if variation.code == "intensity_step":
        return 0.0
    return float(params.fallback_weights["core"])


def _ranges(base: dict, rows: list[dict]) -> dict:
    ranges = {}
    for name in FIGURES:
        values = [base["figures"][name], *(v for row in rows for v in row["figures"][name])]
        ranges[name] = [min(values), max(values)]
    return ranges


def _rank_changes(top: list[str], rows: list[dict]) -> list[str]:
    changed = set()
    for row in rows:
        for other in row["top"]:
            for position, name in enumerate(top):
                if position >= len(other) or other[position] != name:
                    changed.add(name)
            changed.update(name for name in other if name not in top)
    return sorted(changed)


def coefficient_mapping(params: MethodParameters) -> Mapping[str, Mapping[str, float]]:
    """The confidentiality matrix of ``params`` as plain dicts (for printing beside the table)."""
    return {d: dict(params.confidentiality[d]) for d in DATA_CLASSES}
