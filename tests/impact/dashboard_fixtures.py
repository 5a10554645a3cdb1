"""A campaign small enough to compute every dashboard figure by hand (36 agents).

Population (16 agents)
  État civil (11, headed by head_a)
    R1 Officier d'état civil, 6: 60 % letters (E1, 0.625, D2), 40 % desk (E0, 0.375, D2)
    R2 Agent d'accueil, 4: 100 % desk (E0, 0.375, D1)
    R3 Responsable de l'état civil, 1: 100 % notes (E1, 0.625, D1)
  Élections (3): R6 Agent des élections, 3: 50 % data entry (E2, 0.625, D2), 50 % desk (D2)
  Cimetières (2): R4 Agent funéraire, 2: 50 % letters (E1, 0.625, D2), 50 % desk (D2)
Cadre de vie (20)
  Espaces verts (20, headed by head_b): R5 Jardinier, 20: 100 % green spaces (E0, 0.125, D0)

Role measures: beta R1 0.6, R2 0, R3 1, R6 0.25, R4 0.5, R5 0; gradients R1, R4, R6 gradient 3,
R3 gradient 4, R2 and R5 not exposed. With the default threshold of 3, persons other than
administrators see R3 folded (1 agent) with R2 (secondary folding: 1 < 3), and Cimetières
folded (2) with Élections (secondary), hence R4 and R6 too.
"""

import copy
from decimal import Decimal

import pytest

from impact.scores import actions
from impact.scores.models import RoleScore
from services.models import Directorate, Role, Service
from surveys.models import Inventory, InventoryTask
from tests.conftest import make_inventory
from tests.surveys.helpers import COMPLETE_ANSWERS

TASKS = {
    "Officier d'état civil": [
        ("Courriers", 60, "rediger-courrier", "D2"),
        ("Guichet", 40, "accueillir-guichet", "D2"),
    ],
    "Agent d'accueil": [("Guichet", 100, "accueillir-guichet", "D1")],
    "Responsable de l'état civil": [("Notes", 100, "rediger-note", "D1")],
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
    actions.inventory_score(inventory=inventory, trigger="validated")
    return inventory


@pytest.fixture
def dashboard_campaign(campaign, service_a, service_b):
    """The campaign of the module docstring; returns a dict of its objects."""
    Role.objects.create(
        service=service_a, title="Responsable de l'état civil", headcount=1, fte="1.00"
    )
    population = service_a.directorate
    elections = Service.objects.create(directorate=population, name="Élections")
    Role.objects.create(service=elections, title="Agent des élections", headcount=3, fte="3.00")
    cemeteries = Service.objects.create(directorate=population, name="Cimetières")
    Role.objects.create(service=cemeteries, title="Agent funéraire", headcount=2, fte="2.00")
    chatbot_and_tool = {"tools": ["public_chatbot", "city_tool"], "data_typed": ["D0", "D1"]}
    inventories = {
        "etat_civil": validated_and_scored(campaign, service_a, answers(12000, chatbot_and_tool)),
        "elections": validated_and_scored(
            campaign, elections, answers(500, {"tools": ["public_chatbot"], "data_typed": ["D2"]})
        ),
        "cimetieres": validated_and_scored(campaign, cemeteries, answers(300, {"tools": ["none"]})),
        "espaces_verts": validated_and_scored(
            campaign, service_b, answers(2400, {"tools": ["none"]})
        ),
    }
    roles = {r.title: r for r in RoleScore.objects.filter(score__inventory__campaign=campaign)}
    return {
        "campaign": campaign,
        "population": population,
        "cadre_de_vie": Directorate.objects.get(name="Cadre de vie"),
        "etat_civil": service_a,
        "elections": elections,
        "cimetieres": cemeteries,
        "espaces_verts": service_b,
        "inventories": inventories,
        "roles": roles,
    }
