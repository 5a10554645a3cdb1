"""The ISCO-08 unit groups (4-digit codes) that a role's code must belong to."""

import csv
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ISCO_FILE = Path(__file__).resolve().parent / "data" / "isco08_unit_groups.csv"


@cache
def isco_unit_groups() -> dict[str, dict[str, str]]:
    """Map each ISCO-08 unit group code to its English and French labels."""
    with ISCO_FILE.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {row["code"]: row for row in csv.DictReader(lines)}


def validate_isco_code(value: str) -> None:
    """Accept an empty value or one of the 436 ISCO-08 unit group codes."""
    if value and value not in isco_unit_groups():
        raise ValidationError(
            _("« %(code)s » n'est pas un code ISCO-08 à 4 chiffres connu."),
            code="unknown_isco",
            params={"code": value},
        )
