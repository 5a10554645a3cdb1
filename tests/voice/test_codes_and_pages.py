"""Heads and administrators hand out codes; nobody sees a role below 3 respondents; the
addresses a head pastes are stored nowhere; an answer cannot be linked to its code."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from impact.voice import actions
from impact.voice.codes import code_digest, code_normalize
from impact.voice.models import AgentAnswer, AgentCode

LETTERS_E1 = {"does": "yes", "time_share": "0.65", "exposure": "E1", "intensity": "0.65"}


def role_url(role):
    return reverse("voice-role", args=[role.inventory_id, role.pk])


def submit(code, role, does="yes"):
    """An agent's answer straight through the action (the pages are tested elsewhere)."""
    tasks = [{"task_id": task.pk, **LETTERS_E1, "does": does} for task in role.tasks.all()]
    actions.agent_answer_submit(
        digest=code_digest(code),
        answer={
            "uses_ai": False,
            "frequency": "never",
            "concerns": "",
            "training": "",
            "tasks": tasks,
        },
    )


def table_dump() -> str:
    """Every row of every table of the database, as text (what a DBA could read)."""
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            lines.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(lines)


def test_codes_are_random_single_use_and_stored_as_a_keyed_hash(survey, officer, head_a):
    codes = actions.agent_codes_renew(actor=head_a, inventory_role=officer)
    assert len(codes) == officer.headcount == 6 and len(set(codes)) == 6
    assert all(code_normalize(code) for code in codes)
    dump = table_dump()
    assert not any(code_normalize(code) in dump or code in dump for code in codes)
    assert AgentCode.objects.filter(digest__in=[code_digest(c) for c in codes]).count() == 6


def test_a_new_sheet_cancels_unused_printed_codes_but_keeps_drafts_and_answers(
    survey, officer, head_a
):
    first = actions.agent_codes_renew(actor=head_a, inventory_role=officer)
    submit(first[0], officer)
    actions.agent_draft_save(digest=code_digest(first[1]), data={"concerns": "brouillon"})
    second = actions.agent_codes_renew(actor=head_a, inventory_role=officer)
    assert len(second) == 4  # 6 agents: one answered, one has a draft
    assert not AgentCode.objects.filter(digest=code_digest(first[2])).exists()
    assert AgentCode.objects.get(digest=code_digest(first[1])).draft == {"concerns": "brouillon"}
    assert AgentCode.objects.filter(inventory_role=officer).count() == 6


