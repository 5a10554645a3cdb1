"""The demo campaign (surveys/demo.py, surveys/demo_data.py) and its place in ``load_demo``."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from services.demo import load_demo
from services.demo_data import DIRECTORATES
from services.models import Directorate, Organisation, Service, User
from surveys.actions.questionnaires import questionnaire_load
from surveys.demo import (
    CAMPAIGN_SLUG,
    DemoCampaignError,
    load_demo_campaign,
)
from surveys.demo_data import DEMO_INVENTORIES
from surveys.models import (
    Campaign,
    IntensityStep,
    Inventory,
    InventoryEvent,
    InventoryRole,
    InventoryTask,
    Questionnaire,
)
from surveys.questionnaires import shipped_questionnaire_files
from surveys.selectors import roles_with_tasks
from surveys.task_types import intensity_step, load_task_types
from surveys.validation import changed_defaults, inventory_problems

Status = Inventory.Status
STATUS_COUNTS = {
    "not_started": 43,
    "draft": 5,
    "submitted": 2,
    "returned": 1,
    "validated": 9,
}
TASKS = 194
# Days of history each status needs: started, submitted, reviewed.
STEPS = {"draft": 1, "submitted": 2, "returned": 3, "validated": 3}
COMPLETE = (Status.SUBMITTED, Status.RETURNED, Status.VALIDATED)


def load_questionnaires() -> None:
    for path in shipped_questionnaire_files():
        questionnaire_load(path=path)


@pytest.fixture
def demo(db):
    """The whole demo, as ``load_demo`` loads it; returns the campaign step's report."""
    load_demo()
    load_questionnaires()
    return load_demo_campaign()


def campaign_inventory(service_name: str) -> Inventory:
    return Inventory.objects.select_related("campaign__questionnaire", "service").get(
        campaign__slug=CAMPAIGN_SLUG, service__name=service_name
    )


def snapshot() -> dict[str, list[tuple]]:
    """Every value the campaign step writes, to compare two runs."""
    return {
        "campaigns": list(
            Campaign.objects.values_list(
                "pk", "slug", "title", "status", "opens_on", "closes_on", "questionnaire_id"
            )
        ),
        "inventories": list(
            Inventory.objects.order_by("pk").values_list(
                "pk",
                "service_id",
                "status",
                "answers",
                "revision",
                "updated_at",
                "submitted_at",
                "validated_at",
            )
        ),
        "roles": list(
            InventoryRole.objects.order_by("pk").values_list(
                "pk", "inventory_id", "role_id", "title", "headcount", "fte", "no_longer_exists"
            )
        ),
        "tasks": list(
            InventoryTask.objects.order_by("pk").values_list(
                "pk",
                "inventory_role_id",
                "description",
                "time_share",
                "task_type",
                "data_class",
                "accountable",
                "exposure",
                "intensity",
                "justification",
            )
        ),
        "events": list(
            InventoryEvent.objects.order_by("pk").values_list(
                "pk", "inventory_id", "actor_id", "from_status", "to_status", "comment", "at"
            )
        ),
    }


# --- The data, without the database ------------------------------------------------------


def test_demo_scripts_name_services_and_roles_of_the_demo_chart():
    chart = {
        name: {row[0] for row in rows} for _, services in DIRECTORATES for name, rows in services
    }
    scripted = [script.service for script in DEMO_INVENTORIES]
    assert len(scripted) == len(set(scripted)) == 17
    for script in DEMO_INVENTORIES:
        titles = chart[script.service] | {role.title for role in script.added_roles}
        assert set(script.roles) <= titles, script.service
        assert set(script.gone_roles) <= chart[script.service], script.service
        assert len(script.days) == STEPS[script.status], script.service
        assert list(script.days) == sorted(set(script.days)), script.service
        assert script.days[-1] < 21, script.service


def test_every_demo_task_uses_the_reference_lists():
    types = {task_type.code: task_type for task_type in load_task_types()}
    tasks = [t for script in DEMO_INVENTORIES for rows in script.roles.values() for t in rows]
    assert len(tasks) == TASKS
    for task in tasks:
        assert task.task_type in types, task.description
        assert task.data_class in {"D0", "D1", "D2", "D3", "D4"}, task.description
        assert task.exposure in {"", "E0", "E1", "E2"}, task.description
        assert task.intensity in {"", *IntensityStep.values}, task.description
        default = types[task.task_type]
        # A value given is a change from the type's default, and says why.
        assert task.exposure in ("", *({"E0", "E1", "E2"} - {default.exposure}))
        assert not task.intensity or intensity_step(task.intensity) != intensity_step(
            default.intensity
        )
        assert bool(task.justification) == bool(task.exposure or task.intensity)


