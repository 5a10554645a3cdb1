"""Every main page passes axe-core with no serious or critical violation.

The journeys (test_*_journey.py) audit the pages each persona goes through; this sweep
audits the remaining main pages, as the administrator who sees them all, with data in
every section: validated and scored inventories, a study version under consultation with
a comment, a draft inventory with errors.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from impact.consultation import actions as consultation_actions
from impact.studies.models import Study
from tests.e2e.browser import assert_accessible, login
from tests.helpers import make_version, write_comment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def objects(administrator, delegate, dashboard_campaign):
    campaign = dashboard_campaign["campaign"]
    service = dashboard_campaign["etat_civil"]
    study = Study.objects.create(campaign=campaign, scope=Study.Scope.SERVICE, service=service)
    consultation = consultation_actions.consultation_open(
        actor=administrator,
        version=make_version(study, 1),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    comment = write_comment(consultation, delegate, body="Une question sur l'accueil ?")
    inventory = dashboard_campaign["inventories"]["etat_civil"]
    role = dashboard_campaign["roles"]["Officier d'état civil"]
    return {
        "campaign": campaign,
        "directorate": dashboard_campaign["population"],
        "service": service,
        "inventory": inventory,
        "role_score": role,
        "study": study,
        "consultation": consultation,
        "comment": comment,
    }


PAGES = [
    ("accueil", lambda o: reverse("home")),
    ("organigramme", lambda o: reverse("services-organisation-chart")),
    ("direction", lambda o: reverse("services-directorate-detail", args=[o["directorate"].pk])),
    ("service", lambda o: reverse("services-service-detail", args=[o["service"].pk])),
    ("import de l'organigramme", lambda o: reverse("services-org-import")),
    ("campagnes", lambda o: reverse("surveys-campaign-list")),
    ("nouvelle campagne", lambda o: reverse("surveys-campaign-create")),
    ("campagne", lambda o: reverse("surveys-campaign-detail", args=[o["campaign"].slug])),
    ("modifier la campagne", lambda o: reverse("surveys-campaign-edit", args=[o["campaign"].slug])),
    ("états des lieux", lambda o: reverse("surveys-inventory-list")),
    ("état des lieux", lambda o: o["inventory"].get_absolute_url()),
    ("scores", lambda o: reverse("impact-inventory-scores", args=[o["inventory"].pk])),
    ("revue", lambda o: reverse("surveys-inventory-review", args=[o["inventory"].pk])),
    ("paramètres de la méthode", lambda o: reverse("impact-method-settings")),
    ("études", lambda o: reverse("impact-study-list")),
    ("étude", lambda o: o["study"].get_absolute_url()),
    ("consultation", lambda o: reverse("impact-consultation-detail", args=[o["consultation"].pk])),
    (
        "commentaires",
        lambda o: reverse("impact-consultation-comments", args=[o["consultation"].pk]),
    ),
    (
        "réponse à un commentaire",
        lambda o: reverse(
            "impact-consultation-answer", args=[o["consultation"].pk, o["comment"].pk]
        ),
    ),
    ("tableau de bord", lambda o: reverse("impact-dashboard")),
    ("comparaison de campagnes", lambda o: reverse("impact-dashboard-compare")),
    ("reçu d'un poste", lambda o: reverse("impact-dashboard-role", args=[o["role_score"].pk])),
]


def test_main_pages_pass_axe(page, objects):
    login(page, "pilote")
    for label, url in PAGES:
        response = page.goto(url(objects))
        assert response.status == 200, f"{label}: HTTP {response.status}"
        assert_accessible(page, label)


def test_login_and_lockout_pages_pass_axe(page, head_a):
    page.goto("/connexion/")
    assert_accessible(page, "connexion")
    for _ in range(5):
        page.get_by_label("Nom d’utilisateur").fill("chef.a")
        page.get_by_label("Mot de passe").fill("mauvais")
        page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion momentanément bloquée")
    # The 429 answer is the lockout page, not an error of the browser's.
    page.problems[:] = [p for p in page.problems if "429" not in p]
    assert_accessible(page, "connexion bloquée")


def test_pages_in_english_pass_axe_and_declare_their_language(page, head_a, inventory_a):
    login(page, "chef.a")
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(inventory_a.get_absolute_url())
    assert_accessible(page, "inventory summary (English)")
