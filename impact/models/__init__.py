"""The impact app's models, one module a topic."""

from impact.models.scores import InventoryScore, MethodSettings, RoleScore

__all__ = ["InventoryScore", "MethodSettings", "RoleScore"]
