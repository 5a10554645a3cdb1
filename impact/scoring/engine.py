"""Exposure scoring engine: role measures from a table of tasks, as docs/methodology.md specifies.

Pure module: pandas and numpy only, no Django, no ORM, no app import except the ILO rules.

Sources: Eloundou, Manning, Mishkin, Rock, "GPTs are GPTs", *Science* 384 (2024),
arXiv:2303.10130 (classes E0/E1/E2, alpha/beta/zeta); Gmyrek et al., ILO Working Papers 96
(2023) and 140 (2025) (task scores, occupation mean and SD, categories and gradients).

Exposure is not job loss: every measure is a share of working time that current generative AI
could change, mostly by assisting the agent.

Input contract (tasks, one row per task; the index labels rows in error messages):
- ``role`` (any hashable id), ``task`` (text), ``exposure`` (E0/E1/E2), all required;
- ``time_share`` (non-negative numbers in any unit, NaN allowed): normalised per role. When
  every share of a role is missing, fallback weights apply (core 2, supplemental or untyped 1).
  A role that gives some shares but not all, or shares summing to zero, is an input error;
- ``task_type`` (core/supplemental, empty = untyped), ``intensity`` (any number in [0, 1]:
  the inventory answers in ten steps stored as their midpoints 0.05 ... 0.95, and a task
  type's default is its ILO anchor mean, unrounded; when missing, the default of the exposure
  class: E0 0.15, E1 0.65, E2 0.35, the steps that hold 1.0's 0.125 / 0.625 / 0.375, see
  ``MethodParameters.default_intensity``; the inventory always sends the default of the
  municipal task type instead), ``accountable`` (bool, default false), ``physical`` (bool,
  default false: a task of a physical task type, whose class the uncertainty model never
  redraws), ``data_class`` (D0-D4, default D2 "personal data": most municipal files name a
  person, and assuming less would overstate what public tools may process).
Roles (optional, one row per role): ``role``, ``headcount`` (agents, >= 0), ``fte`` (default:
headcount), ``isco_code`` and any grouping column. Roles without tasks are not scored.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

import numpy as np
import pandas as pd

from impact.scoring.ilo import (
    category_index,
    compare_with_ilo,
    gradient_index,
    normalise_isco_code,
    to_hundredths,
)
from impact.scoring.vocabulary import (
    CATEGORIES_2023,
    DATA_CLASSES,
    EXPOSURE_CLASSES,
    GRADIENTS_2025,
    SCENARIOS,
    TASK_TYPES,
)

METHOD_VERSION = "2.0"

# 2.0: intensity is answered in ten steps of 10 %, stored as their midpoints 0.05 ... 0.95.
STEP_WIDTH = 0.1
INTENSITY_STEPS = tuple((2 * k + 1) / 20 for k in range(10))
# 1.0's four bands and their edges, kept for the modules and stored results that still name
# them; the 2.0 engine neither uses nor produces them.
INTENSITY_BANDS = (0.125, 0.375, 0.625, 0.875)
BAND_LOWER_EDGES = (0.0, 0.25, 0.5, 0.75)
BAND_WIDTH = 0.25
# Weight of each exposure class in beta with the default parameters (Eloundou et al.): E0 0,
# E1 1, E2 0.5. The E2 weight is MethodParameters.beta_e2_weight; use params.beta_weights().
BETA_WEIGHTS = np.array([0.0, 1.0, 0.5])
# Working-time split 2.0 (docs/methodology.md): automatable from 0.70, marginal in [0.30, 0.50).
AUTO_THRESHOLD = 0.70
LOW_RANGE = (0.30, 0.50)
# Sums of float shares carry noise; thresholds on shares ignore differences below this.
EPSILON = 1e-9

DEFAULT_CONFIDENTIALITY = {
    "D0": {"k1": 1.0, "k2": 1.0, "k3": 1.0},
    "D1": {"k1": 0.5, "k2": 1.0, "k3": 1.0},
    "D2": {"k1": 0.0, "k2": 0.8, "k3": 1.0},
    "D3": {"k1": 0.0, "k2": 0.4, "k3": 0.7},
    "D4": {"k1": 0.0, "k2": 0.0, "k3": 0.3},
}
# The posterior q(true class | label), 2.0 (docs/methodology.md "Uncertainty"). Rows: the class
# given; columns: probability that the true class is E0, E1, E2. From the 19,265 tasks that
# Eloundou et al. labelled twice (human and GPT-4): joint table symmetrised, rows normalised,
# then moved halfway back to the identity (``uncertainty.posterior_from_double_ratings``). The
# name "confusion" is 1.0's, kept because stored parameters use it.
DEFAULT_CONFUSION = {
    "E0": (0.908, 0.014, 0.078),
    "E1": (0.048, 0.667, 0.285),
    "E2": (0.103, 0.112, 0.785),
}
# The step midpoints that hold 1.0's class defaults 0.125, 0.625, 0.375.
DEFAULT_INTENSITY = {"E0": 0.15, "E1": 0.65, "E2": 0.35}
DEFAULT_FALLBACK_WEIGHTS = {"core": 2.0, "supplemental": 1.0, "untyped": 1.0}

SHARE_MEASURES = ("alpha", "beta", "zeta", "mean", "auto", "aug", "low", "none")
DEPLOYABLE = tuple(f"beta_dep_{k}" for k in SCENARIOS)
FREED_HOURS = tuple(f"freed_hours_{k}" for k in SCENARIOS)

_TRUE = {"1", "1.0", "true", "yes", "y", "oui", "o", "vrai", "x"}
_FALSE = {"", "0", "0.0", "false", "no", "n", "non", "faux"}


def _frozen(mapping: Mapping) -> MappingProxyType:
    return MappingProxyType(
        {
            key: _frozen(value) if isinstance(value, Mapping) else value
            for key, value in mapping.items()
        }
    )


@dataclass(frozen=True)
class MethodParameters:
    """Every parameter of the method, recorded with each result so that it can be reproduced.

    confidentiality: c(data class, scenario) in [0, 1] (docs/methodology.md defaults; policy values for
    the city's data-protection officer to confirm, not measurements). confusion: since 2.0 the
    posterior q(true | label): for each class given, the probabilities that the true class is
    E0, E1, E2 (the name is 1.0's, when it held P(second rater's label | label); stored rows
    keep it). draws and seed: Monte-Carlo. beta_e2_weight: the weight of an E2 task in beta and
    in deployable beta (0.5, Eloundou et al.), in [0, 1].
    divergence_threshold: |mu_r - ILO mean| above which a role is "à discuter". annual_hours:
    French legal annual working time of one FTE (1,607 h). default_data_class, default_intensity,
    fallback_weights: defaults of the input contract (module docstring).
    """

    confidentiality: Mapping[str, Mapping[str, float]] = field(
        default_factory=lambda: DEFAULT_CONFIDENTIALITY
    )
    confusion: Mapping[str, tuple[float, float, float]] = field(
        default_factory=lambda: DEFAULT_CONFUSION
    )
    draws: int = 1000
    seed: int = 20240501
    divergence_threshold: float = 0.25
    annual_hours: float = 1607.0
    default_data_class: str = "D2"
    default_intensity: Mapping[str, float] = field(default_factory=lambda: DEFAULT_INTENSITY)
    fallback_weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_FALLBACK_WEIGHTS)
    beta_e2_weight: float = 0.5

    def __post_init__(self):
        confidentiality = {
            d: {k: float(self.confidentiality[d][k]) for k in SCENARIOS} for d in DATA_CLASSES
        }
        confusion = {e: tuple(float(p) for p in self.confusion[e]) for e in EXPOSURE_CLASSES}
        intensity = {e: float(self.default_intensity[e]) for e in EXPOSURE_CLASSES}
        weights = {t: float(self.fallback_weights[t]) for t in (*TASK_TYPES, "untyped")}
        object.__setattr__(self, "confidentiality", _frozen(confidentiality))
        object.__setattr__(self, "confusion", _frozen(confusion))
        object.__setattr__(self, "default_intensity", _frozen(intensity))
        object.__setattr__(self, "fallback_weights", _frozen(weights))
        object.__setattr__(self, "beta_e2_weight", float(self.beta_e2_weight))
        self._check(confidentiality, confusion, intensity, weights)

    def _check(self, confidentiality, confusion, intensity, weights) -> None:
        values = [v for row in confidentiality.values() for v in row.values()]
        if not all(0.0 <= v <= 1.0 for v in values):
            raise ValueError("Confidentiality coefficients must lie in [0, 1].")
        for given, row in confusion.items():
            if len(row) != 3 or min(row) < 0 or abs(sum(row) - 1.0) > 1e-6:
                raise ValueError(
                    f"Confusion row {given} (posterior q(true | label)) must be 3 probabilities"
                    " summing to 1."
                )
        if not all(0.0 <= v <= 1.0 for v in intensity.values()):
            raise ValueError("Default intensities must lie in [0, 1].")
        if min(weights.values()) <= 0:
            raise ValueError("Fallback weights must be positive.")
        if not 0.0 <= self.beta_e2_weight <= 1.0:
            raise ValueError("beta_e2_weight must lie in [0, 1].")
        if self.draws < 1 or self.divergence_threshold < 0 or self.annual_hours <= 0:
            raise ValueError("draws >= 1, divergence_threshold >= 0 and annual_hours > 0.")
        if self.default_data_class not in DATA_CLASSES:
            raise ValueError(f"default_data_class must be one of {', '.join(DATA_CLASSES)}.")

    def confidentiality_array(self) -> np.ndarray:
        """c as a (5 data classes x 3 scenarios) array."""
        return np.array([[self.confidentiality[d][k] for k in SCENARIOS] for d in DATA_CLASSES])

    def confusion_array(self) -> np.ndarray:
        """The posterior q(true | label) as a (3 x 3) array: rows = label, columns = true class."""
        return np.array([self.confusion[e] for e in EXPOSURE_CLASSES])

    def beta_weights(self) -> np.ndarray:
        """Weight of E0, E1, E2 in beta and deployable beta: 0, 1 and ``beta_e2_weight``."""
        return np.array([0.0, 1.0, self.beta_e2_weight])

    def to_dict(self) -> dict:
        """Plain JSON-ready values, with the method version, for storing beside a result."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["confidentiality"] = {d: dict(row) for d, row in self.confidentiality.items()}
        data["confusion"] = {e: list(row) for e, row in self.confusion.items()}
        data["default_intensity"] = dict(self.default_intensity)
        data["fallback_weights"] = dict(self.fallback_weights)
        return {"method_version": METHOD_VERSION, **data}

    @classmethod
    def from_dict(cls, data: Mapping) -> MethodParameters:
        """Rebuild parameters from ``to_dict()`` output; unknown keys are an error.

        A 1.0 dict (no ``beta_e2_weight``) gets the default of every key it lacks.
        """
        values = {key: value for key, value in data.items() if key != "method_version"}
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"Unknown method parameters: {', '.join(sorted(unknown))}.")
        return cls(**values)


