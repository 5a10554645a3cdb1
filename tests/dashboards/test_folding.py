"""Small groups: roles and services with fewer agents than the threshold are folded for
everyone but administrators, in pages, exports and receipts (``impact.scoring.folding``)."""

import pytest
from django.urls import reverse

from impact.dashboards.selectors import small_group_plan
from impact.scores.models import MethodSettings
from impact.scores.selectors import method_settings_get
from impact.scoring.folding import Member, fold_pairs, fold_plan, folded_children, merge_rows

READERS = ["official", "delegate"]


# The rule (pure) --------------------------------------------------------------------------


def test_children_below_the_threshold_are_folded():
    assert folded_children({"a": 10, "b": 2, "c": 1}, 3) == {"b", "c"}


def test_a_lone_small_child_takes_the_smallest_other_with_it():
    assert folded_children({"a": 10, "b": 4, "c": 1}, 3) == {"b", "c"}


def test_nothing_is_folded_when_every_child_reaches_the_threshold():
    assert folded_children({"a": 3, "b": 7}, 3) == set()


def test_children_without_agents_are_never_folded():
    assert folded_children({"a": 0, "b": 5}, 3) == set()


def test_a_folded_service_folds_its_roles_and_a_folded_directorate_its_services():
    members = [
        Member(1, 10, 100, 2),  # a directorate of 2 agents
        Member(2, 20, 200, 15), Member(3, 20, 200, 16),
        Member(4, 30, 300, 4), Member(5, 31, 300, 9),
    ]  # fmt: skip
    plan = fold_plan(members, 3)
    assert plan.directorates == {100, 300}  # 300 (13 agents) protects 100 (2 agents)
    assert plan.services == {10, 30, 31}
    assert plan.roles == {1, 4, 5}


def test_threshold_of_one_folds_nothing():
    assert fold_plan([Member(1, 10, 100, 1), Member(2, 10, 100, 9)], 1).is_empty


def test_merged_row_is_headcount_weighted():
    merged = merge_rows([{"headcount": 4, "beta": 0.0}, {"headcount": 1, "beta": 1.0}])
    assert merged["headcount"] == 5 and merged["count"] == 2
    assert merged["beta"] == pytest.approx(0.2)


def test_comparison_folds_a_group_small_in_either_campaign_on_both_sides():
    pairs = [
        ("big", {"headcount": 10, "beta": 0.1}, {"headcount": 10, "beta": 0.2}),
        ("small", {"headcount": 2, "beta": 0.5}, {"headcount": 9, "beta": 0.5}),
        ("other", {"headcount": 4, "beta": 0.0}, {"headcount": 4, "beta": 0.0}),
    ]
    shown, other = fold_pairs(pairs, {"small"}, 3)
    # "small" is folded on both sides; its 2 agents of the first campaign take "other" along.
    assert [p[0] for p in shown] == ["big"]
    assert other[0]["headcount"] == 6 and other[1]["headcount"] == 13


def test_comparison_adds_groups_until_each_side_reaches_the_threshold():
    pairs = [
        ("a", {"headcount": 1, "beta": 0.5}, {"headcount": 1, "beta": 0.5}),
        ("b", {"headcount": 4, "beta": 0.0}, {"headcount": 4, "beta": 0.0}),
        ("c", {"headcount": 9, "beta": 0.0}, {"headcount": 9, "beta": 0.0}),
    ]
    shown, other = fold_pairs(pairs, {"a"}, 3)
    assert [p[0] for p in shown] == ["c"]
    assert other[0]["headcount"] == 5


# The fixture campaign ---------------------------------------------------------------------


def test_plan_of_the_fixture_campaign(dashboard_campaign):
    plan = small_group_plan(dashboard_campaign["campaign"])
    roles = {r.pk: title for title, r in dashboard_campaign["roles"].items()}
    assert plan.directorates == set()
    assert plan.services == {
        dashboard_campaign["elections"].pk,
        dashboard_campaign["cimetieres"].pk,
    }
    assert {roles[pk] for pk in plan.roles} == {
        "Responsable de l'état civil", "Agent d'accueil", "Agent des élections", "Agent funéraire",
    }  # fmt: skip


def _get(request, client_as, persona, name, pk=None, **query):
    client = client_as(request.getfixturevalue(persona))
    url = reverse(name, args=[pk] if pk is not None else [])
    return client.get(url, query)


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_small_roles_folded_into_other_roles(
    request,
    client_as,
    persona,
    dashboard_campaign,
):
    response = _get(request, client_as, persona, "impact-dashboard-service", dashboard_campaign["etat_civil"].pk)  # fmt: skip
    rows = _table(response, "exposition")
    assert [r["label"] for r in rows] == ["Officier d'état civil", "Autres postes"]
    assert rows[1]["headcount"] == 5 and rows[1]["beta"] == pytest.approx(0.2)
    assert "Responsable de l&#x27;état civil" not in response.content.decode()


