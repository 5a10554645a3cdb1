"""Requesting and generating impact studies: a job row per request, a version per success.

The request returns at once: the job row and an outbox row asking for the generation task are
written in the request's transaction, and the relay publishes the task (the request never talks
to the broker, so a broker that is down neither fails nor slows it). The task claims the job with a conditional
update, so a second delivery of the same message does nothing; a job left "running"
by a worker that died is claimable again once it is older than ``stale_after()`` (longer than
the task's time limit). Each claim bumps ``attempts``, which identifies it: a worker whose
claim was taken over stores no version and records no failure, so a job never ends with two.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import scoring
from impact.scores.selectors import method_parameters, method_settings_get
from impact.studies.models import Study, StudyJob, StudyVersion
from services import access
from services.web.outbox import outbox_send, outbox_waiting

logger = logging.getLogger(__name__)
Status = StudyJob.Status


class StudyClaimLostError(Exception):
    """The job was claimed again (its first worker looked dead) or finished by another claim."""


def stale_after() -> datetime.timedelta:
    """A running job older than this was abandoned by a dead worker (the time limit is less)."""
    return datetime.timedelta(seconds=settings.IMPACT_STUDY_STALE_SECONDS)


def _this_claim(job: StudyJob):
    """The job's row while it is still held by the claim ``job`` was read from."""
    return StudyJob.objects.filter(pk=job.pk, status=Status.RUNNING, attempts=job.attempts)


GENERATE_TASK = "impact.tasks.generate_study"
BROKER_DOWN_AFTER = datetime.timedelta(seconds=10)


def _enqueue(job: StudyJob) -> None:
    """Ask for the generation task, in the caller's transaction (the outbox publishes it)."""
    outbox_send(GENERATE_TASK, job.pk)


def study_job_waits_for_broker(job: StudyJob) -> bool:
    """True when a pending job's task has waited unpublished for a while: the broker is down."""
    if job.status != Status.PENDING:
        return False
    return outbox_waiting(GENERATE_TASK, job.pk, older_than=BROKER_DOWN_AFTER)


def broker_down_message() -> str:
    return _("Le service de génération est momentanément indisponible : la demande est "
             "enregistrée et partira dès son retour.")  # fmt: skip


@transaction.atomic
def study_request(*, actor, campaign, scope: str, directorate=None, service=None) -> StudyJob:
    """Ask for a new version of a study; a request already waiting or running is reused."""
    if not access.can_request_study(actor, scope, service):
        raise PermissionDenied
    if (scope == Study.Scope.DIRECTORATE) != (directorate is not None) or (
        scope == Study.Scope.SERVICE
    ) != (service is not None):
        raise ValidationError(_("Le périmètre de l'étude ne correspond pas à sa cible."))
    study, _created = Study.objects.get_or_create(
        campaign=campaign, scope=scope, directorate=directorate, service=service
    )
    Study.objects.select_for_update().get(pk=study.pk)
    active = study.jobs.filter(status__in=[Status.PENDING, Status.RUNNING]).first()
    if active is not None:
        return active
    job = StudyJob.objects.create(study=study, requested_by=actor)
    _enqueue(job)
    return job


@transaction.atomic
def study_job_retry(*, actor, job: StudyJob) -> StudyJob:
    """Put a failed job back in the queue (the page's retry button)."""
    if not access.can_request_study(actor, job.study.scope, job.study.service):
        raise PermissionDenied
    updated = StudyJob.objects.filter(pk=job.pk, status=Status.FAILED).update(
        status=Status.PENDING, progress=0, message="", requested_by=actor, finished_at=None
    )
    if not updated:
        raise ValidationError(_("Seule une génération en échec peut être relancée."))
    job.refresh_from_db()
    _enqueue(job)
    return job


def study_job_claim(job_id: int) -> StudyJob | None:
    """Take a job for this worker: pending, or running but abandoned. None if taken."""
    stale = timezone.now() - stale_after()
    claimed = StudyJob.objects.filter(
        Q(status=Status.PENDING) | Q(status=Status.RUNNING, started_at__lt=stale), pk=job_id
    ).update(
        status=Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, message=""
    )
    return StudyJob.objects.select_related("study__campaign").get(pk=job_id) if claimed else None


def _progress(job: StudyJob, percent: int) -> None:
    _this_claim(job).update(progress=percent)


def study_generate(*, job: StudyJob) -> StudyVersion:
    """Build the figures, render the PDF and store version n+1 of the job's study."""
    from impact.studies import content as study_content
    from impact.studies import render as study_render
    from impact.studies.pdf import render_pdf

    params = method_parameters(method_settings_get())
    snapshot = study_content.build_snapshot(job.study, params)
    _progress(job, 30)
    number = (job.study.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    html = study_render.render_study_html(
        snapshot, charts=study_render.study_charts(snapshot), version_number=number,
        generated_on=timezone.localdate(),
    )  # fmt: skip
    _progress(job, 50)
    pdf, pages = render_pdf(html)
    _progress(job, 90)
    return _store_version(job, params, snapshot, pdf, pages)


@transaction.atomic
def _store_version(job, params, snapshot, pdf: bytes, pages: int) -> StudyVersion:
    """Store version n+1, unless another claim took the job over (StudyClaimLostError)."""
    Study.objects.select_for_update().get(pk=job.study_id)
    if _this_claim(job).filter(version=None).select_for_update().first() is None:
        raise StudyClaimLostError(job.pk)
    number = (job.study.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = StudyVersion(
        study=job.study, number=number, requested_by=job.requested_by,
        method_version=scoring.METHOD_VERSION, parameters=params.to_dict(), snapshot=snapshot,
        sha256=hashlib.sha256(pdf).hexdigest(), page_count=pages,
    )  # fmt: skip
    version.pdf.save(f"etude-{job.study_id}-v{number}.pdf", ContentFile(pdf), save=False)
    version.save()
    StudyJob.objects.filter(pk=job.pk).update(
        status=Status.DONE, progress=100, version=version, finished_at=timezone.now()
    )
    return version


def study_job_fail(*, job: StudyJob, error: BaseException) -> None:
    """Record a failure with a message the page can show; the retry button starts again.

    Nothing is recorded when another claim took the job over: its outcome stands.
    """
    logger.exception("Study job %s failed", job.pk, exc_info=error)
    _this_claim(job).update(
        status=Status.FAILED,
        finished_at=timezone.now(),
        message=_("La génération a échoué (%(error)s). Vous pouvez la relancer ; si l'échec "
                  "persiste, prévenez le service informatique.") % {"error": type(error).__name__},
    )  # fmt: skip


def study_jobs_sweep(*, older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> int:
    """Ask again for the jobs the broker lost or a dead worker abandoned; return how many.

    A job pending for ``older_than`` whose outbox row was sent lost its message (a Redis
    restarted without its data); a running job older than ``stale_after()`` lost its worker.
    A job whose outbox row still waits is left to the relay: asking again would add nothing.
    """
    now = timezone.now()
    waiting = StudyJob.objects.filter(
        Q(status=Status.PENDING, created_at__lt=now - older_than)
        | Q(status=Status.RUNNING, started_at__lt=now - stale_after())
    ).values_list("pk", flat=True)
    count = 0
    for pk in waiting:
        if outbox_waiting(GENERATE_TASK, pk):
            continue
        with transaction.atomic():
            outbox_send(GENERATE_TASK, pk)
        count += 1
    return count
