"""The collectivité's dashboard: every figure checked against the hand-computed campaign of
``dashboard_fixtures`` (36 agents; see its docstring for the tasks behind each number)."""

import math

import pytest
from django.urls import reverse

from impact.dashboards.selectors import dashboard, small_group_plan
from impact.scores import figures as analytics
from impact.scores.selectors import method_parameters, method_settings_get
from impact.scoring import folding as dashboards
from impact.studies.models import Study
from services import access

AGENTS = 36
EXPOSED = 6 * 0.6 + 1 * 1.0 + 3 * 0.25 + 2 * 0.5  # headcount x beta = 6.35


def _page(campaign, *, folded: bool):
    plan = small_group_plan(campaign) if folded else dashboards.NO_FOLDING
    params = method_parameters(method_settings_get())
    return dashboard(campaign, params=params, plan=plan, studies=Study.objects.all())


def _rows(page, key):
    return next(t for s in page["sections"] for t in s.tables if t.key == key).rows


@pytest.fixture
def admin_page(dashboard_campaign):
    return _page(dashboard_campaign["campaign"], folded=False)


@pytest.fixture
def official_page(dashboard_campaign):
    return _page(dashboard_campaign["campaign"], folded=True)


def test_coverage_counts_validated_inventories_and_agents(admin_page):
    rows = {row["label"]: row for row in _rows(admin_page, "couverture")}
    assert (rows["États des lieux validés"]["value"], rows["États des lieux validés"]["total"]) == (
        4,
        4,
    )
    agents = rows["Agents couverts par un état des lieux validé"]
    assert (agents["value"], agents["total"], agents["share"]) == (AGENTS, AGENTS, 1.0)
    assert rows["Postes évalués"]["value"] == 6


def test_summary_beta_is_the_headcount_weighted_mean(admin_page):
    assert admin_page["summary"]["beta"] == pytest.approx(EXPOSED / AGENTS)
    assert admin_page["summary"]["alpha"] == pytest.approx((3.6 + 1 + 1) / AGENTS)
    assert admin_page["summary"]["zeta"] == pytest.approx((3.6 + 1 + 1.5 + 1) / AGENTS)


def test_ladder_gives_each_definition_with_its_band_and_reference(admin_page):
    rows = {row["rung"]: row for row in _rows(admin_page, "echelle")}
    assert rows["one_task"]["share"] == pytest.approx(12 / AGENTS)  # R1, R3, R6, R4
    assert rows["tenth_of_time"]["share"] == pytest.approx(12 / AGENTS)
    assert rows["exposed_occupation"]["share"] == pytest.approx(12 / AGENTS)
    assert rows["half_of_time"]["share"] == pytest.approx(9 / AGENTS)  # R1, R3, R4
    assert rows["highest_gradient"]["share"] == pytest.approx(1 / AGENTS)  # R3
    for row in rows.values():
        assert row["p10"] <= row["p50"] <= row["p90"]
        assert row["reference"] and row["source"]
    assert "95 %" in rows["one_task"]["reference"]
    assert _rows(admin_page, "references")[0]["label"].startswith("Emplois fortement")


def test_agents_by_gradient(admin_page):
    rows = {row["code"]: row["headcount"] for row in _rows(admin_page, "gradients")}
    assert rows == {
        "not_exposed": 24, "minimal": 0, "gradient_1": 0, "gradient_2": 0,
        "gradient_3": 11, "gradient_4": 1,
    }  # fmt: skip


def test_exposure_by_directorate(admin_page):
    rows = {row["label"]: row for row in _rows(admin_page, "exposition")}
    assert rows["Population"]["beta"] == pytest.approx(EXPOSED / 16)
    assert rows["Population"]["exposed_time_share"] == pytest.approx(1.0)
    assert rows["Cadre de vie"]["beta"] == 0
    assert list(rows) == ["Population", "Cadre de vie"]  # most exposed first


