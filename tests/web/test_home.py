"""The home page says to each persona what they have to do."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("administrator", "Espace du pilote"),
        ("head_a", "Espace du chef de service"),
        ("delegate", "Espace des représentants du personnel"),
        ("official", "Espace des élus"),
    ],
)
def test_each_persona_gets_their_own_home(request, client_as, persona, heading):
    response = client_as(request.getfixturevalue(persona)).get(reverse("home"))
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_head_home_lists_only_their_services(client_as, head_a, service_b):
    page = client_as(head_a).get(reverse("home")).content.decode()
    assert "État civil" in page
    assert "Espaces verts" not in page


def test_delegate_home_names_their_union(client_as, delegate):
    assert "Syndicat Test" in client_as(delegate).get(reverse("home")).content.decode()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_account_without_persona_is_told_what_to_ask(client_as, no_persona_user):
    response = client_as(no_persona_user).get(reverse("home"))
    assert response.status_code == 403
    assert "pas encore de profil" in response.content.decode()


def test_login_and_logout_round_trip(client, head_a):
    response = client.post(
        reverse("login"), {"username": "chef.a", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Espace du chef de service" in client.get(reverse("home")).content.decode()
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_shows_a_french_error(client, head_a):
    response = client.post(reverse("login"), {"username": "chef.a", "password": "nope"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_head_home_lists_open_inventories_with_deadline(
    client_as, head_a, inventory_a, inventory_b
):
    page = client_as(head_a).get(reverse("home")).content.decode()
    assert "Vos états des lieux à remplir" in page
    assert inventory_a.get_absolute_url() in page
    assert inventory_b.get_absolute_url() not in page
    assert "15 décembre 2026" in page


def test_administrator_home_lists_inventories_to_review(client_as, administrator, inventory_a):
    from django.utils import timezone

    inventory_a.status = inventory_a.Status.SUBMITTED
    inventory_a.submitted_at = timezone.now()
    inventory_a.save()
    page = client_as(administrator).get(reverse("home")).content.decode()
    assert reverse("surveys-inventory-review", args=[inventory_a.pk]) in page


def test_delegate_home_counts_validated_inventories(client_as, delegate, inventory_a, inventory_b):
    inventory_b.status = inventory_b.Status.VALIDATED
    inventory_b.save()
    page = client_as(delegate).get(reverse("home")).content.decode()
    assert "1 état des lieux validé peut être consulté." in page
