"""Celery tasks of the impact app. Tasks stay thin: ids in, one action called."""

from celery import shared_task

from impact.actions import inventory_score
from impact.actions.studies import (
    study_generate,
    study_job_claim,
    study_job_fail,
    study_jobs_sweep,
)
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


@shared_task(acks_late=True)
def generate_study(job_id: int) -> None:
    """Generate one study version. A second delivery of the message finds the job claimed."""
    job = study_job_claim(job_id)
    if job is None:
        return
    try:
        study_generate(job=job)
    except Exception as error:
        study_job_fail(job=job, error=error)


@shared_task
def sweep_study_jobs() -> int:
    """Periodic: re-send study jobs left pending while the broker was down."""
    return study_jobs_sweep()