def test_exposure_against_data_sensitivity(admin_page):
    rows = {row["data_class"]: row for row in _rows(admin_page, "sensibilite")}
    assert rows["D1"]["share"] == pytest.approx(1 / EXPOSED)  # R3's notes
    assert rows["D2"]["share"] == pytest.approx((3.6 + 0.75 + 1) / EXPOSED)
    assert rows["D2"]["share_of_time"] == pytest.approx(5.35 / AGENTS)
    assert rows["D0"]["share"] == 0
    groups = {row["label"]: row for row in _rows(admin_page, "sensibilite_groupes")}
    assert groups["Population"]["D1"] == pytest.approx(1 / EXPOSED)
    assert groups["Ensemble du périmètre"]["exposed_agents"] == pytest.approx(EXPOSED)


def test_deployable_exposure_under_each_scenario(admin_page):
    whole = _rows(admin_page, "deployable")[0]
    assert whole["beta_dep_k1"] == pytest.approx(0.5 / AGENTS)  # only R3's internal notes
    assert whole["beta_dep_k2"] == pytest.approx((6 * 0.48 + 1 + 3 * 0.2 + 2 * 0.4) / AGENTS)
    assert whole["beta_dep_k3"] == pytest.approx(EXPOSED / AGENTS)


def test_most_exposed_roles_are_ranked_by_beta(admin_page):
    rows = _rows(admin_page, "postes")
    assert [(r["title"], r["beta"]) for r in rows] == [
        ("Responsable de l'état civil", pytest.approx(1.0)),
        ("Officier d'état civil", pytest.approx(0.6)),
        ("Agent funéraire", pytest.approx(0.5)),
        ("Agent des élections", pytest.approx(0.25)),
    ]
    assert rows[0]["_url"] == reverse("impact-dashboard-role", args=[rows[0]["role"]])


def test_opportunities_are_ranked_by_the_published_score(admin_page):
    rows = _rows(admin_page, "opportunites")
    assert [r["name"] for r in rows] == ["État civil", "Cimetières", "Élections", "Espaces verts"]
    etat_civil = rows[0]
    assert etat_civil["beta"] == pytest.approx(4.6 / 11)
    assert etat_civil["low_sensitivity"] == pytest.approx(1 / 4.6)
    expected = 4.6 / 11 * (1 + 1 / 4.6) / 2 * math.log10(12001)
    assert etat_civil["score"] == pytest.approx(expected)
    assert rows[1]["score"] == pytest.approx(0.5 / 2 * math.log10(301))
    assert [r["rank"] for r in rows] == [1, 2, 3, 4]


def test_ai_already_in_use_counts_public_chatbots_and_their_data(admin_page):
    counts = {row["label"]: row["value"] for row in _rows(admin_page, "ia")}
    assert counts["Services ayant répondu"] == 4
    assert counts["Assistants publics sans contrat"] == 2
    assert counts["… dont avec des données D2 à D4"] == 1  # Élections typed personal data
    assert counts["Outils fournis par la collectivité"] == 1
    assert counts["Aucun outil d'IA générative"] == 2
    assert counts["Assistants publics : données D2 — personnelles"] == 1
    services = {row["name"]: row for row in _rows(admin_page, "ia_services")}
    assert set(services) == {"État civil", "Élections"}
    assert services["Élections"]["sensitive"] is True


def test_dashboard_figures_are_those_of_the_study_engine(admin_page, dashboard_campaign):
    params = method_parameters(method_settings_get())
    figures = analytics.scope_figures(dashboard_campaign["campaign"], params=params)
    assert admin_page["summary"] == figures["summary"]
    assert _rows(admin_page, "echelle") == figures["ladder"]


def test_official_sees_the_overview_with_charts_tables_and_no_single_agent(
    client_as,
    official,
    dashboard_campaign,
):
    page = client_as(official).get(reverse("impact-dashboard")).content.decode()
    sections = page.split("<section")[1:]
    charts = [part for part in sections if "<svg" in part]
    assert len(charts) == 8  # with the sensitivity of beta to the method's choices
    for part in charts:  # a title, a reading, the SVG and its data table
        assert "<figcaption" in part and 'class="small mt-1"' in part and "<table" in part
    assert "« De 40 % à 95 % des emplois » : tout dépend de la définition" in page
    assert "Officier d&#x27;état civil" in page
    assert "Responsable de l&#x27;état civil" not in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_overview_refuses_post(client_as, official, dashboard_campaign):
    assert client_as(official).post(reverse("impact-dashboard")).status_code == 405


