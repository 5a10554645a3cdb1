"""The score page of an inventory (the head's live preview) and the parameters page."""

from django.urls import reverse

from impact.scores import actions
from impact.scores import selectors as score_selectors
from impact.scores.models import MethodSettings
from surveys.models import Inventory
from tests.helpers import fill_inventory as _fill


def test_head_sees_a_live_preview_with_the_receipt(client_as, head_a, inventory_a):
    _fill(inventory_a)
    page = client_as(head_a).get(reverse("impact-inventory-scores", args=[inventory_a.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Aperçu calculé à partir des réponses actuelles" in html
    assert "Reçu de calcul — Officier d&#x27;état civil" in html
    assert "60 %" in html  # beta of the officer, and the share of the letters task
    assert "L’exposition n’est pas une perte d’emploi" in html


def test_htmx_request_gets_the_fragment_only(client_as, head_a, inventory_a):
    _fill(inventory_a)
    url = reverse("impact-inventory-scores", args=[inventory_a.pk])
    html = client_as(head_a).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and 'id="scores"' in html


def test_validated_inventory_shows_its_stored_snapshot(client_as, delegate, inventory_a):
    _fill(inventory_a)
    actions.inventory_score(inventory=inventory_a, trigger="validated")
    Inventory.objects.filter(pk=inventory_a.pk).update(status=Inventory.Status.VALIDATED)
    html = client_as(delegate).get(reverse("impact-inventory-scores", args=[inventory_a.pk]))
    assert "Calcul enregistré le" in html.content.decode()


def test_empty_inventory_says_scores_will_come(client_as, head_a, inventory_a):
    html = client_as(head_a).get(reverse("impact-inventory-scores", args=[inventory_a.pk]))
    assert "Aucun poste n’a encore de tâche" in html.content.decode()


def test_administrator_edits_the_matrix(client_as, administrator):
    client = client_as(administrator)
    url = reverse("impact-method-settings")
    assert client.get(url).status_code == 200
    data = {"draws": 500, "seed": 7, "divergence_threshold": "0.30", "small_group_threshold": 5}
    for d in ("D0", "D1", "D2", "D3", "D4"):
        for k in ("k1", "k2", "k3"):
            data[f"c_{d}_{k}"] = "0.5"
    assert client.post(url, data).status_code == 302
    row = MethodSettings.objects.get()
    assert (row.draws, row.seed, row.small_group_threshold) == (500, 7, 5)
    assert row.confidentiality["D3"]["k2"] == 0.5 and row.updated_by == administrator


def test_impossible_matrix_value_is_refused_next_to_the_field(client_as, administrator):
    client = client_as(administrator)
    data = {"draws": 1000, "seed": 1, "divergence_threshold": "0.25", "small_group_threshold": 3}
    for d in ("D0", "D1", "D2", "D3", "D4"):
        for k in ("k1", "k2", "k3"):
            data[f"c_{d}_{k}"] = "1.5" if (d, k) == ("D2", "k1") else "1"
    response = client.post(reverse("impact-method-settings"), data)
    assert response.status_code == 200
    assert "inférieure ou égale à 1" in response.content.decode()
    assert score_selectors.method_settings_get().confidentiality["D2"]["k1"] == 0.0


def test_only_administrators_get_a_link_to_the_parameters_page(
    client_as, head_a, administrator, inventory_a
):
    _fill(inventory_a)
    url = reverse("impact-inventory-scores", args=[inventory_a.pk])
    settings_url = reverse("impact-method-settings")
    assert settings_url not in client_as(head_a).get(url).content.decode().split('id="scores"')[1]
    assert (
        settings_url in client_as(administrator).get(url).content.decode().split('id="scores"')[1]
    )