def test_complete_demo_inventories_describe_each_role_in_two_to_six_tasks_making_100():
    chart = {
        name: [row[0] for row in rows] for _, services in DIRECTORATES for name, rows in services
    }
    for script in DEMO_INVENTORIES:
        if script.status not in COMPLETE:
            continue
        expected = [t for t in chart[script.service] if t not in script.gone_roles]
        expected += [role.title for role in script.added_roles]
        assert sorted(script.roles) == sorted(expected), script.service
        for title, rows in script.roles.items():
            assert 2 <= len(rows) <= 6, title
            assert sum(row.share for row in rows) == 100, title


# --- The load ------------------------------------------------------------------------------


def test_load_creates_an_open_campaign_over_every_directorate(demo):
    campaign = Campaign.objects.get()
    today = timezone.localdate()

    assert campaign.slug == "etat-des-lieux-ia-2026"
    assert campaign.title == "État des lieux de l'IA générative 2026"
    assert campaign.status == Campaign.Status.OPEN
    assert campaign.opens_on == today - datetime.timedelta(days=21)
    assert campaign.closes_on == today + datetime.timedelta(days=28)
    assert campaign.questionnaire == Questionnaire.objects.get(slug="etat-des-lieux-ia")
    assert not campaign.directorates.exists()
    assert Inventory.objects.filter(campaign=campaign).count() == Service.objects.count() == 60
    assert demo["campaign"] == "created"
    assert demo["inventories"] == {"created": 60}


def test_inventories_stand_at_every_stage_of_the_workflow(demo):
    counts = {status: Inventory.objects.filter(status=status).count() for status in Status.values}

    assert counts == STATUS_COUNTS
    assert demo["statuses"] == STATUS_COUNTS
    assert demo["tasks"] == InventoryTask.objects.count() == TASKS


def test_inventory_roles_are_copied_from_the_chart(demo):
    inventory = campaign_inventory("Espaces verts")
    gardener = inventory.roles.get(title="Jardinier")

    assert InventoryRole.objects.filter(added_by_head=False).count() == 197
    assert gardener.role.service == inventory.service
    assert (gardener.headcount, gardener.fte, gardener.isco_code) == (100, Decimal("98.50"), "6113")
    assert campaign_inventory("Piscines").roles.count() == 3
    assert not InventoryTask.objects.filter(
        inventory_role__inventory__status=Status.NOT_STARTED
    ).exists()


def test_complete_inventories_pass_every_submit_rule(demo):
    complete = Inventory.objects.filter(status__in=COMPLETE).select_related(
        "campaign__questionnaire"
    )

    assert complete.count() == 12
    for inventory in complete:
        roles = roles_with_tasks(inventory)
        assert inventory_problems(inventory, roles) == [], inventory.service.name
        for role in roles:
            if role.no_longer_exists:
                continue
            assert sum(task.time_share for task in role.tasks.all()) == 100, role.title


def test_validated_inventories_span_several_directorates(demo):
    validated = Inventory.objects.filter(status=Status.VALIDATED)
    names = set(validated.values_list("service__name", flat=True))

    assert validated.values("service__directorate").distinct().count() == 9
    assert {
        "Espaces verts",
        "Carrières et paie",
        "Budget et comptabilité",
        "Urbanisme réglementaire",
        "Accueil social et aides",
        "Médiathèques",
        "Restauration scolaire",
        "Police municipale",
        "Communication et information",
    } == names
    assert set(
        Inventory.objects.filter(status=Status.SUBMITTED).values_list("service__name", flat=True)
    ) == {"Support et infrastructures", "Commande publique"}


def test_etat_civil_is_a_draft_left_for_its_head(demo):
    inventory = campaign_inventory("État civil")
    head = User.objects.get(username="chef.etatcivil")
    roles = roles_with_tasks(inventory)

    assert inventory.status == Status.DRAFT
    assert inventory.service in head.services.all()
    assert inventory.is_editable
    assert inventory.answers["service"]["yearly_requests"] == 38000
    assert "concerns" not in inventory.answers
    assert [role.tasks.count() for role in roles] == [2, 0, 5, 0]
    assert inventory_problems(inventory, roles)
    event = inventory.events.get()
    assert (event.actor, event.from_status, event.to_status) == (head, "not_started", "draft")