DEFAULT_PARAMETERS = MethodParameters()


def intensity_step_lower_edges(intensity) -> np.ndarray:
    """Lower edge of the 10 % step holding each intensity: 0.0, 0.1 ... 0.9.

    A boundary belongs to the step above it (0.3 is in 0.3-0.4), except 1.0, in 0.9-1.0.
    Float noise below 1e-9 is ignored, so that 0.1 * 3 is in the step of 0.3.
    """
    tenths = np.floor(np.round(np.asarray(intensity, dtype=float) * 10, 9))
    return np.clip(tenths, 0, 9) / 10


def intensity_step(p: float) -> tuple[float, float]:
    """The 10 % step (low, high) holding intensity p: 0.37 -> (0.3, 0.4); 1.0 -> (0.9, 1.0)."""
    low = float(intensity_step_lower_edges(p))
    return low, round(low + STEP_WIDTH, 1)


@dataclass(frozen=True)
class InputProblem:
    """One problem in an input table: row label (None for the whole table), column, code."""

    row: Hashable | None
    column: str | None
    code: str
    value: object = None
    message: str = ""


class ScoringInputError(ValueError):
    """The input tables break the contract; ``problems`` lists every bad row and column."""

    def __init__(self, problems: list[InputProblem], table: str = "tasks"):
        self.problems = problems
        self.table = table
        lines = [
            f"row {p.row!r}, column {p.column}: {p.message}" if p.row is not None else p.message
            for p in problems[:20]
        ]
        if len(problems) > 20:
            lines.append(f"... and {len(problems) - 20} more")
        super().__init__(f"{len(problems)} problem(s) in the {table} table:\n" + "\n".join(lines))


