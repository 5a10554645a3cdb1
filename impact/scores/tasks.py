"""Celery tasks of the scores: thin, ids in, one action called.

Task names stay those of the module they were first defined in (``impact.tasks``).
"""

from celery import shared_task

from impact.scores.actions import inventory_score
from surveys.models import Inventory


@shared_task(
    name="impact.tasks.score_inventory",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def score_inventory(inventory_id: int, trigger: str) -> None:
    """Store a new score snapshot of an inventory (after it is submitted or validated)."""
    inventory = Inventory.objects.filter(pk=inventory_id).first()
    if inventory is not None:
        inventory_score(inventory=inventory, trigger=trigger)
