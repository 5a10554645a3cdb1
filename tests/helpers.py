"""Helpers shared by the tests: builders of objects and answers, and test-only constants.

Fixtures live in conftest.py files (tests/conftest.py and each topic's) and in
tests/fixtures/ (the ones several topics use); test modules never import each other.
"""

import copy
import datetime
import os
import socket
from decimal import Decimal
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from impact.consultation import actions as consultation_actions
from impact.consultation.models import Comment
from impact.scores import actions as score_actions
from impact.scores.selectors import method_parameters, method_settings_get
from impact.studies.models import Study, StudyVersion
from services.models import Role, Service
from surveys.models import Inventory, InventoryTask

ROOT = Path(__file__).resolve().parents[1]
REQUIRE_SERVICES = os.environ.get("IMPACT_REQUIRE_SERVICES") == "1"
PASSWORD = "correct-horse-battery-staple"


def require_service(name: str, reachable: bool, reason: str) -> None:
    """Skip when a real service is missing, but fail in CI (IMPACT_REQUIRE_SERVICES=1)."""
    if reachable:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{name} is required in CI but unreachable: {reason}")
    pytest.skip(f"{name} unreachable ({reason}); set IMPACT_REQUIRE_SERVICES=1 to make this fail")


def make_inventory(campaign, service):
    """An inventory not yet started, its roles taken from the organisation chart."""
    from surveys.actions.campaigns import inventories_create

    return inventories_create(campaign=campaign, service_ids=[service.pk])[0]


def service_reachable(url_env: str, port: int) -> bool:
    if not os.environ.get(url_env):
        return False
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


