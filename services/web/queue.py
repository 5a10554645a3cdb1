"""Sending Celery tasks from actions without importing the task modules.

Task modules import actions (a task takes ids, fetches, calls one action); actions send tasks
by name, so no import runs back up. Every task module is imported at start-up by its app's
``AppConfig.ready()``, so a name is always registered when an action sends it. Task names are
kept stable across module moves: a message queued before an upgrade still finds its task.
"""

from __future__ import annotations

from celery import current_app


def task_send(name: str, *args) -> None:
    """Send the Celery task registered as ``name`` with ``args``.

    Raises what the broker raises when it cannot be reached (kombu, redis, ``OSError``):
    the caller decides whether the work waits for a sweeper or the error is logged.
    With ``REDIS_URL`` unset, the task runs in-process at once.
    """
    current_app.tasks[name].delay(*args)
