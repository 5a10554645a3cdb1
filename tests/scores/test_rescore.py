"""Scoring a campaign again under the current method version: a job, its progress, its page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from impact import scoring
from impact.scores import actions, tasks
from impact.scores.models import InventoryScore, RescoreJob
from services.models import OutboxMessage
from surveys.models import Inventory


def _make_old(campaign, version="0.9"):
    """Label the campaign's current snapshots as made under an older method version."""
    current = InventoryScore.objects.filter(inventory__campaign=campaign, is_current=True)
    current.update(method_version=version)
    return set(current.values_list("pk", flat=True))


@pytest.fixture
def request_rescore(administrator, study_campaign, django_capture_on_commit_callbacks):
    def run(execute=True):
        with django_capture_on_commit_callbacks(execute=execute):
            return actions.campaign_rescore_request(actor=administrator, campaign=study_campaign)

    return run


def test_rescoring_gives_every_scored_inventory_a_new_current_snapshot(
    study_campaign, request_rescore
):
    old = _make_old(study_campaign)
    scored = Inventory.objects.filter(
        campaign=study_campaign,
        status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED],
    )
    job = request_rescore()
    job.refresh_from_db()
    assert job.status == RescoreJob.Status.DONE and job.progress == 100
    assert job.total == job.done == scored.count() == 3
    current = InventoryScore.objects.filter(inventory__campaign=study_campaign, is_current=True)
    assert current.count() == 3 and not set(current.values_list("pk", flat=True)) & old
    assert set(current.values_list("method_version", "trigger")) == {
        (scoring.METHOD_VERSION, InventoryScore.Trigger.MANUAL)
    }
    # The earlier snapshots stay, no longer current, with their own version.
    kept = InventoryScore.objects.filter(pk__in=old)
    assert kept.count() == 3 and set(kept.values_list("method_version", "is_current")) == {
        ("0.9", False)
    }


def test_the_request_writes_one_outbox_row_and_a_second_request_reuses_the_job(
    request_rescore,
):
    first = request_rescore(execute=False)
    assert first.status == RescoreJob.Status.PENDING and first.total == 3
    assert (
        OutboxMessage.objects.filter(task="impact.tasks.rescore_campaign", args=[first.pk]).count()
        == 1
    )
    assert request_rescore(execute=False).pk == first.pk
    assert RescoreJob.objects.count() == 1


def test_a_second_delivery_stores_nothing_more(study_campaign, request_rescore):
    _make_old(study_campaign)
    job = request_rescore()
    count = InventoryScore.objects.count()
    tasks.rescore_campaign(job.pk)  # the message delivered again: the job is done
    assert InventoryScore.objects.count() == count
    # A claim taken over (the first worker died mid-way) skips what this job already did.
    RescoreJob.objects.filter(pk=job.pk).update(status=RescoreJob.Status.PENDING, done=0)
    tasks.rescore_campaign(job.pk)
    assert InventoryScore.objects.count() == count
    assert RescoreJob.objects.get(pk=job.pk).status == RescoreJob.Status.DONE


def test_a_failure_is_shown_and_what_was_stored_stays(study_campaign, request_rescore, monkeypatch):
    real = actions.inventory_score
    calls = []

    def fail_on_the_second(**kwargs):
        calls.append(kwargs["inventory"].pk)
        if len(calls) == 2:
            raise ZeroDivisionError
        return real(**kwargs)

    monkeypatch.setattr(actions, "inventory_score", fail_on_the_second)
    _make_old(study_campaign)
    job = request_rescore()
    job.refresh_from_db()
    assert job.status == RescoreJob.Status.FAILED and "ZeroDivisionError" in job.message
    assert job.done == 1
    assert (
        InventoryScore.objects.filter(
            is_current=True, method_version=scoring.METHOD_VERSION
        ).count()
        == 1
    )


@pytest.mark.parametrize("persona", ["head_a", "delegate", "official", "no_persona_user"])
def test_only_administrators_may_rescore(persona, request, study_campaign, client_as):
    client = client_as(request.getfixturevalue(persona))
    response = client.post(reverse("impact-rescore-request"), {"campaign": study_campaign.pk})
    assert response.status_code == 403
    assert not RescoreJob.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.campaign_rescore_request(
            actor=request.getfixturevalue(persona), campaign=study_campaign
        )


def test_the_page_offers_the_campaign_and_follows_the_job(client_as, administrator, study_campaign):
    client = client_as(administrator)
    page = client.get(reverse("impact-method-settings")).content.decode()
    assert f"Recalculer une campagne avec la méthode {scoring.METHOD_VERSION}" in page
    assert f'<option value="{study_campaign.pk}"' in page
    response = client.post(
        reverse("impact-rescore-request"), {"campaign": study_campaign.pk}, follow=True
    )
    job = RescoreJob.objects.get()
    assert job.requested_by == administrator and job.method_version == scoring.METHOD_VERSION
    text = response.content.decode()
    assert "est demandé" in text and f'id="rescore-job-{job.pk}"' in text
    polled = client.get(reverse("impact-rescore-job", args=[job.pk])).content.decode()
    assert "sur 3" in polled and "<progress" in polled


@pytest.mark.parametrize("value", ["abc", "1e3", "-1", "99999999999999999999", ""])
def test_a_malformed_campaign_is_a_message_not_a_500(value, client_as, administrator):
    response = client_as(administrator).post(
        reverse("impact-rescore-request"), {"campaign": value}, follow=True
    )
    assert response.status_code == 200
    assert not RescoreJob.objects.exists()
    expected = "Ce champ est obligatoire" if value == "" else "Choisissez une campagne"
    assert expected in response.content.decode()


def test_an_unknown_job_is_a_404(client_as, administrator):
    client = client_as(administrator)
    assert client.get(reverse("impact-rescore-job", args=[987654])).status_code == 404
