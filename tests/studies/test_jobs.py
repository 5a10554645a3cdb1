"""Requesting a study: a job row at once, a version from the task, idempotent and recoverable."""

import hashlib

import pytest
from django.urls import reverse

from impact.studies import actions, tasks
from impact.studies.models import Study, StudyJob, StudyVersion


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


def test_broker_down_keeps_the_job_pending_and_the_sweeper_sends_it(request_study, monkeypatch):
    sent = []

    def broker_down(job_id):
        raise ConnectionRefusedError("redis is down")

    monkeypatch.setattr(tasks.generate_study, "delay", broker_down)
    job = request_study()
    job.refresh_from_db()
    assert job.status == StudyJob.Status.PENDING
    assert "momentanément indisponible" in job.message

    monkeypatch.setattr(tasks.generate_study, "delay", sent.append)
    import datetime

    assert actions.study_jobs_sweep(older_than=datetime.timedelta(0)) == 1
    assert sent == [job.pk]


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
