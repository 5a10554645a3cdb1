"""A database built by an older revision migrates forward with no data lost.

The fixture in ``data/`` was written by the old revision's own code (``migrate`` then
``load_demo``, see ``scripts/build_legacy_database.py``), so it holds what a real
deployment of that revision holds, study PDF included. Today's ``manage.py migrate`` runs
on a copy of it; then every table must keep its rows, the study version must still be
found through today's ORM with the same fingerprint and the same PDF bytes, and a few key
rows must read back unchanged.

Everything runs in subprocesses on a private SQLite copy in ``tmp_path``: no pytest-django
database, so the test is the same whether the suite itself runs on SQLite or PostgreSQL.
Models are reached through ``apps.get_model`` (app label and model name), never through
module paths, which are free to move.
"""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
# Each revision listed has its fixture committed in data/; a missing one fails, never skips.
LEGACY_REVISIONS = ("6934df5",)
# Tables whose row count a current migration changes on purpose, relative to the fixture:
# table -> rows added (negative: removed), or None when the table is dropped on purpose.
# Name the migration in a comment. A new model, for instance, adds rows to
# django_content_type and auth_permission (post_migrate).
ROW_CHANGES: dict[str, int | None] = {
    # services 0003_form_submission and 0004_outbox, impact 0006_rescore_job and
    # 0007_agent_survey: the content types of FormSubmission, OutboxMessage, RescoreJob,
    # AgentSurvey, AgentCode, AgentAnswer, AgentTaskAnswer and PendingAnswer and their four
    # permissions each (add, change, delete, view), made by post_migrate.
    "django_content_type": 8,
    "auth_permission": 32,
}
# The demo accounts' password when the fixture was built (the script clears IMPACT_*).
DEMO_USERNAME, DEMO_PASSWORD = "pilote", "demo"
TIMEOUT_SECONDS = 300
# Project variables of the calling shell (CI's PostgreSQL DATABASE_URL, REDIS_URL,
# IMPACT_REQUIRE_SERVICES...) must not reach the subprocesses: they set their own.
SCRUBBED_PREFIXES = ("DJANGO_", "IMPACT_", "EMAIL_", "CELERY_")
SCRUBBED_NAMES = {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "DEFAULT_FROM_EMAIL"}

# Runs manage.py with the arguments given, after refusing any connection off the loopback,
# as tests/conftest.py does in the test process: the subprocess must stay on the machine.
MANAGE_ON_LOOPBACK = """
import ipaddress, os, runpy, socket, sys

_connect = socket.socket.connect

def _loopback_only(sock, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise RuntimeError(f"manage.py tried to open a connection to {address!r}.")
    return _connect(sock, address)

socket.socket.connect = _loopback_only
sys.path.insert(0, os.getcwd())
sys.argv = ["manage.py", *sys.argv[1:]]
runpy.run_path("manage.py", run_name="__main__")
"""

# Read back through today's ORM what the fixture recorded with plain SQL. Parameters come
# in UPGRADE_PROBE (JSON); the answer is one JSON line after the PROBE marker.
ORM_PROBE = """
import hashlib, json, os
from django.apps import apps
from django.db.models import Count

probe = json.loads(os.environ["UPGRADE_PROBE"])
StudyVersion = apps.get_model("impact", "StudyVersion")
Organisation = apps.get_model("services", "Organisation")
User = apps.get_model("services", "User")
Campaign = apps.get_model("surveys", "Campaign")
Inventory = apps.get_model("surveys", "Inventory")

version = StudyVersion.objects.filter(pk=probe["version_id"]).first()
found = None
if version is not None:
    with version.pdf.open("rb") as handle:
        pdf_sha256 = hashlib.sha256(handle.read()).hexdigest()
    found = {
        "id": version.pk,
        "study_id": version.study_id,
        "number": version.number,
        "page_count": version.page_count,
        "sha256": version.sha256,
        "pdf": version.pdf.name,
        "pdf_sha256": pdf_sha256,
    }
demo = User.objects.filter(username=probe["username"]).first()
answer = {
    "study_version": found,
    "samples": {
        "organisations": [list(row) for row in Organisation.objects.order_by("pk").values_list("pk", "name")],
        "users_by_persona": dict(User.objects.values_list("persona").annotate(n=Count("pk")).values_list("persona", "n")),
        "campaigns": [list(row) for row in Campaign.objects.order_by("pk").values_list("pk", "slug", "title")],
        "inventories_by_status": dict(Inventory.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")),
    },
    "demo_login": demo is not None and demo.check_password(probe["password"]),
}
print("PROBE " + json.dumps(answer, ensure_ascii=False))
"""


