"""Writes of the impact-study domain, as named actions, one module a topic."""

from impact.actions.scores import (
    compute_scores,
    inventory_score,
    method_parameters,
    method_settings_get,
    method_settings_update,
    score_unscored_inventories,
)

__all__ = [
    "compute_scores",
    "inventory_score",
    "method_parameters",
    "method_settings_get",
    "method_settings_update",
    "score_unscored_inventories",
]
