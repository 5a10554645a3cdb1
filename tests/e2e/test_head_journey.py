"""The head of service fills an inventory across two sittings, meets the errors, submits."""

import pytest
from playwright.sync_api import expect

from surveys.models import Inventory
from tests.e2e.browser import assert_accessible, login, logout

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_task(page, index: int, description: str, share: str, task_type: str) -> None:
    page.locator(f'[name="tasks-{index}-description"]').fill(description)
    page.locator(f'[name="tasks-{index}-time_share"]').fill(share)
    page.locator(f'[name="tasks-{index}-task_type"]').select_option(task_type)
    page.locator(f'[name="tasks-{index}-data_class"]').select_option("D2")


def test_head_fills_in_two_sittings_meets_errors_then_submits(page, head_a, inventory_a):
    # First sitting: the service section, then sign out.
    login(page, "chef.a")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Espace du chef de service")
    assert_accessible(page, "accueil du chef de service")
    page.get_by_role("link", name="États des lieux").first.click()
    page.get_by_role("link", name="État civil").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("État civil")
    assert_accessible(page, "résumé de l'état des lieux")
    page.get_by_role("link", name="Le service").first.click()
    assert_accessible(page, "section « Le service »")
    page.get_by_label("Missions du service").fill("Tenir les registres, délivrer les actes.")
    page.get_by_label("Habitants").check()
    page.get_by_label("Nombre de demandes traitées par an").fill("12000")
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Postes et tâches")).to_be_visible()
    logout(page)

    inventory = Inventory.objects.get(pk=inventory_a.pk)
    assert inventory.status == Inventory.Status.DRAFT
    assert inventory.answers["service"]["missions"] == "Tenir les registres, délivrer les actes."

    # Second sitting: what was saved is there; the tasks, with a mistake in the shares.
    login(page, "chef.a")
    page.goto(f"/etats-des-lieux/{inventory_a.pk}/")
    page.get_by_role("link", name="Le service").first.click()
    expect(page.get_by_label("Missions du service")).to_have_value(
        "Tenir les registres, délivrer les actes."
    )
    page.get_by_role("link", name="Postes et tâches").first.click()
    assert_accessible(page, "postes et tâches")
    page.get_by_role("link", name="Décrire les tâches de Officier d'état civil").click()
    assert_accessible(page, "tâches d'un poste")
    _fill_task(page, 0, "Rédiger les actes de naissance", "60", "rediger-courrier")
    _fill_task(page, 1, "Accueillir les familles", "30", "accueillir-guichet")
    page.get_by_role("button", name="Enregistrer les tâches").click()
    expect(page.get_by_role("heading", name="Postes et tâches")).to_be_visible()
    page.get_by_role("link", name="Décrire les tâches de Agent d'accueil").click()
    _fill_task(page, 0, "Renseigner les usagers au guichet", "100", "accueillir-guichet")
    page.get_by_role("button", name="Enregistrer les tâches").click()
    expect(page.get_by_role("heading", name="Postes et tâches")).to_be_visible()
    page.get_by_role("link", name="IA déjà utilisée").first.click()
    page.get_by_label("Aucun", exact=True).check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Opportunités pour le service public")).to_be_visible()
    page.get_by_role("link", name="Inquiétudes et besoins des agents").first.click()
    page.get_by_role("group", name="Les agents du service ont-ils été associés").get_by_label(
        "Oui"
    ).check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    expect(page.get_by_role("heading", name="Commentaires libres")).to_be_visible()

    # Submitting shows what is wrong, next to where to fix it.
    page.goto(f"/etats-des-lieux/{inventory_a.pk}/")
    page.get_by_role("button", name="Soumettre au pilote").click()
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("90 %")
    assert_accessible(page, "erreurs de soumission")
    assert Inventory.objects.get(pk=inventory_a.pk).status == Inventory.Status.DRAFT

    # Fix the shares and submit again.
    page.goto(f"/etats-des-lieux/{inventory_a.pk}/postes/")
    page.get_by_role("link", name="Décrire les tâches de Officier d'état civil").click()
    page.locator('[name="tasks-1-time_share"]').fill("40")
    page.get_by_role("button", name="Enregistrer les tâches").click()
    expect(page.get_by_role("heading", name="Postes et tâches")).to_be_visible()
    page.goto(f"/etats-des-lieux/{inventory_a.pk}/")
    expect(page.get_by_text("Tout est complet")).to_be_visible()
    page.get_by_role("button", name="Soumettre au pilote").click()
    expect(page.get_by_role("status")).to_contain_text("soumis")

    inventory = Inventory.objects.get(pk=inventory_a.pk)
    assert inventory.status == Inventory.Status.SUBMITTED
    shares = sorted(
        float(task.time_share)
        for task in inventory.roles.get(title="Officier d'état civil").tasks.all()
    )
    assert shares == [40.0, 60.0]
