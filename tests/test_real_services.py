"""The suite's second pass in CI runs on PostgreSQL with Redis and a real Celery worker."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from impact.celery import app as celery_app
from impact.tasks import ping
from tests.conftest import REQUIRE_SERVICES, require_service

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.services


def _reachable(url_env: str, port: int) -> bool:
    if not os.environ.get(url_env):
        return False
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
def test_database_is_postgresql_when_services_are_required():
    if not REQUIRE_SERVICES:
        pytest.skip("runs in CI's services pass (IMPACT_REQUIRE_SERVICES=1)")
    assert connection.vendor == "postgresql"


@pytest.fixture(scope="module")
def celery_worker_process():
    require_service("Redis", _reachable("REDIS_URL", 6379), "REDIS_URL unset or port closed")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "impact",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not celery_app.control.ping(timeout=1):
        if worker.poll() is not None:
            pytest.fail("the Celery worker exited at start-up")
    yield worker
    worker.terminate()
    worker.wait(timeout=30)


def test_real_worker_runs_a_task_sent_through_redis(celery_worker_process):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    assert celery_app.conf.task_always_eager is False
    assert ping.delay().get(timeout=30) == "pong"
