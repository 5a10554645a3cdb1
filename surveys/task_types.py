"""The reference list of municipal task types offered by the questionnaire, and its defaults.

Pure module (no Django). Each type gives the defaults of a task: exposure class E0/E1/E2 (decision tree of
docs/methodology.md), intensity, accountable act, typical data class, and a one-line French
rationale citing the ILO ISCO-08 task statements it is anchored on (Gmyrek et al., ILO Working
Paper 140, 2025). The default intensity is the unrounded mean of the anchors' 2025 ILO scores
(``scripts/derive_task_type_intensities.py`` recomputes it); ``physical`` marks physical work and
in-person care, whose class the uncertainty band never redraws. The data lives in
``surveys/data/task_types.json``.

The questionnaire answers an intensity in ten steps (0-10 % ... 90-100 %), stored as the step's
midpoint; ``intensity_step`` gives the step a value falls in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

TASK_TYPES_FILE = Path(__file__).resolve().parent / "data" / "task_types.json"

# The codes of the questionnaire's choices (``surveys.models``), repeated here so that this
# module stays pure; tests/method/test_vocabulary.py ties both to the method's vocabulary.
EXPOSURE_CLASSES = ("E0", "E1", "E2")
DATA_CLASSES = ("D0", "D1", "D2", "D3", "D4")
# The ten steps of the intensity answer, stored as their midpoints "0.05" ... "0.95".
INTENSITY_STEP_COUNT = 10
INTENSITY_STEPS = tuple(f"{(2 * i + 1) / 20:.2f}" for i in range(INTENSITY_STEP_COUNT))
FIELDS = (
    "code",
    "label",
    "label_en",
    "exposure",
    "intensity",
    "accountable",
    "physical",
    "data_class",
    "rationale",
    "anchors",
)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ISCO = re.compile(r"^\d{4}$")


class TaskTypesError(ValueError):
    """The task-type file breaks its contract; the message names the entry and the field."""


@dataclass(frozen=True)
class Anchor:
    """One ILO task statement a task type is anchored on."""

    isco: str
    task_id: int
    statement: str


@dataclass(frozen=True)
class TaskType:
    """One municipal task type and the defaults it gives to a task."""

    code: str
    label: str
    label_en: str
    exposure: str
    intensity: float
    accountable: bool
    physical: bool
    data_class: str
    rationale: str
    anchors: tuple[Anchor, ...]


def intensity_step(value) -> str:
    """The step (its midpoint, "0.05" ... "0.95") an intensity in [0, 1] falls in; "" when blank.

    Steps are closed below and open above (0.30 is in "30 à 40 %"), the last one includes 1.
    The value is read as a decimal, so that 0.3 is in the step of 30 % whatever its binary form.
    """
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation as error:
        raise ValueError(f"Not an intensity: {value!r}") from error
    if number.is_nan() or not Decimal(0) <= number <= Decimal(1):
        raise ValueError(f"An intensity lies in [0, 1], not {value!r}")
    return INTENSITY_STEPS[min(INTENSITY_STEP_COUNT - 1, int(number * INTENSITY_STEP_COUNT))]


def _is_intensity(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1


def _check_entry(entry: dict, where: str) -> list[str]:
    """Every problem of one entry, as messages."""
    errors = []
    if set(entry) != set(FIELDS):
        errors.append(f"{where}: fields must be exactly {', '.join(FIELDS)}")
        return errors
    if not _SLUG.match(str(entry["code"])):
        errors.append(f"{where}: code {entry['code']!r} is not a lower-case slug")
    for name in ("label", "label_en", "rationale"):
        text = entry[name]
        if not isinstance(text, str) or not text.strip() or "\n" in text:
            errors.append(f"{where}: {name} must be one non-empty line")
    if entry["exposure"] not in EXPOSURE_CLASSES:
        errors.append(f"{where}: exposure must be one of {', '.join(EXPOSURE_CLASSES)}")
    if not _is_intensity(entry["intensity"]):
        errors.append(f"{where}: intensity must be a number between 0 and 1")
    if not isinstance(entry["accountable"], bool):
        errors.append(f"{where}: accountable must be true or false")
    elif entry["accountable"] and entry["exposure"] != "E0":
        errors.append(f"{where}: an accountable act is E0 by the decision tree")
    if not isinstance(entry["physical"], bool):
        errors.append(f"{where}: physical must be true or false")
    elif entry["physical"] and entry["accountable"] is not True:
        errors.append(f"{where}: physical work or in-person care is an accountable act")
    if entry["data_class"] not in DATA_CLASSES:
        errors.append(f"{where}: data_class must be one of {', '.join(DATA_CLASSES)}")
    errors += _check_anchors(entry, where)
    return errors


def _check_anchors(entry: dict, where: str) -> list[str]:
    anchors = entry["anchors"]
    if not isinstance(anchors, list) or not anchors:
        return [f"{where}: at least one anchor is required"]
    errors = []
    for anchor in anchors:
        if set(anchor) != {"isco", "task_id", "statement"} or not _ISCO.match(str(anchor["isco"])):
            errors.append(f"{where}: each anchor needs a 4-digit isco, a task_id and a statement")
        elif f"ISCO-08 {anchor['isco']} « {anchor['statement']} »" not in entry["rationale"]:
            errors.append(
                f"{where}: the rationale must cite ISCO-08 {anchor['isco']} and its statement"
            )
    return errors


def parse_task_types(data: dict) -> tuple[TaskType, ...]:
    """Validate the decoded JSON document and build the task types; raise TaskTypesError."""
    entries = data.get("task_types") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise TaskTypesError("The file must hold a non-empty 'task_types' list.")
    errors = []
    for position, entry in enumerate(entries):
        where = f"entry {position} ({entry.get('code', '?') if isinstance(entry, dict) else '?'})"
        errors += (
            _check_entry(entry, where) if isinstance(entry, dict) else [f"{where}: not an object"]
        )
    for name in ("code", "label"):
        values = [entry.get(name) for entry in entries if isinstance(entry, dict)]
        errors += [
            f"duplicate {name} {value!r}"
            for value in sorted({v for v in values if values.count(v) > 1})
        ]
    if errors:
        raise TaskTypesError("Invalid task types:\n" + "\n".join(errors))
    return tuple(
        TaskType(
            **{
                **entry,
                "intensity": float(entry["intensity"]),
                "anchors": tuple(Anchor(**anchor) for anchor in entry["anchors"]),
            }
        )
        for entry in entries
    )


def read_task_types(path: Path) -> tuple[TaskType, ...]:
    """Read and validate a task-type file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise TaskTypesError(f"{path.name} is not valid JSON: {error}") from error
    return parse_task_types(data)


@cache
def load_task_types() -> tuple[TaskType, ...]:
    """The committed reference list, in its file order."""
    return read_task_types(TASK_TYPES_FILE)


def task_type(code: str) -> TaskType:
    """One task type by its code; KeyError when unknown."""
    for candidate in load_task_types():
        if candidate.code == code:
            return candidate
    raise KeyError(f"Unknown task type {code!r}.")
