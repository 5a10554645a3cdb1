"""Where the published reference data sets live, for tests marked ``reference``.

Default: ``../shared/reference`` beside the repository; override with IMPACT_REFERENCE_DIR.
When the folder is absent the test is skipped with a clear message, except in CI (CI=true),
where a missing folder is a failure: a green CI run must have checked the reproduction.
"""

import os
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
ILO_XLSX = Path("ilo") / "Final_Scores_ISCO08_Gmyrek_et_al_2025.xlsx"


def reference_dir() -> Path:
    """The reference folder; skip (or fail in CI) when it or the ILO file is missing."""
    override = os.environ.get("IMPACT_REFERENCE_DIR")
    path = Path(override) if override else DEFAULT_REFERENCE_DIR
    if not (path / ILO_XLSX).is_file():
        message = (
            f"Reference data not found: {path / ILO_XLSX} is missing. "
            "Set IMPACT_REFERENCE_DIR to the folder holding ilo/ and esco/."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@cache
def _read_ilo_scores(path: Path) -> pd.DataFrame:
    return pd.read_excel(path / ILO_XLSX, dtype={"ISCO_08": str})


def ilo_scores() -> pd.DataFrame:
    """The task-level ILO file (3,266 rows), read once per test session."""
    return _read_ilo_scores(reference_dir()).copy()