def _flag(problems, mask, values: pd.Series, column: str, code: str, message: str) -> None:
    """Record one problem per row where ``mask`` holds; ``message`` may use {value}."""
    for row, value in values[np.asarray(mask, dtype=bool)].items():
        problems.append(InputProblem(row, column, code, value, message.format(value=value)))


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype(str).str.strip() == "")


def _parse_codes(series, allowed, column, problems, default=None) -> np.ndarray:
    """Codes such as E0-E2 or D0-D4 (case and spaces ignored) → index into ``allowed``."""
    text = series.astype(str).str.strip().str.upper()
    blank = _blank(series)
    if default is None:
        _flag(problems, blank, series, column, "missing_value", "value required")
    text = text.mask(blank, default or "")
    bad = ~blank & ~text.isin([a.upper() for a in allowed])
    _flag(
        problems,
        bad,
        series,
        column,
        "bad_value",
        f"{{value!r}} is not one of {', '.join(allowed)}",
    )
    return pd.Categorical(text, categories=[a.upper() for a in allowed]).codes.astype(np.int64)


def _parse_number(series, column, problems, upper=None) -> pd.Series:
    """Numbers >= 0 (and <= upper when given); blanks become NaN."""
    blank = _blank(series)
    numbers = pd.to_numeric(series.mask(blank), errors="coerce").astype(float)
    bad = ~blank & (numbers.isna() | ~np.isfinite(numbers))
    _flag(problems, bad, series, column, "not_a_number", "{value!r} is not a number")
    limit = np.inf if upper is None else upper
    out = ~bad & ~blank & ((numbers < 0) | (numbers > limit))
    bounds = "at least 0" if upper is None else f"between 0 and {upper}"
    _flag(problems, out, series, column, "out_of_range", f"{{value!r}} must be {bounds}")
    return numbers.where(~bad & ~out)


