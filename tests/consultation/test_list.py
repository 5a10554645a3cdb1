"""The list of comments with its filters in the URL, and the pages' bounded queries."""

import pytest
from django.urls import reverse

from impact.consultation import actions
from tests.helpers import ROLE_OFFICER, write_comment

OFFICER = {"target": "role", "role_service": "État civil", "role_title": "Officier d'état civil"}


def _list_url(consultation) -> str:
    return reverse("impact-consultation-comments", args=[consultation.pk])


@pytest.fixture
def comments(consultation, delegate, administrator):
    objection = write_comment(consultation, delegate, kind="objection", body="Objection synthèse",
                              target="section", section="synthesis")  # fmt: skip
    question = write_comment(consultation, delegate, kind="question", body="Question poste",
                             **OFFICER)  # fmt: skip
    proposal = write_comment(consultation, delegate, kind="proposal", body="Proposition étude")
    actions.comment_answer(actor=administrator, comment=question, status="accepted", answer="Oui.")
    return objection, question, proposal


def _listed(client, consultation, **query) -> set[str]:
    page = client.get(_list_url(consultation), query).text
    return {body for body in ("Objection synthèse", "Question poste", "Proposition étude")
            if body in page}  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Objection synthèse", "Question poste", "Proposition étude"}),
        ({"kind": "objection"}, {"Objection synthèse"}),
        ({"status": "accepted"}, {"Question poste"}),
        ({"status": "pending"}, {"Objection synthèse", "Proposition étude"}),
        ({"target": "section:synthesis"}, {"Objection synthèse"}),
        ({"target": ROLE_OFFICER}, {"Question poste"}),
        ({"target": "study"}, {"Proposition étude"}),
        ({"kind": "question", "status": "pending"}, set()),
    ],
)
def test_filters_select_comments_by_kind_status_and_target(
    client_as, official, consultation, comments, query, expected
):
    assert _listed(client_as(official), consultation, **query) == expected


def test_filters_stay_in_the_url_and_the_form_shows_them(
    client_as, official, consultation, comments
):
    page = client_as(official).get(_list_url(consultation), {"kind": "objection",
                                                             "target": ROLE_OFFICER}).text  # fmt: skip
    assert '<option value="objection" selected>' in page
    assert f'<option value="{ROLE_OFFICER}" selected>' in page
    assert 'method="get"' in page


def test_an_unknown_filter_value_shows_every_comment_and_no_error_page(
    client_as, official, consultation, comments
):
    response = client_as(official).get(
        _list_url(consultation), {"kind": "<x>", "target": "role:9:9"}
    )
    assert response.status_code == 200
    assert _listed(client_as(official), consultation, kind="<x>") == {
        "Objection synthèse", "Question poste", "Proposition étude"
    }  # fmt: skip


def test_everyone_who_reads_the_study_sees_each_status(client_as, head_a, consultation, comments):
    page = client_as(head_a).get(_list_url(consultation)).text
    assert "Accepté : la prochaine version changera" in page
    assert page.count("En attente de réponse") >= 2


def _fill(consultation, delegate, administrator, head_a, other_delegate, size: int) -> None:
    for number in range(size):
        comment = write_comment(consultation, delegate, body=f"Commentaire {number}")
        actions.comment_reply(actor=head_a, parent=comment, body="Réponse du chef")
        actions.comment_reply(actor=administrator, parent=comment, body="Réponse du pilote")
        actions.comment_edit(actor=delegate, comment=comment, body=f"Commentaire {number} bis")
        if number % 2:
            actions.comment_answer(actor=administrator, comment=comment, status="answered",
                                   answer="Vu.")  # fmt: skip
    for author in (delegate, other_delegate):
        for stance in ("favourable", "unfavourable"):
            actions.opinion_record(actor=author, consultation=consultation, stance=stance,
                                   reasoning=stance)  # fmt: skip


# Session, user, consultation, then: the list one query; the page its threads, replies,
# histories, opinions and their history, the previous consultation, and the visit's upsert.
QUERY_BOUNDS = {"impact-consultation-comments": 5, "impact-consultation-detail": 20}


@pytest.mark.parametrize("size", [2, 25])
@pytest.mark.parametrize("name", sorted(QUERY_BOUNDS))
def test_pages_run_a_bounded_number_of_queries(
    client_as, django_assert_max_num_queries, consultation, delegate, administrator, head_a,
    other_delegate, official, name, size,
):  # fmt: skip
    _fill(consultation, delegate, administrator, head_a, other_delegate, size)
    client = client_as(official)
    with django_assert_max_num_queries(QUERY_BOUNDS[name]):
        response = client.get(reverse(name, args=[consultation.pk]))
    assert response.status_code == 200
    assert f"Commentaire {size - 1} bis" in response.text


@pytest.mark.parametrize("size", [1, 12])
def test_study_and_home_pages_count_news_in_bounded_queries(
    client_as, django_assert_max_num_queries, consultation, delegate, administrator, size
):
    for number in range(size):
        write_comment(consultation, delegate, body=f"Commentaire {number}")
    client = client_as(administrator)
    with django_assert_max_num_queries(14):
        page = client.get(consultation.version.study.get_absolute_url()).text
    assert f"{size} nouveauté" in page
    with django_assert_max_num_queries(14):
        assert f"{size} nouveauté" in client.get(reverse("home")).text
