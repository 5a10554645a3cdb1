"""Celery tasks of the impact app. Tasks stay thin: ids in, one action called."""

import logging

from celery import shared_task

from impact.actions import consultation as consultation_actions
from impact.actions import inventory_score
from impact.actions.studies import (
    StudyClaimLostError,
    study_generate,
    study_job_claim,
    study_job_fail,
    study_jobs_sweep,
)
from impact.models import Comment, Consultation
from surveys.models import Inventory
from surveys.tasks import MAIL_RETRY

logger = logging.getLogger(__name__)


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
    """Generate one study version. A second delivery of the message finds the job claimed;
    a worker so slow that its job was claimed again stores nothing."""
    job = study_job_claim(job_id)
    if job is None:
        return
    try:
        study_generate(job=job)
    except StudyClaimLostError:
        logger.warning("Study job %s was taken over by another claim: version dropped", job_id)
    except Exception as error:
        study_job_fail(job=job, error=error)


@shared_task
def sweep_study_jobs() -> int:
    """Periodic: re-send study jobs left pending while the broker was down."""
    return study_jobs_sweep()


# --- Consultation e-mails ---------------------------------------------------------------


@shared_task(**MAIL_RETRY)
def send_consultation_opened(consultation_id: int) -> int:
    """E-mail the delegates that a consultation opened (a second delivery sends nothing)."""
    consultation = (
        Consultation.objects.select_related("version__study__campaign")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None:  # deleted since it was enqueued
        return 0
    return consultation_actions.consultation_send_opening(consultation=consultation)


@shared_task(**MAIL_RETRY)
def send_consultation_extended(consultation_id: int) -> int:
    """E-mail the delegates a postponed deadline (a second delivery sends nothing)."""
    consultation = (
        Consultation.objects.select_related("version__study__campaign")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None:
        return 0
    return consultation_actions.consultation_send_extension(consultation=consultation)


def _comment(comment_id: int) -> Comment | None:
    return (
        Comment.objects.select_related(
            "author", "parent__author", "consultation__version__study__campaign"
        )
        .filter(pk=comment_id)
        .first()
    )


@shared_task(**MAIL_RETRY)
def send_comment_created(comment_id: int) -> int:
    """E-mail the administrators about a new comment."""
    comment = _comment(comment_id)
    return consultation_actions.comment_send_created(comment=comment) if comment else 0


@shared_task(**MAIL_RETRY)
def send_comment_reply(comment_id: int) -> int:
    """E-mail the author of a thread's comment about a reply."""
    reply = _comment(comment_id)
    return consultation_actions.comment_send_reply(reply=reply) if reply else 0


@shared_task(**MAIL_RETRY)
def send_comment_answer(comment_id: int) -> int:
    """E-mail a comment's author the administration's answer."""
    comment = _comment(comment_id)
    return consultation_actions.comment_send_answer(comment=comment) if comment else 0
