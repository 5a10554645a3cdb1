"""Connects the scores to the surveys app's signals (see ``ImpactConfig.ready``).

surveys never imports impact: it sends ``inventory_submitted`` and ``inventory_validated``
after the commit, and these receivers send the scoring task by name.
"""

from impact.scores.models import InventoryScore
from services.web.queue import task_send

SCORE_TASK = "impact.tasks.score_inventory"


def score_after_submission(sender, inventory_id: int, **kwargs) -> None:
    task_send(SCORE_TASK, inventory_id, InventoryScore.Trigger.SUBMITTED)


def score_after_validation(sender, inventory_id: int, **kwargs) -> None:
    task_send(SCORE_TASK, inventory_id, InventoryScore.Trigger.VALIDATED)
