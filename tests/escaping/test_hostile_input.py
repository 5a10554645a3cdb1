"""Hostile input in every free-text field is stored intact and rendered inert everywhere.

Each field is filled through its real entry path (the test client posting the real form as
the persona who types it, or the organisation chart upload) with a payload that begins with
a spreadsheet formula prefix (``=``, ``+``, ``-``, ``@``) and carries ``<script>``, an
``onerror`` attribute, a ``javascript:`` URL, control characters (BEL, ESC) and
right-to-left marks (U+202E, U+200F); see ``tests/escaping/hostile.py``. Then:

- **stored intact**: the model field equals the payload;
- **pages**: every page showing it has the escaped text, and no markup, event handler or
  ``javascript:`` attribute from it;
- **e-mails**: plain text only (no HTML part), the text quoted as typed, subjects on one line
  (a CR/LF typed in a campaign title does not reach a header);
- **PDF**: the study prints the text as text, in the order typed, with no link, no
  JavaScript, no image and no fetched resource;
- **exports**: XLSX and CSV keep the text but prefix a formula with an apostrophe.

NUL (which PostgreSQL cannot store) is refused by Django's form fields with a clear message.
Every free-text field has a limit (from 200 characters for a title to 20,000 for a long
answer): a 1 MB text is refused with the limit in the message, nothing stored and the typed
text kept in the form. The task justification had none; with a 1 MB one stored intact, the
studies printing it (its service's, directorate's, collectivité's) did not finish laying out
in 8 minutes (the worker's soft limit is 9), so it is now bounded at 5,000 characters.

Defects these tests found, fixed in the app: an XLSX export with BEL or ESC in any text was
a 500 (openpyxl refuses C0 control characters: ``services.web.spreadsheets.xlsx_cell`` drops them);
a right-to-left override in a role title reversed the figures the study PDF printed after it
(``impact.studies.render.without_bidi_controls``); the unbounded justification above.

Free-text fields covered (model field ← form ← who types it):

- ``Inventory.answers`` free-text questions of the questionnaire ← ``SectionForm`` ← head:
  service/missions (long), service/opening_hours (short), ai_use/tools_other (short),
  ai_use/tasks_with_ai, opportunities/improvement_details, opportunities/needs,
  concerns/agents_concerns, concerns/training, concerns/stay_human, comments/free (long);
- ``InventoryRole.title`` and ``.note`` ← ``AddRoleForm`` ← head (role missing from the chart);
- ``InventoryTask.description`` and ``.justification`` ← ``TaskForm`` ← head;
- ``InventoryEvent.comment`` ← ``ReturnForm`` ← administrator (inventory returned);
- ``Campaign.title`` ← ``CampaignForm`` ← administrator (also in invitation e-mails);
- ``Comment.body`` (comment, reply, edit; ``CommentRevision.body``), ``Comment.answer``,
  ``Comment.decline_reason`` ← consultation forms ← delegate, head, administrator;
- ``Opinion.reasoning`` (and ``OpinionRevision.reasoning``) ← ``OpinionForm`` ← delegate;
- ``Directorate.name``, ``Service.name``, ``Role.title``, ``Role.job_family`` ← the
  organisation chart upload (``services.actions.org_chart_import``) ← administrator, CSV and
  XLSX (a CSV with a control character is refused whole, with a message);
- ``next`` of the "pris en compte" form (a URL typed by no one, but posted): a
  ``javascript:`` URL is not followed.

Not covered: ``Questionnaire`` (shipped files), ``StudyJob.message`` (written by the app),
``MethodSettings`` (numbers only), user names and anything edited in the Django admin
(Django's own escaping). Web pages and e-mails show a right-to-left override as typed: it may
reorder the rest of its line there (no central place to isolate user text in templates).
"""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from impact.consultation import selectors as selectors_consultation
from impact.consultation.models import (
    Comment,
    CommentRevision,
    Consultation,
    Opinion,
    OpinionRevision,
)
from impact.scores.models import RoleScore
from impact.studies import pdf as impact_pdf
from impact.studies.models import Study, StudyVersion
from services.models import Directorate, Role, Service
from services.web.spreadsheets import neutralise, xlsx_cell
from services.web.text import without_bidi_controls
from surveys.models import Campaign, Inventory, InventoryEvent, InventoryRole, InventoryTask
from tests.escaping.hostile import (
    CONTROL,
    FORMULAS,
    JS_URL,
    NUL,
    ONE_MEGABYTE,
    assert_inert,
    assert_neutralised,
    csv_rows,
    hostile,
    visible,
)
from tests.helpers import make_version, task_post, task_row

