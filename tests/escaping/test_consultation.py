"""Hostile text typed in a consultation is shown as text everywhere: pages, e-mails, PDF.

Line breaks are kept; links are shown, never made clickable; nothing runs.
"""

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from impact.consultation import actions
from impact.studies import actions as study_actions
from impact.studies import render as study_render
from impact.studies.models import Study
from impact.studies.pdf import render_pdf
from tests.helpers import HOSTILE_COMMENT as HOSTILE
from tests.helpers import write_comment

ESCAPED_SCRIPT = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
FORMULA = '=HYPERLINK("https://evil.example";"clic")'


@pytest.fixture
def hostile(consultation, delegate, administrator, head_a):
    """Hostile text in a comment, a reply, an answer, a reason and an opinion."""
    comment = write_comment(consultation, delegate, kind="objection", body=f"{HOSTILE}\nLigne 2")
    actions.comment_reply(actor=head_a, parent=comment, body=HOSTILE)
    actions.comment_answer(
        actor=administrator, comment=comment, status="declined", answer=HOSTILE,
        decline_reason=HOSTILE,
    )  # fmt: skip
    actions.opinion_record(
        actor=delegate, consultation=consultation, stance="unfavourable", reasoning=HOSTILE
    )
    return comment


def _assert_inert(page: str) -> None:
    assert "<script>alert" not in page
    assert 'href="javascript:' not in page.lower()
    assert ESCAPED_SCRIPT in page
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;clic&lt;/a&gt;" in page
    assert "javascript:alert(2)" in page  # shown as text, not as a link
    assert not re.search(r"<a [^>]*>[^<]*javascript:alert\(2\)", page)


@pytest.mark.parametrize("persona", ["administrator", "official"])
def test_hostile_text_is_escaped_on_the_consultation_page(request, client_as, hostile, persona):
    page = (
        client_as(request.getfixturevalue(persona))
        .get(hostile.consultation.get_absolute_url())
        .text
    )
    _assert_inert(page)
    assert f"{ESCAPED_SCRIPT} &lt;a" in page
    assert "<br>Ligne 2" in page  # line breaks kept
    assert page.count(ESCAPED_SCRIPT) >= 5  # comment, reply, answer, reason, opinion


def test_hostile_text_is_escaped_in_the_list_and_the_form_pages(client_as, administrator, hostile):
    client = client_as(administrator)
    list_page = client.get(reverse("impact-consultation-comments", args=[hostile.consultation_id]))
    assert "<script>alert" not in list_page.text and "&lt;script&gt;" in list_page.text
    for name in ("impact-consultation-reply", "impact-consultation-answer"):
        page = client.get(reverse(name, args=[hostile.consultation_id, hostile.pk])).text
        _assert_inert(page)


def test_hostile_role_title_in_the_snapshot_is_escaped_in_the_target_choices(
    client_as, delegate, consultation
):
    version = consultation.version
    type(version).objects.filter(pk=version.pk).update(
        snapshot={"services": [{"name": "S", "roles": [{"title": HOSTILE}]}]}
    )
    page = client_as(delegate).get(reverse("impact-consultation-comment", args=[consultation.pk]))
    assert "<script>alert" not in page.text and ESCAPED_SCRIPT in page.text


@pytest.mark.usefixtures("emails")
def test_emails_carry_hostile_text_as_plain_text_only(
    consultation, delegate, administrator, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment = write_comment(consultation, delegate, body=HOSTILE)
        actions.comment_answer(actor=administrator, comment=comment, status="answered",
                               answer=HOSTILE)  # fmt: skip
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", None)  # no HTML part to run anything
        assert f"> {HOSTILE}" in message.body  # quoted as typed, not garbled by entities
        assert "&lt;" not in message.body
        assert "<" not in message.subject and "\n" not in message.subject


def test_exported_csv_neutralises_formulas(client_as, administrator, consultation, delegate):
    write_comment(consultation, delegate, body=FORMULA)
    response = client_as(administrator).get(
        reverse("impact-consultation-export", args=[consultation.pk])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][5] == f"'{FORMULA}"


def test_hostile_text_in_the_pdf_annex_is_printed_as_text_without_links(
    hostile, administrator, scored_campaign, service_a, django_capture_on_commit_callbacks
):
    # The consultation is on version 1 of service_a's study: version 2 carries it over.
    with django_capture_on_commit_callbacks(execute=True):
        job = study_actions.study_request(
            actor=administrator, campaign=scored_campaign, scope=Study.Scope.SERVICE,
            service=service_a,
        )  # fmt: skip
    job.refresh_from_db()
    snapshot = job.version.snapshot
    assert job.version.number == 2 and snapshot["annex"]["comments"][0]["body"].startswith(HOSTILE)
    document = study_render.render_study_html(snapshot, charts=study_render.study_charts(snapshot))
    annex = document[document.index('id="annexe"') : document.index('id="glossaire"')]
    _assert_inert(annex)
    with job.version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert '<script>alert("x")</script>' in text and "javascript:alert(2)" in text
    links = [
        annotation.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    ]
    assert not [uri for uri in links if uri and "javascript" in str(uri).lower()]


def test_render_pdf_makes_no_link_of_a_typed_url():
    pdf, _pages = render_pdf("<p>Voir https://exemple.fr et javascript:alert(1)</p>")
    reader = PdfReader(io.BytesIO(pdf))
    assert not reader.pages[0].get("/Annots")