def worker_database_url() -> str:
    """The URL of the test database pytest-django created, for the worker process."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a real worker shares the test database only on PostgreSQL")
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


# --- Inventories ------------------------------------------------------------------------

COMPLETE_ANSWERS = {
    "service": {
        "missions": "Tenir les registres d'état civil.",
        "public": ["habitants"],
        "yearly_requests": 12000,
    },
    "ai_use": {"tools": ["none"]},
    "concerns": {"agents_consulted": "yes"},
}


def section_post(revision: int, **answers) -> dict:
    return {"revision": revision, **answers}


def task_post(revision: int, rows: list[dict], existing: int = 0) -> dict:
    """The POST data of a role's task formset with the given rows."""
    data = {
        "revision": revision,
        "tasks-TOTAL_FORMS": len(rows),
        "tasks-INITIAL_FORMS": existing,
        "tasks-MIN_NUM_FORMS": 0,
        "tasks-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"tasks-{index}-{key}"] = value
    return data


def task_row(description: str, share, task_type="rediger-courrier", data_class="D2", **extra):
    return {
        "description": description,
        "time_share": share,
        "task_type": task_type,
        "data_class": data_class,
        **extra,
    }


def complete(inventory) -> None:
    """Fill every required answer and give each role one task of 100 % (no view, no rule)."""
    inventory.answers = COMPLETE_ANSWERS
    inventory.status = inventory.Status.DRAFT
    inventory.save()
    for role in inventory.roles.all():
        InventoryTask.objects.create(
            inventory_role=role,
            description="Rédiger les courriers",
            time_share=100,
            task_type="rediger-courrier",
            data_class="D2",
        )


def fill_inventory(inventory):
    """Officer: 60 % letters (E1, 0.605, D2) + 40 % desk (E0, 0.39); clerk: 100 % desk."""
    inventory.answers = COMPLETE_ANSWERS
    inventory.save()
    officer = inventory.roles.get(title="Officier d'état civil")
    clerk = inventory.roles.get(title="Agent d'accueil")
    add_task(officer, "Courriers", 60, "rediger-courrier", "D2")
    add_task(officer, "Guichet", 40, "accueillir-guichet", "D2")
    add_task(clerk, "Guichet", 100, "accueillir-guichet", "D1")
    return officer, clerk


# --- The study campaign (tests/scores/test_figures.py says what it holds) ----------------

JUSTIFICATION = "Les courriers suivent des modèles : l'assistant en rédige presque tout."
HOSTILE_TITLE = "<script>alert(1)</script>"


def add_task(role, description, share, task_type, data_class, **extra):
    return InventoryTask.objects.create(
        inventory_role=role,
        description=description,
        time_share=share,
        task_type=task_type,
        data_class=data_class,
        **extra,
    )


def finish_inventory(inventory, answers, status=Inventory.Status.VALIDATED):
    inventory.answers = answers
    inventory.status = status
    inventory.save()
    return score_actions.inventory_score(inventory=inventory, trigger="validated")


def fill_population(inventory, clerk_title="Agent d'accueil"):
    officer = inventory.roles.get(title="Officier d'état civil")
    clerk = inventory.roles.get(title="Agent d'accueil")
    if clerk_title != clerk.title:
        clerk.title = clerk_title
        clerk.save()
    add_task(officer, "Courriers", 60, "rediger-courrier", "D1", intensity="0.85",
          justification=JUSTIFICATION)  # fmt: skip
    add_task(officer, "Actes", 40, "tenir-etat-civil", "D2")
    add_task(clerk, "Guichet", 50, "accueillir-guichet", "D2")
    add_task(clerk, "Renseigner", 50, "renseigner-usagers", "D2")
    answers = {
        "service": {"missions": "Tenir les registres.", "yearly_requests": 12000},
        "ai_use": {
            "tools": ["public_chatbot"],
            "tasks_with_ai": "Reformuler des courriers.",
            "data_typed": ["D2", "D3"],
        },
        "opportunities": {
            "improvements": ["faster_answers", "translation"],
            "improvement_details": "Répondre plus vite aux demandes d'actes.",
            "needs": "Un outil hébergé par la ville.",
        },
        "concerns": {
            "agents_concerns": "Perdre le contact avec les familles.",
            "training": "Savoir ce qui peut être saisi.",
            "stay_human": "La célébration des mariages.",
            "agents_consulted": "yes",
            "share_consulted": 80,
        },
    }
    return finish_inventory(inventory, answers)


def fill_green_spaces(inventory):
    gardener = inventory.roles.get(title="Jardinier")
    add_task(gardener, "Tondre", 95, "entretenir-espaces-verts", "D0")
    add_task(gardener, "Rapports", 5, "rediger-note", "D1")
    answers = {
        "service": {"missions": "Entretenir les parcs.", "yearly_requests": 2400},
        "ai_use": {"tools": ["none"]},
        "opportunities": {"improvements": ["less_admin"], "needs": "Des tablettes."},
        "concerns": {"agents_concerns": "Aucune.", "agents_consulted": "no"},
    }
    return finish_inventory(inventory, answers)


def add_unvalidated_service(campaign, directorate):
    service = Service.objects.create(directorate=directorate, name="Accueil")
    Role.objects.create(service=service, title="Agent polyvalent", headcount=5, fte="5.00")
    inventory = make_inventory(campaign, service)
    add_task(inventory.roles.get(), "Rédiger", 100, "rediger-courrier", "D0")
    return finish_inventory(inventory, {}, status=Inventory.Status.SUBMITTED)


def hostile_campaign(campaign, inventory_a, inventory_b):
    """The same campaign, with a role title that tries to inject a script."""
    fill_population(inventory_a, clerk_title=HOSTILE_TITLE)
    fill_green_spaces(inventory_b)
    return campaign


def params():
    return method_parameters(method_settings_get())


# --- The dashboard campaign -----------------------------------------------------------------

# A campaign small enough to compute every dashboard figure by hand (36 agents).
#
# Population (16 agents)
#   État civil (11, headed by head_a)
#     R1 Officier d'état civil, 6: 60 % letters (E1, 0.605, D2), 40 % desk (E0, 0.39, D2)
#     R2 Agent d'accueil, 4: 100 % desk (E0, 0.39, D1)
#     R3 Responsable de l'état civil, 1: 100 % minutes (E1, 0.635, D1)
#   Élections (3): R6 Agent des élections, 3: 50 % data entry (E2, 0.725, D2), 50 % desk (D2)
#   Cimetières (2): R4 Agent funéraire, 2: 50 % letters (E1, 0.605, D2), 50 % desk (D2)
# Cadre de vie (20)
#   Espaces verts (20, headed by head_b): R5 Jardinier, 20: 100 % green spaces (E0, 0.12, D0)
# (intensities: the task types' defaults, surveys/data/task_types.json)
#
# Role measures: beta R1 0.6, R2 0, R3 1, R6 0.25, R4 0.5, R5 0; gradients R1, R4, R6 gradient 3,
# R3 gradient 4, R2 and R5 not exposed. With the default threshold of 3, persons other than
# administrators see R3 folded (1 agent) with R2 (secondary folding: 1 < 3), and Cimetières
# folded (2) with Élections (secondary), hence R4 and R6 too.

TASKS = {
    "Officier d'état civil": [
        ("Courriers", 60, "rediger-courrier", "D2"),
        ("Guichet", 40, "accueillir-guichet", "D2"),
    ],
    "Agent d'accueil": [("Guichet", 100, "accueillir-guichet", "D1")],
    "Responsable de l'état civil": [("Notes", 100, "rediger-compte-rendu", "D1")],
    "Agent des élections": [
        ("Listes électorales", 50, "saisir-donnees", "D2"),
        ("Accueil des électeurs", 50, "accueillir-guichet", "D2"),
    ],
    "Agent funéraire": [
        ("Courriers aux familles", 50, "rediger-courrier", "D2"),
        ("Accueil des familles", 50, "accueillir-guichet", "D2"),
    ],
    "Jardinier": [("Entretien des parcs", 100, "entretenir-espaces-verts", "D0")],
}


def answers(yearly_requests: int, ai_use: dict) -> dict:
    result = copy.deepcopy(COMPLETE_ANSWERS)
    result["service"]["yearly_requests"] = yearly_requests
    result["ai_use"] = ai_use
    return result


def validated_and_scored(campaign, service, answers_: dict, tasks: dict = TASKS) -> Inventory:
    """An inventory of ``service`` with the given tasks by role title, validated and scored."""
    inventory = make_inventory(campaign, service)
    for role in inventory.roles.all():
        for position, (description, share, task_type, data_class) in enumerate(tasks[role.title]):
            InventoryTask.objects.create(
                inventory_role=role,
                position=position,
                description=description,
                time_share=Decimal(share),
                task_type=task_type,
                data_class=data_class,
            )
    Inventory.objects.filter(pk=inventory.pk).update(
        status=Inventory.Status.VALIDATED, answers=answers_
    )
    inventory.refresh_from_db()
    score_actions.inventory_score(inventory=inventory, trigger="validated")
    return inventory


# --- Consultation ---------------------------------------------------------------------------

HOSTILE_COMMENT = (
    '<script>alert("x")</script> <a href="javascript:alert(1)">clic</a> javascript:alert(2)'
)
SNAPSHOT = {
    "meta": {"small_groups_folded": True},  # as every version made since studies fold them
    "services": [
        {
            "name": "État civil",
            "directorate": "Population",
            "roles": [{"title": "Agent d'accueil"}, {"title": "Officier d'état civil"}],
        }
    ],
}
ROLE_OFFICER = "role:0:1"  # the target choice of "Officier d'état civil"


def make_version(study: Study, number: int, snapshot: dict | None = None) -> StudyVersion:
    version = StudyVersion(
        study=study, number=number, method_version="1.0", parameters={},
        snapshot=SNAPSHOT if snapshot is None else snapshot, sha256="0" * 64, page_count=1,
    )  # fmt: skip
    version.pdf.save(f"etude-v{number}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    version.save()
    return version


def write_comment(
    consultation, author, kind=Comment.Kind.QUESTION, body="Une question ?", **target
):
    """A comment written through the action (e-mails are not sent: no commit here)."""
    target = target or {"target": Comment.Target.STUDY}
    return consultation_actions.comment_create(
        actor=author, consultation=consultation, kind=kind, body=body, **target
    )


def detail_url(consultation) -> str:
    return reverse("impact-consultation-detail", args=[consultation.pk])


def comment_url(name: str, item: Comment) -> str:
    return reverse(name, args=[item.consultation_id, item.pk])


def pass_deadline(consultation, days: int = 1) -> None:
    """Move the deadline into the past (the table, not the action: nothing allows that)."""
    type(consultation).objects.filter(pk=consultation.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=days)
    )
    consultation.refresh_from_db()


# --- Published reference data sets (tests marked ``reference``) ---------------------------------
# Default: ../shared/reference beside the repository (where CI lays them); override with
# IMPACT_REFERENCE_DIR. A missing folder skips the test, except in CI (CI=true), where it fails:
# a green CI run must have checked the reproduction.

DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
ILO_XLSX = Path("ilo") / "Final_Scores_ISCO08_Gmyrek_et_al_2025.xlsx"


def reference_dir() -> Path:
    """The reference folder; skip (or fail in CI) when it or the ILO file is missing."""
    override = os.environ.get("IMPACT_REFERENCE_DIR")
    path = Path(override) if override else DEFAULT_REFERENCE_DIR
    if not (path / ILO_XLSX).is_file():
        message = (
            f"Reference data not found: {path / ILO_XLSX} is missing. "
            "Set IMPACT_REFERENCE_DIR to the folder holding ilo/ and esco/."
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@cache
def _read_ilo_scores(path: Path) -> pd.DataFrame:
    return pd.read_excel(path / ILO_XLSX, dtype={"ISCO_08": str})


def ilo_scores() -> pd.DataFrame:
    """The task-level ILO file (3,266 rows), read once per test session."""
    return _read_ilo_scores(reference_dir()).copy()