def test_the_sheet_page_shows_each_code_with_its_qr_code_once(client_as, survey, officer, head_a):
    client = client_as(head_a)
    response = client.post(reverse("voice-role-sheet", args=[officer.inventory_id, officer.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="voice-code"') == 6 and page.count("<svg") >= 6
    assert "/agents/?code=" in page
    assert "ne sont montrés qu" in page


def test_codes_by_email_leave_no_address_anywhere(client_as, survey, officer, head_a):
    client = client_as(head_a)
    addresses = "agent.un@ville.example\nAgent.Deux@ville.example; agent.un@ville.example"
    response = client.post(
        reverse("voice-role-email", args=[officer.inventory_id, officer.pk]),
        {"addresses": addresses},
        follow=True,
    )
    assert "2 codes envoyés" in response.content.decode()
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"agent.un@ville.example", "Agent.Deux@ville.example"}
    body = mail.outbox[0].body
    assert "/agents/?code=" in body and "anonyme" in body
    dump = table_dump().lower()
    assert "agent.un" not in dump and "agent.deux" not in dump
    assert AgentCode.objects.filter(channel=AgentCode.Channel.EMAIL).count() == 2


def test_a_wrong_address_sends_nothing_and_names_it(client_as, survey, officer, head_a):
    client = client_as(head_a)
    response = client.post(
        reverse("voice-role-email", args=[officer.inventory_id, officer.pk]),
        {"addresses": "bon@ville.example\npas-une-adresse"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "L&#x27;entrée n° 2 de la liste" in page and "adresse électronique" in page
    assert "pas-une-adresse" not in page and "bon@ville.example" not in page  # not echoed
    assert mail.outbox == [] and AgentCode.objects.count() == 0


def test_more_addresses_than_agents_is_refused(client_as, survey, officer, head_a):
    client = client_as(head_a)
    addresses = "\n".join(f"agent{n}@ville.example" for n in range(7))
    response = client.post(
        reverse("voice-role-email", args=[officer.inventory_id, officer.pk]),
        {"addresses": addresses},
    )
    assert response.status_code == 400 and "au plus 6 adresses" in response.content.decode()
    assert mail.outbox == []


class _RefusingConnection:
    """A mail server that accepts the connection and refuses ``refused`` recipients."""

    def __init__(self, refused=("*",)):
        self.refused, self.sent = refused, []

    def open(self):
        return True

    def close(self):
        return None

    def send_messages(self, messages):
        import smtplib

        for message in messages:
            if "*" in self.refused or message.to[0] in self.refused:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"unknown")})
            self.sent.append(message)
        return len(messages)


def test_a_mail_server_refusal_creates_no_code(client_as, survey, officer, head_a, monkeypatch):
    monkeypatch.setattr("impact.voice.actions.get_connection", lambda: _RefusingConnection())
    response = client_as(head_a).post(
        reverse("voice-role-email", args=[officer.inventory_id, officer.pk]),
        {"addresses": "agent@ville.example"},
    )
    assert response.status_code == 400
    assert "aucun code n&#x27;a été créé" in response.content.decode()
    assert AgentCode.objects.count() == 0


def test_a_refused_recipient_cancels_only_its_code(client_as, survey, officer, head_a, monkeypatch):
    server = _RefusingConnection(refused=("inconnu@ville.example",))
    monkeypatch.setattr("impact.voice.actions.get_connection", lambda: server)
    response = client_as(head_a).post(
        reverse("voice-role-email", args=[officer.inventory_id, officer.pk]),
        {"addresses": "un@ville.example\ninconnu@ville.example\ndeux@ville.example"},
        follow=True,
    )
    page = response.content.decode()
    assert "2 codes envoyés" in page and "refusé 1 envois" in page
    assert len(server.sent) == 2 and AgentCode.objects.count() == 2
    codes_mailed = {m.body.split("code : ")[1].split()[0] for m in server.sent}
    assert {code_digest(c) for c in codes_mailed} == set(
        AgentCode.objects.values_list("digest", flat=True)
    )


def test_no_smtp_server_refuses_to_mail_codes_to_a_log(
    client_as, survey, officer, head_a, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    response = client_as(head_a).post(
        reverse("voice-role-email", args=[officer.inventory_id, officer.pk]),
        {"addresses": "un@ville.example"},
    )
    assert response.status_code == 400
    assert "Aucun serveur de messagerie" in response.content.decode()
    assert AgentCode.objects.count() == 0


def test_addresses_copied_from_a_mail_program_are_read(survey):
    text = "Dupont Jean <jean.dupont@ville.example>; « Martin » <a.martin@ville.example>,\nc@ville.example"
    assert actions.parse_addresses(text) == [
        "jean.dupont@ville.example",
        "a.martin@ville.example",
        "c@ville.example",
    ]


def test_the_head_sees_nothing_of_the_role_until_three_agents_answered(
    client_as, codes, officer, head_a
):
    client = client_as(head_a)
    submit(codes[0], officer)
    submit(codes[1], officer)
    page = client.get(role_url(officer)).content.decode()
    assert "moins de 3" in page and "restent invisibles" in page
    assert "Accord sur les classes" not in page
    submit(codes[2], officer)
    page = client.get(role_url(officer)).content.decode()
    assert "moins de 3" not in page
    assert "Accord sur les classes" in page


def test_an_answer_cannot_be_linked_to_its_code(codes, officer):
    """What a DBA reads: the code rows say "used", the answer rows have a random id, the
    role and the day; no column of one holds a value of the other but the role and survey."""
    submit(codes[3], officer)
    submit(codes[1], officer, does="partly")
    answer_columns = {field.column for field in AgentAnswer._meta.concrete_fields}
    assert answer_columns.isdisjoint(
        {"code_id", "digest", "user_id", "ip", "user_agent", "created_at"}
    )
    assert not any(
        field.get_internal_type() == "DateTimeField" for field in AgentAnswer._meta.concrete_fields
    )
    code_columns = {field.column for field in AgentCode._meta.concrete_fields}
    assert code_columns == {
        "id",
        "survey_id",
        "inventory_role_id",
        "digest",
        "channel",
        "used",
        "draft",
    }
    used = list(AgentCode.objects.filter(used=True).values())
    answers = list(AgentAnswer.objects.values())
    assert all(row["draft"] == {} for row in used)
    shared = {"survey_id", "inventory_role_id"}
    trivial = {"True", "False", "", "[]", "{}", "None"}
    for code in used:
        code_values = {str(value) for key, value in code.items() if key not in shared}
        for answer in answers:
            answer_values = {str(value) for key, value in answer.items() if key not in shared}
            assert not (code_values & answer_values) - trivial
    # Neither the order of the rows nor their ids follow the order the answers came in.
    assert [a.pk for a in AgentAnswer.objects.all()] == sorted(a["id"] for a in answers)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("head_a", 200),
        ("head_b", 404),
        ("delegate", 404),
        ("official", 404),
    ],
)
def test_who_may_open_a_roles_survey_page(client_as, request, codes, officer, persona, status):
    response = client_as(request.getfixturevalue(persona)).get(role_url(officer))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 302),
        ("head_a", 302),
        ("head_b", 404),
        ("delegate", 404),
        ("official", 404),
    ],
)
def test_who_may_hand_out_codes(client_as, request, survey, officer, persona, status):
    client = client_as(request.getfixturevalue(persona))
    response = client.post(
        reverse("voice-role-email", args=[officer.inventory_id, officer.pk]),
        {"addresses": "a@ville.example"},
    )
    assert response.status_code == status


