"""The Celery application.

With ``REDIS_URL`` unset, settings make Celery run every task in-process
(``task_always_eager``), so a laptop needs nothing but Python. With it set,
tasks go to Redis and a worker started by ``make worker`` runs them.
"""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impact.settings")

app = Celery("impact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules are also imported by the apps' ready(): actions send tasks by name.
app.autodiscover_tasks(
    [
        "impact.scores",
        "impact.studies",
        "impact.consultation",
        "impact.voice",
        "surveys",
        "services",
    ]
)


@app.task(name="impact.tasks.ping", ignore_result=False)
def ping() -> str:
    """Answer "pong": lets operators and CI check that a worker picks up tasks."""
    return "pong"


@worker_ready.connect
def _start_outbox_relay(**kwargs) -> None:
    """Each worker publishes the outbox's pending tasks (services.web.outbox)."""
    from services.web.outbox import start_relay_thread

    start_relay_thread()
