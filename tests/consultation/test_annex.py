"""The study's annex: the latest consultation carried over into the next version's snapshot."""

import re

from django.template import Context
from django.utils import timezone

from impact.consultation import actions, selectors
from impact.studies import render as study_render
from tests.helpers import make_version, write_comment


def test_a_study_never_consulted_on_has_an_empty_annex(study):
    assert selectors.study_annex(study) == {"comments": [], "opinions": []}


def test_the_annex_holds_comments_with_target_status_answer_and_flag(
    administrator, delegate, other_delegate, consultation
):
    objection = write_comment(consultation, delegate, kind="objection", body="Non.",
                              target="section", section="concerns")  # fmt: skip
    proposal = write_comment(consultation, other_delegate, kind="proposal", body="Idée.",
                             target="role", role_service="État civil",
                             role_title="Agent d'accueil")  # fmt: skip
    actions.comment_reply(actor=administrator, parent=proposal, body="Merci.")
    actions.comment_answer(actor=administrator, comment=objection, status="declined",
                           answer="Maintenu.", decline_reason="Méthode publiée.")  # fmt: skip
    actions.comment_answer(actor=administrator, comment=proposal, status="accepted",
                           answer="Retenu.")  # fmt: skip
    actions.opinion_record(actor=delegate, consultation=consultation, stance="abstention",
                           reasoning="Sans avis.")  # fmt: skip
    annex = selectors.study_annex(consultation.version.study)
    today = timezone.localdate().isoformat()
    assert annex["consultation"] == {
        "version": 1, "status": "open", "status_label": "En cours", "opened_on": today,
        "deadline": consultation.deadline.isoformat(), "closed_on": "",
    }  # fmt: skip
    first, second = annex["comments"]
    assert (first["number"], second["number"]) == (1, 2)
    assert {key: first[key] for key in ("kind_label", "target_label", "author", "body",
            "status", "status_label", "answer", "decline_reason", "addressed", "replies")} == {
        "kind_label": "Objection", "target_label": "Inquiétudes et besoins de formation des agents",
        "author": "Syndicat Test", "body": "Non.", "status": "declined", "status_label": "Refusé",
        "answer": "Maintenu.", "decline_reason": "Méthode publiée.", "addressed": False,
        "replies": 0,
    }  # fmt: skip
    assert (second["target_label"], second["author"], second["addressed"], second["replies"]) == (
        "Poste « Agent d'accueil » (État civil)", "Union Autre", True, 1
    )  # fmt: skip
    assert annex["opinions"] == [{
        "union": "Syndicat Test", "stance": "abstention", "stance_label": "Abstention",
        "body": "Sans avis.", "created_on": today, "changes": 0,
    }]  # fmt: skip


def test_the_administrators_choice_overrides_the_addressed_default(
    administrator, delegate, consultation
):
    comment = write_comment(consultation, delegate)
    actions.comment_set_addressed(actor=administrator, comment=comment, addressed=True)
    [row] = selectors.study_annex(consultation.version.study)["comments"]
    assert row["status"] == "pending" and row["addressed"] is True


def test_the_annex_follows_the_latest_consultation_of_the_study(
    administrator, delegate, consultation, study, django_capture_on_commit_callbacks
):
    write_comment(consultation, delegate, body="Sur la version 1")
    actions.consultation_close(actor=administrator, consultation=consultation)
    version_2 = make_version(study, 2)
    with django_capture_on_commit_callbacks(execute=True):
        second = actions.consultation_open(
            actor=administrator, version=version_2, deadline=consultation.deadline
        )
    write_comment(second, delegate, body="Sur la version 2")
    annex = selectors.study_annex(study)
    assert annex["consultation"]["version"] == 2
    assert [c["body"] for c in annex["comments"]] == ["Sur la version 2"]


def test_the_annex_template_prints_the_table_and_the_answers():
    annex = {
        "consultation": {"version": 1, "status_label": "Close", "opened_on": "2026-03-02",
                         "deadline": "2026-03-20", "closed_on": "2026-03-25"},
        "opinions": [{"union": "Syndicat Test", "stance_label": "Défavorable", "body": "Non.",
                      "created_on": "2026-03-19"}],
        "comments": [{"number": 1, "kind_label": "Objection", "target_label": "Synthèse",
                      "author": "Syndicat Test", "body": "Ligne 1\nLigne 2",
                      "created_on": "2026-03-03", "status_label": "Refusé", "answer": "Non.",
                      "decline_reason": "Parce que.", "addressed": False}],
    }  # fmt: skip
    template = study_render._engine().get_template("impact/study/_annex.html")
    page = re.sub(r"\s+", " ", template.render(Context({"snapshot": {"annex": annex}})))
    assert "ouverte le 2 mars 2026, date limite le 20 mars 2026. Close le 25 mars 2026." in page
    assert "Syndicat Test : Défavorable" in page
    assert '<th scope="row">1</th> <td>Objection</td> <td>Synthèse</td>' in page
    assert "<td>Syndicat Test</td> <td>Refusé</td> <td> non </td>" in page
    assert "Ligne 1<br>Ligne 2" in page
    assert "<strong>Motif du refus :</strong> Parce que." in page
