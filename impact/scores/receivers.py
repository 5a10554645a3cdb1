"""Connects the scores to the surveys app's signals (see ``ImpactConfig.ready``).

surveys never imports impact: it sends ``inventory_submitted`` and ``inventory_validated``
inside the transaction that changed the inventory, and these receivers write the scoring
task into the outbox of that same transaction: the score is asked for if and only if the
change commits, and is computed even if the broker was down at that moment.
"""

from impact.scores.models import InventoryScore
from services.web.outbox import outbox_send

SCORE_TASK = "impact.tasks.score_inventory"


def score_after_submission(sender, inventory_id: int, **kwargs) -> None:
    outbox_send(SCORE_TASK, inventory_id, InventoryScore.Trigger.SUBMITTED)


def score_after_validation(sender, inventory_id: int, **kwargs) -> None:
    outbox_send(SCORE_TASK, inventory_id, InventoryScore.Trigger.VALIDATED)
