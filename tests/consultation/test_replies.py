"""Replies in a comment's thread: who may reply, where, and the author's e-mail."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from impact.consultation import actions
from impact.consultation.models import Comment, Consultation
from impact.studies.models import Study
from services import access
from tests.helpers import comment_url, make_version, pass_deadline, write_comment


@pytest.fixture
def thread(consultation, delegate):
    return write_comment(consultation, delegate, body="Une question ?")


def _reply(client, parent, body="Voici.", capture=None):
    url = comment_url("impact-consultation-reply", parent)
    if capture is None:
        return client.post(url, {"body": body})
    with capture(execute=True):
        return client.post(url, {"body": body})


@pytest.mark.parametrize("persona", ["administrator", "delegate", "other_delegate", "head_a"])
def test_participants_reply_in_the_thread(request, client_as, thread, persona):
    user = request.getfixturevalue(persona)
    response = _reply(client_as(user), thread, body=f"Réponse de {user.username}")
    reply = Comment.objects.get(parent=thread)
    assert response.status_code == 302 and response.url == reply.get_absolute_url()
    assert (reply.author, reply.body, reply.kind, reply.target) == (
        user, f"Réponse de {user.username}", "", ""
    )  # fmt: skip
    assert reply.author_union == (user.union if persona.endswith("delegate") else "")


@pytest.mark.parametrize(("persona", "status"), [("official", 403), ("head_b", 404)])
def test_officials_and_other_heads_cannot_reply(request, client_as, thread, persona, status):
    assert _reply(client_as(request.getfixturevalue(persona)), thread).status_code == status
    assert not Comment.objects.filter(parent=thread).exists()


def test_official_is_refused_by_the_action_too(official, thread):
    with pytest.raises(PermissionDenied):
        actions.comment_reply(actor=official, parent=thread, body="Non.")


def test_a_head_replies_only_on_studies_of_the_services_they_head(
    head_a, head_b, delegate, campaign, service_a, thread
):
    assert access.can_reply_to_comment(head_a, thread)
    assert not access.can_reply_to_comment(head_b, thread)
    # A directorate's study describes services a head does not all head: never theirs.
    directorate_study = Study.objects.create(
        campaign=campaign, scope=Study.Scope.DIRECTORATE, directorate=service_a.directorate
    )
    version = make_version(directorate_study, 1)
    other = Consultation.objects.create(version=version, deadline=thread.consultation.deadline)
    on_directorate = write_comment(other, delegate)
    assert not access.can_reply_to_comment(head_a, on_directorate)


def test_a_reply_to_a_reply_joins_the_same_thread(administrator, delegate, thread):
    first = actions.comment_reply(actor=administrator, parent=thread, body="Laquelle ?")
    second = actions.comment_reply(actor=delegate, parent=first, body="La deuxième.")
    assert second.parent == thread
    assert list(thread.replies.values_list("body", flat=True)) == ["Laquelle ?", "La deuxième."]


@pytest.mark.usefixtures("emails")
def test_the_comment_author_is_emailed_a_reply_with_a_link_to_it(
    client_as, head_a, thread, settings, django_capture_on_commit_callbacks
):
    settings.IMPACT_BASE_URL = "https://impact.ville.example"
    mail.outbox.clear()
    _reply(
        client_as(head_a), thread, "Une formation est prévue.", django_capture_on_commit_callbacks
    )
    reply = Comment.objects.get(parent=thread)
    [message] = mail.outbox
    assert message.to == ["delegue@ville.example"]
    assert message.subject == "[Impact] Réponse à votre commentaire sur l'étude d'impact État civil"
    assert "Anne (chef de service) a répondu à votre commentaire" in message.body
    assert "> Une formation est prévue." in message.body
    assert (
        f"https://impact.ville.example/consultations/{thread.consultation_id}/#commentaire-{reply.pk}"
        in message.body
    )


@pytest.mark.usefixtures("emails")
def test_no_email_when_the_author_replies_in_their_own_thread(
    client_as, delegate, thread, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    _reply(client_as(delegate), thread, "J'ajoute.", django_capture_on_commit_callbacks)
    assert Comment.objects.filter(parent=thread).exists()
    assert mail.outbox == []


def test_replies_continue_after_the_deadline_while_the_consultation_is_open(administrator, thread):
    pass_deadline(thread.consultation)
    assert actions.comment_reply(actor=administrator, parent=thread, body="Réponse tardive.").pk


def test_a_closed_consultation_takes_no_reply(client_as, administrator, delegate, thread):
    actions.consultation_close(actor=administrator, consultation=thread.consultation)
    with pytest.raises(ValidationError, match="close"):
        actions.comment_reply(actor=delegate, parent=thread, body="Encore un mot.")
    page = client_as(delegate).get(thread.consultation.get_absolute_url()).text
    assert "Publier la réponse" not in page
