"""Celery tasks of the organisation app's site plumbing."""

from celery import shared_task

from services.web.outbox import relay_pending


@shared_task(name="services.tasks.relay_outbox", ignore_result=True)
def relay_outbox() -> int:
    """Periodic (beat, every 30 s): publish the outbox rows no worker's relay thread sent."""
    return relay_pending()
