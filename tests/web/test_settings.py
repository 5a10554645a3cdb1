"""Settings read from the environment; production refuses to start half-configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing",
    [
        {"DJANGO_ALLOWED_HOSTS": "impact.example.org"},
        {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)},
    ],
)
def test_production_refuses_to_start_without_secret_key_or_hosts(missing):
    result = _manage("check", DJANGO_DEBUG="0", **missing)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_deploy_check_reports_nothing_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="impact.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_unreadable_boolean_is_refused():
    result = _manage("check", DJANGO_DEBUG="peut-être")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 0 or 1" in result.stderr


def test_database_url_selects_the_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = _manage("shell", "-c", code, DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql"
    result = _manage("shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"
