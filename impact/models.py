"""Registers the impact app's models with Django; each is defined in its topic's package.

Django imports ``impact.models`` when it loads the app: the topics are subpackages of this one
app (label ``impact``), so the tables and migrations stay as they were. Code imports a model
from its topic (``impact.studies.models``), never from here.
"""

from impact.consultation.models import (
    Comment,
    CommentRevision,
    Consultation,
    ConsultationVisit,
    Opinion,
    OpinionRevision,
    Section,
    Stance,
)
from impact.scores.models import InventoryScore, MethodSettings, RescoreJob, RoleScore
from impact.studies.models import Study, StudyJob, StudyVersion
from impact.voice.models import AgentAnswer, AgentCode, AgentSurvey, AgentTaskAnswer

__all__ = [
    "AgentAnswer",
    "AgentCode",
    "AgentSurvey",
    "AgentTaskAnswer",
    "Comment",
    "CommentRevision",
    "Consultation",
    "ConsultationVisit",
    "InventoryScore",
    "MethodSettings",
    "Opinion",
    "OpinionRevision",
    "RescoreJob",
    "RoleScore",
    "Section",
    "Stance",
    "Study",
    "StudyJob",
    "StudyVersion",
]
