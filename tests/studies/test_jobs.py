"""Requesting a study: a job row at once, a version from the task, idempotent and recoverable."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from impact.studies import actions, tasks
from impact.studies.models import Study, StudyJob, StudyVersion
from services.models import OutboxMessage


@pytest.fixture
def request_study(administrator, scored_campaign, django_capture_on_commit_callbacks):
    def run(execute=True, **scope):
        scope = scope or {"scope": Study.Scope.COLLECTIVITE}
        with django_capture_on_commit_callbacks(execute=execute):
            return actions.study_request(actor=administrator, campaign=scored_campaign, **scope)

    return run


def test_request_creates_a_job_and_the_task_makes_version_one(request_study):
    job = request_study()
    job.refresh_from_db()
    assert job.status == StudyJob.Status.DONE and job.progress == 100
    version = job.version
    assert version.number == 1 and version.page_count >= 5
    content = version.pdf.read()
    assert content.startswith(b"%PDF")
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert version.snapshot["coverage"] and version.parameters["seed"] == 20240501


def test_regenerating_makes_version_two_and_leaves_version_one_untouched(request_study):
    first = StudyJob.objects.get(pk=request_study().pk).version
    second = StudyJob.objects.get(pk=request_study().pk).version
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    with pytest.raises(ValueError, match="immutable"):
        first.save()


def test_double_submit_reuses_the_waiting_job(request_study):
    first = request_study(execute=False)
    second = request_study(execute=False)
    assert first.pk == second.pk
    assert StudyJob.objects.count() == 1


def test_second_delivery_of_the_message_makes_no_second_version(request_study):
    job = request_study(execute=False)
    tasks.generate_study(job.pk)
    tasks.generate_study(job.pk)
    assert StudyVersion.objects.count() == 1


def test_job_abandoned_by_a_dead_worker_is_claimed_again(request_study):
    from django.utils import timezone

    job = request_study(execute=False)
    StudyJob.objects.filter(pk=job.pk).update(
        status=StudyJob.Status.RUNNING, started_at=timezone.now() - actions.stale_after() * 2
    )
    tasks.generate_study(job.pk)
    job.refresh_from_db()
    assert job.status == StudyJob.Status.DONE and job.attempts == 1
    assert StudyVersion.objects.count() == 1


def test_running_job_is_not_taken_by_a_second_worker(request_study):
    from django.utils import timezone

    job = request_study(execute=False)
    StudyJob.objects.filter(pk=job.pk).update(
        status=StudyJob.Status.RUNNING, started_at=timezone.now()
    )
    assert actions.study_job_claim(job.pk) is None


def test_failure_is_recorded_and_retry_succeeds(request_study, administrator, monkeypatch):
    from impact.studies import content as study_content

    real = study_content.build_snapshot
    monkeypatch.setattr(study_content, "build_snapshot", lambda *a, **k: 1 / 0)
    job = request_study()
    job.refresh_from_db()
    assert job.status == StudyJob.Status.FAILED
    assert "ZeroDivisionError" in job.message and not StudyVersion.objects.exists()

    monkeypatch.setattr(study_content, "build_snapshot", real)
    actions.study_job_retry(actor=administrator, job=job)
    tasks.generate_study(job.pk)
    job.refresh_from_db()
    assert job.status == StudyJob.Status.DONE and job.version.number == 1


def _generation_rows(job):
    return OutboxMessage.objects.filter(task="impact.tasks.generate_study", args=[job.pk])


def test_request_writes_its_task_to_the_outbox_of_its_own_transaction(request_study):
    job = request_study(execute=False)  # the transaction has not committed: nothing ran
    assert job.status == StudyJob.Status.PENDING
    row = _generation_rows(job).get()
    assert row.sent_at is None and row.attempts == 0


def test_page_says_the_request_waits_for_the_broker_only_once_its_task_waits(
    request_study, client_as, administrator
):
    job = request_study(execute=False)
    url = reverse("impact-study-detail", args=[job.study_id])
    client = client_as(administrator)
    assert "momentanément indisponible" not in client.get(url).content.decode()  # just asked
    rows = _generation_rows(job)
    rows.update(created_at=timezone.now() - datetime.timedelta(minutes=1))
    page = client.get(url).content.decode()
    assert "momentanément indisponible" in page and "partira dès son retour" in page
    polled = client.get(reverse("impact-study-job", args=[job.study_id, job.pk]))
    assert "momentanément indisponible" in polled.content.decode()
    rows.update(sent_at=timezone.now())  # the relay published it: a worker will take it
    assert "momentanément indisponible" not in client.get(url).content.decode()


def test_sweeper_asks_again_for_a_job_whose_message_was_lost_not_one_still_waiting(
    request_study,
):
    job = request_study(execute=False)
    StudyJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    assert actions.study_jobs_sweep() == 0  # its row still waits for the relay
    assert _generation_rows(job).count() == 1
    _generation_rows(job).update(sent_at=timezone.now())  # published, then lost by Redis
    assert actions.study_jobs_sweep() == 1
    assert _generation_rows(job).filter(sent_at=None).count() == 1
    tasks.generate_study(job.pk)
    job.refresh_from_db()
    assert job.status == StudyJob.Status.DONE and job.attempts == 1
    assert actions.study_jobs_sweep() == 0  # done: nothing to ask for


def test_request_page_returns_at_once_and_the_study_page_polls(
    client_as, administrator, scored_campaign
):
    client = client_as(administrator)
    response = client.post(
        reverse("impact-study-request"),
        {"campaign": scored_campaign.pk, "scope": "collectivite"},
    )
    assert response.status_code == 302
    job = StudyJob.objects.get()
    assert job.status == StudyJob.Status.PENDING  # on_commit never ran inside the test transaction
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="{reverse("impact-study-job", args=[job.study_id, job.pk])}"' in page
    assert "<progress" in page


def test_head_may_request_only_their_own_service(
    client_as, head_a, scored_campaign, service_a, service_b
):
    client = client_as(head_a)
    url = reverse("impact-study-request")
    ok = client.post(
        url, {"campaign": scored_campaign.pk, "scope": "service", "service": service_a.pk}
    )
    assert ok.status_code == 302
    refused = client.post(
        url, {"campaign": scored_campaign.pk, "scope": "service", "service": service_b.pk}
    )
    assert refused.status_code == 200 and "service" in refused.context["form"].errors
    collectivite = client.post(url, {"campaign": scored_campaign.pk, "scope": "collectivite"})
    assert collectivite.status_code == 200
    assert Study.objects.count() == 1
