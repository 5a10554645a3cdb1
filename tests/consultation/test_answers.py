"""The administration's answers, the "addressed" flag, and closing the consultation."""

import html

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from impact.consultation import actions
from impact.consultation.models import Comment, Consultation
from tests.helpers import comment_url, write_comment


def _answer(client, item, capture=None, **data):
    url = comment_url("impact-consultation-answer", item)
    data = {"status": "answered", "answer": "Réponse.", "decline_reason": ""} | data
    if capture is None:
        return client.post(url, data)
    with capture(execute=True):
        return client.post(url, data)


@pytest.mark.usefixtures("emails")
def test_administrator_answers_and_the_author_is_emailed_the_answer(
    client_as, administrator, delegate, consultation, settings, django_capture_on_commit_callbacks
):
    settings.IMPACT_BASE_URL = "https://impact.ville.example"
    comment = write_comment(consultation, delegate)
    mail.outbox.clear()
    response = _answer(
        client_as(administrator), comment, django_capture_on_commit_callbacks,
        status="accepted", answer="Nous l'ajouterons.\nEn version 2.",
    )  # fmt: skip
    assert response.status_code == 302 and response.url == comment.get_absolute_url()
    comment.refresh_from_db()
    assert (comment.status, comment.answer, comment.answered_by) == (
        "accepted", "Nous l'ajouterons.\nEn version 2.", administrator
    )  # fmt: skip
    [message] = mail.outbox
    assert message.to == ["delegue@ville.example"]
    assert message.subject == "[Impact] L'administration a répondu à votre commentaire (État civil)"
    assert "Suite donnée : Accepté : la prochaine version changera." in message.body
    assert "> Nous l'ajouterons.\n> En version 2." in message.body
    assert f"https://impact.ville.example{comment.get_absolute_url()}" in message.body


def test_declining_without_a_reason_is_refused_next_to_the_reason(
    client_as, administrator, delegate, consultation
):
    comment = write_comment(consultation, delegate)
    response = _answer(client_as(administrator), comment, status="declined")
    assert response.status_code == 200
    assert 'id="error_1_id_decline_reason"' in response.text
    assert "Un refus doit être motivé" in html.unescape(response.text)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_declining_with_a_reason_stores_it(administrator, delegate, consultation):
    comment = write_comment(consultation, delegate)
    actions.comment_answer(
        actor=administrator, comment=comment, status="declined", answer="Non.",
        decline_reason="Hors du périmètre de l'étude.",
    )  # fmt: skip
    comment.refresh_from_db()
    assert (comment.status, comment.decline_reason) == ("declined", "Hors du périmètre de l'étude.")


def test_a_reason_given_with_another_status_is_dropped(administrator, delegate, consultation):
    comment = write_comment(consultation, delegate)
    actions.comment_answer(
        actor=administrator, comment=comment, status="answered", answer="Oui.", decline_reason="x"
    )
    comment.refresh_from_db()
    assert comment.decline_reason == ""


@pytest.mark.parametrize(
    ("persona", "status"), [("delegate", 403), ("official", 403), ("head_a", 403)]
)
def test_only_administrators_answer(request, client_as, delegate, consultation, persona, status):
    comment = write_comment(consultation, delegate)
    assert _answer(client_as(request.getfixturevalue(persona)), comment).status_code == status
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_reply_gets_no_answer(client_as, administrator, delegate, consultation):
    reply = actions.comment_reply(
        actor=administrator, parent=write_comment(consultation, delegate), body="Oui ?"
    )
    assert _answer(client_as(administrator), reply).status_code == 404


def test_an_answer_may_still_be_given_after_closing(administrator, delegate, consultation):
    comment = write_comment(consultation, delegate)
    actions.consultation_close(actor=administrator, consultation=consultation)
    actions.comment_answer(actor=administrator, comment=comment, status="answered", answer="Oui.")
    assert Comment.objects.get().is_answered


def _close(client, consultation):
    url = reverse("impact-consultation-close", args=[consultation.pk])
    return client.post(url, follow=True)


def test_an_objection_without_answer_blocks_the_closing_with_a_clear_message(
    client_as, administrator, delegate, consultation
):
    first = write_comment(consultation, delegate, kind="objection")
    write_comment(consultation, delegate, kind="objection")
    write_comment(consultation, delegate, kind="question")  # a question never blocks
    client = client_as(administrator)
    page = html.unescape(_close(client, consultation).text)
    assert (
        "La consultation ne peut pas être close : 2 objections attendent encore la réponse "
        "écrite de l'administration." in page
    )
    actions.comment_answer(actor=administrator, comment=first, status="answered", answer="Vu.")
    page = html.unescape(_close(client, consultation).text)
    assert "1 objection attend encore" in page
    assert Consultation.objects.get().is_open


def test_closing_once_every_objection_is_answered(client_as, administrator, delegate, consultation):
    objection = write_comment(consultation, delegate, kind="objection")
    actions.comment_answer(
        actor=administrator,
        comment=objection,
        status="declined",
        answer="Non.",
        decline_reason="Car.",
    )
    page = _close(client_as(administrator), consultation).text
    closed = Consultation.objects.get()
    assert "La consultation est close." in page
    assert (closed.status, closed.closed_by) == ("closed", administrator) and closed.closed_at
    with pytest.raises(ValidationError, match="déjà close"):
        actions.consultation_close(actor=administrator, consultation=closed)


@pytest.mark.parametrize("persona", ["delegate", "official", "head_a"])
def test_only_administrators_close(request, client_as, consultation, persona):
    url = reverse("impact-consultation-close", args=[consultation.pk])
    response = client_as(request.getfixturevalue(persona)).post(url)
    assert response.status_code == 403
    assert Consultation.objects.get().is_open


def test_addressed_defaults_to_accepted_and_the_administrator_toggles_it(
    client_as, administrator, delegate, consultation
):
    accepted, declined = (write_comment(consultation, delegate) for _ in range(2))
    actions.comment_answer(actor=administrator, comment=accepted, status="accepted", answer="Oui.")
    actions.comment_answer(
        actor=administrator,
        comment=declined,
        status="declined",
        answer="Non.",
        decline_reason="Car.",
    )
    accepted.refresh_from_db()
    declined.refresh_from_db()
    assert (accepted.is_addressed, declined.is_addressed) == (True, False)

    client = client_as(administrator)
    url = comment_url("impact-consultation-addressed", accepted)
    response = client.post(url, {"addressed": "no", "next": "/etudes/"})
    assert response.status_code == 302 and response.url == "/etudes/"
    accepted.refresh_from_db()
    assert accepted.addressed is False and not accepted.is_addressed
    response = client.post(url, {"addressed": "yes", "next": "https://ailleurs.example/"})
    assert response.url == accepted.get_absolute_url()  # never sent to another site
    accepted.refresh_from_db()
    assert accepted.is_addressed


def test_only_administrators_mark_comments_addressed(client_as, delegate, consultation):
    comment = write_comment(consultation, delegate)
    url = comment_url("impact-consultation-addressed", comment)
    assert client_as(delegate).post(url, {"addressed": "yes"}).status_code == 403
    comment.refresh_from_db()
    assert comment.addressed is None
