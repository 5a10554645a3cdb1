"""Permission matrix rows of the consultation pages (a consultation open on version 1 of
study_a, with one comment by a delegate who is not the ``delegate`` persona; version 2,
not consulted on, for the opening page)."""

import datetime

from tests.permissions.rows.impact import STUDY_READERS
from tests.permissions.rows.inventories import LOGIN


def build(objs) -> dict:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from impact.consultation.models import Comment, Consultation
    from impact.studies.models import StudyVersion
    from services.models import Persona, User

    version_2 = StudyVersion(
        study=objs["study_a"], number=2, method_version="1.0", parameters={}, snapshot={},
        sha256="1" * 64, page_count=1,
    )  # fmt: skip
    version_2.pdf.save("etude-v2.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    version_2.save()
    consultation = Consultation.objects.create(
        version=objs["version_a"], deadline=timezone.localdate() + datetime.timedelta(days=30)
    )
    author = User.objects.create_user(
        username="autre.delegue", persona=Persona.DELEGATE, union="Syndicat Test"
    )
    comment = Comment.objects.create(
        consultation=consultation, author=author, author_union=author.union,
        kind=Comment.Kind.QUESTION, target=Comment.Target.STUDY, body="Pourquoi ?",
    )  # fmt: skip
    return {"consultation": consultation, "comment": comment, "version_2": version_2}


def _consultation(objs):
    return {"pk": objs["consultation"].pk}


def _comment(objs):
    return _consultation(objs) | {"comment_pk": objs["comment"].pk}


def _only(persona: str | None) -> dict:
    """200 for one persona, 403 for the other readers of the study, 404 for the rest."""
    readers = dict.fromkeys(["administrator", "head_a", "delegate", "official"], 403)
    return STUDY_READERS | readers | ({persona: 200} if persona in readers else {})


ROWS = {
    "impact-consultation-open": (
        lambda objs: {"pk": objs["study_a"].pk, "number": objs["version_2"].number},
        _only("administrator"),
    ),
    "impact-consultation-detail": (_consultation, STUDY_READERS),
    "impact-consultation-comments": (_consultation, STUDY_READERS),
    "impact-consultation-export": (_consultation, STUDY_READERS),
    "impact-consultation-comment": (_consultation, _only("delegate")),
    # Officials follow the consultation but never reply; head_a heads the study's service.
    "impact-consultation-reply": (_comment, STUDY_READERS | {"official": 403}),
    # Only its author edits a comment: none of the personas wrote this one.
    "impact-consultation-edit": (_comment, _only(None)),
    "impact-consultation-answer": (_comment, _only("administrator")),
    "impact-consultation-opinion": (_consultation, _only("delegate")),
    "impact-consultation-consent": (
        lambda objs: {},
        {"anonymous": LOGIN, "delegate": 200}
        | dict.fromkeys(["no_persona_user", "administrator", "head_a", "head_b", "official"], 403),
    ),
}
POST_ONLY = {
    "impact-consultation-close",
    "impact-consultation-extend",
    "impact-consultation-addressed",
}
POST_ONLY_KWARGS = {
    "impact-consultation-close": _consultation,
    "impact-consultation-extend": _consultation,
    "impact-consultation-addressed": _comment,
}