def test_head_sees_their_service_with_small_roles_folded(client_as, head_a, dashboard_campaign):
    response = client_as(head_a).get(
        reverse("impact-dashboard-service", args=[dashboard_campaign["etat_civil"].pk])
    )
    assert [r["label"] for r in _table(response, "exposition")] == ["Officier d'état civil", "Autres postes"]  # fmt: skip


def test_administrator_sees_every_role(client_as, administrator, dashboard_campaign):
    response = client_as(administrator).get(
        reverse("impact-dashboard-service", args=[dashboard_campaign["etat_civil"].pk])
    )
    labels = {r["label"] for r in _table(response, "exposition")}
    assert labels == {"Officier d'état civil", "Agent d'accueil", "Responsable de l'état civil"}


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_small_services_folded_into_other_services(
    request,
    client_as,
    persona,
    dashboard_campaign,
):
    response = _get(request, client_as, persona, "impact-dashboard-directorate", dashboard_campaign["population"].pk)  # fmt: skip
    rows = _table(response, "exposition")
    assert [r["label"] for r in rows] == ["État civil", "Autres services"]
    assert rows[1]["headcount"] == 5
    assert rows[1]["beta"] == pytest.approx((3 * 0.25 + 2 * 0.5) / 5)
    assert "Cimetières" not in response.content.decode()


def test_administrator_sees_every_service(client_as, administrator, dashboard_campaign):
    response = client_as(administrator).get(
        reverse("impact-dashboard-directorate", args=[dashboard_campaign["population"].pk])
    )
    assert {r["label"] for r in _table(response, "exposition")} == {"État civil", "Élections", "Cimetières"}  # fmt: skip


@pytest.mark.parametrize("persona", READERS)
def test_readers_overview_lists_no_folded_role_or_service(
    request,
    client_as,
    persona,
    dashboard_campaign,
):
    response = _get(request, client_as, persona, "impact-dashboard")
    assert [r["title"] for r in _table(response, "postes")] == ["Officier d'état civil"]
    assert [r["name"] for r in _table(response, "opportunites")] == ["État civil", "Espaces verts"]
    chatbots = _table(response, "ia_services")
    assert [r["name"] for r in chatbots] == ["État civil", "Autres services (1)"]
    assert chatbots[1]["sensitive"] == "1 sur 1"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("administrator", 200),
        ("official", 404),
        ("delegate", 404),
        ("head_a", 404),
        ("head_b", 404),
    ],
)
@pytest.mark.parametrize("service", ["elections", "cimetieres"])
def test_a_folded_service_has_no_page_but_for_administrators(
    request,
    client_as,
    persona,
    expected,
    service,
    dashboard_campaign,
):
    pk = dashboard_campaign[service].pk
    assert _get(request, client_as, persona, "impact-dashboard-service", pk).status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("administrator", 200),
        ("official", 404),
        ("delegate", 404),
        ("head_a", 404),
        ("head_b", 404),
    ],
)
@pytest.mark.parametrize(
    "title", ["Responsable de l'état civil", "Agent d'accueil", "Agent des élections"]
)
def test_a_folded_role_receipt_is_refused_but_to_administrators(
    request,
    client_as,
    persona,
    expected,
    title,
    dashboard_campaign,
):
    pk = dashboard_campaign["roles"][title].pk
    assert _get(request, client_as, persona, "impact-dashboard-role", pk).status_code == expected


def test_a_folded_directorate_has_no_page_for_readers(
    client_as, official, administrator, dashboard_campaign
):
    row = method_settings_get()
    MethodSettings.objects.filter(pk=row.pk).update(small_group_threshold=18)
    pk = dashboard_campaign["population"].pk  # 16 agents < 18
    assert (
        client_as(official).get(reverse("impact-dashboard-directorate", args=[pk])).status_code
        == 404
    )
    assert client_as(administrator).get(reverse("impact-dashboard-directorate", args=[pk])).status_code == 200  # fmt: skip
    overview = client_as(official).get(reverse("impact-dashboard"))
    assert [r["label"] for r in _table(overview, "exposition")] == ["Autres directions"]


def test_threshold_of_one_shows_every_group_to_readers(client_as, official, dashboard_campaign):
    MethodSettings.objects.filter(pk=method_settings_get().pk).update(small_group_threshold=1)
    response = client_as(official).get(
        reverse("impact-dashboard-service", args=[dashboard_campaign["etat_civil"].pk])
    )
    assert len(_table(response, "exposition")) == 3


def _table(response, key):
    assert response.status_code == 200
    page = response.context["page"]
    return next(t for s in page["sections"] for t in s.tables if t.key == key).rows
