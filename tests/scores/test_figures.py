"""The figures of a scope, checked against a small campaign computed by hand.

The study campaign (``study_campaign``), shared with the study content and render tests:

- État civil (Population), validated, 12,000 requests a year, uses a public chatbot (D2, D3):
  Officier d'état civil, 6 agents: Courriers 60 % (E1, intensity changed from the default
  0.605, step 60-70 %, to the step 80-90 %, 0.85, D1) + Actes 40 % (E0, 0.3205, accountable, D2):
  beta 0.6, mean 0.6382, sd 0.367 → gradient 4.
  Agent d'accueil, 4 agents: Guichet 50 % (E0, 0.39, D2) + Renseigner 50 % (E2, 0.6175, D2):
  beta 0.25, mean 0.504, sd 0.161 → gradient 3.
- Espaces verts (Cadre de vie), validated, 2,400 requests a year, no AI tool:
  Jardinier, 20 agents: Tondre 95 % (E0, 0.12, D0) + Rapports 5 % (E1, 0.545, D1):
  beta 0.05, mean 0.141, sd 0.131 → not exposed.
(Default intensities are the task types' ILO anchor means, surveys/data/task_types.json.)
- Accueil (Population), submitted and scored but not validated: excluded from every figure
  except the coverage's count of inventories and the chart's 5 agents.
"""

import math

import pytest

from impact.scores import figures as analytics
from impact.studies import content
from impact.studies.models import Study
from services.models import Role, Service
from tests.helpers import (
    JUSTIFICATION,
    add_task,
    finish_inventory,
    make_inventory,
    params,
)


@pytest.fixture
def figures(study_campaign):
    return analytics.scope_figures(study_campaign, params=params())


def _by_key(rows, key):
    return {row[key]: row for row in rows}


def test_coverage_counts_validated_inventories_and_their_agents(figures):
    assert figures["coverage"] == {
        "inventories_total": 3,
        "inventories_validated": 2,
        "inventories_share": pytest.approx(2 / 3),
        "roles_scored": 3,
        "agents_covered": 30,
        "agents_in_scope": 35,
        "agents_share": pytest.approx(30 / 35),
    }


def test_summary_is_weighted_by_headcount(figures):
    summary = figures["summary"]
    assert summary["headcount"] == 30
    assert summary["n_roles"] == 3
    assert summary["beta"] == pytest.approx((6 * 0.6 + 4 * 0.25 + 20 * 0.05) / 30)
    assert summary["zeta"] == pytest.approx((6 * 0.6 + 4 * 0.5 + 20 * 0.05) / 30)
    assert summary["fte"] == pytest.approx(5.5 + 4 + 19)
    assert summary["hours"] == pytest.approx((5.5 + 4 + 19) * 1607)


def test_gradients_and_categories_are_shares_of_agents(figures):
    gradients = _by_key(figures["gradients"], "code")
    assert list(gradients) == [
        "not_exposed", "minimal", "gradient_1", "gradient_2", "gradient_3", "gradient_4",
    ]  # fmt: skip
    assert gradients["gradient_4"]["headcount"] == 6
    assert gradients["gradient_4"]["share"] == pytest.approx(6 / 30)
    assert gradients["gradient_3"]["share"] == pytest.approx(4 / 30)
    assert gradients["not_exposed"]["share"] == pytest.approx(20 / 30)
    assert gradients["minimal"]["share"] == 0
    assert sum(row["headcount"] for row in figures["categories"]) == 30


def test_ladder_shares_match_the_hand_computation(figures):
    ladder = _by_key(figures["ladder"], "rung")
    assert list(ladder) == [
        "one_task", "tenth_of_time", "exposed_occupation", "half_of_time", "highest_gradient",
    ]  # fmt: skip
    assert ladder["one_task"]["share"] == pytest.approx(1.0)
    assert ladder["tenth_of_time"]["share"] == pytest.approx(10 / 30)
    assert ladder["exposed_occupation"]["share"] == pytest.approx(10 / 30)
    assert ladder["half_of_time"]["share"] == pytest.approx(6 / 30)
    assert ladder["highest_gradient"]["share"] == pytest.approx(6 / 30)
    assert ladder["tenth_of_time"]["reference"] == "environ 80 % des actifs américains"


