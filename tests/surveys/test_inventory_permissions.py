"""Who may write to an inventory, through the views: only a head of its service."""

import pytest
from django.urls import reverse

from surveys.models import Inventory
from tests.helpers import complete, section_post


@pytest.mark.parametrize(
    ("persona", "status"),
    [("head_b", 404), ("delegate", 404), ("official", 404), ("administrator", 403)],
)
def test_only_the_head_of_the_service_may_save_a_section(
    request, client_as, inventory_a, persona, status
):
    client = client_as(request.getfixturevalue(persona))
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "service"])
    assert client.post(url, section_post(0, missions="Intrus")).status_code == status
    inventory_a.refresh_from_db()
    assert inventory_a.answers == {} and inventory_a.revision == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [("head_b", 404), ("delegate", 404), ("official", 404), ("administrator", 403)],
)
def test_only_the_head_of_the_service_may_submit(request, client_as, inventory_a, persona, status):
    complete(inventory_a)
    client = client_as(request.getfixturevalue(persona))
    url = reverse("surveys-inventory-submit", args=[inventory_a.pk])
    assert client.post(url, {"revision": 0}).status_code == status
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.DRAFT


@pytest.mark.parametrize("persona", ["head_a", "head_b", "delegate", "official"])
def test_only_administrators_validate(request, client_as, inventory_a, persona):
    complete(inventory_a)
    Inventory.objects.filter(pk=inventory_a.pk).update(status=Inventory.Status.SUBMITTED)
    client = client_as(request.getfixturevalue(persona))
    url = reverse("surveys-inventory-review", args=[inventory_a.pk])
    assert client.post(url, {"op": "validate"}).status_code == 403
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.SUBMITTED


@pytest.mark.parametrize("persona", ["delegate", "official"])
def test_delegates_and_officials_read_validated_inventories_only(
    request, client_as, inventory_a, inventory_b, persona
):
    complete(inventory_b)
    Inventory.objects.filter(pk=inventory_b.pk).update(status=Inventory.Status.VALIDATED)
    client = client_as(request.getfixturevalue(persona))
    assert client.get(inventory_a.get_absolute_url()).status_code == 404
    assert client.get(inventory_b.get_absolute_url()).status_code == 200
    listing = client.get(reverse("surveys-inventory-list")).content.decode()
    assert "Espaces verts" in listing and "État civil" not in listing


def test_head_list_shows_their_inventories_with_deadlines(
    client_as, head_a, inventory_a, inventory_b
):
    page = client_as(head_a).get(reverse("surveys-inventory-list")).content.decode()
    assert "État civil" in page and "Espaces verts" not in page
    assert "15 décembre 2026" in page


def test_role_of_another_inventory_cannot_be_reached_through_mine(
    client_as, head_a, inventory_a, inventory_b
):
    foreign_role = inventory_b.roles.first()
    url = reverse("surveys-inventory-role-tasks", args=[inventory_a.pk, foreign_role.pk])
    assert client_as(head_a).get(url).status_code == 404


def test_unknown_section_is_a_404(client_as, head_a, inventory_a):
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "nulle-part"])
    assert client_as(head_a).get(url).status_code == 404