def test_a_validated_inventory_is_visible_to_delegates_but_they_hand_out_no_codes(
    client_as, survey, officer, delegate
):
    officer.inventory.status = officer.inventory.Status.VALIDATED
    officer.inventory.save()
    assert client_as(delegate).get(role_url(officer)).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [("administrator", 200), ("head_a", 403), ("delegate", 403), ("official", 403)],
)
def test_only_administrators_set_the_survey_and_read_the_calibration(
    client_as, request, survey, persona, status
):
    client = client_as(request.getfixturevalue(persona))
    assert client.get(reverse("voice-survey", args=[survey.campaign.slug])).status_code == status
    assert (
        client.get(reverse("voice-calibration", args=[survey.campaign.slug])).status_code == status
    )


def test_an_administrator_turns_the_survey_on_with_dates_and_tools(
    client_as, campaign, administrator
):
    client = client_as(administrator)
    today = timezone.localdate()
    response = client.post(
        reverse("voice-survey", args=[campaign.slug]),
        {
            "enabled": "on",
            "opens_on": today,
            "closes_on": today - datetime.timedelta(days=1),
            "tools": "",
        },
    )
    assert "La clôture doit suivre" in response.content.decode()
    response = client.post(
        reverse("voice-survey", args=[campaign.slug]),
        {
            "enabled": "on",
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=9),
            "tools": "Albert\n\nAlbert\nTraducteur",
        },
        follow=True,
    )
    assert "sont enregistrés" in response.content.decode()
    assert campaign.agent_survey.tool_names == ["Albert", "Traducteur"]


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, survey, officer):
    response = client.get(role_url(officer))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("head_a", 200),
        ("head_b", 404),
        ("delegate", 404),
        ("official", 404),
    ],
)
def test_who_may_print_the_codes(client_as, request, survey, officer, persona, status):
    client = client_as(request.getfixturevalue(persona))
    response = client.post(reverse("voice-role-sheet", args=[officer.inventory_id, officer.pk]))
    assert response.status_code == status
    assert AgentCode.objects.count() == (officer.headcount if status == 200 else 0)