def test_ladder_band_comes_from_the_stored_receipts(figures):
    for rung in figures["ladder"]:
        assert 0.0 <= rung["p10"] <= rung["p50"] <= rung["p90"] <= 1.0
    # Another rater would rarely put the gardener's mowing in E1 or E2: the rung stays partial.
    assert _by_key(figures["ladder"], "rung")["half_of_time"]["p90"] < 1.0
    assert figures["parameters_note"] is None
    assert figures["parameters"]["seed"] == params().seed


def test_mixed_parameters_use_the_current_settings_with_a_note(study_campaign, inventory_b):
    score = inventory_b.scores.get(is_current=True)
    score.parameters = score.parameters | {"seed": 1}
    score.save()
    figures = analytics.scope_figures(study_campaign, params=params())
    assert figures["parameters_note"] == analytics.MIXED_PARAMETERS_NOTE
    assert figures["parameters"]["seed"] == params().seed


def test_rows_by_directorate_and_by_service(figures):
    directorates = _by_key(figures["by_directorate"], "directorate")
    assert list(directorates) == ["Cadre de vie", "Population"]
    population = directorates["Population"]
    assert population["headcount"] == 10
    assert population["n_roles"] == 2
    assert population["beta"] == pytest.approx((6 * 0.6 + 4 * 0.25) / 10)
    assert population["exposed_time_share"] == pytest.approx(4.6 / 5.6)
    assert population["beta_dep_k1"] == pytest.approx(6 * 0.6 * 0.5 / 10)
    assert population["beta_dep_k2"] == pytest.approx((6 * 0.6 + 4 * 0.25 * 0.8) / 10)
    green = directorates["Cadre de vie"]
    assert green["beta"] == pytest.approx(0.05)
    assert green["exposed_time_share"] == pytest.approx(1.0 / 5.6)
    services = [(row["directorate"], row["service"]) for row in figures["by_service"]]
    assert services == [("Cadre de vie", "Espaces verts"), ("Population", "État civil")]


def test_exposed_time_by_data_class_comes_from_the_receipts(figures):
    shares = {row["data_class"]: row["share"] for row in figures["data_classes"]}
    assert shares["D0"] == 0
    assert shares["D1"] == pytest.approx((6 * 0.6 + 20 * 0.05) / 5.6)
    assert shares["D2"] == pytest.approx(4 * 0.25 / 5.6)
    assert shares["D3"] == shares["D4"] == 0
    assert sum(shares.values()) == pytest.approx(1.0)


def test_services_list_their_roles_with_driving_tasks(figures):
    names = [service["name"] for service in figures["services"]]
    assert names == ["Espaces verts", "État civil"]
    civil = figures["services"][1]
    assert civil["low_sensitivity"] == pytest.approx(3.6 / 4.6)
    assert civil["yearly_requests"] == 12000
    clerk, officer = civil["roles"]
    assert (clerk["title"], officer["title"]) == ("Agent d'accueil", "Officier d'état civil")
    assert officer["beta"] == pytest.approx(0.6)
    assert officer["mean"] == pytest.approx(0.6 * 0.85 + 0.4 * 0.3205)
    assert officer["gradient_2025"] == "gradient_4"
    assert [t["task"] for t in officer["top_tasks"]] == ["Courriers", "Actes"]
    assert officer["top_tasks"][0]["data_class"] == "D1"
    assert officer["data_classes"] == [
        {"data_class": "D1", "share": pytest.approx(0.6)},
        {"data_class": "D2", "share": pytest.approx(0.4)},
    ]
    assert clerk["top_tasks"][0]["task"] == "Renseigner"


def test_changed_defaults_list_the_heads_choices(figures):
    assert figures["changed_defaults"] == [
        {
            "directorate": "Population",
            "service": "État civil",
            "role": "Officier d'état civil",
            "task": "Courriers",
            "task_type": "Rédiger un courrier",
            "default_exposure": "E1",
            "chosen_exposure": "E1",
            "default_intensity": 0.605,
            "chosen_intensity": 0.85,
            "justification": JUSTIFICATION,
        }
    ]


def test_opportunity_score_follows_its_formula():
    assert analytics.opportunity_score(0.5, 1.0, 999) == pytest.approx(0.5 * 1.0 * 3)
    assert analytics.opportunity_score(0.5, 0.0, 999) == pytest.approx(0.5 * 0.5 * 3)
    assert analytics.opportunity_score(0.5, 1.0, None) == 0
    assert analytics.opportunity_score(None, None, 10) == 0


