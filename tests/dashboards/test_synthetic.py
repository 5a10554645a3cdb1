"""``generate_synthetic``: a realistic collectivité of about N agents, the same for a seed,
scored as the application scores an inventory."""

import pytest
from django.core.management import CommandError, call_command

from impact.bench.plan import FAMILY_TASKS, plan_collectivite
from impact.scores.models import InventoryScore, RoleScore
from impact.scores.selectors import compute_scores, method_parameters, method_settings_get
from services.demo_data import DIRECTORATES
from services.models import Organisation, Role
from surveys.models import Campaign, Inventory, InventoryTask
from surveys.selectors import roles_with_tasks
from surveys.task_types import load_task_types

DEMO_TITLES = {row[0] for _d, services in DIRECTORATES for _s, roles in services for row in roles}


@pytest.mark.parametrize("agents", [300, 3000, 30000, 90000])
def test_plan_has_about_the_asked_number_of_agents(agents):
    plan = plan_collectivite(agents, seed=3)
    assert abs(plan.agents - agents) / agents < 0.03


def test_plan_is_the_same_for_a_seed_and_differs_for_another():
    assert plan_collectivite(1200, seed=4, campaigns=2) == plan_collectivite(
        1200, seed=4, campaigns=2
    )
    assert plan_collectivite(1200, seed=4) != plan_collectivite(1200, seed=5)


def test_large_plan_splits_directorates_into_poles_and_keeps_demo_titles():
    plan = plan_collectivite(90000, seed=1)
    assert len(plan.directorates) > 19
    titles = {r.title for d in plan.directorates for s in d.services for r in s.roles}
    assert titles <= DEMO_TITLES
    shares = [sum(t.share for t in r.tasks[0]) for d in plan.directorates for s in d.services for r in s.roles]  # fmt: skip
    assert set(shares) == {100}


def test_every_task_type_drawn_is_in_the_reference_list():
    codes = {t.code for t in load_task_types()}
    assert {code for pool in FAMILY_TASKS.values() for code in pool} <= codes


def _fingerprint() -> dict:
    return {
        "chart": sorted(
            Role.objects.values_list("service__directorate__name", "service__name", "title", "headcount", "fte")
        ),
        "tasks": sorted(
            InventoryTask.objects.values_list(
                "inventory_role__inventory__service__name", "inventory_role__title", "description",
                "time_share", "task_type", "data_class", "intensity",
            )
        ),
        "scores": sorted(
            RoleScore.objects.values_list("score__inventory__service__name", "title", "beta", "beta_p10", "beta_p90")
        ),
    }  # fmt: skip


@pytest.mark.django_db
def test_command_builds_a_scored_closed_campaign_the_same_for_a_seed():
    call_command("generate_synthetic", agents=400, seed=9, campaigns=2, stdout=None)
    first = _fingerprint()
    assert Campaign.objects.filter(status=Campaign.Status.CLOSED).count() == 2
    # About the size asked for: the chart holds the last campaign's headcounts, each role drifting
    # by about 8 % a campaign (a standard deviation of about 15 agents at this size).
    assert abs(sum(row[3] for row in first["chart"]) - 400) <= 40
    validated = Inventory.objects.filter(status=Inventory.Status.VALIDATED)
    assert validated.count() >= 0.9 * Inventory.objects.count()
    assert InventoryScore.objects.filter(is_current=True).count() == validated.count()
    Campaign.objects.all().delete()
    Organisation.objects.all().delete()
    call_command("generate_synthetic", agents=400, seed=9, campaigns=2, stdout=None)
    assert _fingerprint() == first


@pytest.mark.django_db
def test_synthetic_scores_are_those_the_engine_gives_an_inventory():
    call_command("generate_synthetic", agents=300, seed=2, stdout=None)
    params = method_parameters(method_settings_get())
    for inventory in Inventory.objects.filter(status=Inventory.Status.VALIDATED)[:3]:
        roles = {role.pk: role for role in roles_with_tasks(inventory)}
        expected = compute_scores(roles.values(), params)
        score = inventory.scores.get(is_current=True)
        for stored in score.roles.all():
            values = expected["roles"][stored.inventory_role_id]
            for name in (
                "alpha",
                "beta",
                "zeta",
                "mean",
                "sd",
                "auto",
                "aug",
                "beta_dep_k1",
                "hours",
            ):
                assert getattr(stored, name) == pytest.approx(values[name]), name
            assert stored.gradient_2025 == values["gradient_2025"]
            assert stored.receipt == values["receipt"]
            assert stored.beta_p10 <= stored.beta_p50 <= stored.beta_p90
        assert score.summary["measures"] == pytest.approx(expected["summary"])
        assert score.summary["ladder"] == expected["ladder"]


@pytest.mark.django_db
def test_command_refuses_a_database_that_holds_a_collectivite():
    Organisation.objects.create(name="Ville réelle")
    with pytest.raises(CommandError, match="base neuve"):
        call_command("generate_synthetic", agents=300, seed=1, stdout=None)
