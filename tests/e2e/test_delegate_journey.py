"""The union delegate reads a study under consultation, comments on a role, gives an opinion."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from impact.consultation import actions as consultation_actions
from impact.consultation.models import Comment, Opinion
from impact.studies.models import Study
from tests.e2e.browser import assert_accessible, login
from tests.helpers import make_version

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_consultation(administrator, campaign, service_a):
    study = Study.objects.create(campaign=campaign, scope=Study.Scope.SERVICE, service=service_a)
    return consultation_actions.consultation_open(
        actor=administrator,
        version=make_version(study, 1),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )


def test_delegate_comments_on_a_role_and_records_an_opinion(page, delegate, open_consultation):
    login(page, "delegue")
    assert_accessible(page, "accueil du représentant du personnel")
    page.get_by_role("link", name="Études", exact=True).click()
    page.get_by_role("link", name="État civil").first.click()
    assert_accessible(page, "page d'une étude en consultation")
    page.get_by_role("link", name="consultation", exact=False).first.click()
    expect(page.get_by_role("heading", name="Commentaires")).to_be_visible()
    assert_accessible(page, "page de la consultation")

    # A comment on a role of the study.
    # The form is unfolded while there is no comment yet.
    expect(page.get_by_label("Objet du commentaire")).to_be_visible()
    page.get_by_role("group", name="Nature").get_by_label("Objection").check()
    page.get_by_label("Objet du commentaire").select_option(
        label="Officier d'état civil (État civil)"
    )
    page.get_by_role("textbox", name="Commentaire", exact=False).last.fill(
        "La rédaction des actes engage l'officier : elle ne peut pas être automatisée."
    )
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("elle ne peut pas être automatisée")).to_be_visible()
    comment = Comment.objects.get()
    assert comment.kind == Comment.Kind.OBJECTION
    assert (comment.target, comment.role_title) == ("role", "Officier d'état civil")
    assert comment.author == delegate

    # The union's formal opinion.
    page.get_by_role("link", name="Enregistrer l’avis de Syndicat Test").click()
    assert_accessible(page, "formulaire d'avis")
    page.get_by_label("Favorable avec réserves").check()
    page.get_by_label("Motivation").fill("Sous réserve d'un plan de formation des agents.")
    page.get_by_role("button", name="Enregistrer").last.click()
    expect(page.locator("#avis")).to_contain_text("Favorable avec réserves")
    expect(page.locator("#avis")).to_contain_text("Sous réserve d'un plan de formation")
    opinion = Opinion.objects.get()
    assert (opinion.union, opinion.stance) == ("Syndicat Test", "favourable_with_reservations")
