"""Comparison of two campaigns: what moved for the collectivité, each directorate, service and
role, matched by names, with small groups folded on both sides for readers."""

import datetime

import pytest
from django.urls import reverse

from surveys.models import Campaign
from tests.helpers import TASKS, answers, validated_and_scored


@pytest.fixture
def two_campaigns(dashboard_campaign):
    """In 2025, the officers only worked at the desk; Élections and Cimetières had no inventory."""
    earlier = Campaign.objects.create(
        title="Campagne 2025", slug="campagne-2025",
        questionnaire=dashboard_campaign["campaign"].questionnaire,
        opens_on=datetime.date(2025, 3, 1), closes_on=datetime.date(2025, 4, 1),
        status=Campaign.Status.CLOSED,
    )  # fmt: skip
    desk_only = TASKS | {"Officier d'état civil": [("Guichet", 100, "accueillir-guichet", "D2")]}
    no_ai = {"tools": ["none"]}
    validated_and_scored(
        earlier, dashboard_campaign["etat_civil"], answers(12000, no_ai), desk_only
    )
    validated_and_scored(earlier, dashboard_campaign["espaces_verts"], answers(2400, no_ai))
    return dashboard_campaign | {"earlier": earlier}


def _rows(response, key):
    assert response.status_code == 200
    return next(
        t for s in response.context["page"]["sections"] for t in s.tables if t.key == key
    ).rows


def _compare(client, **query):
    return client.get(
        reverse("impact-dashboard-compare"), {"de": "campagne-2025", "a": "campagne-2026"} | query
    )


def test_default_comparison_is_the_latest_campaign_against_the_one_before(
    client_as, official, two_campaigns
):
    response = client_as(official).get(reverse("impact-dashboard-compare"))
    assert (response.context["before"].slug, response.context["after"].slug) == (
        "campagne-2025",
        "campagne-2026",
    )


def test_collectivite_summary_gives_both_values_and_the_move(
    client_as, administrator, two_campaigns
):
    rows = {r["label"]: r for r in _rows(_compare(client_as(administrator)), "mesures")}
    beta = rows["Part du temps exposée (beta)"]
    assert beta["before"] == pytest.approx(1 / 31)
    assert beta["after"] == pytest.approx(6.35 / 36)
    assert beta["delta"] == pytest.approx(6.35 / 36 - 1 / 31)
    coverage = {r["label"]: r for r in _rows(_compare(client_as(administrator)), "couverture")}
    assert (coverage["Agents couverts"]["before"], coverage["Agents couverts"]["after"]) == (31, 36)


def test_directorates_services_and_roles_are_matched_by_name(
    client_as, administrator, two_campaigns
):
    client = client_as(administrator)
    services = {r["label"]: r for r in _rows(_compare(client), "services")}
    assert services["État civil"]["beta_delta"] == pytest.approx(3.6 / 11)
    assert services["Élections"]["status"] == "nouveau"
    roles = {r["label"]: r for r in _rows(_compare(client), "postes")}
    assert roles["Officier d'état civil"]["beta_delta"] == pytest.approx(0.6)
    assert next(iter(roles)) == "Officier d'état civil"  # the largest move first
    directorates = {r["label"]: r for r in _rows(_compare(client), "directions")}
    assert directorates["Population"]["headcount_before"] == 11
    assert directorates["Population"]["headcount_after"] == 16


@pytest.mark.parametrize("persona", ["official", "delegate"])
def test_readers_see_small_groups_folded_on_both_sides(request, client_as, persona, two_campaigns):
    response = _compare(client_as(request.getfixturevalue(persona)))
    roles = {r["label"]: r for r in _rows(response, "postes")}
    assert set(roles) == {"Officier d'état civil", "Jardinier", "Autres postes"}
    assert (
        roles["Autres postes"]["headcount_before"],
        roles["Autres postes"]["headcount_after"],
    ) == (5, 10)
    services = [r["label"] for r in _rows(response, "services")]
    assert "Élections" not in services and "Autres services" in services
    assert "Responsable de l&#x27;état civil" not in response.content.decode()


def test_comparison_of_one_directorate(client_as, official, two_campaigns):
    response = _compare(client_as(official), direction=two_campaigns["cadre_de_vie"].pk)
    tables = [t.key for s in response.context["page"]["sections"] for t in s.tables]
    assert "directions" not in tables
    assert [r["label"] for r in _rows(response, "services")] == ["Espaces verts"]


def test_comparison_exports_every_table(client_as, official, two_campaigns):
    response = _compare(client_as(official), format="csv")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="comparaison-campagne-2025-campagne-2026.csv"'
    )
    text = response.content.decode()
    assert "Évolution par poste" in text and "Autres postes" in text


def test_one_campaign_cannot_be_compared_with_itself(client_as, official, two_campaigns):
    response = client_as(official).get(
        reverse("impact-dashboard-compare"), {"de": "campagne-2026", "a": "campagne-2026"}
    )
    assert response.context["page"] is None
    assert (
        "Choisissez deux campagnes différentes, ou une campagne recalculée"
        in response.content.decode()
    )


def test_with_a_single_campaign_there_is_nothing_to_compare(
    client_as, official, dashboard_campaign
):
    response = client_as(official).get(reverse("impact-dashboard-compare"))
    assert response.status_code == 200
    assert "Il faut au moins deux campagnes" in response.content.decode()


@pytest.fixture
def rescored(dashboard_campaign, administrator, django_capture_on_commit_callbacks):
    """The 2026 campaign's snapshots labelled as made under an older method (0.9), then scored
    again under the current one; the older snapshots' beta is halved so that both differ."""
    from impact import scoring
    from impact.scores import actions as score_actions
    from impact.scores.models import InventoryScore, RoleScore

    campaign = dashboard_campaign["campaign"]
    InventoryScore.objects.filter(inventory__campaign=campaign).update(method_version="0.9")
    with django_capture_on_commit_callbacks(execute=True):
        score_actions.campaign_rescore_request(actor=administrator, campaign=campaign)
    old = RoleScore.objects.filter(score__inventory__campaign=campaign, score__method_version="0.9")
    for role in old:
        RoleScore.objects.filter(pk=role.pk).update(beta=role.beta / 2)
    return dashboard_campaign | {"versions": ("0.9", scoring.METHOD_VERSION)}


def test_one_campaign_compared_under_two_method_versions(client_as, official, rescored):
    old, new = rescored["versions"]
    response = client_as(official).get(
        reverse("impact-dashboard-compare"), {"de": "campagne-2026", "a": "campagne-2026"}
    )
    assert response.context["versions"] == (old, new)  # by default: oldest against newest
    text = response.content.decode()
    assert f"Campagne 2026 (méthode {old})" in text and f"Campagne 2026 (méthode {new})" in text
    assert f'<option value="{old}" selected>' in text
    beta = {r["label"]: r for r in _rows(response, "mesures")}["Part du temps exposée (beta)"]
    assert beta["after"] == pytest.approx(6.35 / 36)
    assert beta["before"] == pytest.approx(beta["after"] / 2)
    # The older snapshots fold their small groups too: no folded role is named to an official.
    assert "Responsable de l'état civil" not in text


def test_a_method_version_the_campaign_lacks_is_ignored(client_as, official, rescored):
    response = client_as(official).get(
        reverse("impact-dashboard-compare"),
        {"de": "campagne-2026", "a": "campagne-2026", "methode_de": "7.7", "methode_a": "x"},
    )
    assert response.status_code == 200
    assert response.context["versions"] == rescored["versions"]
