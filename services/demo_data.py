"""The demo collectivité's organisation chart (see services/demo.py), read from data files.

``JOB_FAMILIES`` comes from ``services/data/demo_job_families.yaml`` and ``DIRECTORATES`` from
``services/data/demo_roles.csv`` (one row per role; consecutive rows of the same directorate
and service make up that service). Both are read once, at import.
"""

import csv
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"
JOB_FAMILIES_FILE = DATA_DIR / "demo_job_families.yaml"
ROLES_FILE = DATA_DIR / "demo_roles.csv"

# (title, headcount, FTE, job family, ISCO-08 unit group or "" when none fits)
RoleRow = tuple[str, int, str, str, str]
ServiceRow = tuple[str, tuple[RoleRow, ...]]


def _read_job_families(path: Path) -> tuple[str, ...]:
    """The job families, in file order."""
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8"))["job_families"])


def _role(row: dict[str, str]) -> RoleRow:
    return (row["title"], int(row["headcount"]), row["fte"], row["job_family"], row["isco"])


def _services(rows: Iterable[dict[str, str]]) -> tuple[ServiceRow, ...]:
    return tuple(
        (service, tuple(map(_role, roles)))
        for service, roles in groupby(rows, itemgetter("service"))
    )


def _read_directorates(path: Path) -> tuple[tuple[str, tuple[ServiceRow, ...]], ...]:
    """The chart as (directorate, ((service, (role rows...)), ...)), in file order."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    return tuple(
        (directorate, _services(group))
        for directorate, group in groupby(rows, itemgetter("directorate"))
    )


JOB_FAMILIES = _read_job_families(JOB_FAMILIES_FILE)
DIRECTORATES: tuple[tuple[str, tuple[ServiceRow, ...]], ...] = _read_directorates(ROLES_FILE)
