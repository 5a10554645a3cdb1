"""The outbox: every task an action asks for is a row first, published to Celery after.

``outbox_send(name, *args)`` writes an ``OutboxMessage`` in the caller's transaction. Then:

- without a broker (``make run``, tests: Celery eager), the task runs in-process as soon as the
  transaction commits, as it always did;
- with a broker, the request does nothing more: it never talks to Redis, so a broker that is
  down or frozen neither fails nor slows it. The relay publishes pending rows: a thread of each
  Celery worker looks every ``RELAY_INTERVAL`` seconds (``relay_forever``), and Celery beat
  sends ``services.tasks.relay_outbox`` every 30 s as a second way in.

A row is published under a claim (a conditional update), so two relays never send it twice;
a claim left by a relay that died is taken over after ``CLAIM_STALE``. The health page reports
the oldest pending row; the admin site lists them.
"""

from __future__ import annotations

import datetime
import logging
import threading

from celery import current_app
from django.db import close_old_connections, connection, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from services.models import OutboxMessage

logger = logging.getLogger(__name__)
RELAY_INTERVAL = 1.0  # seconds between two looks of a worker's relay thread
CLAIM_STALE = datetime.timedelta(minutes=2)
BATCH = 200


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)


def outbox_send(name: str, *args) -> OutboxMessage:
    """Ask for task ``name`` with ``args`` (JSON values), done once the transaction commits."""
    message = OutboxMessage.objects.create(task=name, args=list(args))
    if _eager():
        transaction.on_commit(lambda: publish(message.pk))
    return message


def publish(pk: int) -> bool:
    """Send one pending row to Celery and mark it sent; False if another relay has it.

    A broker error releases the claim and records the error: the next look sends it. In eager
    mode the task runs here, and its own error propagates as it did before the outbox.
    """
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_STALE)
    claimed = OutboxMessage.objects.filter(claimable, pk=pk, sent_at__isnull=True).update(
        claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=pk)
    try:
        current_app.tasks[message.task].apply_async(message.args, retry=False)
    except Exception as error:
        OutboxMessage.objects.filter(pk=pk).update(claimed_at=None, last_error=str(error)[:2000])
        if _eager():
            raise
        logger.warning("Outbox row %s (%s) not sent: %s", pk, message.task, error)
        return False
    OutboxMessage.objects.filter(pk=pk).update(sent_at=timezone.now(), last_error="")
    return True


def relay_pending(*, limit: int = BATCH) -> int:
    """Publish the oldest pending rows (at most ``limit``); return how many were sent.

    Stops at the first broker error: the broker is down, the rest waits for the next look.
    """
    stale = timezone.now() - CLAIM_STALE
    pending = (
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in list(pending):
        if publish(pk):
            sent += 1
        elif OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True, claimed_at=None).exists():
            break  # released after a broker error
    return sent


def outbox_waiting(name: str, *args, older_than: datetime.timedelta | None = None) -> bool:
    """True if a row asking for ``name`` with ``args`` is not sent yet (and older than given)."""
    rows = OutboxMessage.objects.filter(task=name, args=list(args), sent_at__isnull=True)
    if older_than is not None:
        rows = rows.filter(created_at__lt=timezone.now() - older_than)
    return rows.exists()


def pending_summary() -> tuple[int, datetime.timedelta | None]:
    """How many rows wait to be sent, and how long the oldest has waited (one query)."""
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    age = timezone.now() - pending["oldest"] if pending["oldest"] else None
    return pending["count"], age


def relay_forever(stop: threading.Event, interval: float = RELAY_INTERVAL) -> None:
    """The relay loop of a worker's thread: look, publish, sleep, until ``stop`` is set."""
    while not stop.is_set():
        try:
            close_old_connections()
            relay_pending()
        except Exception:  # the database may be down too: log, and look again later
            logger.exception("Outbox relay failed")
            connection.close()
        stop.wait(interval)


def start_relay_thread() -> threading.Event:
    """Start the relay thread of this worker process; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=relay_forever, args=(stop,), name="outbox-relay", daemon=True)
    thread.start()
    return stop


def outbox_purge(*, older_than: datetime.timedelta = datetime.timedelta(days=30)) -> int:
    """Delete the rows sent more than ``older_than`` ago; return how many. Unsent rows stay."""
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=timezone.now() - older_than).delete()
    return deleted


__all__ = [
    "outbox_purge",
    "outbox_send",
    "outbox_waiting",
    "pending_summary",
    "publish",
    "relay_pending",
    "start_relay_thread",
]