# Questionnaire free-text questions, each with the formula prefix its payload starts with.
QUESTIONS = {
    ("service", "missions"): "=",
    ("service", "opening_hours"): "+",
    ("ai_use", "tools_other"): "-",
    ("ai_use", "tasks_with_ai"): "@",
    ("opportunities", "improvement_details"): "=",
    ("opportunities", "needs"): "+",
    ("concerns", "agents_concerns"): "-",
    ("concerns", "training"): "@",
    ("concerns", "stay_human"): "=",
    ("comments", "free"): "+",
}
CHOICES = {
    "service": {"public": ["habitants"], "yearly_requests": "1200"},
    "ai_use": {"tools": ["public_chatbot", "other"], "data_typed": ["D1"]},
    "opportunities": {"improvements": ["other"]},
    "concerns": {"agents_consulted": "yes"},
    "comments": {},
}
ANSWERS = {f"{s}/{q}": hostile(f"{s}/{q}", prefix) for (s, q), prefix in QUESTIONS.items()}
ROLE_TITLE = hostile("role_title", "-")
ROLE_NOTE = hostile("role_note", "@")
TASK = hostile("task", "=")
JUSTIFICATION = hostile("justification", "+")
RETURN_COMMENT = hostile("return_comment", "-")
INVENTORY_TEXTS = {
    **ANSWERS,
    "role_title": ROLE_TITLE,
    "role_note": ROLE_NOTE,
    "task": TASK,
    "justification": JUSTIFICATION,
    "return_comment": RETURN_COMMENT,
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _revision(inventory) -> int:
    inventory.refresh_from_db(fields=["revision"])
    return inventory.revision


def _post(client, url: str, data: dict):
    response = client.post(url, data)
    assert response.status_code == 302, (url, _errors(response))
    return response


def _errors(response) -> list[str]:
    return re.findall(r'class="invalid-feedback"[^>]*>(.*?)<', response.content.decode(), re.S)


def _section_url(inventory, key: str) -> str:
    return reverse("surveys-inventory-section", args=[inventory.pk, key])


def fill_hostile_inventory(head, inventory) -> InventoryRole:
    """The head types a payload in every free-text field of the inventory, then submits."""
    client = _client(head)
    for section, choices in CHOICES.items():
        typed = {q: ANSWERS[f"{s}/{q}"] for (s, q) in QUESTIONS if s == section}
        _post(
            client,
            _section_url(inventory, section),
            {"revision": _revision(inventory), **choices, **typed},
        )
    roles_url = reverse("surveys-inventory-roles", args=[inventory.pk])
    _post(
        client,
        roles_url,
        {
            "op": "add",
            "revision": _revision(inventory),
            "title": ROLE_TITLE,
            "headcount": 5,
            "fte": "5",
            "note": ROLE_NOTE,
        },
    )
    added = inventory.roles.get(added_by_head=True)
    for role in inventory.roles.all():
        if role == added:
            # The default class of "rediger-courrier" is E1: choosing E2 needs a reason.
            rows = [task_row(TASK, 100, exposure="E2", justification=JUSTIFICATION)]
        else:
            rows = [task_row("Accueil", 100, "accueillir-guichet")]
        url = reverse("surveys-inventory-role-tasks", args=[inventory.pk, role.pk])
        _post(client, url, task_post(_revision(inventory), rows))
    _submit(client, inventory)
    return added


def _submit(client, inventory) -> None:
    url = reverse("surveys-inventory-submit", args=[inventory.pk])
    client.post(url, {"revision": _revision(inventory)})
    inventory.refresh_from_db()
    assert inventory.status == Inventory.Status.SUBMITTED, client.session.get(
        f"inventory-{inventory.pk}-problems"
    )


def return_and_validate(administrator, head, inventory, capture) -> None:
    """The administrator returns it with a hostile comment; the head resubmits; validated."""
    admin = _client(administrator)
    review = reverse("surveys-inventory-review", args=[inventory.pk])
    _post(admin, review, {"op": "return", "comment": RETURN_COMMENT})
    _submit(_client(head), inventory)
    with capture(execute=True):  # the validation's scoring runs after the commit
        _post(admin, review, {"op": "validate"})
    inventory.refresh_from_db()
    assert inventory.status == Inventory.Status.VALIDATED


@pytest.fixture
def hostile_inventory(head_a, administrator, inventory_a, django_capture_on_commit_callbacks):
    """inventory_a filled with payloads through the pages, returned once, then validated."""
    added = fill_hostile_inventory(head_a, inventory_a)
    return_and_validate(administrator, head_a, inventory_a, django_capture_on_commit_callbacks)
    return inventory_a, added


@pytest.fixture
def emails(administrator, head_a, delegate, official):
    for user in (administrator, head_a, delegate, official):
        user.email = f"{user.username}@ville.example"
        user.save(update_fields=["email"])


# --- Inventories -----------------------------------------------------------------------------


def test_inventory_text_is_stored_intact_and_escaped_on_every_page(
    hostile_inventory, head_a, administrator, delegate
):
    inventory, added = hostile_inventory
    for (section, question), _prefix in QUESTIONS.items():
        assert inventory.answers[section][question] == ANSWERS[f"{section}/{question}"]
    assert (added.title, added.note) == (ROLE_TITLE, ROLE_NOTE)
    task = InventoryTask.objects.get(inventory_role=added)
    assert (task.description, task.justification) == (TASK, JUSTIFICATION)
    assert InventoryEvent.objects.get(to_status="returned").comment == RETURN_COMMENT

    everything = list(INVENTORY_TEXTS.values())
    for user in (head_a, administrator, delegate):
        page = _client(user).get(inventory.get_absolute_url()).content.decode()
        assert_inert(page, *everything)
    admin = _client(administrator)
    review = admin.get(reverse("surveys-inventory-review", args=[inventory.pk]))
    assert_inert(review.content.decode(), *everything)
    for url in (reverse("surveys-inventory-list"), reverse("home")):
        assert_inert(admin.get(url).content.decode())
    scores = admin.get(reverse("impact-inventory-scores", args=[inventory.pk]))
    assert_inert(scores.content.decode(), ROLE_TITLE)


def test_inventory_forms_show_the_stored_payloads_escaped_in_their_fields(
    head_a, inventory_a, administrator
):
    added = fill_hostile_inventory(head_a, inventory_a)
    admin = _client(administrator)
    _post(
        admin,
        reverse("surveys-inventory-review", args=[inventory_a.pk]),
        {"op": "return", "comment": RETURN_COMMENT},
    )
    head = _client(head_a)
    for section in CHOICES:
        page = head.get(_section_url(inventory_a, section)).content.decode()
        typed = [ANSWERS[f"{s}/{q}"] for (s, q) in QUESTIONS if s == section]
        assert_inert(page, *typed)  # in <input value="…"> and <textarea>
    roles = head.get(reverse("surveys-inventory-roles", args=[inventory_a.pk]))
    assert_inert(roles.content.decode(), ROLE_TITLE)
    tasks = head.get(reverse("surveys-inventory-role-tasks", args=[inventory_a.pk, added.pk]))
    assert_inert(tasks.content.decode(), ROLE_TITLE, TASK, JUSTIFICATION)
    detail = head.get(inventory_a.get_absolute_url()).content.decode()
    assert_inert(detail, RETURN_COMMENT)  # the comment shown to the head of a returned one


def test_dashboards_show_a_hostile_role_title_escaped(hostile_inventory, administrator, official):
    inventory, added = hostile_inventory
    role_score = RoleScore.objects.get(inventory_role=added)
    assert role_score.title == ROLE_TITLE
    query = {"campagne": inventory.campaign.slug}
    pages = [
        reverse("impact-dashboard"),
        reverse("impact-dashboard-directorate", args=[inventory.service.directorate_id]),
        reverse("impact-dashboard-service", args=[inventory.service_id]),
        reverse("impact-dashboard-role", args=[role_score.pk]),
    ]
    for user in (administrator, official):
        client = _client(user)
        for url in pages:
            response = client.get(url, query)
            assert response.status_code == 200, (user, url)
            assert_inert(response.content.decode())
        service_page = client.get(pages[2], query).content.decode()
        assert_inert(service_page, ROLE_TITLE)


# --- Exports ---------------------------------------------------------------------------------


def _no_control(text: str) -> str:
    """What an XLSX cell keeps of a text: XML 1.0 has no place for C0 control characters."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)


def test_campaign_exports_neutralise_formulas_and_keep_the_text(hostile_inventory, administrator):
    inventory, _added = hostile_inventory
    client = _client(administrator)
    url = reverse("surveys-campaign-export", args=[inventory.campaign.slug, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    cells = _xlsx_cells(response.content)
    not_exported = ("role_note", "return_comment")
    in_xlsx = {tag: text for tag, text in INVENTORY_TEXTS.items() if tag not in not_exported}
    assert_neutralised(cells, in_xlsx, keep=_no_control)

    response = client.get(reverse("surveys-campaign-export", args=[inventory.campaign.slug, "csv"]))
    assert response.status_code == 200
    cells = [cell for row in csv_rows(response.content) for cell in row]
    tasks = {tag: INVENTORY_TEXTS[tag] for tag in ("role_title", "task", "justification")}
    assert_neutralised(cells, tasks)  # CSV keeps control characters: it is text


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_dashboard_exports_neutralise_a_hostile_role_title(hostile_inventory, administrator, fmt):
    inventory, added = hostile_inventory
    client = _client(administrator)
    query = {"campagne": inventory.campaign.slug, "format": fmt}
    response = client.get(reverse("impact-dashboard-service", args=[inventory.service_id]), query)
    assert response.status_code == 200
    if fmt == "xlsx":
        assert_neutralised(_xlsx_cells(response.content), {"role": ROLE_TITLE}, keep=_no_control)
    else:
        cells = [cell for row in csv_rows(response.content) for cell in row]
        assert_neutralised(cells, {"role": ROLE_TITLE})
    # The calculation receipt of the role: its title heads the sheet.
    role_score = RoleScore.objects.get(inventory_role=added)
    response = client.get(reverse("impact-dashboard-role", args=[role_score.pk]), query)
    assert response.status_code == 200
    if fmt == "xlsx":
        heading = _xlsx_cells(response.content)[0]
        assert heading.startswith("'" + _no_control(ROLE_TITLE) + " — ")


@pytest.mark.parametrize(
    "text",
    [*FORMULAS.values(), "\tSUM(1)", "\rSUM(1)"],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_neutralise_prefixes_every_formula_trigger_and_keeps_the_text(text):
    assert neutralise(text) == "'" + text
    assert neutralise("Agent " + text) == "Agent " + text


def test_an_xlsx_cell_loses_control_characters_before_its_formula_is_neutralised():
    # openpyxl refuses BEL or ESC (the export was a 500); once they are gone, a formula they
    # hid starts the cell and is neutralised too.
    assert xlsx_cell(f"ctl{CONTROL}red") == "ctl[31mred"
    assert xlsx_cell("\x07=SUM(1)") == "'=SUM(1)"
    assert xlsx_cell("\tSUM(1)") == "'\tSUM(1)" and xlsx_cell(3) == 3


# --- Campaigns and their e-mails ---------------------------------------------------------------

CAMPAIGN_TITLE = hostile("campaign_title", "@")
CRLF_TITLE = "Campagne\r\nBcc: victime@evil.example\r\nX-Injected: oui"


@pytest.mark.usefixtures("emails", "service_a")
@pytest.mark.parametrize("title", [CAMPAIGN_TITLE, CRLF_TITLE], ids=["hostile", "crlf"])
def test_campaign_title_is_stored_intact_escaped_and_kept_out_of_headers(
    administrator, head_a, questionnaire, title, django_capture_on_commit_callbacks
):
    admin = _client(administrator)
    response = admin.post(
        reverse("surveys-campaign-create"),
        {
            "title": title,
            "questionnaire": questionnaire.pk,
            "opens_on": "2026-11-01",
            "closes_on": "2026-12-15",
            "reminder_days": "7",
        },
    )
    assert response.status_code == 302, _errors(response)
    campaign = Campaign.objects.get()
    assert campaign.title == title
    for url in (
        reverse("surveys-campaign-list"),
        reverse("surveys-campaign-detail", args=[campaign.slug]),
        reverse("surveys-campaign-edit", args=[campaign.slug]),
    ):
        assert_inert(admin.get(url).content.decode(), title)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(admin, reverse("surveys-campaign-open", args=[campaign.slug]), {})
    [invitation] = mail.outbox
    assert invitation.to == [head_a.email]
    _assert_plain_text_email(invitation)
    assert without_bidi_controls(" ".join(title.split())) in invitation.subject
    # As typed (plain text, nothing escaped) but for the bidi controls (services/text.py).
    assert without_bidi_controls(title) in invitation.body
    assert "\u202e" not in invitation.body + invitation.subject
    raw = invitation.message().as_bytes()  # would raise BadHeaderError on a CR/LF
    headers = raw.split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in headers and b"\nX-Injected:" not in headers
    assert_inert(_client(head_a).get(reverse("home")).content.decode(), title)


def _assert_plain_text_email(message) -> None:
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", None)  # no HTML part that could run anything
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "&lt;" not in message.body and "&amp;" not in message.body


# --- Consultation ------------------------------------------------------------------------------

COMMENT = hostile("comment", "=")
EDITED = hostile("edited_comment", "+")
REPLY = hostile("reply", "-")
ANSWER = hostile("answer", "@")
REASON = hostile("decline_reason", "=")
OPINION = hostile("opinion", "+")
CHANGED_OPINION = hostile("changed_opinion", "-")
SERVICE_NAME = hostile("service_name", "@")


@pytest.fixture
def hostile_consultation(administrator, campaign, service_a, django_capture_on_commit_callbacks):
    """A consultation on a cheap version 1 whose snapshot names a hostile role and service
    (as typed by a head and imported from the chart: both are covered above and below)."""
    study = Study.objects.create(campaign=campaign, scope=Study.Scope.SERVICE, service=service_a)
    Service.objects.filter(pk=service_a.pk).update(name=SERVICE_NAME)
    snapshot = {"services": [{"name": SERVICE_NAME, "directorate": "Population",
                              "roles": [{"title": ROLE_TITLE}]}]}  # fmt: skip
    version = make_version(study, 1, snapshot)
    with django_capture_on_commit_callbacks(execute=True):
        _post(
            _client(administrator),
            reverse("impact-consultation-open", args=[study.pk, 1]),
            {"deadline": (timezone.localdate() + datetime.timedelta(days=14)).isoformat()},
        )
    return Consultation.objects.get(version=version)


def _role_target(version) -> str:
    return next(
        f"role:{i}:{j}"
        for i, j, _service, title in selectors_consultation.snapshot_roles(version)
        if title == ROLE_TITLE
    )


def write_hostile_thread(consultation, delegate, head, administrator, capture) -> Comment:
    """Through the pages: a comment on the hostile role, a head's reply, the comment edited,
    an administrator's refusal, a union's opinion then its change."""
    pk = consultation.pk
    writer, admin = _client(delegate), _client(administrator)
    with capture(execute=True):
        _post(
            writer,
            reverse("impact-consultation-comment", args=[pk]),
            {"kind": "objection", "target": _role_target(consultation.version), "body": COMMENT},
        )
    comment = Comment.objects.get(parent=None)
    with capture(execute=True):
        _post(
            _client(head),
            reverse("impact-consultation-reply", args=[pk, comment.pk]),
            {"body": REPLY},
        )
    _post(writer, reverse("impact-consultation-edit", args=[pk, comment.pk]), {"body": EDITED})
    with capture(execute=True):
        _post(
            admin,
            reverse("impact-consultation-answer", args=[pk, comment.pk]),
            {"status": "declined", "answer": ANSWER, "decline_reason": REASON},
        )
    opinion_url = reverse("impact-consultation-opinion", args=[pk])
    _post(writer, opinion_url, {"stance": "unfavourable", "reasoning": OPINION})
    _post(writer, opinion_url, {"stance": "abstention", "reasoning": CHANGED_OPINION})
    comment.refresh_from_db()
    return comment


@pytest.mark.usefixtures("emails")
def test_consultation_text_is_stored_intact_escaped_and_mailed_as_plain_text(
    hostile_consultation, delegate, head_a, administrator, official,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    comment = write_hostile_thread(
        hostile_consultation, delegate, head_a, administrator, django_capture_on_commit_callbacks
    )
    assert (comment.body, comment.answer, comment.decline_reason) == (EDITED, ANSWER, REASON)
    assert comment.role_title == ROLE_TITLE and comment.role_service == SERVICE_NAME
    assert CommentRevision.objects.get(comment=comment).body == COMMENT
    assert Comment.objects.get(parent=comment).body == REPLY
    opinion = Opinion.objects.get()
    assert opinion.reasoning == CHANGED_OPINION
    assert OpinionRevision.objects.get(opinion=opinion).reasoning == OPINION

    pk = hostile_consultation.pk
    detail = reverse("impact-consultation-detail", args=[pk])
    for user in (administrator, delegate, head_a, official):
        page = _client(user).get(detail).content.decode()
        assert_inert(page, EDITED, REPLY, ANSWER, REASON, CHANGED_OPINION, ROLE_TITLE)
    admin = _client(administrator)
    listing = admin.get(reverse("impact-consultation-comments", args=[pk])).content.decode()
    assert_inert(listing)
    assert escape(EDITED[:60]) in listing  # the list shows the first 100 characters
    for name in ("impact-consultation-reply", "impact-consultation-answer"):
        page = admin.get(reverse(name, args=[pk, comment.pk])).content.decode()
        assert_inert(page, EDITED)
    writer = _client(delegate)
    assert_inert(
        writer.get(reverse("impact-consultation-edit", args=[pk, comment.pk])).content.decode(),
        EDITED,
    )
    assert_inert(
        writer.get(reverse("impact-consultation-opinion", args=[pk])).content.decode(),
        CHANGED_OPINION,
    )
    form = writer.get(reverse("impact-consultation-comment", args=[pk])).content.decode()
    assert_inert(form, ROLE_TITLE)  # in the <option> of the role target

    # E-mails: the opening to the delegate, the comment to the administrator, the reply and
    # the answer to its author.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [delegate.email, administrator.email, delegate.email, delegate.email]
    )
    for message in mail.outbox:
        _assert_plain_text_email(message)
        # The study's name, on one line.
        assert without_bidi_controls(SERVICE_NAME) in message.subject
    bodies = "\n".join(message.body for message in mail.outbox)
    assert "\u202e" not in bodies
    for text in (COMMENT, REPLY, ANSWER, REASON):
        assert without_bidi_controls(text) in bodies, text

    # The CSV export neutralises formulas and keeps the text (control characters too).
    response = admin.get(reverse("impact-consultation-export", args=[pk]))
    cells = [cell for row in csv_rows(response.content) for cell in row]
    assert_neutralised(cells, {"body": EDITED, "answer": ANSWER, "reason": REASON})


def test_a_javascript_next_url_is_not_followed(administrator, delegate, hostile_consultation):
    comment = Comment.objects.create(
        consultation=hostile_consultation, author=delegate, kind="question", target="study",
        body="Une question ?",
    )  # fmt: skip
    url = reverse("impact-consultation-addressed", args=[hostile_consultation.pk, comment.pk])
    response = _client(administrator).post(url, {"addressed": "yes", "next": JS_URL})
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()


# --- The study PDF -----------------------------------------------------------------------------

DIRECTORATE_NAME = hostile("directorate_name", "=")


def _pdf(version: StudyVersion) -> PdfReader:
    with version.pdf.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _walk(value, seen: set):
    """Every object reachable from ``value`` in a PDF (dictionaries, arrays, streams)."""
    value = value.get_object() if hasattr(value, "get_object") else value
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    )
    for child in children:
        yield from _walk(child, seen)


def test_study_pdf_prints_every_hostile_text_as_text_and_runs_nothing(
    hostile_inventory, administrator, delegate, head_a, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    capture = django_capture_on_commit_callbacks
    inventory, _added = hostile_inventory
    service = inventory.service
    # Names as the chart import stores them, and a campaign title as an administrator typed it
    # (their entry paths are covered by the import and campaign tests).
    Service.objects.filter(pk=service.pk).update(name=SERVICE_NAME)
    Directorate.objects.filter(pk=service.directorate_id).update(name=DIRECTORATE_NAME)
    Campaign.objects.filter(pk=inventory.campaign_id).update(title=CAMPAIGN_TITLE)
    fetched = []

    def spy(url, *args, **kwargs):
        fetched.append(url)
        return real_fetcher(url, *args, **kwargs)

    real_fetcher = impact_pdf.url_fetcher
    monkeypatch.setattr(impact_pdf, "url_fetcher", spy)
    admin = _client(administrator)
    with capture(execute=True):
        _post(
            admin,
            reverse("impact-study-request"),
            {"campaign": inventory.campaign_id, "scope": "service", "service": service.pk},
        )
    first = StudyVersion.objects.get()
    study = first.study
    # A consultation on version 1, then version 2, whose annex prints it.
    with capture(execute=True):
        _post(
            admin,
            reverse("impact-consultation-open", args=[study.pk, 1]),
            {"deadline": (timezone.localdate() + datetime.timedelta(days=14)).isoformat()},
        )
    write_hostile_thread(Consultation.objects.get(), delegate, head_a, administrator, capture)
    with capture(execute=True):
        _post(admin, reverse("impact-study-regenerate", args=[study.pk]), {})
    version = StudyVersion.objects.get(number=2)

    reader = _pdf(version)
    text = _collapsed(" ".join(page.extract_text() for page in reader.pages))
    printed = {
        "campaign": CAMPAIGN_TITLE, "service": SERVICE_NAME, "directorate": DIRECTORATE_NAME,
        "role": ROLE_TITLE, "task": TASK, "justification": JUSTIFICATION,
        **{key: ANSWERS[key] for key in (
            "service/missions", "ai_use/tools_other", "ai_use/tasks_with_ai",
            "opportunities/improvement_details", "opportunities/needs",
            "concerns/agents_concerns", "concerns/training", "concerns/stay_human",
            "comments/free",
        )},
        "comment": EDITED, "answer": ANSWER, "reason": REASON, "opinion": CHANGED_OPINION,
    }  # fmt: skip
    for name, payload in printed.items():
        # In the order typed, without the invisible characters; a line may break anywhere.
        assert _squeezed(visible(payload)) in _squeezed(text), name
    # Explicit bidi controls are not printed: a right-to-left override in a role title would
    # reverse what the study prints after it ("… — 100 %, E2" as "2E ,% 001 — …").
    assert "nif olr" not in text and "% 001" not in text and "2E ," not in text
    objects = [obj for page in reader.pages for obj in _walk(page, set())]
    objects += list(_walk(reader.trailer["/Root"], set()))
    keys = {key for obj in objects if isinstance(obj, dict) for key in obj}
    assert not keys & {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch"}
    uris = [str(obj.get("/URI")) for obj in objects if isinstance(obj, dict) and "/URI" in obj]
    assert not [uri for uri in uris if uri.lower().startswith("javascript:")]
    images = [obj for obj in objects if isinstance(obj, dict) and obj.get("/Subtype") == "/Image"]
    assert not images  # the <img> payload is text, not a picture
    assert all(url.startswith(impact_pdf.BASE_URL) for url in fetched), fetched
    assert not [url for url in fetched if url.rstrip("/").endswith("/x")]

    pages = {
        reverse("impact-study-list"): [CAMPAIGN_TITLE, SERVICE_NAME],
        study.get_absolute_url(): [CAMPAIGN_TITLE, SERVICE_NAME],
        reverse("surveys-inventory-list"): [CAMPAIGN_TITLE, SERVICE_NAME],
        reverse("impact-dashboard"): [DIRECTORATE_NAME],
        reverse("services-organisation-chart"): [DIRECTORATE_NAME],
    }
    for url, shown in pages.items():
        assert_inert(admin.get(url).content.decode(), *shown)


# --- Organisation chart import ---------------------------------------------------------------

IMPORTED = {
    "directorate": hostile("import_directorate", "=").replace(CONTROL, ""),
    "service": hostile("import_service", "+").replace(CONTROL, ""),
    "title": hostile("import_role", "-").replace(CONTROL, ""),
    "job_family": hostile("import_family", "@").replace(CONTROL, ""),
}
HEADER = ["Direction", "Service", "Intitulé du poste", "Effectif", "ETP", "Famille de métiers"]


def _chart_file(fmt: str, names: dict) -> SimpleUploadedFile:
    row = [names["directorate"], names["service"], names["title"], 3, "2,5", names["job_family"]]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows([HEADER, row])
        content = buffer.getvalue().encode("utf-8")
    else:
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(HEADER)
        sheet.append([2.5 if cell == "2,5" else cell for cell in row])
        for cell in sheet[2]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text typed in a cell, not a formula
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    return SimpleUploadedFile(f"organigramme.{fmt}", content)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_imported_names_are_stored_intact_and_escaped(client_as, administrator, fmt):
    client = client_as(administrator)
    response = client.post(reverse("services-org-import"), {"file": _chart_file(fmt, IMPORTED)})
    assert response.status_code == 200
    assert "organigramme a été importé." in response.content.decode()
    assert_inert(response.content.decode(), IMPORTED["directorate"], IMPORTED["title"])
    role = Role.objects.select_related("service__directorate").get()
    assert role.service.directorate.name == IMPORTED["directorate"]
    assert role.service.name == IMPORTED["service"]
    assert (role.title, role.job_family) == (IMPORTED["title"], IMPORTED["job_family"])
    pages = {
        reverse("services-organisation-chart"): ["directorate"],
        reverse("services-directorate-detail", args=[role.service.directorate_id]): ["service"],
        reverse("services-service-detail", args=[role.service_id]): ["service", "title"],
    }
    for url, shown in pages.items():
        assert_inert(client.get(url).content.decode(), *(IMPORTED[key] for key in shown))


def test_a_chart_with_control_characters_is_refused_whole_with_a_message(client_as, administrator):
    names = IMPORTED | {"title": hostile("import_role", "-")}  # BEL and ESC in a role title
    response = client_as(administrator).post(
        reverse("services-org-import"), {"file": _chart_file("csv", names)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "rien n&#x27;a été importé" in page or "rien n'a été importé" in page
    assert "attendu un classeur Excel (.xlsx) ou un fichier CSV" in page
    assert not Role.objects.exists() and not Directorate.objects.exists()
    assert_inert(page)


# --- NUL and over-long text: refused with a clear message, nothing stored ----------------------


def _type_answer(request, text):
    inventory = request.getfixturevalue("inventory_a")
    client = _client(request.getfixturevalue("head_a"))
    response = client.post(
        _section_url(inventory, "service"), {"revision": 0, "missions": text, "public": ["agents"]}
    )
    inventory.refresh_from_db()
    return response, [str(inventory.answers)]


def _type_role(field):
    def type_(request, text):
        inventory = request.getfixturevalue("inventory_a")
        client = _client(request.getfixturevalue("head_a"))
        data = {"op": "add", "revision": 0, "title": "Médiateur", "headcount": 1, "fte": "1"}
        response = client.post(
            reverse("surveys-inventory-roles", args=[inventory.pk]), data | {field: text}
        )
        return response, list(inventory.roles.values_list(field, flat=True))

    return type_


def _type_task(field):
    def type_(request, text):
        inventory = request.getfixturevalue("inventory_a")
        client = _client(request.getfixturevalue("head_a"))
        role = inventory.roles.first()
        row = task_row("Accueil", 100, exposure="E2", justification="Par choix.") | {field: text}
        url = reverse("surveys-inventory-role-tasks", args=[inventory.pk, role.pk])
        response = client.post(url, task_post(0, [row]))
        return response, list(InventoryTask.objects.values_list(field, flat=True))

    return type_


def _type_return_comment(request, text):
    inventory = request.getfixturevalue("inventory_a")
    Inventory.objects.filter(pk=inventory.pk).update(status=Inventory.Status.SUBMITTED)
    client = _client(request.getfixturevalue("administrator"))
    response = client.post(
        reverse("surveys-inventory-review", args=[inventory.pk]), {"op": "return", "comment": text}
    )
    return response, list(InventoryEvent.objects.values_list("comment", flat=True))


def _type_campaign_title(request, text):
    client = _client(request.getfixturevalue("administrator"))
    questionnaire = request.getfixturevalue("questionnaire")
    response = client.post(
        reverse("surveys-campaign-create"),
        {"title": text, "questionnaire": questionnaire.pk, "opens_on": "2026-11-01",
         "closes_on": "2026-12-15", "reminder_days": "7"},
    )  # fmt: skip
    return response, list(Campaign.objects.values_list("title", flat=True))


def _type_comment(request, text):
    consultation = request.getfixturevalue("hostile_consultation")
    client = _client(request.getfixturevalue("delegate"))
    response = client.post(
        reverse("impact-consultation-comment", args=[consultation.pk]),
        {"kind": "question", "target": "study", "body": text},
    )
    return response, list(Comment.objects.values_list("body", flat=True))


def _type_consultation_answer(request, text):
    consultation = request.getfixturevalue("hostile_consultation")
    delegate = request.getfixturevalue("delegate")
    comment = Comment.objects.create(
        consultation=consultation, author=delegate, kind="question", target="study",
        body="Une question ?",
    )  # fmt: skip
    client = _client(request.getfixturevalue("administrator"))
    response = client.post(
        reverse("impact-consultation-answer", args=[consultation.pk, comment.pk]),
        {"status": "declined", "answer": "Non.", "decline_reason": text},
    )
    return response, list(Comment.objects.values_list("decline_reason", flat=True))


def _type_opinion(request, text):
    consultation = request.getfixturevalue("hostile_consultation")
    client = _client(request.getfixturevalue("delegate"))
    response = client.post(
        reverse("impact-consultation-opinion", args=[consultation.pk]),
        {"stance": "favourable", "reasoning": text},
    )
    return response, list(Opinion.objects.values_list("reasoning", flat=True))


# Each entry point and the most characters it takes.
ENTRY_POINTS = {
    "answer": (_type_answer, 20_000),
    "role_title": (_type_role("title"), 200),
    "role_note": (_type_role("note"), 1_000),
    "task": (_type_task("description"), 500),
    "justification": (_type_task("justification"), 5_000),
    "return_comment": (_type_return_comment, 5_000),
    "campaign_title": (_type_campaign_title, 200),
    "comment": (_type_comment, 5_000),
    "decline_reason": (_type_consultation_answer, 5_000),
    "opinion": (_type_opinion, 10_000),
}


@pytest.mark.parametrize("field", ENTRY_POINTS)
def test_nul_is_refused_with_a_clear_message_and_nothing_stored(db, request, field):
    type_, _limit = ENTRY_POINTS[field]
    response, stored = type_(request, NUL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le caractère nul n’est pas autorisé." in page
    assert not [value for value in stored if "\x00" in value or "nulbyte" in value]


@pytest.mark.parametrize("field", ENTRY_POINTS)
def test_one_megabyte_is_refused_with_the_limit_and_the_typed_text_kept(db, request, field):
    type_, limit = ENTRY_POINTS[field]
    response, stored = type_(request, ONE_MEGABYTE)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"au plus {limit} caractères (actuellement 1000000)" in page
    assert ONE_MEGABYTE in page  # still in the form: nothing typed is lost
    assert not [value for value in stored if "aaaaaaaaaa" in value]