def test_persona_without_dashboards_cannot_read_one(client_as, no_persona_user):
    assert not access.can_view_dashboards(no_persona_user)
    assert client_as(no_persona_user).get(reverse("impact-dashboard")).status_code == 403


def test_dashboard_speaks_english_too(client, official, dashboard_campaign):
    client.force_login(official)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("impact-dashboard")).content.decode()
    assert "“From 40% to 95% of jobs”: it all depends on the definition" in page
    assert "Share of working time exposed (beta)" in page
    assert "Download this table (CSV)" in page


def test_studies_show_their_versions_and_the_state_of_their_consultation(
    client_as, official, delegate, dashboard_campaign, consultation
):
    from impact.consultation.models import Comment, Opinion, Stance

    Comment.objects.create(
        consultation=consultation, author=delegate, author_union=delegate.union,
        kind=Comment.Kind.QUESTION, target=Comment.Target.STUDY, body="Pourquoi ?",
    )  # fmt: skip
    Opinion.objects.create(
        consultation=consultation, union="Syndicat Test", stance=Stance.FAVOURABLE,
        reasoning="Étude complète.", recorded_by=delegate,
    )  # fmt: skip
    response = client_as(official).get(reverse("impact-dashboard"))
    table = next(
        t for s in response.context["page"]["sections"] for t in s.tables if t.key == "etudes"
    )
    (row,) = table.rows
    assert (row["label"], row["versions"], row["latest"]) == ("État civil", 1, 1)
    assert row["consultation"].startswith("version 1 : en cours jusqu'au ")
    assert row["consultation"].endswith("1 commentaire(s), 1 en attente de réponse")
    assert row["opinions"] == "Syndicat Test : Favorable"


def test_a_head_sees_only_their_services_studies(
    client_as, head_b, dashboard_campaign, consultation
):
    url = reverse("impact-dashboard-service", args=[dashboard_campaign["espaces_verts"].pk])
    response = client_as(head_b).get(url)
    table = next(
        t for s in response.context["page"]["sections"] for t in s.tables if t.key == "etudes"
    )
    assert table.rows == []


def test_ladder_texts_follow_the_language():
    from django.utils import translation

    from impact.scores.labels import localize_ladder

    rung = {"rung": "half_of_time", "label": "La moitié du temps de travail ou plus", "share": 0.2}
    assert localize_ladder([rung])[0]["label"] == "La moitié du temps de travail ou plus"
    with translation.override("en"):
        english = localize_ladder([rung])[0]
    assert english["share"] == 0.2
    assert english["label"] == "Half of working time or more"
    assert english["reference"] == "about 19% of US workers"


def test_the_method_sensitivity_gives_each_headline_figure_its_range(admin_page):
    rows = {r["figure"]: r for r in _rows(admin_page, "robustesse")}
    beta = rows["Part du temps exposée (beta)"]
    assert beta["value"] == "18\u202f%"  # 6.35 / 36, as labelled
    # The E2 weight is the only choice that moves beta: its ends bracket the labelled value.
    assert beta["low"] < beta["value"] < beta["high"]
    section = next(s for s in admin_page["sections"] if s.key == "robustesse")
    assert section.chart is not None and "Valeur déclarée : 18" in section.chart.reading


def test_the_method_sensitivity_names_no_folded_service_to_an_official(
    client_as, official, dashboard_campaign
):
    response = client_as(official).get(reverse("impact-dashboard"))
    section = next(s for s in response.context["page"]["sections"] if s.key == "robustesse")
    assert "Cimetières" not in section.intro and "Élections" not in section.intro


def test_the_sensitivity_is_computed_once_per_set_of_snapshots(dashboard_campaign, monkeypatch):
    from impact.scoring import sensitivity

    calls = []
    real = sensitivity.sensitivity
    monkeypatch.setattr(
        sensitivity, "sensitivity", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    _page(dashboard_campaign["campaign"], folded=True)
    _page(dashboard_campaign["campaign"], folded=False)
    assert calls == [1]
