"""Celery tasks of the organisation app's site plumbing."""

from celery import shared_task

from services.web.outbox import outbox_purge, relay_pending
from services.web.submissions import submissions_purge


@shared_task(name="services.tasks.relay_outbox", ignore_result=True)
def relay_outbox() -> int:
    """Periodic (beat, every 30 s): publish the outbox rows no worker's relay thread sent."""
    return relay_pending()


@shared_task(name="services.tasks.purge_sent_records", ignore_result=True)
def purge_sent_records() -> int:
    """Daily (beat): forget outbox rows sent a month ago and form tokens a week old."""
    return outbox_purge() + submissions_purge()
