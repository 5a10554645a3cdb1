"""Postponing a consultation's deadline: administrators only, later dates only, e-mailed once."""

import datetime
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from impact.consultation import tasks
from impact.consultation.models import Consultation
from tests.helpers import detail_url, pass_deadline

pytestmark = pytest.mark.usefixtures("emails")


def _extend(client, consultation, deadline, capture=None):
    url = reverse("impact-consultation-extend", args=[consultation.pk])
    data = {"deadline": deadline.isoformat() if isinstance(deadline, datetime.date) else deadline}
    if capture is None:
        return client.post(url, data, follow=True)
    with capture(execute=True):
        return client.post(url, data, follow=True)


def test_administrator_postpones_the_deadline_and_the_delegates_are_told_once(
    client_as, administrator, consultation, settings, django_capture_on_commit_callbacks
):
    settings.IMPACT_BASE_URL = "https://impact.ville.example"
    admin = client_as(administrator)
    assert "Prolonger la consultation" in admin.get(detail_url(consultation)).text
    new = consultation.deadline + datetime.timedelta(days=10)
    mail.outbox.clear()

    page = _extend(admin, consultation, new, django_capture_on_commit_callbacks)

    assert Consultation.objects.get().deadline == new
    text = html.unescape(page.text)
    assert "La date limite est reportée au" in text and "les représentants sont prévenus" in text
    [message] = mail.outbox
    assert message.to == ["delegue@ville.example"]
    assert message.subject.startswith("[Impact] Consultation prolongée jusqu'au")
    assert "État civil" in message.subject and "version 1" in message.subject
    assert "jusqu'au" in message.body
    assert f"https://impact.ville.example{consultation.get_absolute_url()}" in message.body

    # The broker delivers the task again: nothing more is sent.
    assert tasks.send_consultation_extended(consultation.pk) == 0
    assert len(mail.outbox) == 1


def test_an_earlier_or_equal_date_is_refused_with_the_current_one(
    client_as, administrator, consultation
):
    page = _extend(client_as(administrator), consultation, consultation.deadline)
    assert "Choisissez une date postérieure à la date limite actuelle" in html.unescape(page.text)
    assert Consultation.objects.get().deadline == consultation.deadline


def test_a_malformed_date_gets_a_message_and_changes_nothing(
    client_as, administrator, consultation
):
    page = _extend(client_as(administrator), consultation, "32/13/2026")
    assert "Indiquez une date limite valide" in html.unescape(page.text)
    assert Consultation.objects.get().deadline == consultation.deadline


def test_a_passed_deadline_may_be_postponed_and_contributions_reopen(
    client_as, administrator, delegate, consultation
):
    pass_deadline(consultation)
    comment_url = reverse("impact-consultation-comment", args=[consultation.pk])
    data = {"kind": "question", "target": "study", "body": "Encore une question ?"}
    refused = client_as(delegate).post(comment_url, data)
    assert "La date limite du" in html.unescape(refused.text)

    _extend(client_as(administrator), consultation, timezone.localdate())

    client_as(delegate).post(comment_url, data)
    assert consultation.comments.filter(body="Encore une question ?").exists()


def test_a_closed_consultation_is_not_extended(client_as, administrator, consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.CLOSED, closed_at=timezone.now(), closed_by=administrator
    )
    new = consultation.deadline + datetime.timedelta(days=3)
    page = _extend(client_as(administrator), consultation, new)
    assert "Cette consultation est déjà close." in html.unescape(page.text)
    assert Consultation.objects.get().deadline == consultation.deadline


@pytest.mark.parametrize(
    ("persona", "status"),
    [("delegate", 403), ("official", 403), ("head_a", 403), ("head_b", 404)],
)
def test_only_administrators_postpone(request, client_as, consultation, persona, status):
    url = reverse("impact-consultation-extend", args=[consultation.pk])
    new = consultation.deadline + datetime.timedelta(days=3)
    response = client_as(request.getfixturevalue(persona)).post(url, {"deadline": new})
    assert response.status_code == status
    assert Consultation.objects.get().deadline == consultation.deadline
    assert (
        "Prolonger la consultation"
        not in client_as(request.getfixturevalue(persona)).get(detail_url(consultation)).text
    )
