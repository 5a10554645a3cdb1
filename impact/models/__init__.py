"""The impact app's models, one module a topic."""

from impact.models.consultation import (
    Comment,
    CommentRevision,
    Consultation,
    ConsultationVisit,
    Opinion,
    OpinionRevision,
    Section,
    Stance,
)
from impact.models.scores import InventoryScore, MethodSettings, RoleScore
from impact.models.studies import Study, StudyJob, StudyVersion

__all__ = [
    "Comment",
    "CommentRevision",
    "Consultation",
    "ConsultationVisit",
    "InventoryScore",
    "MethodSettings",
    "Opinion",
    "OpinionRevision",
    "RoleScore",
    "Section",
    "Stance",
    "Study",
    "StudyJob",
    "StudyVersion",
]