def _parse_bool(series, column, problems) -> np.ndarray:
    """Yes/no values: true/false, 1/0, yes/no, oui/non, vrai/faux; blank is false."""
    if series.dtype == bool:
        return series.to_numpy()
    if series.isna().all():  # an absent column (``_column``): all false, without string work
        return np.zeros(len(series), dtype=bool)
    text = series.astype(str).str.strip().str.lower().mask(_blank(series), "")
    bad = ~text.isin(_TRUE | _FALSE)
    _flag(problems, bad, series, column, "not_a_boolean", "{value!r} is not yes/no")
    return text.isin(_TRUE).to_numpy()


def _require_columns(frame: pd.DataFrame, required, table: str) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        problems = [
            InputProblem(None, c, "missing_column", c, f"column {c!r} missing") for c in missing
        ]
        raise ScoringInputError(problems, table)


def _column(tasks: pd.DataFrame, name: str) -> pd.Series:
    return (
        tasks[name] if name in tasks.columns else pd.Series(np.nan, index=tasks.index, dtype=object)
    )


def _parse_task_type(series: pd.Series, problems: list) -> pd.Series:
    """core or supplemental, case ignored; blank means untyped ("")."""
    text = series.astype(str).str.strip().str.lower().mask(_blank(series), "")
    bad = ~text.isin(["", *TASK_TYPES])
    message = "{value!r} is not one of core, supplemental"
    _flag(problems, bad, series, "task_type", "bad_value", message)
    return text.where(~bad, "")


def _per_role(codes: np.ndarray, values, n_roles: int) -> np.ndarray:
    """The role total of ``values``, repeated on each task of the role."""
    return np.bincount(codes, weights=np.asarray(values, dtype=float), minlength=n_roles)[codes]


def _time_share_problems(shares: pd.Series, codes: np.ndarray, n_roles: int) -> list:
    """A role gives a share for every task or for none, and its shares sum to more than 0."""
    problems: list[InputProblem] = []
    given = shares.notna().to_numpy()
    n_given = _per_role(codes, given, n_roles)
    n_tasks = _per_role(codes, np.ones(len(codes)), n_roles)
    total = _per_role(codes, shares.fillna(0.0), n_roles)
    partial = "time share missing while other tasks of this role have one"
    _flag(problems, (n_given > 0) & ~given, shares, "time_share", "missing_time_share", partial)
    zero = "the time shares of this role sum to zero"
    _flag(
        problems,
        (n_given == n_tasks) & (total <= 0),
        shares,
        "time_share",
        "zero_time_shares",
        zero,
    )
    return problems