@pytest.mark.parametrize("persona", ["head_a", "delegate", "official"])
def test_only_administrators_apply_the_city_matrix(client_as, request, survey, persona):
    client = client_as(request.getfixturevalue(persona))
    response = client.post(reverse("voice-posterior-apply", args=[survey.campaign.slug]))
    assert response.status_code == 403


def test_the_city_matrix_is_refused_below_300_tasks_with_a_message(
    client_as, administrator, survey
):
    response = client_as(administrator).post(
        reverse("voice-posterior-apply", args=[survey.campaign.slug]), follow=True
    )
    assert "Il faut au moins 300 tâches" in response.content.decode()


def test_the_heads_home_lists_the_roles_open_to_their_agents(
    client_as, codes, officer, head_a, head_b
):
    submit(codes[0], officer)
    page = client_as(head_a).get(reverse("home")).content.decode()
    assert "avis de vos agents" in page
    assert role_url(officer) in page and "6 / 6" in page and "moins de 3" in page
    assert "avis de vos agents" not in client_as(head_b).get(reverse("home")).content.decode()


def test_a_task_the_head_removes_keeps_the_agents_answers(codes, officer, head_a):
    """The head edits a returned inventory: the agents' answers on a removed task stay, with
    the head's words, and are not taken for tasks the agents added."""
    submit(codes[0], officer)
    desk = officer.tasks.order_by("position", "pk").last()
    description = desk.description
    desk.delete()
    row = AgentAnswer.objects.get().tasks.get(description=description)
    assert row.task is None and not row.added
    from impact.voice import calibration

    letters = officer.tasks.get()
    response = calibration.agent_response(AgentAnswer.objects.get(), {letters.pk: 0.6})
    assert response.added == () and len(response.answers) == 1


@pytest.mark.django_db(transaction=True)
def test_answers_are_published_by_role_three_at_a_time_in_no_order(codes, officer, settings):
    """Sending marks the code used and keeps the answer aside; the third answer of the role
    publishes the three together, shuffled, with random ids. On PostgreSQL the rows' system
    columns then tie the batch as a whole, never one answer, to one (sub)transaction: the first
    two codes' transactions wrote no answer."""
    from impact.voice.models import PendingAnswer

    settings.IMPACT_AGENT_RELEASE_BATCH = 3
    submit(codes[0], officer)
    submit(codes[1], officer, does="partly")
    assert AgentAnswer.objects.count() == 0 and PendingAnswer.objects.count() == 2
    assert AgentCode.objects.filter(used=True).count() == 2
    submit(codes[2], officer)
    assert AgentAnswer.objects.count() == 3 and PendingAnswer.objects.count() == 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT xmin::text FROM impact_agentanswer")
            batch = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT DISTINCT xmin::text FROM impact_agenttaskanswer")
            tasks = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT xmin::text FROM impact_agentcode WHERE used")
            used = [row[0] for row in cursor.fetchall()]
        assert len(batch) == 1 and tasks == batch  # one writer for the three answers
        assert len(used) == 3 and sum(xmin in batch for xmin in used) <= 1


def test_a_sheet_sent_again_keeps_the_codes_just_printed(client_as, survey, officer, head_a):
    client = client_as(head_a)
    url = reverse("voice-role-sheet", args=[officer.inventory_id, officer.pk])
    token = "5f0e7c3a-1111-4222-8333-944455556666"
    first = client.post(url, {"submission": token})
    printed = re.findall(r'class="voice-code">([^<]+)<', first.content.decode())
    again = client.post(url, {"submission": token}, follow=True)
    assert "déjà été préparée" in again.content.decode()
    assert AgentCode.objects.filter(digest__in=[code_digest(c) for c in printed]).count() == 6


def test_a_signed_in_visitor_who_enters_a_code_is_signed_out(client_as, codes, head_a):
    client = client_as(head_a)
    client.post(reverse("voice-entry"), {"code": codes[0]})
    assert "_auth_user_id" not in client.session and client.session["voice_code"]
