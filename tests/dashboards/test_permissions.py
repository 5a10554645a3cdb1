"""Who reads which dashboard: officials, delegates and administrators every page; a head
only their own services' pages and receipts; nobody a forged id (the matrix covers the
status of each URL for each persona; these tests cover the rest)."""

import pytest
from django.urls import reverse

from impact.scores import actions
from impact.scores.models import InventoryScore
from services import access
from surveys.models import Inventory

NAMES = [
    "impact-dashboard-directorate",
    "impact-dashboard-service",
    "impact-dashboard-role",
]


@pytest.mark.parametrize("persona", ["administrator", "official", "delegate"])
@pytest.mark.parametrize("name", NAMES)
def test_forged_id_is_not_found(request, client_as, persona, name, dashboard_campaign):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(reverse(name, args=[987654])).status_code == 404


def test_official_reads_every_dashboard_page(client_as, official, dashboard_campaign):
    client = client_as(official)
    officer = dashboard_campaign["roles"]["Officier d'état civil"]
    for url in (
        reverse("impact-dashboard"),
        reverse("impact-dashboard-directorate", args=[dashboard_campaign["population"].pk]),
        reverse("impact-dashboard-service", args=[dashboard_campaign["espaces_verts"].pk]),
        reverse("impact-dashboard-role", args=[officer.pk]),
        reverse("impact-dashboard-compare"),
    ):
        assert client.get(url).status_code == 200, url


def test_head_reads_only_their_services_pages(client_as, head_a, dashboard_campaign):
    client = client_as(head_a)
    own = reverse("impact-dashboard-service", args=[dashboard_campaign["etat_civil"].pk])
    other = reverse("impact-dashboard-service", args=[dashboard_campaign["espaces_verts"].pk])
    gardener = dashboard_campaign["roles"]["Jardinier"]
    officer = dashboard_campaign["roles"]["Officier d'état civil"]
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404
    assert client.get(reverse("impact-dashboard-role", args=[officer.pk])).status_code == 200
    assert client.get(reverse("impact-dashboard-role", args=[gardener.pk])).status_code == 404
    directorate = reverse(
        "impact-dashboard-directorate", args=[dashboard_campaign["population"].pk]
    )
    assert client.get(directorate).status_code == 403
    assert client.get(reverse("impact-dashboard-compare")).status_code == 403


def test_head_without_service_cannot_use_the_dashboard(client_as, head_a):
    head_a.services.clear()
    assert client_as(head_a).get(reverse("impact-dashboard")).status_code == 403


def test_head_service_page_links_no_directorate_or_overview(client_as, head_a, dashboard_campaign):
    url = reverse("impact-dashboard-service", args=[dashboard_campaign["etat_civil"].pk])
    page = client_as(head_a).get(url).content.decode()
    main = page.split("<main", 1)[1]
    assert (
        reverse("impact-dashboard-directorate", args=[dashboard_campaign["population"].pk])
        not in main
    )
    assert 'id="filtre-direction"' not in main


def test_readers_never_see_an_old_snapshot_or_an_unvalidated_inventory(
    client_as,
    official,
    administrator,
    dashboard_campaign,
):
    inventory = dashboard_campaign["inventories"]["espaces_verts"]
    old = dashboard_campaign["roles"]["Jardinier"]
    actions.inventory_score(inventory=inventory, trigger=InventoryScore.Trigger.MANUAL)
    url = reverse("impact-dashboard-role", args=[old.pk])
    assert client_as(official).get(url).status_code == 404
    assert client_as(administrator).get(url).status_code == 200
    new = inventory.scores.get(is_current=True).roles.get()
    Inventory.objects.filter(pk=inventory.pk).update(status=Inventory.Status.RETURNED)
    assert (
        client_as(official).get(reverse("impact-dashboard-role", args=[new.pk])).status_code == 404
    )


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("administrator", True), ("official", True), ("delegate", True), ("head_a", True)],
)
def test_navigation_offers_the_dashboard(request, client_as, persona, shown):
    page = client_as(request.getfixturevalue(persona)).get(reverse("home")).content.decode()
    assert (f'href="{reverse("impact-dashboard")}">Tableau de bord</a>' in page) is shown


def test_account_without_persona_gets_no_dashboard_link(no_persona_user):
    assert access.get_abilities(no_persona_user)["read_dashboards"] is False


def test_official_home_is_the_dashboard(client_as, official, dashboard_campaign):
    response = client_as(official).get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Espace des élus" in page
    assert "« De 40 % à 95 % des emplois » : tout dépend de la définition" in page
    assert f'action="{reverse("impact-dashboard")}"' in page
    assert f'href="{reverse("impact-dashboard")}?campagne=campagne-2026&amp;format=xlsx"' in page


@pytest.mark.parametrize(
    ("persona", "reads", "unfolded"),
    [
        ("administrator", True, True),
        ("delegate", True, False),
        ("official", True, False),
        ("head_a", False, False),
        ("no_persona_user", False, False),
    ],
)
def test_dashboard_predicates_follow_the_personas(request, persona, reads, unfolded):
    user = request.getfixturevalue(persona)
    assert access.can_view_dashboards(user) is reads
    assert access.sees_small_groups(user) is unfolded
