"""The suite's second pass in CI runs on PostgreSQL with Redis and a real Celery worker."""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from impact.celery import app as celery_app
from impact.celery import ping
from tests.helpers import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


@pytest.mark.django_db
def test_database_is_postgresql_when_services_are_required():
    if not REQUIRE_SERVICES:
        pytest.skip("runs in CI's services pass (IMPACT_REQUIRE_SERVICES=1)")
    assert connection.vendor == "postgresql"


def test_real_worker_runs_a_task_sent_through_redis(celery_worker_process):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    assert celery_app.conf.task_always_eager is False  # the app really sends to Redis
    assert ping.delay().get(timeout=30) == "pong"


def _completed_inventory():
    """A complete draft inventory of a one-role service, and its head (committed rows)."""
    from services.models import Directorate, Organisation, Persona, Role, Service, User
    from surveys.actions.questionnaires import questionnaire_load
    from surveys.models import Campaign
    from surveys.questionnaires import shipped_questionnaire_files
    from tests.helpers import complete, make_inventory

    organisation = Organisation.objects.create(name="Ville réelle")
    directorate = Directorate.objects.create(organisation=organisation, name="Population")
    service = Service.objects.create(directorate=directorate, name="État civil")
    Role.objects.create(service=service, title="Officier", headcount=3, fte="3")
    head = User.objects.create_user("chef", persona=Persona.HEAD)
    head.services.add(service)
    questionnaire, _ = questionnaire_load(path=shipped_questionnaire_files()[0])
    campaign = Campaign.objects.create(
        title="C", slug="c", questionnaire=questionnaire, status=Campaign.Status.OPEN,
        opens_on="2026-11-01", closes_on="2026-12-01",
    )  # fmt: skip
    inventory = make_inventory(campaign, service)
    complete(inventory)
    return inventory, head


@pytest.mark.django_db(transaction=True)
def test_submitting_an_inventory_is_scored_by_the_real_worker(celery_worker_process):
    from impact.scores.models import InventoryScore
    from surveys.actions.inventories import inventory_submit

    inventory, head = _completed_inventory()
    inventory_submit(actor=head, inventory=inventory, revision=inventory.revision)

    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and not InventoryScore.objects.filter(inventory=inventory).exists()
    ):
        time.sleep(0.5)
    score = InventoryScore.objects.get(inventory=inventory)
    assert score.trigger == "submitted"
    assert score.roles.get().title == "Officier"


@pytest.mark.django_db(transaction=True)
def test_a_requested_study_reaches_done_with_the_real_worker(celery_worker_process):
    from impact.scores.actions import inventory_score
    from impact.studies.actions import study_request
    from impact.studies.models import Study, StudyJob
    from services.models import Persona, User
    from surveys.models import Inventory

    inventory, _head = _completed_inventory()
    Inventory.objects.filter(pk=inventory.pk).update(status=Inventory.Status.VALIDATED)
    inventory_score(inventory=inventory, trigger="validated")
    admin = User.objects.create_user("pilote", persona=Persona.ADMINISTRATOR)

    job = study_request(actor=admin, campaign=inventory.campaign, scope=Study.Scope.COLLECTIVITE)

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in {StudyJob.Status.DONE, StudyJob.Status.FAILED}:
            break
        time.sleep(1)
    assert job.status == StudyJob.Status.DONE, job.message
    assert job.version.number == 1 and job.version.page_count > 1
    assert Inventory.objects.get(pk=inventory.pk).status == Inventory.Status.VALIDATED