def test_opportunities_rank_exposure_sensitivity_and_volume(figures):
    ranked = analytics.rank_opportunities(
        [
            {
                "name": s["name"],
                "beta": s["beta"],
                "low_sensitivity": s["low_sensitivity"],
                "yearly_requests": s["yearly_requests"],
                **{k: s[k] for k in ("beta_dep_k1", "beta_dep_k2", "beta_dep_k3")},
            }
            for s in figures["services"]
        ]
    )
    assert [row["name"] for row in ranked] == ["État civil", "Espaces verts"]
    assert [row["rank"] for row in ranked] == [1, 2]
    civil = ranked[0]
    assert civil["score"] == pytest.approx(0.46 * (1 + 3.6 / 4.6) / 2 * math.log10(12001))
    assert civil["scenario"] == "k2"  # k1 keeps 0.18 of 0.46: less than half
    assert ranked[1]["scenario"] == "k1"  # exactly half: 0.025 of 0.05


def test_required_scenario_is_none_when_nothing_is_deployable_or_exposed():
    assert analytics.required_scenario(0.4, {"k1": 0.0, "k2": 0.1, "k3": 0.19}) is None
    assert analytics.required_scenario(0.0, {"k1": 0.0, "k2": 0.0, "k3": 0.0}) is None
    assert analytics.required_scenario(0.4, {"beta_dep_k1": 0.0, "beta_dep_k2": 0.2}) == "k2"


def test_directorate_scope_keeps_its_services_only(study_campaign, inventory_a):
    population = inventory_a.service.directorate
    figures = analytics.scope_figures(study_campaign, directorate=population, params=params())
    assert figures["coverage"]["inventories_total"] == 2
    assert figures["coverage"]["agents_in_scope"] == 15
    assert figures["summary"]["headcount"] == 10
    assert [s["name"] for s in figures["services"]] == ["État civil"]


def test_service_scope_and_study_figures(study_campaign, inventory_b):
    study = Study.objects.create(
        campaign=study_campaign, scope=Study.Scope.SERVICE, service=inventory_b.service
    )
    figures = content.study_figures(study, params())
    assert figures["coverage"]["agents_covered"] == 20
    assert figures["summary"]["beta"] == pytest.approx(0.05)
    assert figures["changed_defaults"] == []


def test_empty_scope_gives_empty_figures(campaign, organisation):
    figures = analytics.scope_figures(campaign, params=params())
    assert figures["coverage"]["inventories_total"] == 0
    assert figures["organisation"] == "Ville de Test"
    assert figures["summary"]["beta"] is None
    assert all(rung["share"] is None and rung["p50"] is None for rung in figures["ladder"])
    assert figures["services"] == figures["by_service"] == figures["by_directorate"] == []


def _add_services(campaign, organisation, count: int) -> None:
    """``count`` more validated services, each with two roles of two tasks."""
    from services.models import Directorate

    directorate = Directorate.objects.create(organisation=organisation, name=f"Direction {count}")
    for number in range(count):
        service = Service.objects.create(directorate=directorate, name=f"Service {number}")
        for title in ("Gestionnaire", "Assistant"):
            Role.objects.create(service=service, title=title, headcount=3, fte="3.00")
        inventory = make_inventory(campaign, service)
        for role in inventory.roles.all():
            add_task(role, "Courriers", 70, "rediger-courrier", "D1")
            add_task(role, "Saisie", 30, "saisir-donnees", "D2", intensity="0.85",
                  justification="Saisie répétitive.")  # fmt: skip
        finish_inventory(inventory, {"service": {"yearly_requests": 100 * (number + 1)}})


@pytest.mark.parametrize("extra_services", [0, 12])
def test_queries_are_bounded_whatever_the_size(
    study_campaign, organisation, extra_services, django_assert_max_num_queries
):
    _add_services(study_campaign, organisation, extra_services)
    current = params()
    with django_assert_max_num_queries(5):
        figures = analytics.scope_figures(study_campaign, params=current)
    assert figures["coverage"]["inventories_validated"] == 2 + extra_services
    assert len(figures["changed_defaults"]) == 1 + 2 * extra_services


def test_no_dataframe_leaves_the_module(figures):
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert type(value) in {type(None), str, int, float, bool}, type(value)

    walk(figures)
