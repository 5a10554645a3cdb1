"""The study snapshot: every printed figure and text, JSON-ready and stable.

The campaign is described in ``tests/scores/test_figures.py``.
"""

import json

import pytest

from impact.studies import content as study_content
from impact.studies.models import Study
from tests.helpers import JUSTIFICATION, params

KEYS = {
    "meta", "coverage", "summary", "ladder", "ladder_context", "gradients", "categories",
    "by_directorate", "by_service", "services", "confidentiality", "opportunities", "concerns",
    "changed_defaults", "sensitivity", "agents", "parameters", "annex", "glossary",
}  # fmt: skip


@pytest.fixture
def study(study_campaign):
    return Study.objects.create(campaign=study_campaign, scope=Study.Scope.COLLECTIVITE)


@pytest.fixture
def snapshot(study):
    return study_content.build_snapshot(study, params())


def test_snapshot_has_every_section(snapshot):
    assert set(snapshot) == KEYS
    assert snapshot["annex"] == {"comments": [], "opinions": []}


def test_snapshot_is_json_and_stable(study):
    first = study_content.build_snapshot(study, params())
    second = study_content.build_snapshot(Study.objects.get(pk=study.pk), params())
    text = json.dumps(first, sort_keys=True)
    assert text == json.dumps(second, sort_keys=True)
    assert json.loads(text) == first


