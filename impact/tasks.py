"""Celery tasks of the impact app. Tasks stay thin: ids in, one action called."""

from celery import shared_task


@shared_task(ignore_result=False)
def ping() -> str:
    """Answer "pong": lets operators and CI check that a worker picks up tasks."""
    return "pong"
