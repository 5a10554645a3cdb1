"""The Celery application.

With ``REDIS_URL`` unset, settings make Celery run every task in-process
(``task_always_eager``), so a laptop needs nothing but Python. With it set,
tasks go to Redis and a worker started by ``make worker`` runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impact.settings")

app = Celery("impact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
