"""A form sent twice (a double click, a retry on a slow line) is handled once.

Each creating form carries a one-time token (``{% submission_token %}``); the second POST with
the same token changes nothing and is sent where the first one went.
"""

import datetime
import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from impact.consultation.models import Comment, Opinion
from impact.studies.models import StudyJob
from services.models import FormSubmission
from surveys.models import Campaign, InventoryRole
from tests.helpers import REQUIRE_SERVICES, comment_url, write_comment

CAMPAIGN = {
    "title": "Campagne de printemps",
    "opens_on": "2026-03-01",
    "closes_on": "2026-04-15",
    "reminder_days": "5",
}
TOKEN = re.compile(r'name="submission" value="([0-9a-f-]{36})"')


def _twice(client, url: str, data: dict):
    data = data | {"submission": str(uuid.uuid4())}
    return client.post(url, data), client.post(url, data)


def _same_redirect(first, second) -> None:
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_the_campaign_form_carries_a_token_and_two_posts_make_one_campaign(
    client_as, administrator, questionnaire
):
    client = client_as(administrator)
    page = client.get(reverse("surveys-campaign-create")).content.decode()
    token = TOKEN.search(page).group(1)
    data = CAMPAIGN | {"questionnaire": questionnaire.pk, "submission": token}
    first = client.post(reverse("surveys-campaign-create"), data)
    second = client.post(reverse("surveys-campaign-create"), data)
    _same_redirect(first, second)
    assert Campaign.objects.filter(title="Campagne de printemps").count() == 1
    assert FormSubmission.objects.get().redirect_to == first["Location"]


def test_a_form_shown_again_with_errors_keeps_its_token_and_can_be_sent_corrected(
    client_as, administrator, questionnaire
):
    client = client_as(administrator)
    token = str(uuid.uuid4())
    url = reverse("surveys-campaign-create")
    wrong = client.post(url, CAMPAIGN | {"title": "", "submission": token})
    assert wrong.status_code == 200
    assert f'name="submission" value="{token}"' in wrong.content.decode()
    assert not FormSubmission.objects.exists()
    right = client.post(url, CAMPAIGN | {"questionnaire": questionnaire.pk, "submission": token})
    assert right.status_code == 302
    assert Campaign.objects.filter(title="Campagne de printemps").count() == 1


def test_without_a_token_a_form_is_handled_as_before(client_as, administrator, questionnaire):
    client = client_as(administrator)
    response = client.post(
        reverse("surveys-campaign-create"), CAMPAIGN | {"questionnaire": questionnaire.pk}
    )
    assert response.status_code == 302
    assert Campaign.objects.count() == 1
    assert not FormSubmission.objects.exists()


def test_another_users_token_does_not_lead_to_their_page(
    client_as, administrator, questionnaire, delegate, consultation
):
    token = str(uuid.uuid4())
    admin = client_as(administrator)
    admin.post(
        reverse("surveys-campaign-create"),
        CAMPAIGN | {"questionnaire": questionnaire.pk, "submission": token},
    )
    other = Client()
    other.force_login(delegate)
    response = other.post(
        reverse("impact-consultation-comment", args=[consultation.pk]),
        {"kind": "question", "target": "study", "body": "Q ?", "submission": token},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("impact-consultation-detail", args=[consultation.pk])
    )
    assert Comment.objects.filter(body="Q ?").count() == 1


def test_two_identical_comments_make_one(client_as, delegate, consultation):
    url = reverse("impact-consultation-comment", args=[consultation.pk])
    data = {"kind": "objection", "target": "section:confidentiality", "body": "Texte."}
    _same_redirect(*_twice(client_as(delegate), url, data))
    assert Comment.objects.filter(body="Texte.").count() == 1


def test_two_identical_replies_make_one(client_as, delegate, administrator, consultation):
    question = write_comment(consultation, delegate)
    url = comment_url("impact-consultation-reply", question)
    _same_redirect(*_twice(client_as(administrator), url, {"body": "Précision."}))
    assert Comment.objects.filter(parent=question).count() == 1


def test_an_answer_sent_twice_is_recorded_once(client_as, administrator, delegate, consultation):
    question = write_comment(consultation, delegate)
    url = comment_url("impact-consultation-answer", question)
    data = {"status": "answered", "answer": "Voici la réponse.", "submission": str(uuid.uuid4())}
    client = client_as(administrator)
    first = client.post(url, data)
    question.refresh_from_db()
    answered_at = question.answered_at
    second = client.post(url, data)
    _same_redirect(first, second)
    question.refresh_from_db()
    assert question.answer == "Voici la réponse."
    assert question.answered_at == answered_at  # the second POST did not answer again


def test_an_opinion_sent_twice_is_recorded_once(client_as, delegate, consultation):
    url = reverse("impact-consultation-opinion", args=[consultation.pk])
    data = {"stance": "favourable", "reasoning": "Motivé."}
    _same_redirect(*_twice(client_as(delegate), url, data))
    opinion = Opinion.objects.get()
    assert opinion.revisions.count() == 0


def test_a_study_request_sent_twice_makes_one_job(client_as, administrator, scored_campaign):
    url = reverse("impact-study-request")
    data = {"campaign": scored_campaign.pk, "scope": "collectivite"}
    _same_redirect(*_twice(client_as(administrator), url, data))
    assert StudyJob.objects.count() == 1


def test_a_role_added_twice_is_added_once(client_as, head_a, inventory_a):
    url = reverse("surveys-inventory-roles", args=[inventory_a.pk])
    data = {"op": "add", "revision": 0, "title": "Médiateur numérique", "headcount": 1, "fte": "1"}
    _same_redirect(*_twice(client_as(head_a), url, data))
    assert InventoryRole.objects.filter(title="Médiateur numérique").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_the_same_instant_make_one_campaign(administrator, questionnaire):
    """Two requests race for the token; the database's unique index lets one through."""
    if connection.vendor != "postgresql":
        if REQUIRE_SERVICES:
            pytest.fail("CI's services pass runs on PostgreSQL")
        pytest.skip("two request threads share one database only on PostgreSQL here")
    data = CAMPAIGN | {"questionnaire": questionnaire.pk, "submission": str(uuid.uuid4())}
    barrier, responses = threading.Barrier(2), []

    def send() -> None:
        client = Client()
        client.force_login(administrator)
        barrier.wait()
        responses.append(client.post(reverse("surveys-campaign-create"), data))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    _same_redirect(*responses)
    assert Campaign.objects.filter(title="Campagne de printemps").count() == 1


def test_tokens_older_than_a_week_are_forgotten(client_as, administrator, questionnaire):
    from django.utils import timezone

    from services.web.submissions import submissions_purge

    data = CAMPAIGN | {"questionnaire": questionnaire.pk, "submission": str(uuid.uuid4())}
    client_as(administrator).post(reverse("surveys-campaign-create"), data)
    assert submissions_purge() == 0
    FormSubmission.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert submissions_purge() == 1
    assert not FormSubmission.objects.exists()