def _parse_tasks(tasks: pd.DataFrame, params: MethodParameters) -> tuple[pd.DataFrame, list]:
    """Row-level checks and defaults; returns the typed frame and the problems found."""
    problems: list[InputProblem] = []
    _flag(problems, _blank(tasks["role"]), tasks["role"], "role", "missing_value", "value required")
    _flag(problems, _blank(tasks["task"]), tasks["task"], "task", "missing_value", "value required")
    frame = pd.DataFrame(
        {"role": tasks["role"], "task": tasks["task"].fillna("").astype(str).str.strip()}
    )
    frame["exposure"] = _parse_codes(tasks["exposure"], EXPOSURE_CLASSES, "exposure", problems)
    frame["task_type"] = _parse_task_type(_column(tasks, "task_type"), problems)
    frame["time_share"] = _parse_number(_column(tasks, "time_share"), "time_share", problems)
    intensity = _parse_number(_column(tasks, "intensity"), "intensity", problems, upper=1.0)
    frame["intensity_source"] = np.where(intensity.isna(), "default", "given")
    defaults = np.array([params.default_intensity[e] for e in EXPOSURE_CLASSES])
    frame["intensity"] = intensity.fillna(
        pd.Series(defaults[frame["exposure"].clip(0)], index=frame.index)
    )
    frame["accountable"] = _parse_bool(_column(tasks, "accountable"), "accountable", problems)
    frame["physical"] = _parse_bool(_column(tasks, "physical"), "physical", problems)
    frame["data_class"] = _parse_codes(
        _column(tasks, "data_class"),
        DATA_CLASSES,
        "data_class",
        problems,
        params.default_data_class,
    )
    return frame, problems


def prepare_tasks(
    tasks: pd.DataFrame, params: MethodParameters = DEFAULT_PARAMETERS
) -> pd.DataFrame:
    """Validate a task table, apply defaults and normalise time shares within each role.

    Returns one row per task (input index kept) with role, task, exposure (0-2), task_type,
    time_share, intensity (0-1), intensity_source, accountable, physical, data_class (0-4), role_code
    (0..R-1, order of first appearance), weight, weight_source ("time_share"/"fallback") and
    share (s_t, summing to 1 within each role). Raises ScoringInputError listing every bad row.
    Source: docs/methodology.md "Per task" and "Fallback weights".
    """
    _require_columns(tasks, ("role", "task", "exposure"), "tasks")
    frame, problems = _parse_tasks(tasks, params)
    if problems:
        raise ScoringInputError(problems, "tasks")
    codes, _ = pd.factorize(frame["role"], sort=False)
    n_roles = codes.max() + 1 if len(codes) else 0
    problems = _time_share_problems(frame["time_share"], codes, n_roles)
    if problems:
        raise ScoringInputError(problems, "tasks")
    uses_shares = _per_role(codes, frame["time_share"].isna(), n_roles) == 0
    fallback = frame["task_type"].replace("", "untyped").map(dict(params.fallback_weights))
    weight = np.where(uses_shares, frame["time_share"].fillna(0.0), fallback.to_numpy(float))
    frame["role_code"] = codes
    frame["weight"] = weight
    frame["weight_source"] = np.where(uses_shares, "time_share", "fallback")
    frame["share"] = weight / _per_role(codes, weight, n_roles)
    return frame


def _at_least(values: np.ndarray, threshold: float) -> np.ndarray:
    """values >= threshold, ignoring float noise below 1e-9 (0.7 stored as a float counts)."""
    return values >= threshold - EPSILON


def exposed_not_accountable(exposure, accountable) -> np.ndarray:
    """x_t = [E_t in {E1, E2}] (1 - h_t): the task is exposed and not an accountable act."""
    return (np.asarray(exposure) > 0) & ~np.asarray(accountable, dtype=bool)


