"""The ILO reference: classification rules of Gmyrek et al. and the per-unit-group table.

Pure module (no Django). Source: Gmyrek et al., *Generative AI and Jobs*, ILO Working Paper 96
(2023) and Working Paper 140 (2025, doi:10.54394/HETP0387, CC BY 4.0). The compact table in
``impact/scoring/data/ilo_unit_groups.csv`` is derived from the published file by
``scripts/build_ilo_reference.py``.

Rounding and thresholds are done on integer hundredths, never on binary floats: a mean of
0.36 and a standard deviation of 0.04 sum to exactly 40 hundredths, which is *not* below 0.40.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from impact.scoring.vocabulary import CATEGORIES_2023, GRADIENTS_2025

ILO_TABLE_FILE = Path(__file__).resolve().parent / "data" / "ilo_unit_groups.csv"


# The labels exactly as printed in the ILO file (potential25, potential23), "Uknown" [sic].
ILO_LABELS_2025 = {
    "not_exposed": "Not Exposed",
    "minimal": "Minimal Exposure",
    "gradient_1": "Exposed: Gradient 1",
    "gradient_2": "Exposed: Gradient 2",
    "gradient_3": "Exposed: Gradient 3",
    "gradient_4": "Exposed: Gradient 4",
}
ILO_LABELS_2023 = {
    "not_affected": "Not affected",
    "augmentation": "Augmentation Potential",
    "big_unknown": "The Big Uknown",
    "automation": "Automation Potential",
}

# Float noise below one billionth is removed before rounding half-up to hundredths.
_NANO = 1_000_000_000
_NANO_PER_HUNDREDTH = 10_000_000


def to_hundredths(values) -> np.ndarray:
    """Round shares in [0, 1] half-up to integer hundredths (0.125 → 13, 0.124999999999 → 12).

    Rule: the value is first rounded to the nearest 1e-9, which removes binary float noise
    (a mean computed as 0.22499999999999998 is 0.225), then rounded half-up to the hundredth
    with integer arithmetic. Units: input a share (0-1), output an int64 count of hundredths.
    Source: docs/methodology.md, "rounded half-up to hundredths and compared exactly".
    """
    array = np.asarray(values, dtype=float)
    if np.isnan(array).any():
        raise ValueError("Cannot round a missing value to hundredths.")
    nano = np.rint(array * _NANO).astype(np.int64)
    return (nano + _NANO_PER_HUNDREDTH // 2) // _NANO_PER_HUNDREDTH


def gradient_index(mean_h, sd_h) -> np.ndarray:
    """Index into GRADIENTS_2025 of the ILO 2025 gradient, from integer hundredths.

    Rule (Gmyrek et al. 2025, WP 140): m+s < 0.40 not exposed; m+s < 0.50 minimal exposure;
    else m < 0.40 gradient 1, m < 0.50 gradient 2, m < 0.60 gradient 3, else gradient 4.
    Works elementwise on arrays of any shape.
    """
    m = np.asarray(mean_h, dtype=np.int64)
    s = np.asarray(sd_h, dtype=np.int64)
    conditions = [m + s < 40, m + s < 50, m < 40, m < 50, m < 60]
    return np.select(conditions, [0, 1, 2, 3, 4], default=5)


def category_index(mean_h, sd_h) -> np.ndarray:
    """Index into CATEGORIES_2023 of the ILO 2023 category, from integer hundredths.

    Rule (Gmyrek et al. 2023, WP 96): m+s <= 0.50 not affected; else m < 0.40 augmentation
    potential; else m-s > 0.50 automation potential; else uncertain ("the big unknown").
    """
    m = np.asarray(mean_h, dtype=np.int64)
    s = np.asarray(sd_h, dtype=np.int64)
    conditions = [m + s <= 50, m < 40, m - s > 50]
    return np.select(conditions, [0, 1, 3], default=2)


def gradient_2025(mean: float, sd: float) -> str:
    """The ILO 2025 gradient code of one occupation, from its mean and SD (shares, 0-1).

    Both are rounded half-up to hundredths first (see ``to_hundredths``).
    """
    return GRADIENTS_2025[int(gradient_index(to_hundredths(mean), to_hundredths(sd)))]


def category_2023(mean: float, sd: float) -> str:
    """The ILO 2023 category code of one occupation, from its mean and SD (shares, 0-1)."""
    return CATEGORIES_2023[int(category_index(to_hundredths(mean), to_hundredths(sd)))]


def read_ilo_table(path: Path) -> pd.DataFrame:
    """Read a compact ILO table (CSV whose ``#`` lines are comments), indexed by ISCO code.

    Columns: label_fr, mean_2025, sd_2025, gradient_2025, mean_2023, sd_2023,
    category_2023, n_tasks. Codes stay strings ("0110" keeps its zero).
    """
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    table = pd.DataFrame(rows).set_index("code")
    for column in ("mean_2025", "sd_2025", "mean_2023", "sd_2023"):
        table[column] = table[column].astype(float)
    table["n_tasks"] = table["n_tasks"].astype(int)
    return table


@cache
def _cached_ilo_table() -> pd.DataFrame:
    return read_ilo_table(ILO_TABLE_FILE)


def load_ilo_table() -> pd.DataFrame:
    """The committed table of the 427 ILO unit groups (a copy: callers may modify it)."""
    return _cached_ilo_table().copy()


def normalise_isco_code(value) -> str:
    """An ISCO-08 unit-group code as a 4-character string, "" when missing.

    Spreadsheets turn "0110" into the number 110; digits shorter than 4 are zero-padded.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text.zfill(4) if text.isdigit() and len(text) < 4 else text


def compare_with_ilo(
    role_scores: pd.DataFrame, threshold: float = 0.25, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Put the ILO 2025 reference of each role's unit group beside its own mean.

    Needs columns ``isco_code`` and ``mean`` (mu_r, a share). Adds ilo_label_fr, ilo_mean,
    ilo_sd, ilo_gradient, ilo_divergence = |mu_r - ILO mean| and ``a_discuter``, true when the
    divergence exceeds ``threshold`` (default 0.25, docs/methodology.md "ILO reference beside each role";
    float noise below 1e-9 is ignored). Roles without a code, or whose code has no ILO score,
    get empty reference values and are never flagged.
    """
    table = load_ilo_table() if table is None else table
    codes = role_scores["isco_code"].map(normalise_isco_code)
    reference = table.reindex(codes.to_numpy())
    result = role_scores.copy()
    result["ilo_label_fr"] = reference["label_fr"].fillna("").to_numpy()
    result["ilo_mean"] = reference["mean_2025"].to_numpy()
    result["ilo_sd"] = reference["sd_2025"].to_numpy()
    result["ilo_gradient"] = reference["gradient_2025"].fillna("").to_numpy()
    divergence = (result["mean"] - result["ilo_mean"]).abs()
    result["ilo_divergence"] = divergence
    result["a_discuter"] = (divergence > threshold + 1e-9).fillna(False).astype(bool)
    return result
