"""A comment's e-mails are sent once, whatever the broker redelivers; a failure is retried."""

import pytest
from django.core import mail
from django.urls import reverse

from impact.consultation import tasks
from impact.consultation.models import Comment
from tests.helpers import comment_url, write_comment

pytestmark = pytest.mark.usefixtures("emails")


def _post_comment(client, consultation, capture):
    with capture(execute=True):
        client.post(
            reverse("impact-consultation-comment", args=[consultation.pk]),
            {"kind": "question", "target": "study", "body": "Une question ?"},
        )
    return Comment.objects.get()


def test_a_new_comment_is_mailed_to_the_administrators_once(
    client_as, delegate, consultation, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    comment = _post_comment(client_as(delegate), consultation, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["pilote@ville.example"]]
    assert Comment.objects.get().notified_at is not None

    assert tasks.send_comment_created(comment.pk) == 0  # the broker delivers it again
    assert len(mail.outbox) == 1


def test_a_reply_is_mailed_to_the_thread_author_once(
    client_as, administrator, delegate, consultation, django_capture_on_commit_callbacks
):
    comment = write_comment(consultation, delegate)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_as(administrator).post(
            comment_url("impact-consultation-reply", comment), {"body": "Précision."}
        )
    reply = Comment.objects.get(parent=comment)
    assert [m.to for m in mail.outbox] == [["delegue@ville.example"]]

    assert tasks.send_comment_reply(reply.pk) == 0
    assert len(mail.outbox) == 1


def _answer(client, comment, capture, answer):
    with capture(execute=True):
        client.post(
            comment_url("impact-consultation-answer", comment),
            {"status": "answered", "answer": answer, "decline_reason": ""},
        )


def test_an_answer_is_mailed_once_and_a_changed_answer_again(
    client_as, administrator, delegate, consultation, django_capture_on_commit_callbacks
):
    comment = write_comment(consultation, delegate)
    admin = client_as(administrator)
    mail.outbox.clear()
    _answer(admin, comment, django_capture_on_commit_callbacks, "Première réponse.")
    assert len(mail.outbox) == 1
    assert tasks.send_comment_answer(comment.pk) == 0  # redelivered: nothing more
    assert len(mail.outbox) == 1

    _answer(admin, comment, django_capture_on_commit_callbacks, "Réponse corrigée.")
    assert len(mail.outbox) == 2
    assert "> Réponse corrigée." in mail.outbox[1].body


def test_a_failed_sending_is_released_for_the_retry(delegate, consultation, monkeypatch):
    comment = write_comment(consultation, delegate)
    mail.outbox.clear()

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("impact.consultation.emails._send", refuse)
    with pytest.raises(ConnectionRefusedError):
        tasks.send_comment_created.run(comment.pk)
    assert Comment.objects.get().notified_at is None
    monkeypatch.undo()

    assert tasks.send_comment_created.run(comment.pk) == 1
    assert len(mail.outbox) == 1