@dataclass
class Migrated:
    """A legacy fixture after today's migrate: what it recorded, and what is there now."""

    record: dict
    env: dict[str, str]
    row_counts: dict[str, int]
    migrations: set[tuple[str, str]]


def subprocess_env(database: Path, media: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in SCRUBBED_NAMES and not name.startswith(SCRUBBED_PREFIXES)
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "impact.settings",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Today's ``manage.py``, run from the repository root."""
    return subprocess.run(
        [sys.executable, "-c", MANAGE_ON_LOOPBACK, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )


def explain(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def read_database(database: Path) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """Row counts of every table, and the applied migrations, with plain SQL."""
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_") and name != "django_migrations"
        ]
        counts = {
            name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in tables
        }
        migrations = set(connection.execute("SELECT app, name FROM django_migrations"))
    finally:
        connection.close()
    return counts, migrations


@pytest.fixture(scope="module", params=LEGACY_REVISIONS)
def migrated(request, tmp_path_factory):
    """Unpack the revision's fixture into a temporary folder and migrate it once."""
    revision = request.param
    record = json.loads((DATA / f"legacy-{revision}.json").read_text("utf-8"))
    folder = tmp_path_factory.mktemp(f"legacy-{revision}")
    database, media = folder / "legacy.sqlite3", folder / "media"
    with gzip.open(DATA / record["database"], "rb") as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    media.mkdir()
    with tarfile.open(DATA / record["media"], "r:gz") as tar:
        tar.extractall(media, filter="data")
    env = subprocess_env(database, media)

    result = manage(env, "migrate", "--noinput")
    assert result.returncode == 0, f"migrate failed on the {revision} database:\n{explain(result)}"
    # Read before any other check runs, so nothing done afterwards can blur the counts.
    row_counts, migrations = read_database(database)
    yield Migrated(record=record, env=env, row_counts=row_counts, migrations=migrations)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def probed(migrated):
    """What today's ORM reads back from the migrated database."""
    env = migrated.env | {
        "UPGRADE_PROBE": json.dumps(
            {
                "version_id": migrated.record["study_version"]["id"],
                "username": DEMO_USERNAME,
                "password": DEMO_PASSWORD,
            }
        )
    }
    result = manage(env, "shell", "--no-imports", "-c", ORM_PROBE)
    assert result.returncode == 0, explain(result)
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert len(lines) == 1, explain(result)
    return json.loads(lines[0].removeprefix("PROBE "))


def test_the_fixture_holds_demo_data(migrated):
    """A nearly empty fixture would prove nothing: it must hold the demo and its PDF."""
    recorded = migrated.record
    assert recorded["tables"]["impact_studyversion"] >= 1
    assert recorded["tables"]["services_user"] >= 1
    assert recorded["study_version"]["pdf_sha256"] == recorded["study_version"]["sha256"]
    assert set(ROW_CHANGES) <= set(recorded["tables"]), "ROW_CHANGES names an unknown table"


def test_every_table_keeps_exactly_its_rows(migrated):
    expected = {
        table: None if ROW_CHANGES.get(table, 0) is None else count + ROW_CHANGES.get(table, 0)
        for table, count in migrated.record["tables"].items()
    }
    # A table that is gone reads as None, like one dropped on purpose.
    found = {table: migrated.row_counts.get(table) for table in expected}
    assert found == expected


def test_recorded_migrations_are_still_applied(migrated):
    recorded = {(app, name) for app, name in migrated.record["migrations"]}
    assert recorded <= migrated.migrations, sorted(recorded - migrated.migrations)


def test_nothing_is_left_to_apply(migrated):
    result = manage(migrated.env, "migrate", "--check", "--noinput")
    assert result.returncode == 0, explain(result)


def test_study_version_and_its_pdf_survive(migrated, probed):
    recorded = migrated.record["study_version"]
    found = probed["study_version"]
    assert found is not None, f"study version {recorded['id']} is gone"
    assert found["sha256"] == recorded["sha256"]
    assert found["pdf_sha256"] == recorded["pdf_sha256"]
    assert found == recorded


def test_key_rows_survive(migrated, probed):
    assert probed["samples"] == migrated.record["samples"]
    # Password hashes survive too: the demo account still signs in with its password.
    assert probed["demo_login"] is True
