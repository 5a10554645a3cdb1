"""Loading questionnaire files into versioned Questionnaire rows."""

import json
from pathlib import Path

from django.db import transaction

from surveys.models import Questionnaire
from surveys.questionnaires import checksum, validate_definition


@transaction.atomic
def questionnaire_load(*, path: Path):
    """Store a questionnaire file; returns (questionnaire, what happened).

    What happened is "unchanged" (same content as the latest version), "updated" (the
    latest version was not yet used by an opened campaign and is replaced) or "created"
    (first version, or the next one because the latest is frozen).
    """
    definition = json.loads(path.read_text(encoding="utf-8"))
    validate_definition(definition)
    digest = checksum(definition)
    latest = (
        Questionnaire.objects.select_for_update()
        .filter(slug=definition["slug"])
        .order_by("-version")
        .first()
    )
    if latest and latest.checksum == digest:
        return latest, "unchanged"
    if latest and not latest.is_frozen:
        latest.title, latest.definition, latest.checksum = definition["title"], definition, digest
        latest.full_clean()
        latest.save(update_fields=["title", "definition", "checksum"])
        return latest, "updated"
    questionnaire = Questionnaire(
        slug=definition["slug"],
        version=latest.version + 1 if latest else 1,
        title=definition["title"],
        definition=definition,
        checksum=digest,
    )
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire, "created"