def task_split(exposure, intensity, accountable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per task, whether its time counts as automatable, assisted or marginal (boolean arrays).

    Method 2.0, with x = exposed (E1 or E2) and not an accountable act: AUTO: x and p >= 0.70;
    AUG: x and p < 0.70; LOW: not x and 0.30 <= p < 0.50. The rest is untouched. Thresholds
    ignore float noise below 1e-9. Source: docs/methodology.md "Working-time split".
    """
    p = np.asarray(intensity, dtype=float)
    x = exposed_not_accountable(exposure, accountable)
    high = _at_least(p, AUTO_THRESHOLD)
    auto = x & high
    aug = x & ~high
    low = ~x & _at_least(p, LOW_RANGE[0]) & ~_at_least(p, LOW_RANGE[1])
    return auto, aug, low


def weighted_sd(intensity, share, mean, codes, n) -> np.ndarray:
    """sigma_r = sqrt(n/(n-1) * sum s_t (p_t - mu_r)^2), 0 when n = 1 (docs/methodology.md).

    With equal shares this is the sample standard deviation (ddof=1) used by the ILO.
    n counts the tasks of the role with a positive share. Works on 1-d arrays only.
    """
    deviation = intensity - mean[codes]
    spread = np.bincount(codes, weights=share * deviation**2, minlength=len(mean))
    factor = np.divide(n, n - 1, out=np.zeros_like(n, dtype=float), where=n > 1)
    return np.sqrt(factor * spread)


def role_measures(
    prepared: pd.DataFrame, params: MethodParameters = DEFAULT_PARAMETERS
) -> pd.DataFrame:
    """Role measures from a prepared task table (``prepare_tasks``), one row per role.

    alpha = sum s [E1]; beta = sum s ([E1] + 0.5 [E2]); zeta = sum s ([E1] + [E2]) (Eloundou
    et al.); mean mu = sum s p and sd sigma (Gmyrek et al.); mean_rounded/sd_rounded: half-up
    hundredths; gradient_2025 and category_2023 from them; auto/aug/low/none: split of working
    time (``task_split``); beta_dep_k = sum s ([E1] + 0.5 [E2]) c(d, k); freed_share_k =
    sum s x p c(d, k), x = exposed and not an accountable act (2.0). The 0.5 of E2 is
    ``params.beta_e2_weight``. All measures are shares of the role's working time (0-1).
    """
    codes = prepared["role_code"].to_numpy()
    n_roles = codes.max() + 1 if len(codes) else 0
    share = prepared["share"].to_numpy()
    e, p = prepared["exposure"].to_numpy(), prepared["intensity"].to_numpy()

    def total(values) -> np.ndarray:
        return np.clip(np.bincount(codes, weights=share * values, minlength=n_roles), 0.0, 1.0)

    beta_weight = params.beta_weights()[e]
    accountable = prepared["accountable"].to_numpy()
    freed = p * exposed_not_accountable(e, accountable)
    auto, aug, low = task_split(e, p, accountable)
    n_positive = np.bincount(codes, weights=share > 0, minlength=n_roles)
    mean = total(p)
    sd = weighted_sd(p, share, mean, codes, n_positive)
    mean_h, sd_h = to_hundredths(mean), to_hundredths(sd)
    c = params.confidentiality_array()[prepared["data_class"].to_numpy()]
    columns = {
        "n_tasks": np.bincount(codes, minlength=n_roles),
        "weight_source": prepared.groupby("role_code")["weight_source"].first().to_numpy(),
        "alpha": total(e == 1),
        "beta": total(beta_weight),
        "zeta": total(e > 0),
        "mean": mean,
        "sd": sd,
        "mean_rounded": mean_h / 100,
        "sd_rounded": sd_h / 100,
        "gradient_2025": np.array(GRADIENTS_2025)[gradient_index(mean_h, sd_h)],
        "category_2023": np.array(CATEGORIES_2023)[category_index(mean_h, sd_h)],
        "auto": total(auto),
        "aug": total(aug),
        "low": total(low),
        "none": total(~(auto | aug | low)),
    }
    for k, scenario in enumerate(SCENARIOS):
        columns[f"beta_dep_{scenario}"] = total(beta_weight * c[:, k])
        columns[f"freed_share_{scenario}"] = total(freed * c[:, k])
    roles = prepared.groupby("role_code")["role"].first()
    return pd.DataFrame(columns, index=pd.Index(roles.to_numpy(), name="role"))


def prepare_roles(roles: pd.DataFrame, scored_roles: pd.Index) -> pd.DataFrame:
    """Validate a roles table and index it by role.

    Checks: role present and unique; headcount a whole number >= 0; fte >= 0 (default: the
    headcount); every scored role listed. isco_code is normalised to 4 characters.
    """
    _require_columns(roles, ("role", "headcount"), "roles")
    problems: list[InputProblem] = []
    _flag(problems, roles["role"].isna(), roles["role"], "role", "missing_value", "value required")
    duplicated = roles["role"].duplicated(keep=False) & roles["role"].notna()
    _flag(
        problems, duplicated, roles["role"], "role", "duplicate_role", "role {value!r} listed twice"
    )
    headcount = _parse_number(roles["headcount"], "headcount", problems)
    missing = _blank(roles["headcount"])
    _flag(problems, missing, roles["headcount"], "headcount", "missing_value", "value required")
    fractional = headcount.notna() & (headcount != headcount.round())
    _flag(
        problems,
        fractional,
        roles["headcount"],
        "headcount",
        "not_whole",
        "{value!r} is not a whole number",
    )
    fte = _parse_number(_column(roles, "fte"), "fte", problems)
    unlisted = scored_roles.difference(pd.Index(roles["role"].dropna()))
    problems += [
        InputProblem(r, "role", "unknown_role", r, f"role {r!r} has tasks but no row")
        for r in unlisted
    ]
    if problems:
        raise ScoringInputError(problems, "roles")
    frame = roles.copy()
    frame["headcount"] = headcount
    frame["fte"] = fte.fillna(headcount)
    if "isco_code" in frame.columns:
        frame["isco_code"] = frame["isco_code"].map(normalise_isco_code)
    return frame.set_index("role")


def score_roles(
    tasks: pd.DataFrame,
    roles: pd.DataFrame | None = None,
    params: MethodParameters = DEFAULT_PARAMETERS,
) -> pd.DataFrame:
    """Score every role of a task table; with ``roles``, add headcount, hours and ILO reference.

    Returns ``role_measures`` columns, and with roles: the roles' own columns (headcount, fte,
    grouping columns...), hours = fte x annual_hours (1,607 h: indicative, never jobs),
    freed_hours_k = hours x freed_share_k (only exposed, non-accountable tasks), and when isco_code is given the ILO 2025 reference
    and the "à discuter" flag (``impact.scoring.ilo.compare_with_ilo``). Source: docs/methodology.md.
    """
    measures = role_measures(prepare_tasks(tasks, params), params)
    if roles is None:
        return measures
    listed = prepare_roles(roles, measures.index)
    result = measures.join(listed, how="left")
    result["hours"] = result["fte"] * params.annual_hours
    for scenario in SCENARIOS:
        result[f"freed_hours_{scenario}"] = result["hours"] * result[f"freed_share_{scenario}"]
    if "isco_code" in result.columns:
        result = compare_with_ilo(result, params.divergence_threshold)
    return result


def receipt(
    tasks: pd.DataFrame, role: Hashable, params: MethodParameters = DEFAULT_PARAMETERS
) -> pd.DataFrame:
    """The calculation receipt (reçu de calcul) of one role: how each task adds up.

    One row per task of the role, input index kept: task, task_type, share (normalised s_t),
    exposure (E0-E2), intensity (0-1) and its source, accountable, data_class (D0-D4),
    contribution_beta = s_t ([E1] + 0.5 [E2]) (0.5: ``params.beta_e2_weight``) and
    contribution_mu = s_t p_t; sorted by
    contribution to beta, then to mu. The contributions sum to the role's beta and mean.
    """
    mask = tasks["role"] == role if "role" in tasks.columns else pd.Series(False, index=tasks.index)
    if not mask.any():
        raise KeyError(f"Role {role!r} has no task.")
    prepared = prepare_tasks(tasks[mask], params)
    result = prepared[["task", "task_type", "share"]].copy()
    result["exposure"] = np.array(EXPOSURE_CLASSES)[prepared["exposure"]]
    result["intensity"] = prepared["intensity"]
    result["intensity_source"] = prepared["intensity_source"]
    result["accountable"] = prepared["accountable"]
    result["data_class"] = np.array(DATA_CLASSES)[prepared["data_class"]]
    result["weight_source"] = prepared["weight_source"]
    result["contribution_beta"] = prepared["share"] * params.beta_weights()[prepared["exposure"]]
    result["contribution_mu"] = prepared["share"] * prepared["intensity"]
    result.index.name = "row"
    return result.sort_values(
        ["contribution_beta", "contribution_mu"], ascending=False, kind="stable"
    )
