"""Celery tasks of the studies: thin, ids in, one action called.

Task names stay those of the module they were first defined in (``impact.tasks``): a message
queued before an upgrade still finds its task.
"""

import logging

from celery import shared_task

from impact.studies.actions import (
    StudyClaimLostError,
    study_generate,
    study_job_claim,
    study_job_fail,
    study_jobs_sweep,
)

logger = logging.getLogger(__name__)


@shared_task(name="impact.tasks.generate_study", acks_late=True)
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


@shared_task(name="impact.tasks.sweep_study_jobs")
def sweep_study_jobs() -> int:
    """Periodic: re-send study jobs left pending while the broker was down."""
    return study_jobs_sweep()