def test_every_draft_still_has_something_to_fill(demo):
    drafts = Inventory.objects.filter(status=Status.DRAFT).select_related("campaign__questionnaire")

    assert drafts.count() == 5
    for inventory in drafts:
        assert inventory.answers, inventory.service.name
        assert inventory_problems(inventory, roles_with_tasks(inventory)), inventory.service.name
        assert inventory.submitted_at is None


def test_accueil_is_returned_with_the_pilote_comment(demo):
    inventory = campaign_inventory("Accueil – Relation usagers")
    head = User.objects.get(username="chef.etatcivil")
    pilote = User.objects.get(username="pilote")
    history = list(inventory.events.order_by("at").values_list("actor", "to_status", "comment"))

    assert inventory.status == Status.RETURNED
    assert inventory.is_editable
    assert inventory.submitted_at is not None
    assert inventory.validated_at is None
    assert history[:2] == [(head.pk, "draft", ""), (head.pk, "submitted", "")]
    actor, to_status, comment = history[2]
    assert (actor, to_status) == (pilote.pk, "returned")
    assert "assistant public" in comment


def test_each_transition_is_recorded_in_the_past_in_order(demo):
    pilote = User.objects.get(username="pilote")
    now = timezone.now()

    for inventory in Inventory.objects.exclude(status=Status.NOT_STARTED):
        events = list(inventory.events.order_by("at"))
        assert len(events) == STEPS[inventory.status], inventory.service.name
        assert events[-1].to_status == inventory.status
        assert [e.from_status for e in events] == ["not_started", "draft", "submitted"][
            : len(events)
        ]
        assert all(event.at < now for event in events)
        assert inventory.campaign.opens_on <= timezone.localdate(events[0].at)
        if inventory.status in COMPLETE:
            assert events[1].at == inventory.submitted_at
        if inventory.status == Status.VALIDATED:
            assert events[2].at == inventory.validated_at > inventory.submitted_at
            assert events[2].actor == pilote
    assert not InventoryEvent.objects.filter(inventory__status=Status.NOT_STARTED).exists()


def test_the_demo_head_of_espaces_verts_is_named_on_its_history(demo):
    inventory = campaign_inventory("Espaces verts")
    head = User.objects.get(username="chef.espacesverts")

    actors = list(inventory.events.order_by("at").values_list("actor__username", flat=True))

    assert inventory.status == Status.VALIDATED
    assert actors == [head.username, head.username, "pilote"]


def test_some_tasks_change_the_defaults_and_say_why(demo):
    changed = [task for task in InventoryTask.objects.all() if changed_defaults(task)]
    justifications = {task.justification for task in changed}

    assert len(changed) == 9
    assert all(task.justification.strip() for task in changed)
    assert (
        "Les courriers de l'état civil suivent des modèles réglementaires : "
        "l'assistant n'apporte presque rien."
    ) in justifications
    validated = [t for t in changed if t.inventory_role.inventory.status == Status.VALIDATED]
    assert len(validated) == 7
    assert not InventoryTask.objects.exclude(justification="").filter(exposure="", intensity="")


def test_accountable_acts_follow_the_task_types(demo):
    acts = InventoryTask.objects.filter(accountable=True)

    # The officer signs and officiates (accountable); drawing up and issuing acts is not.
    assert acts.filter(task_type="tenir-etat-civil").count() == 1
    drafted = InventoryTask.objects.filter(task_type="rediger-acte-etat-civil")
    assert drafted.count() == 3 and not drafted.filter(accountable=True)
    assert acts.filter(task_type="entretenir-espaces-verts").exists()
    assert not InventoryTask.objects.filter(accountable=False, task_type="accompagner-social")
    # An accountable act is never exposed (docs/methodology.md): no task is both.
    assert not acts.filter(exposure__in=["E1", "E2"]).exists()


def test_data_classes_follow_the_services(demo):
    def classes(service: str) -> set[str]:
        return set(
            InventoryTask.objects.filter(
                inventory_role__inventory__service__name=service
            ).values_list("data_class", flat=True)
        )

    assert classes("Espaces verts") <= {"D0", "D1", "D2"}
    assert "D4" in classes("Police municipale")
    assert classes("Police municipale") <= {"D1", "D2", "D3", "D4"}
    assert "D3" in classes("Accueil social et aides")
    assert classes("État civil") <= {"D2", "D3"}


