"""The outbox: a task asked for by an action is a row of the action's transaction, sent after.

Without a broker the task runs at commit, as before; with one, the request never talks to it
and a relay publishes the rows (tests/resilience/test_faults.py runs it against a real Redis
stopped and started, with a real worker).
"""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from impact.celery import app as celery_app
from impact.consultation.models import Comment
from services.models import OutboxMessage
from services.web import outbox
from tests.helpers import write_comment


@pytest.fixture
def broker_mode():
    """The test process's Celery as with a broker (not eager); publishing is recorded."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    yield
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = previous


CREATED = "impact.tasks.send_comment_created"


@pytest.fixture
def consulted(consultation):
    """The consultation, its opening e-mail already sent (only the comments' rows remain)."""
    OutboxMessage.objects.update(sent_at=timezone.now())
    return consultation


@pytest.fixture
def published(monkeypatch):
    """Record what would go to the broker instead of sending it."""
    sent = []
    task = celery_app.tasks["impact.tasks.send_comment_created"]
    monkeypatch.setattr(task, "apply_async", lambda args, **options: sent.append(tuple(args)))
    return sent


def test_a_comment_writes_its_email_task_and_sends_it_at_commit(
    client_as, delegate, consultation, django_capture_on_commit_callbacks
):
    url = reverse("impact-consultation-comment", args=[consultation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client_as(delegate).post(url, {"kind": "question", "target": "study", "body": "Q ?"})
    comment = Comment.objects.get(body="Q ?")
    message = OutboxMessage.objects.get(task="impact.tasks.send_comment_created")
    assert message.args == [comment.pk]
    assert message.sent_at is not None and message.attempts == 1


def test_a_write_rolled_back_asks_for_nothing(delegate, consultation):
    before = OutboxMessage.objects.count()  # the consultation's opening e-mail
    with pytest.raises(RuntimeError), transaction.atomic():
        write_comment(consultation, delegate)
        raise RuntimeError("the write fails after the comment")
    assert OutboxMessage.objects.count() == before
    assert not OutboxMessage.objects.filter(task="impact.tasks.send_comment_created").exists()


def test_with_a_broker_the_request_sends_nothing_and_the_relay_sends_once(
    broker_mode, published, delegate, consulted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = write_comment(consulted, delegate)
    assert published == []
    message = OutboxMessage.objects.get(task=CREATED)
    assert message.sent_at is None
    assert outbox.relay_pending() == 1
    assert outbox.relay_pending() == 0
    assert published == [(comment.pk,)]
    assert OutboxMessage.objects.get(task=CREATED).sent_at is not None


def test_a_broker_error_keeps_the_row_for_the_next_look(
    broker_mode, monkeypatch, delegate, consulted
):
    comment = write_comment(consulted, delegate)
    task = celery_app.tasks["impact.tasks.send_comment_created"]

    def broker_down(args, **options):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(task, "apply_async", broker_down)
    assert outbox.relay_pending() == 0
    message = OutboxMessage.objects.get(task=CREATED)
    assert message.sent_at is None and message.claimed_at is None
    assert message.attempts == 1 and "Connection refused" in message.last_error

    sent = []
    monkeypatch.setattr(task, "apply_async", lambda args, **options: sent.append(args))
    assert outbox.relay_pending() == 1
    assert sent == [[comment.pk]]
    message.refresh_from_db()
    assert message.attempts == 2 and message.last_error == ""


def test_a_row_claimed_by_another_relay_is_not_sent_twice(
    broker_mode, published, delegate, consulted
):
    write_comment(consulted, delegate)
    message = OutboxMessage.objects.get(task=CREATED)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now())
    assert outbox.publish(message.pk) is False
    assert published == []
    # A claim left by a relay that died is taken over after CLAIM_STALE.
    long_ago = timezone.now() - outbox.CLAIM_STALE - datetime.timedelta(seconds=1)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=long_ago)
    assert outbox.publish(message.pk) is True
    assert len(published) == 1


def test_the_health_page_reports_the_oldest_pending_task(
    client, broker_mode, published, delegate, consulted
):
    write_comment(consulted, delegate)
    OutboxMessage.objects.filter(task=CREATED).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    body = client.get(reverse("health")).content.decode()
    assert body.splitlines()[0] == "ok"
    assert "outbox: 1 pending, oldest 3" in body  # 300 s and a little


def test_the_health_page_says_when_nothing_waits(client, db):
    assert client.get(reverse("health")).content.decode() == "ok\noutbox: 0 pending, oldest 0 s\n"


def test_administrators_read_the_waiting_tasks_in_the_admin_site(
    client, administrator, broker_mode, published, delegate, consulted
):
    administrator.is_staff = True
    administrator.save(update_fields=["is_staff"])
    write_comment(consulted, delegate)
    client.force_login(administrator)
    page = client.get(reverse("admin:services_outboxmessage_changelist") + "?sent_at__isnull=True")
    assert page.status_code == 200
    assert "impact.tasks.send_comment_created" in page.content.decode()


def test_sent_rows_are_forgotten_after_a_month_and_waiting_ones_never(
    broker_mode, published, delegate, consulted
):
    write_comment(consulted, delegate)  # waits: never purged
    month_ago = timezone.now() - datetime.timedelta(days=31)
    OutboxMessage.objects.filter(sent_at__isnull=False).update(sent_at=month_ago)
    assert outbox.outbox_purge() == 1  # the consultation's opening e-mail, sent long ago
    assert list(OutboxMessage.objects.values_list("task", "sent_at")) == [(CREATED, None)]
