"""An agent answers with a code, without an account: save, come back, submit, once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from impact.voice.codes import code_digest
from impact.voice.forms import tree_class
from impact.voice.models import AgentAnswer, AgentCode, AgentTaskAnswer

ENTRY = "/agents/"
ANSWER = "/agents/questionnaire/"


def enter(client, code):
    return client.post(ENTRY, {"code": code})


def full_answer(officer, **extra) -> dict:
    """Letters: does it, 60-70 % of the time, E1 (q1 no, q2 yes), 60-70 %; desk: does not."""
    letters, desk = officer.tasks.order_by("position", "pk")
    data = {
        f"t{letters.pk}_does": "yes",
        f"t{letters.pk}_time": "0.65",
        f"t{letters.pk}_q1": "no",
        f"t{letters.pk}_q2": "yes",
        f"t{letters.pk}_intensity": "0.65",
        f"t{desk.pk}_does": "no",
        "n1_description": "Tenir le planning des mariages",
        "n1_task_type": "",
        "n1_time": "0.25",
        "n1_q1": "no",
        "n1_q2": "no",
        "n1_q3": "yes",
        "n1_intensity": "0.35",
        "uses_ai": "yes",
        "frequency": "weekly",
        "tool_kinds": ["consumer"],
        "data_classes": ["D2"],
        "ai_task_ids": [str(letters.pk)],
        "concerns": "Perdre le contact avec les usagers.",
        "training": "Savoir relire un texte produit par l'IA.",
        "action": "submit",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (("yes", "", ""), ("E0", None)),
        (("no", "yes", ""), ("E1", None)),
        (("no", "no", "yes"), ("E2", None)),
        (("no", "no", "no"), ("E0", None)),
        (("", "yes", "yes"), (None, "q1")),
        (("no", "", "yes"), (None, "q2")),
        (("no", "no", ""), (None, "q3")),
    ],
)
def test_the_plain_questions_give_the_class_of_the_decision_tree(answers, expected):
    assert tree_class(*answers) == expected


def test_the_link_of_a_code_fills_it_in(client, codes):
    page = client.get(ENTRY, {"code": codes[0]}).content.decode()
    assert f'value="{codes[0]}"' in page
    assert "anonymes" in page


def test_an_agent_saves_comes_back_and_submits_once(client, codes, officer):
    response = enter(client, codes[0].lower().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == ANSWER
    page = client.get(ANSWER).content.decode()
    assert "Courriers" in page and "Guichet" in page
    text = re.sub(r"<[^>]+>", " ", page)  # what the agent reads (not the tokens of the form)
    assert not re.search(r"\bE[012]\b", text) and "β" not in text and "beta" not in text
    letters = officer.tasks.order_by("position", "pk").first()

    draft = {f"t{letters.pk}_does": "partly", f"t{letters.pk}_time": "0.45", "action": "save"}
    response = client.post(ANSWER, draft, follow=True)
    assert "Vos réponses sont enregistrées" in response.content.decode()
    assert AgentAnswer.objects.count() == 0

    client.cookies.clear()  # another day, another phone: the same code brings the draft back
    enter(client, codes[0])
    page = client.get(ANSWER).content.decode()
    assert re.search(rf'name="t{letters.pk}_does" value="partly"\s+id="[^"]+" checked', page)
    assert (
        AgentCode.objects.get(digest=code_digest(codes[0])).draft[f"t{letters.pk}_time"] == "0.45"
    )

    response = client.post(ANSWER, full_answer(officer))
    assert response.status_code == 302 and response["Location"] == reverse("voice-thanks")
    answer = AgentAnswer.objects.get()
    assert answer.inventory_role == officer
    assert answer.submitted_on == timezone.localdate()
    assert answer.uses_ai and answer.tool_kinds == ["consumer"] and answer.unsupervised_use
    rows = {(row.task_id, row.does, row.exposure, row.intensity) for row in answer.tasks.all()}
    desk = officer.tasks.order_by("position", "pk").last()
    assert rows == {
        (letters.pk, "yes", "E1", "0.65"),
        (desk.pk, "no", "", ""),
        (None, "", "E2", "0.35"),
    }
    code = AgentCode.objects.get(digest=code_digest(codes[0]))
    assert code.used and code.draft == {}

    # The same form sent again, and the code typed again: refused, nothing doubled.
    again = client.post(ANSWER, full_answer(officer))
    assert again.status_code == 302 and again["Location"] == ENTRY
    refused = enter(client, codes[0])
    assert refused.status_code == 410
    assert "Ce code a déjà servi" in refused.content.decode()
    assert AgentAnswer.objects.count() == 1 and AgentTaskAnswer.objects.count() == 3


def test_a_missing_answer_keeps_the_draft_and_stores_no_answer(client, codes, officer):
    enter(client, codes[0])
    data = full_answer(officer)
    letters = officer.tasks.order_by("position", "pk").first()
    del data[f"t{letters.pk}_q2"]
    response = client.post(ANSWER, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Répondez à cette question." in page
    assert "enregistrées comme brouillon" in page
    assert AgentAnswer.objects.count() == 0 and AgentTaskAnswer.objects.count() == 0
    assert AgentCode.objects.get(digest=code_digest(codes[0])).draft["n1_description"]


def test_unknown_code_gets_a_clear_message(client, codes):
    response = enter(client, "ZZZZZ-ZZZZZ")
    assert response.status_code == 200
    assert "Ce code n&#x27;existe pas" in response.content.decode()
    response = enter(client, "<script>")
    assert response.status_code == 200 and "existe pas" in response.content.decode()


def test_a_closed_or_future_survey_refuses_the_code(client, codes, survey):
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.opens_on = survey.closes_on - datetime.timedelta(days=5)
    survey.save()
    response = enter(client, codes[0])
    assert (
        response.status_code == 410
        and "L'enquête est close" in response.content.decode().replace("&#x27;", "'")
    )
    survey.opens_on = timezone.localdate() + datetime.timedelta(days=2)
    survey.closes_on = survey.opens_on + datetime.timedelta(days=5)
    survey.save()
    response = enter(client, codes[0])
    assert response.status_code == 403 and "pas encore ouverte" in response.content.decode()


def test_the_answer_page_without_a_code_goes_back_to_the_entry(client, db):
    response = client.get(ANSWER)
    assert response.status_code == 302 and response["Location"] == ENTRY


def test_too_many_attempts_a_minute_are_refused(client, codes, settings):
    settings.IMPACT_AGENT_CODE_ATTEMPTS_PER_MINUTE = 2
    assert enter(client, "ZZZZZ-ZZZZZ").status_code == 200
    assert enter(client, "ZZZZZ-ZZZZY").status_code == 200
    response = enter(client, codes[0])
    assert response.status_code == 429
    assert "Trop d" in response.content.decode()


def test_the_answer_page_makes_as_many_queries_for_many_tasks(
    client, codes, officer, django_assert_max_num_queries
):
    from tests.helpers import add_task

    enter(client, codes[0])
    with django_assert_max_num_queries(12) as small:
        client.get(ANSWER)
    for number in range(30):
        add_task(officer, f"Tâche {number}", 1, "rediger-note", "D1")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(ANSWER).content.decode()
    assert "Tâche 29" in page


def test_a_name_in_a_free_text_is_pointed_out_then_confirmed(client, codes, officer):
    enter(client, codes[0])
    data = full_answer(officer, concerns="Mme Martin nous surveille déjà assez.")
    response = client.post(ANSWER, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "semble contenir le nom d&#x27;une personne" in page
    assert "pas sur des personnes" in page
    assert AgentAnswer.objects.count() == 0
    response = client.post(ANSWER, data | {"confirm_personal_data": "on"})
    assert response.status_code == 302
    assert AgentAnswer.objects.get().concerns == "Mme Martin nous surveille déjà assez."


def test_a_draft_keeps_no_text_that_seems_to_hold_personal_data(client, codes, officer):
    enter(client, codes[0])
    draft = {
        "concerns": "Appeler Mme Martin au 06 12 34 56 78.",
        "training": "Relire l'IA.",
        "action": "save",
    }
    response = client.post(ANSWER, draft)
    assert response.status_code == 400
    page = response.content.decode()
    assert "sauf les textes signalés" in page and "numéro de téléphone" in page
    assert "Dites si vous faites cette tâche" not in page  # a draft may lack answers
    stored = AgentCode.objects.get(digest=code_digest(codes[0])).draft
    assert "concerns" not in stored and stored["training"] == "Relire l'IA."
    confirmed = client.post(
        ANSWER, draft | {"concerns": "Mme la Maire décide.", "confirm_personal_data": "on"}
    )
    assert confirmed.status_code == 302
    assert (
        AgentCode.objects.get(digest=code_digest(codes[0])).draft["concerns"]
        == "Mme la Maire décide."
    )
