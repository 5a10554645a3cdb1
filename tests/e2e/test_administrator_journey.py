"""The administrator validates an inventory, requests a study, follows it, downloads it."""

import pytest
from playwright.sync_api import expect

from impact.studies.models import StudyVersion
from surveys.models import Inventory
from tests.e2e.browser import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_administrator_validates_requests_a_study_and_downloads_it(
    page, administrator, submitted_inventory, study_backend
):
    login(page, "pilote")
    assert_accessible(page, "accueil du pilote")
    page.goto(f"/etats-des-lieux/{submitted_inventory.pk}/revue/")
    assert_accessible(page, "revue d'un état des lieux")
    page.get_by_role("button", name="Valider l’état des lieux").click()
    expect(page.get_by_role("status")).to_contain_text("validé")
    assert Inventory.objects.get(pk=submitted_inventory.pk).status == "validated"

    page.get_by_role("link", name="Études", exact=True).click()
    assert_accessible(page, "liste des études")
    page.get_by_label("Campagne").select_option(label="Campagne 2026")
    page.get_by_label("Service", exact=True).check()
    page.get_by_label("Service (pour une étude de service)").select_option(label="État civil")
    page.get_by_role("button", name="Générer l’étude").click()

    # The study page shows the job and follows it (htmx polls every 2 s) until it is done.
    job = page.locator("#study-job")
    expect(job).to_contain_text("Dernière génération")
    assert_accessible(page, "page d'une étude en cours de génération")
    download_link = page.get_by_role("link", name="Télécharger la version 1 (PDF)")
    expect(download_link).to_be_visible(timeout=120_000)
    expect(job).to_contain_text("Terminée")

    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    pdf = download.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    version = StudyVersion.objects.get()
    assert version.number == 1 and version.page_count > 1
    assert download.suggested_filename.endswith(".pdf")
    assert_accessible(page, "page d'une étude terminée")