def test_floats_are_rounded_to_four_decimals(snapshot):
    assert snapshot["summary"]["beta"] == round(5.6 / 30, 4) == 0.1867
    assert snapshot["coverage"]["agents_share"] == 0.8571

    def floats(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from floats(item)
        elif isinstance(value, list):
            for item in value:
                yield from floats(item)
        elif isinstance(value, float):
            yield value

    assert all(value == round(value, 4) for value in floats(snapshot))


def test_meta_names_the_organisation_campaign_and_scope(snapshot):
    meta = snapshot["meta"]
    assert meta["organisation"] == "Ville de Test"
    assert meta["campaign"] == "Campagne 2026"
    assert (meta["scope"], meta["scope_kind"]) == ("collectivite", "Collectivité")
    assert type(meta["scope"]) is str
    assert meta["scope_label"] == "Ensemble de la collectivité"
    assert meta["method_version"] == "2.0"
    assert len(meta["generated_on"]) == 10


def test_coverage_summary_and_ladder(snapshot):
    assert snapshot["coverage"]["agents_covered"] == 30
    assert snapshot["coverage"]["inventories_validated"] == 2
    rungs = {rung["key"]: rung for rung in snapshot["ladder"]}
    assert rungs["tenth_of_time"]["share"] == round(10 / 30, 4)
    assert set(rungs["half_of_time"]) == {
        "key", "label", "definition", "share", "p10", "p50", "p90", "reference", "source",
    }  # fmt: skip
    assert rungs["half_of_time"]["share"] == 0.2
    gradients = {row["code"]: row for row in snapshot["gradients"]}
    assert gradients["gradient_4"]["label"] == "Exposé — gradient 4"


def test_by_directorate_only_for_the_collectivite(snapshot, study_campaign, inventory_a):
    assert [row["directorate"] for row in snapshot["by_directorate"]] == [
        "Cadre de vie",
        "Population",
    ]
    assert snapshot["by_directorate"][1]["beta"] == 0.46
    directorate_study = Study.objects.create(
        campaign=study_campaign,
        scope=Study.Scope.DIRECTORATE,
        directorate=inventory_a.service.directorate,
    )
    narrow = study_content.build_snapshot(directorate_study, params())
    assert narrow["by_directorate"] == []
    assert [row["service"] for row in narrow["by_service"]] == ["État civil"]
    assert narrow["meta"]["scope_label"] == "Population"


def test_services_carry_every_role_figure(snapshot):
    civil = snapshot["services"][1]
    assert (civil["name"], civil["directorate"]) == ("État civil", "Population")
    assert civil["missions"] == "Tenir les registres."
    officer = civil["roles"][1]
    assert officer["title"] == "Officier d'état civil"
    assert (officer["headcount"], officer["fte"]) == (6, 5.5)
    assert (officer["alpha"], officer["beta"], officer["zeta"]) == (0.6, 0.6, 0.6)
    assert officer["mean"] == 0.6382
    assert officer["gradient_label"] == "Exposé — gradient 4"
    assert officer["beta_dep_k1"] == 0.3
    # Method 2.0: only the exposed task (Courriers, E1, D1: c = 1 under k2) frees time.
    assert officer["freed_hours_k2"] == round(5.5 * 1607 * 0.6 * 0.85, 4)
    assert officer["data_classes"][0] == {"data_class": "D1", "share": 0.6, "label": "D1 — internes, non personnelles"}  # fmt: skip
    assert officer["top_tasks"][0] == {
        "task": "Courriers",
        "share": 0.6,
        "exposure": "E1",
        "intensity": 0.85,
        "data_class": "D1",
        "contribution_beta": 0.6,
    }
    for key in ("beta_p10", "beta_p90", "ilo_mean", "ilo_sd", "ilo_gradient_label", "a_discuter"):
        assert key in officer


def test_confidentiality_lists_sensitive_work_and_public_chatbots(snapshot):
    conf = snapshot["confidentiality"]
    shares = {row["data_class"]: row["share"] for row in conf["by_data_class"]}
    assert shares["D2"] == round(1 / 5.6, 4)
    assert [row["service"] for row in conf["sensitive_services"]] == ["État civil"]
    assert conf["sensitive_services"][0]["sensitive_share"] == round(1 / 4.6, 4)
    assert conf["chatbots"] == [
        {
            "service": "État civil",
            "directorate": "Population",
            "tools": [
                "Des assistants publics sans contrat (ChatGPT, Gemini, Copilot grand public…)"
            ],
            "tools_other": "",
            "tasks_with_ai": "Reformuler des courriers.",
            "data_typed": [
                {"code": "D2", "label": "Données personnelles"},
                {"code": "D3", "label": "Données sensibles (santé, social, infractions, mineurs)"},
            ],
            "sensitive_data_typed": True,
        }
    ]
    scenarios = {row["service"]: row["scenario"] for row in conf["scenarios"]}
    assert scenarios == {"État civil": "k2", "Espaces verts": "k1"}


def test_opportunities_are_ranked_with_the_declared_improvements(snapshot):
    opportunities = snapshot["opportunities"]
    assert "log10" in opportunities["formula"]
    first, second = opportunities["services"]
    assert (first["rank"], first["service"]) == (1, "État civil")
    assert second["service"] == "Espaces verts"
    assert first["improvements"] == [
        "Réponses plus rapides aux usagers",
        "Traduction pour les usagers non francophones",
    ]
    assert first["needs"] == "Un outil hébergé par la ville."
    assert first["scenario_label"].startswith("k2")


def test_concerns_are_the_heads_answers(snapshot):
    concerns = {row["service"]: row for row in snapshot["concerns"]}
    assert concerns["État civil"]["agents_concerns"] == "Perdre le contact avec les familles."
    assert concerns["État civil"]["agents_consulted"] == "Oui"
    assert concerns["État civil"]["share_consulted"] == 0.8
    assert concerns["Espaces verts"]["agents_consulted"] == "Non"
    assert concerns["Espaces verts"]["share_consulted"] is None


def test_changed_defaults_and_parameters(snapshot):
    assert [(row["task"], row["justification"]) for row in snapshot["changed_defaults"]] == [
        ("Courriers", JUSTIFICATION)
    ]
    parameters = snapshot["parameters"]
    assert parameters["params"]["draws"] == 1000
    assert parameters["confidentiality_matrix"][3] == {
        "data_class": "D3", "label": "D3 — sensibles", "k1": 0.0, "k2": 0.4, "k3": 0.7,
    }  # fmt: skip
    assert parameters["note"] == ""


def test_glossary_is_french_terms_with_definitions(snapshot):
    terms = [item["term"] for item in snapshot["glossary"]]
    assert "Beta (part du temps exposée)" in terms
    assert terms == sorted(terms, key=str.lower)
    assert all(item["definition"] for item in snapshot["glossary"])


def test_user_text_is_kept_as_typed(study_campaign, inventory_a):
    inventory_a.answers = inventory_a.answers | {
        "concerns": {"agents_concerns": "<b>Peur</b> & « doute »"}
    }
    inventory_a.save()
    study = Study.objects.create(campaign=study_campaign, scope=Study.Scope.COLLECTIVITE)
    snapshot = study_content.build_snapshot(study, params())
    concerns = {row["service"]: row for row in snapshot["concerns"]}
    assert concerns["État civil"]["agents_concerns"] == "<b>Peur</b> & « doute »"


def test_building_a_snapshot_runs_a_bounded_number_of_queries(study, django_assert_max_num_queries):
    fresh = Study.objects.get(pk=study.pk)
    current = params()
    with django_assert_max_num_queries(9):
        study_content.build_snapshot(fresh, current)
