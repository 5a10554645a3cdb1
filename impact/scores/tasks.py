"""Celery tasks of the scores: thin, ids in, one action called.

Task names stay those of the module they were first defined in (``impact.tasks``).
"""

from celery import shared_task

from impact.scores.actions import (
    campaign_rescore,
    inventory_score,
    rescore_job_claim,
    rescore_job_fail,
)
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


@shared_task(name="impact.tasks.rescore_campaign", acks_late=True)
def rescore_campaign(job_id: int) -> None:
    """Score a campaign again under the current method; a second delivery finds it claimed."""
    job = rescore_job_claim(job_id)
    if job is None:
        return
    try:
        campaign_rescore(job=job)
    except Exception as error:
        rescore_job_fail(job=job, error=error)
