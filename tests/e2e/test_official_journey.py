"""The elected official opens the dashboard and drills down to a role's receipt."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_official_opens_the_dashboard_and_drills_down(page, official, dashboard_campaign):
    login(page, "elu")
    # The official's home is the dashboard of the collectivité.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Espace des élus")
    expect(page.locator("main")).to_contain_text("Population")
    assert_accessible(page, "tableau de bord de la collectivité")

    page.get_by_role("link", name="Population").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Population")
    assert_accessible(page, "tableau de bord d'une direction")

    page.get_by_role("link", name="État civil").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("État civil")
    assert_accessible(page, "tableau de bord d'un service")

    page.get_by_role("link", name="Officier d'état civil").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Officier d'état civil")
    expect(page.locator("main")).to_contain_text("Reçu de calcul — Officier d'état civil")
    expect(page.get_by_role("table").last).to_contain_text("Courriers")
    assert_accessible(page, "reçu d'un poste")
    # The breadcrumb leads back up.
    page.get_by_role("navigation", name="Fil d’Ariane").get_by_role(
        "link", name="Collectivité"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Tableau de bord de la collectivité"
    )
