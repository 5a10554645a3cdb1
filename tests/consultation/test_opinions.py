"""The unions' formal opinions: one per union, changed until the deadline, with history."""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from impact.consultation import actions
from impact.consultation.models import Opinion, OpinionRevision
from services.models import Persona, User
from tests.helpers import pass_deadline


def _url(consultation) -> str:
    return reverse("impact-consultation-opinion", args=[consultation.pk])


def _record(client, consultation, stance="favourable", reasoning="Motivé."):
    return client.post(_url(consultation), {"stance": stance, "reasoning": reasoning})


def test_delegate_records_the_opinion_of_their_union(client_as, delegate, consultation):
    response = _record(client_as(delegate), consultation, reasoning="Étude\nutile.")
    assert response.status_code == 302
    assert response.url == f"{consultation.get_absolute_url()}#avis"
    opinion = Opinion.objects.get()
    assert (opinion.union, opinion.stance, opinion.reasoning, opinion.recorded_by) == (
        "Syndicat Test", "favourable", "Étude\nutile.", delegate
    )  # fmt: skip


def test_a_change_before_the_deadline_keeps_the_former_opinion_with_who_and_when(
    client_as, delegate, official, consultation
):
    client = client_as(delegate)
    _record(client, consultation, "favourable", "Première lecture.")
    first = Opinion.objects.get()
    _record(client, consultation, "unfavourable", "Après relecture.")
    opinion = Opinion.objects.get()
    assert (opinion.stance, opinion.reasoning) == ("unfavourable", "Après relecture.")
    revision = OpinionRevision.objects.get()
    assert (revision.stance, revision.reasoning, revision.recorded_by, revision.recorded_at) == (
        "favourable", "Première lecture.", delegate, first.recorded_at
    )  # fmt: skip
    page = client_as(official).get(consultation.get_absolute_url()).text
    assert "Historique de l’avis" in page and "Première lecture." in page


def test_recording_the_same_opinion_again_adds_no_history(delegate, consultation):
    for _ in range(2):
        actions.opinion_record(
            actor=delegate, consultation=consultation, stance="abstention", reasoning="Idem."
        )
    assert Opinion.objects.count() == 1 and not OpinionRevision.objects.exists()


def test_another_delegate_of_the_same_union_changes_the_same_opinion(delegate, consultation):
    colleague = User.objects.create_user(
        username="collegue", persona=Persona.DELEGATE, union="Syndicat Test"
    )
    actions.opinion_record(actor=delegate, consultation=consultation, stance="favourable",
                           reasoning="Oui.")  # fmt: skip
    actions.opinion_record(actor=colleague, consultation=consultation, stance="abstention",
                           reasoning="Finalement non.")  # fmt: skip
    opinion = Opinion.objects.get()
    assert (opinion.stance, opinion.recorded_by) == ("abstention", colleague)
    assert OpinionRevision.objects.get().recorded_by == delegate


def test_a_change_after_the_deadline_is_refused_with_a_message(client_as, delegate, consultation):
    actions.opinion_record(actor=delegate, consultation=consultation, stance="favourable",
                           reasoning="Oui.")  # fmt: skip
    pass_deadline(consultation)
    response = _record(client_as(delegate), consultation, "unfavourable", "Non.")
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "La date limite du " in page
    assert (
        "est passée : l'avis de votre organisation syndicale ne peut plus être enregistré" in page
    )
    assert Opinion.objects.get().stance == "favourable"
    assert not OpinionRevision.objects.exists()


def test_the_deadline_day_itself_still_accepts_a_change(delegate, consultation):
    pass_deadline(consultation, days=0)
    actions.opinion_record(actor=delegate, consultation=consultation, stance="abstention",
                           reasoning="Le dernier jour.")  # fmt: skip
    assert Opinion.objects.get().stance == "abstention"


def test_a_closed_consultation_takes_no_opinion(administrator, delegate, consultation):
    actions.consultation_close(actor=administrator, consultation=consultation)
    with pytest.raises(ValidationError, match="close"):
        actions.opinion_record(actor=delegate, consultation=consultation, stance="favourable",
                               reasoning="Trop tard.")  # fmt: skip


@pytest.mark.parametrize(("persona", "status"), [("administrator", 403), ("official", 403),
                                                 ("head_a", 403), ("head_b", 404)])  # fmt: skip
def test_only_delegates_record_opinions(request, client_as, consultation, persona, status):
    user = request.getfixturevalue(persona)
    assert _record(client_as(user), consultation).status_code == status
    assert not Opinion.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.opinion_record(actor=user, consultation=consultation, stance="favourable",
                               reasoning="Non.")  # fmt: skip


def test_officials_see_the_opinions_side_by_side(
    client_as, delegate, other_delegate, official, consultation
):
    actions.opinion_record(actor=delegate, consultation=consultation,
                           stance="favourable_with_reservations", reasoning="Sous réserve.")  # fmt: skip
    actions.opinion_record(actor=other_delegate, consultation=consultation,
                           stance="unfavourable", reasoning="Contre.")  # fmt: skip
    page = client_as(official).get(consultation.get_absolute_url()).text
    section = page[page.index('id="avis"') : page.index('id="commentaires"')]
    assert section.count('class="card h-100"') == 2
    assert section.index("Syndicat Test") < section.index("Union Autre")
    for text in ("Favorable avec réserves", "Sous réserve.", "Défavorable", "Contre."):
        assert text in section
    assert "Enregistrer l’avis" not in page  # officials follow, they do not record
