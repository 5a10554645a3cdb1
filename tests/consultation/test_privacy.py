"""Union membership is sensitive (RGPD art. 9): who reads a delegate's name.

Administrators and delegates (the consultation's participants) read names; department
heads and officials read "Représentant du personnel (<union>)"; exports and the PDF annex
print the union only; a delegate who consented is named everywhere.
"""

import pytest
from django.urls import reverse

from impact.consultation import actions
from impact.consultation import selectors as selectors_consultation
from tests.helpers import detail_url, write_comment

ANONYMISED = "Représentant du personnel (Syndicat Test)"
NAMED = "Dalila (Syndicat Test)"


@pytest.fixture
def said(consultation, delegate, administrator):
    """A comment with its thread and the union's opinion, all by the delegate."""
    comment = write_comment(consultation, delegate, body="Notre question.")
    actions.comment_reply(actor=administrator, parent=comment, body="Précisez ?")
    actions.comment_reply(actor=delegate, parent=comment, body="Voici.")
    actions.opinion_record(
        actor=delegate, consultation=consultation, stance="favourable", reasoning="Oui."
    )
    return comment


@pytest.mark.parametrize(
    ("persona", "named"),
    [("administrator", True), ("delegate", True), ("other_delegate", True),
     ("official", False), ("head_a", False)],
)  # fmt: skip
def test_delegate_names_show_only_to_participants(request, client_as, said, persona, named):
    client = client_as(request.getfixturevalue(persona))
    pages = [
        client.get(detail_url(said.consultation)).text,
        client.get(reverse("impact-consultation-comments", args=[said.consultation_id])).text,
        client.get(reverse("impact-consultation-reply", args=[said.consultation_id, said.pk])).text
        if persona != "official"
        else "",
    ]
    for page in filter(None, pages):
        assert ("Dalila" in page) is named
        assert (ANONYMISED in page) is not named
    assert "Paule (administration)" in pages[0]  # the administration's people are named


def test_a_delegate_who_consents_is_named_to_everyone(client_as, said, delegate, official):
    response = client_as(delegate).post(
        reverse("impact-consultation-consent"),
        {"consents": "on", "next": detail_url(said.consultation)},
    )
    assert response.status_code == 302 and response.url == detail_url(said.consultation)
    delegate.refresh_from_db()
    assert delegate.consents_to_be_named
    page = client_as(official).get(detail_url(said.consultation)).text
    assert NAMED in page and ANONYMISED not in page


def test_consent_is_off_by_default_and_can_be_withdrawn(client_as, delegate):
    assert delegate.consents_to_be_named is False
    client = client_as(delegate)
    page = client.get(reverse("impact-consultation-consent")).text
    assert 'name="consents"' in page and "checked" not in page
    client.post(reverse("impact-consultation-consent"), {"consents": "on"})
    client.post(reverse("impact-consultation-consent"), {})
    delegate.refresh_from_db()
    assert delegate.consents_to_be_named is False


def test_the_consent_form_is_on_the_consultation_page_for_delegates_only(
    client_as, consultation, delegate, official
):
    assert (
        reverse("impact-consultation-consent")
        in client_as(delegate).get(detail_url(consultation)).text
    )
    assert (
        reverse("impact-consultation-consent")
        not in client_as(official).get(detail_url(consultation)).text
    )


def test_the_export_names_the_union_not_the_person(client_as, said, administrator, delegate):
    url = reverse("impact-consultation-export", args=[said.consultation_id])
    response = client_as(administrator).get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("N°;Date;Nature;Objet;Auteur;Commentaire")
    assert ";Syndicat Test;Notre question.;" in row and "Dalila" not in text
    assert row.split(";")[7] == "2"  # two replies in the thread
    actions.naming_consent_update(actor=delegate, consents=True)
    assert NAMED in client_as(administrator).get(url).content.decode("utf-8-sig")


def test_the_annex_names_the_union_unless_the_delegate_consented(said, delegate):
    annex = selectors_consultation.study_annex(said.consultation.version.study)
    assert [c["author"] for c in annex["comments"]] == ["Syndicat Test"]
    assert [o["union"] for o in annex["opinions"]] == ["Syndicat Test"]
    assert "Dalila" not in str(annex)
    actions.naming_consent_update(actor=delegate, consents=True)
    annex = selectors_consultation.study_annex(said.consultation.version.study)
    assert [c["author"] for c in annex["comments"]] == [NAMED]


def test_who_recorded_an_opinion_is_hidden_from_officials(client_as, said, official, administrator):
    assert (
        "Enregistré par Représentant du personnel (Syndicat Test)"
        in client_as(official).get(detail_url(said.consultation)).text
    )
    assert (
        "Enregistré par Dalila (Syndicat Test)"
        in client_as(administrator).get(detail_url(said.consultation)).text
    )


@pytest.mark.parametrize("persona", ["administrator", "official", "head_a", "no_persona_user"])
def test_only_delegates_have_a_naming_consent(request, client_as, persona):
    client = client_as(request.getfixturevalue(persona))
    assert (
        client.post(reverse("impact-consultation-consent"), {"consents": "on"}).status_code == 403
    )
