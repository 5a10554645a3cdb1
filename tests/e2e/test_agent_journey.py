"""An agent scans a code's link, answers on a phone-sized screen, saves, comes back, submits;
the head sees nothing of the role until three agents answered; the administrator reads the
calibration; the study PDF has the agents' section."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from impact.voice import actions
from impact.voice.codes import code_digest
from impact.voice.models import AgentAnswer
from surveys.models import Inventory
from tests.e2e.browser import assert_accessible, login, logout
from tests.helpers import fill_inventory

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def open_survey(campaign, administrator, inventory_a):
    officer, _clerk = fill_inventory(inventory_a)
    Inventory.objects.filter(pk=inventory_a.pk).update(status=Inventory.Status.SUBMITTED)
    today = timezone.localdate()
    actions.agent_survey_set(
        actor=administrator, campaign=campaign, opens_on=today,
        closes_on=today + datetime.timedelta(days=10), enabled=True, tools="Assistant de la ville",
    )  # fmt: skip
    return officer


def _answer_the_tasks(page):
    for task in page.locator("fieldset.border").filter(has_text="Faites-vous cette tâche").all():
        does = task.get_by_role("group", name="Faites-vous cette tâche ?")
        if "Guichet" in task.locator("legend").first.inner_text():
            does.get_by_label("Non").check()
            continue
        does.get_by_label("Oui").check()
        task.get_by_label("Quelle part de votre temps").select_option(label="60 à 70 %")
        task.get_by_role("group", name=re.compile("Cette tâche est-elle surtout")).get_by_label(
            "Non"
        ).check()
        task.get_by_role("group", name=re.compile("Un assistant d'IA générale")).get_by_label(
            "Oui"
        ).check()
        task.get_by_label("Quelle part de cette tâche").select_option(label="50 à 60 %")


def test_agent_answers_on_a_phone_head_waits_for_three_admin_reads_calibration(
    browser, live_server, page, head_a, administrator, open_survey
):
    officer = open_survey
    # The head prints the sheet of codes.
    login(page, "chef.a")
    page.goto(f"/etats-des-lieux/{officer.inventory_id}/")
    page.get_by_role("link", name=re.compile("L'avis des agents du poste Officier")).click()
    assert_accessible(page, "avis des agents d'un poste")
    expect(page.get_by_text("restent invisibles")).to_be_visible()
    page.get_by_role("button", name="Préparer la feuille des codes").click()
    codes = page.locator(".voice-code").all_inner_texts()
    assert len(codes) == officer.headcount
    link = page.locator(".voice-slip .small").first.inner_text()
    assert link.endswith("/agents/")
    logout(page)

    # An agent scans the first code's QR link on a phone.
    phone = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    agent = phone.new_page()
    agent.goto(f"/agents/?code={codes[0]}")
    expect(agent.get_by_label("Votre code")).to_have_value(codes[0])
    assert_accessible(agent, "entrée de l'enquête")
    agent.get_by_role("button", name="Commencer").click()
    expect(agent.get_by_role("heading", level=1)).to_contain_text("Officier d'état civil")
    assert agent.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(agent, "questionnaire de l'agent")
    _answer_the_tasks(agent)
    agent.get_by_role("button", name="Enregistrer et revenir plus tard").click()
    expect(agent.get_by_text("Vos réponses sont enregistrées")).to_be_visible()
    phone.close()

    # Later, on another phone, with the same code: the draft is there; submit.
    phone = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    agent = phone.new_page()
    agent.goto("/agents/")
    agent.get_by_label("Votre code").fill(codes[0].lower())
    agent.get_by_role("button", name="Commencer").click()
    letters = agent.locator("fieldset.border").filter(has_text="Courriers")
    expect(
        letters.get_by_role("group", name="Faites-vous cette tâche ?").get_by_label("Oui")
    ).to_be_checked()
    agent.get_by_role("group", name=re.compile("Utilisez-vous déjà")).get_by_label("Non").check()
    agent.get_by_role("button", name="Envoyer mes réponses").click()
    expect(agent.get_by_role("heading", level=1)).to_contain_text("Merci")
    agent.goto(f"/agents/?code={codes[0]}")
    agent.get_by_role("button", name="Commencer").click()
    expect(agent.get_by_role("heading", level=1)).to_contain_text("Ce code a déjà servi")
    phone.close()
    assert AgentAnswer.objects.count() == 1

    # Two answers: the head still sees nothing; a third: the calibration shows.
    blank = AgentAnswer.objects.get().tasks.all()
    answer = {
        "uses_ai": False, "frequency": "never", "concerns": "", "training": "",
        "tasks": [
            {"task_id": row.task_id, "does": row.does, "time_share": row.time_share,
             "exposure": row.exposure, "intensity": row.intensity}
            for row in blank
        ],
    }  # fmt: skip
    actions.agent_answer_submit(
        digest=code_digest(codes[1]), answer=dict(answer, tasks=list(answer["tasks"]))
    )
    login(page, "chef.a")
    page.goto(f"/etats-des-lieux/{officer.inventory_id}/postes/{officer.pk}/agents/")
    expect(page.get_by_text("moins de 3").first).to_be_visible()
    expect(page.get_by_text("Accord sur les classes")).to_have_count(0)
    actions.agent_answer_submit(
        digest=code_digest(codes[2]), answer=dict(answer, tasks=list(answer["tasks"]))
    )
    page.reload()
    expect(
        page.get_by_role("heading", name="Accord sur les classes et l'exposition")
    ).to_be_visible()
    logout(page)

    # The administrator reads the calibration of the campaign.
    login(page, "pilote")
    page.goto(f"/campagnes/{officer.inventory.campaign.slug}/agents/calibration/")
    assert_accessible(page, "calibration de la campagne")
    expect(page.get_by_role("link", name="Officier d'état civil")).to_be_visible()
    expect(page.get_by_text("Tâches évaluées deux fois", exact=True)).to_be_visible()
