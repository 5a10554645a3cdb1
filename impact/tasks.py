"""Celery tasks of the impact app. Tasks stay thin: ids in, one action called."""

from celery import shared_task

from impact.actions import inventory_score
from surveys.models import Inventory


@shared_task(ignore_result=False)
def ping() -> str:
    """Answer "pong": lets operators and CI check that a worker picks up tasks."""
    return "pong"


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def score_inventory(inventory_id: int, trigger: str) -> None:
    """Store a new score snapshot of an inventory (after it is submitted or validated)."""
    inventory = Inventory.objects.filter(pk=inventory_id).first()
    if inventory is not None:
        inventory_score(inventory=inventory, trigger=trigger)
