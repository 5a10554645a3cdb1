"""Opening a consultation on a study version, and the delegates' invitation e-mail."""

import datetime
import html

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from impact.consultation import actions, tasks
from impact.consultation.models import Consultation
from services.models import Persona, User
from tests.helpers import make_version

IN_TWO_WEEKS = timezone.localdate() + datetime.timedelta(days=14)


def _open_url(version) -> str:
    return reverse("impact-consultation-open", args=[version.study_id, version.number])


def _open(actor, version, capture, deadline=IN_TWO_WEEKS):
    with capture(execute=True):
        return actions.consultation_open(actor=actor, version=version, deadline=deadline)


@pytest.mark.usefixtures("emails")
def test_administrator_opens_the_consultation_and_delegates_are_invited_in_french(
    client_as, administrator, version, other_delegate, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.IMPACT_BASE_URL = "https://impact.ville.example"
    client = client_as(administrator)
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        response = client.post(_open_url(version), {"deadline": IN_TWO_WEEKS.isoformat()})
    opened = Consultation.objects.get()
    assert response.status_code == 302 and response.url == opened.get_absolute_url()
    assert (opened.version, opened.deadline, opened.opened_by) == (
        version, IN_TWO_WEEKS, administrator
    )  # fmt: skip
    assert opened.is_open and opened.delegates_notified_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "delegue@ville.example",
        "olivier@ville.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["delegue@ville.example"])
    assert message.subject == "[Impact] Consultation ouverte : étude d'impact État civil, version 1"
    assert "Bonjour Dalila" in message.body
    assert f"https://impact.ville.example/consultations/{opened.pk}/" in message.body
    assert f"jusqu'au {IN_TWO_WEEKS.day} " in message.body  # the French date format
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)


def test_invitations_skip_inactive_delegates_those_without_email_and_other_personas(
    administrator, version, emails, django_capture_on_commit_callbacks
):  # fmt: skip
    User.objects.create_user(
        username="ancien", persona=Persona.DELEGATE, union="U", email="a@ville.example",
        is_active=False,
    )  # fmt: skip
    User.objects.create_user(username="sans.courriel", persona=Persona.DELEGATE, union="U")
    _open(administrator, version, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["delegue@ville.example"]]


def test_second_delivery_of_the_invitation_task_sends_nothing(consultation, emails):
    mail.outbox.clear()
    assert tasks.send_consultation_opened(consultation.pk) == 0
    assert mail.outbox == []


def test_deadline_in_the_past_is_refused_next_to_the_field(client_as, administrator, version):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client_as(administrator).post(
        _open_url(version), {"deadline": yesterday.isoformat()}
    )
    assert response.status_code == 200
    assert "La date limite ne peut pas être déjà passée." in html.unescape(response.text)
    assert not Consultation.objects.exists()


def test_only_the_latest_version_is_consulted_on(administrator, version, study):
    make_version(study, 2)
    with pytest.raises(ValidationError, match="ouvrez la consultation sur la version 2"):
        actions.consultation_open(actor=administrator, version=version, deadline=IN_TWO_WEEKS)


def test_a_new_consultation_waits_for_the_previous_one_to_close(
    administrator, consultation, study, django_capture_on_commit_callbacks
):  # fmt: skip
    version_2 = make_version(study, 2)
    with pytest.raises(ValidationError, match="version 1 est encore en cours"):
        _open(administrator, version_2, django_capture_on_commit_callbacks)
    actions.consultation_close(actor=administrator, consultation=consultation)
    assert _open(administrator, version_2, django_capture_on_commit_callbacks).version == version_2


def test_a_version_has_one_consultation_and_its_opening_page_leads_to_it(
    client_as, administrator, consultation
):  # fmt: skip
    response = client_as(administrator).get(_open_url(consultation.version))
    assert response.status_code == 302 and response.url == consultation.get_absolute_url()
    with pytest.raises(ValidationError, match="déjà été ouverte"):
        actions.consultation_open(
            actor=administrator, version=consultation.version, deadline=IN_TWO_WEEKS
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("head_a", 403), ("delegate", 403), ("official", 403), ("head_b", 404)],
)
def test_only_administrators_open_a_consultation(request, client_as, version, persona, status):
    user = request.getfixturevalue(persona)
    response = client_as(user).post(_open_url(version), {"deadline": IN_TWO_WEEKS.isoformat()})
    assert response.status_code == status
    assert not Consultation.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.consultation_open(actor=user, version=version, deadline=IN_TWO_WEEKS)


def test_opening_page_sends_anonymous_visitors_to_login(client, version):
    response = client.get(_open_url(version))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_study_page_offers_to_open_and_then_links_to_the_consultation(
    client_as, administrator, official, version, django_capture_on_commit_callbacks
):  # fmt: skip
    study_url = version.study.get_absolute_url()
    assert "Ouvrir la consultation sur la version 1" in client_as(administrator).get(study_url).text
    assert "Ouvrir la consultation" not in client_as(official).get(study_url).text
    opened = _open(administrator, version, django_capture_on_commit_callbacks)
    page = client_as(official).get(study_url).text
    assert f'href="{opened.get_absolute_url()}"' in page
    assert "Consultation sur la version 1" in page