def test_three_services_declare_public_chatbots_with_personal_data(demo):
    shadow = {
        inventory.service.name: inventory.answers["ai_use"]["data_typed"]
        for inventory in Inventory.objects.select_related("service")
        if "public_chatbot" in inventory.answers.get("ai_use", {}).get("tools", [])
    }

    assert shadow == {
        "Accueil – Relation usagers": ["D2"],
        "Accueil social et aides": ["D2", "D3"],
        "Urbanisme réglementaire": ["D2"],
    }
    complete = Inventory.objects.filter(status__in=COMPLETE)
    for inventory in complete:
        assert inventory.answers["concerns"]["agents_consulted"] == "yes"
        assert 0 < inventory.answers["concerns"]["share_consulted"] <= 100
        assert inventory.answers["comments"]["free"]


def test_a_role_gone_and_a_role_added_by_the_head(demo):
    photographer = campaign_inventory("Communication et information").roles.get(title="Photographe")
    added = InventoryRole.objects.get(added_by_head=True)

    assert photographer.no_longer_exists
    assert "prestataire" in photographer.note
    assert not photographer.tasks.exists()
    assert InventoryRole.objects.filter(no_longer_exists=True).count() == 1
    assert added.inventory == campaign_inventory("Support et infrastructures")
    assert (added.title, added.headcount, added.role) == (
        "Responsable de la sécurité des systèmes d'information",
        1,
        None,
    )
    assert added.tasks.count() == 3


# --- Idempotence ---------------------------------------------------------------------------


def test_second_run_changes_nothing(demo):
    before = snapshot()

    second = load_demo_campaign()

    assert second == {
        "campaign": "unchanged",
        "inventories": {"unchanged": 60},
        "tasks": 0,
        "statuses": STATUS_COUNTS,
    }
    assert snapshot() == before


def test_rerun_neither_moves_the_dates_nor_overwrites_a_heads_work(demo):
    campaign = Campaign.objects.get()
    earlier = campaign.opens_on - datetime.timedelta(days=30)
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=earlier)
    inventory = campaign_inventory("État civil")
    inventory.answers = {"service": {"missions": "Réécrit par la cheffe de service."}}
    inventory.save(update_fields=["answers"])

    load_demo_campaign()

    campaign.refresh_from_db()
    inventory.refresh_from_db()
    assert campaign.opens_on == earlier
    assert inventory.answers == {"service": {"missions": "Réécrit par la cheffe de service."}}
    assert Inventory.objects.count() == 60
    assert InventoryTask.objects.count() == TASKS


def test_rerun_gives_a_new_service_its_inventory(demo):
    directorate = Directorate.objects.get(name="Direction du cadre de vie")
    service = Service.objects.create(directorate=directorate, name="Fourrière animale")
    service.roles.create(title="Agent animalier", headcount=3, fte="3.00")

    report = load_demo_campaign()

    assert report["inventories"] == {"created": 1, "unchanged": 60}
    inventory = campaign_inventory("Fourrière animale")
    assert inventory.status == Status.NOT_STARTED
    assert list(inventory.roles.values_list("title", flat=True)) == ["Agent animalier"]


# --- What it needs -------------------------------------------------------------------------


def test_load_refuses_without_the_demo_collectivite(db):
    Organisation.objects.create(name="Ville réelle")
    load_questionnaires()

    with pytest.raises(DemoCampaignError, match="load_demo"):
        load_demo_campaign()

    assert not Campaign.objects.exists()


def test_load_refuses_without_the_questionnaire(db):
    load_demo()

    with pytest.raises(DemoCampaignError, match="load_questionnaires"):
        load_demo_campaign()

    assert not Campaign.objects.exists()
    assert not Inventory.objects.exists()


# --- The command -------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_command_loads_questionnaires_and_campaign_then_changes_nothing(settings):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()

    call_command("load_demo", stdout=first)
    before = snapshot()
    call_command("load_demo", stdout=second)

    assert snapshot() == before
    assert Campaign.objects.get().status == Campaign.Status.OPEN
    assert "Questionnaire etat-des-lieux-ia.json : créé (version 1)" in first.getvalue()
    assert "Campagne « État des lieux de l'IA générative 2026 » : créée" in first.getvalue()
    assert "États des lieux : 60 créés, 0 inchangés ; 194 tâches créées" in first.getvalue()
    assert "  Validé                       9" in first.getvalue()
    assert "  Non commencé                43" in first.getvalue()
    assert "Questionnaire etat-des-lieux-ia.json : inchangé (version 1)" in second.getvalue()
    assert "déjà présente" in second.getvalue()
    assert "États des lieux : 0 créés, 60 inchangés ; 0 tâches créées" in second.getvalue()
    assert "  chef.etatcivil " in second.getvalue()
