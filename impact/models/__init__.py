"""The impact app's models, one module a topic."""

from impact.models.scores import InventoryScore, MethodSettings, RoleScore
from impact.models.studies import Study, StudyJob, StudyVersion

__all__ = ["InventoryScore", "MethodSettings", "RoleScore", "Study", "StudyJob", "StudyVersion"]
