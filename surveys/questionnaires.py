"""Questionnaires as versioned data: files shipped in ``surveys/data/questionnaires/``.

A file defines sections and questions. Loading it stores a Questionnaire row; a version
that a campaign has opened is frozen, so a changed file then makes the next version.
"""

import hashlib
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "data" / "questionnaires"
QUESTION_TYPES = {
    "single_choice",
    "multiple_choice",
    "number",
    "percentage",
    "short_text",
    "long_text",
    "yes_no",
    "task_grid",
}
CHOICE_TYPES = {"single_choice", "multiple_choice"}


def validate_definition(definition: dict) -> None:
    """Check the shape of a questionnaire file; raise ValidationError listing every fault."""
    errors = []
    if not definition.get("slug") or not definition.get("title"):
        errors.append(_("Le questionnaire doit avoir un « slug » et un « title »."))
    section_keys, grids = set(), 0
    for section in definition.get("sections", []):
        key = section.get("key", "")
        if not key or key in section_keys:
            errors.append(_("Section sans clé ou en double : « %s ».") % key)
        section_keys.add(key)
        question_keys = set()
        for question in section.get("questions", []):
            qkey, qtype = question.get("key", ""), question.get("type")
            if not qkey or qkey in question_keys:
                errors.append(_("Question sans clé ou en double dans « %s ».") % key)
            question_keys.add(qkey)
            if qtype not in QUESTION_TYPES:
                errors.append(_("Type de question inconnu : « %s ».") % qtype)
            if qtype in CHOICE_TYPES and not question.get("choices"):
                errors.append(_("La question « %s » n'a pas de choix.") % qkey)
            grids += qtype == "task_grid"
    if not section_keys:
        errors.append(_("Le questionnaire n'a aucune section."))
    if grids > 1:
        errors.append(_("Un questionnaire ne peut avoir qu'une grille de tâches."))
    if errors:
        raise ValidationError(errors)


def checksum(definition: dict) -> str:
    """SHA-256 of the canonical JSON form, so formatting changes do not count."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def shipped_questionnaire_files() -> list[Path]:
    """The questionnaire files shipped with the code, in name order."""
    return sorted(QUESTIONNAIRE_DIR.glob("*.json"))


def _pick(item: dict, key: str, english: bool) -> str:
    return (item.get(f"{key}_en") if english else None) or item.get(key, "")


def localize(sections: list[dict], language: str | None) -> list[dict]:
    """The sections in the reader's language: French by default, ``*_en`` texts in English.

    Choices are ``[key, French label, English label]`` in the file and come out as
    ``(key, label)`` pairs.
    """
    english = (language or "").startswith("en")
    return [
        {
            **section,
            "title": _pick(section, "title", english),
            "intro": _pick(section, "intro", english),
            "questions": [
                {
                    **question,
                    "label": _pick(question, "label", english),
                    "help": _pick(question, "help", english),
                    "choices": [
                        (choice[0], choice[2] if english and len(choice) > 2 else choice[1])
                        for choice in question.get("choices", [])
                    ],
                }
                for question in section.get("questions", [])
            ],
        }
        for section in sections
    ]
