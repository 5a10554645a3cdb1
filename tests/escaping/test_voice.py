"""Hostile input in every free-text field of the agents' survey: stored intact, shown escaped,
never a 500 (payloads in tests/escaping/hostile.py)."""

from django.test import Client
from django.urls import reverse

from impact.studies import content, render
from impact.studies.models import Study
from impact.voice import actions
from impact.voice.codes import code_digest
from impact.voice.models import AgentAnswer, AgentCode
from tests.escaping.hostile import NUL, ONE_MEGABYTE, assert_inert, hostile
from tests.helpers import params

DESCRIPTION, TOOL, CONCERNS, TRAINING = (
    hostile("added-task"), hostile("tool-other", "+"), hostile("concerns", "-"), hostile("training", "@"),
)  # fmt: skip
CITY_TOOL = hostile("city-tool")


def _answer(client, officer, **extra):
    letters, desk = officer.tasks.order_by("position", "pk")
    data = {
        f"t{letters.pk}_does": "no", f"t{desk.pk}_does": "no",
        "n1_description": DESCRIPTION, "n1_time": "0.95", "n1_q1": "yes",
        "uses_ai": "yes", "frequency": "daily", "tool_kinds": ["other"], "tools_other": TOOL,
        "city_tools": [CITY_TOOL], "concerns": CONCERNS, "training": TRAINING, "action": "submit",
    }  # fmt: skip
    data.update(extra)
    return client.post(reverse("voice-answer"), data)


def test_agent_texts_are_stored_intact_and_escaped(
    officer, codes, survey, administrator, head_a, service_a
):
    survey.tools = CITY_TOOL
    survey.save()
    officer.tasks.update(description=hostile("head-task"))
    for code in codes[:3]:
        client = Client()
        client.post(reverse("voice-entry"), {"code": code})
        page = client.get(reverse("voice-answer")).content.decode()
        assert_inert(page, hostile("head-task"), CITY_TOOL)
        assert _answer(client, officer).status_code == 302
    answer = AgentAnswer.objects.first()
    assert (answer.concerns, answer.training, answer.tools_other) == (CONCERNS, TRAINING, TOOL)
    assert answer.city_tools == [CITY_TOOL]
    assert answer.tasks.get(added=True).description == DESCRIPTION
    for user in (administrator, head_a):
        client = Client()
        client.force_login(user)
        role = client.get(reverse("voice-role", args=[officer.inventory_id, officer.pk]))
        assert_inert(role.content.decode(), DESCRIPTION)
    client = Client()
    client.force_login(administrator)
    calibration = client.get(reverse("voice-calibration", args=[survey.campaign.slug]))
    assert_inert(calibration.content.decode())
    study = Study.objects.create(
        campaign=survey.campaign, scope=Study.Scope.SERVICE, service=service_a
    )
    snapshot = content.build_snapshot(study, params())
    html = render.render_study_html(snapshot, charts=render.study_charts(snapshot))
    assert_inert(html, CONCERNS, TRAINING)


def test_a_nul_byte_or_a_megabyte_is_refused_with_a_message_and_the_draft_kept(
    officer, codes, survey
):
    client = Client()
    client.post(reverse("voice-entry"), {"code": codes[0]})
    response = _answer(client, officer, concerns=NUL, training=ONE_MEGABYTE)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Le caractère nul n’est pas autorisé." in page
    assert "au plus 2000 caract" in page
    assert AgentAnswer.objects.count() == 0
    draft = AgentCode.objects.get(digest=code_digest(codes[0])).draft
    assert draft["concerns"] == "nulbyte" and len(draft["training"]) == 2000


def test_a_hostile_code_or_a_forged_field_is_a_clear_page(officer, codes, survey):
    client = Client()
    for value in (hostile("code"), NUL, ONE_MEGABYTE, ""):
        response = client.post(reverse("voice-entry"), {"code": value})
        assert response.status_code == 200
        assert_inert(response.content.decode())
    client.post(reverse("voice-entry"), {"code": codes[0]})
    forged = {
        "t999999_does": "yes",
        "ai_task_ids": ["abc", "-1"],
        "frequency": "<x>",
        "action": "submit",
    }
    response = client.post(reverse("voice-answer"), forged)
    assert response.status_code == 400 and AgentAnswer.objects.count() == 0


def test_hostile_city_tools_and_addresses_are_escaped(
    client_as, administrator, head_a, officer, survey
):
    admin = client_as(administrator)
    response = admin.get(reverse("voice-survey", args=[survey.campaign.slug]))
    assert response.status_code == 200
    head = client_as(head_a)
    response = head.post(
        reverse("voice-role-email", args=[officer.inventory_id, officer.pk]),
        {"addresses": hostile("address")},
    )
    assert response.status_code == 400
    assert_inert(response.content.decode())
    actions.agent_survey_set(
        actor=administrator, campaign=survey.campaign, opens_on=survey.opens_on,
        closes_on=survey.closes_on, enabled=True, tools=CITY_TOOL + "\n" + NUL,
    )  # fmt: skip
