"""The demo campaign's agents' survey: open, answered for ten roles, some below three."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from impact.voice.demo import DEMO_CODE
from impact.voice.models import AgentAnswer, AgentSurvey


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_survey_is_answered_for_at_least_eight_roles(demo, client):
    assert "Enquête auprès des agents : ouverte ; 32 réponses pour 10 postes" in demo
    assert DEMO_CODE in demo
    survey = AgentSurvey.objects.get()
    counts = list(
        AgentAnswer.objects.values("inventory_role")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert len(counts) >= 8
    assert any(n < 3 for n in counts) and sum(n >= 3 for n in counts) >= 6
    # A newcomer answers as an agent with the printed code.
    response = client.post(reverse("voice-entry"), {"code": DEMO_CODE})
    assert response.status_code == 302
    assert client.get(reverse("voice-answer")).status_code == 200
    # The demo study of « Espaces verts » has the agents' section filled.
    version = survey.campaign.studies.get(service__name="Espaces verts").versions.get()
    agents = version.snapshot["agents"]
    assert agents["use"]["respondents"] >= 3 and agents["roles"]

    again = StringIO()
    call_command("load_demo", stdout=again)
    assert (
        "Enquête auprès des agents : déjà présente ; 32 réponses pour 10 postes" in again.getvalue()
    )
    assert AgentAnswer.objects.count() == 32
