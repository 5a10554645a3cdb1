"""The survey pages make the same number of queries for a few roles and answers as for many
(the counts are recorded in docs/benchmarks.md, « Agents' survey: queries »)."""

import pytest
from django.urls import reverse

from impact.voice import actions
from impact.voice.codes import code_digest
from surveys.models import InventoryRole
from tests.helpers import add_task


def _answers(codes, role, count):
    tasks = [
        {
            "task_id": t.pk,
            "does": "yes",
            "time_share": "0.45",
            "exposure": "E1",
            "intensity": "0.55",
        }
        for t in role.tasks.all()
    ]
    for code in codes[:count]:
        actions.agent_answer_submit(
            digest=code_digest(code),
            answer={"uses_ai": False, "frequency": "never", "concerns": "", "training": "", "tasks": list(tasks)},
        )  # fmt: skip


def _grow(officer, head_a, roles: int, start: int = 0):
    """``roles`` more roles of 6 agents with two tasks each, all answered by 3 agents."""
    for number in range(start, start + roles):
        role = InventoryRole.objects.create(
            inventory=officer.inventory, title=f"Poste {number}", headcount=6, fte=6
        )
        add_task(role, "Courriers", 60, "rediger-courrier", "D2")
        add_task(role, "Notes", 40, "rediger-note", "D1")
        _answers(actions.agent_codes_renew(actor=head_a, inventory_role=role), role, 3)


@pytest.mark.parametrize("page", ["voice-survey", "voice-calibration"])
def test_the_campaign_pages_make_the_same_queries_for_ten_times_the_roles(
    client_as, administrator, head_a, codes, officer, survey, page, django_assert_max_num_queries
):
    _answers(codes, officer, 3)
    client = client_as(administrator)
    url = reverse(page, args=[survey.campaign.slug])
    _grow(officer, head_a, 1)
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    _grow(officer, head_a, 10, start=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Poste 10" in client.get(url).content.decode()


def test_the_role_page_makes_the_same_queries_for_more_answers(
    client_as, head_a, codes, officer, survey, django_assert_max_num_queries
):
    client = client_as(head_a)
    url = reverse("voice-role", args=[officer.inventory_id, officer.pk])
    _answers(codes, officer, 3)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    _answers(codes[3:], officer, 3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert "Accord sur les classes" in client.get(url).content.decode()
