"""Writing and editing comments: who, on what, until when, and the visible history."""

import html

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from impact.consultation import actions
from impact.consultation.models import Comment, CommentRevision
from tests.helpers import ROLE_OFFICER, comment_url, detail_url, pass_deadline, write_comment


def _post_comment(client, consultation, capture=None, **data):
    url = reverse("impact-consultation-comment", args=[consultation.pk])
    data = {"kind": "objection", "target": "section:confidentiality", "body": "Texte."} | data
    if capture is None:
        return client.post(url, data)
    with capture(execute=True):
        return client.post(url, data)


@pytest.mark.usefixtures("emails")
def test_delegate_comments_on_a_section_and_administrators_are_emailed_in_french(
    client_as, delegate, consultation, settings, django_capture_on_commit_callbacks
):
    settings.IMPACT_BASE_URL = "https://impact.ville.example"
    mail.outbox.clear()
    client = client_as(delegate)
    with translation.override("en"):
        response = _post_comment(
            client, consultation, django_capture_on_commit_callbacks, body="  Pourquoi D2 ?\r\n"
        )
    comment = Comment.objects.get()
    assert response.status_code == 302 and response.url == comment.get_absolute_url()
    assert response.url.endswith(f"#commentaire-{comment.pk}")
    assert (comment.kind, comment.target, comment.section) == (
        "objection", "section", "confidentiality"
    )  # fmt: skip
    assert (comment.author, comment.author_union, comment.body) == (
        delegate, "Syndicat Test", "Pourquoi D2 ?"
    )  # fmt: skip
    assert comment.status == Comment.Status.PENDING and comment.target_label == "Confidentialité"
    [message] = mail.outbox
    assert message.to == ["pilote@ville.example"]
    assert message.subject == "[Impact] Nouveau commentaire sur l'étude d'impact État civil"
    assert "Dalila (Syndicat Test) a publié un commentaire (objection)" in message.body
    assert "Il porte sur : Confidentialité." in message.body
    assert "> Pourquoi D2 ?" in message.body
    assert f"https://impact.ville.example{comment.get_absolute_url()}" in message.body


def test_comment_on_a_role_records_the_role_printed_in_the_version(
    client_as, delegate, consultation
):
    _post_comment(client_as(delegate), consultation, kind="question", target=ROLE_OFFICER)
    comment = Comment.objects.get()
    assert (comment.target, comment.role_service, comment.role_title) == (
        "role", "État civil", "Officier d'état civil"
    )  # fmt: skip
    assert comment.target_label == "Poste « Officier d'état civil » (État civil)"


@pytest.mark.parametrize("target", ["role:0:9", "section:nowhere", "", "poste"])
def test_a_target_outside_the_version_is_refused_next_to_the_field(
    client_as, delegate, consultation, target
):
    response = _post_comment(client_as(delegate), consultation, target=target)
    assert response.status_code == 200
    assert 'id="error_1_id_target"' in response.text
    assert not Comment.objects.exists()


def test_action_refuses_a_role_the_version_does_not_print(delegate, consultation):
    with pytest.raises(ValidationError, match="ne figure pas dans cette version"):
        write_comment(
            consultation, delegate, target="role", role_service="État civil", role_title="Maire"
        )


def test_empty_comment_is_refused_and_nothing_is_stored(client_as, delegate, consultation):
    response = _post_comment(client_as(delegate), consultation, body="   ")
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.text
    assert not Comment.objects.exists()


@pytest.mark.parametrize("persona", ["official", "head_a", "administrator"])
def test_only_delegates_write_comments(request, client_as, consultation, persona):
    user = request.getfixturevalue(persona)
    assert _post_comment(client_as(user), consultation).status_code == 403
    assert not Comment.objects.exists()
    with pytest.raises(PermissionDenied):
        write_comment(consultation, user)


def test_head_of_another_service_does_not_see_the_consultation(client_as, head_b, consultation):
    assert _post_comment(client_as(head_b), consultation).status_code == 404


def test_comment_after_the_deadline_is_refused_with_a_message(client_as, delegate, consultation):
    pass_deadline(consultation)
    response = _post_comment(client_as(delegate), consultation)
    assert response.status_code == 200
    assert "est passée : les commentaires ne sont plus reçus." in html.unescape(response.text)
    assert not Comment.objects.exists()


def test_the_deadline_day_itself_still_accepts_comments(delegate, consultation):
    pass_deadline(consultation, days=0)
    assert write_comment(consultation, delegate).pk


def test_closed_consultation_refuses_comments(administrator, delegate, consultation):
    actions.consultation_close(actor=administrator, consultation=consultation)
    with pytest.raises(ValidationError, match="La consultation est close"):
        write_comment(consultation, delegate)


def _edit(client, item, body):
    return client.post(comment_url("impact-consultation-edit", item), {"body": body})


def test_author_edits_silently_until_someone_responds(client_as, delegate, consultation):
    comment = write_comment(consultation, delegate, body="Premier jet")
    own_reply = actions.comment_reply(actor=delegate, parent=comment, body="Précision")
    response = _edit(client_as(delegate), comment, "Texte corrigé")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Texte corrigé" and comment.edited_at is not None
    assert not CommentRevision.objects.exists()  # the author's own reply is no response
    assert own_reply.body == "Précision"


def test_edit_after_a_reply_is_kept_in_a_history_everyone_sees(
    client_as, delegate, administrator, official, consultation
):
    comment = write_comment(consultation, delegate, body="Premier jet")
    actions.comment_reply(actor=administrator, parent=comment, body="Pouvez-vous préciser ?")
    _edit(client_as(delegate), comment, "Texte précisé")
    revision = CommentRevision.objects.get()
    assert (revision.comment, revision.body, revision.written_at) == (
        comment, "Premier jet", comment.created_at
    )  # fmt: skip
    page = client_as(official).get(detail_url(consultation)).text
    assert "Historique : 1 version précédente" in page
    assert "Premier jet" in page and "Texte précisé" in page


def test_edit_after_the_answer_is_kept_in_the_history(administrator, delegate, consultation):
    comment = write_comment(consultation, delegate, body="Avant")
    actions.comment_answer(actor=administrator, comment=comment, status="answered", answer="Oui.")
    actions.comment_edit(actor=delegate, comment=comment, body="Après")
    actions.comment_edit(actor=delegate, comment=comment, body="Après")  # unchanged: no revision
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["Avant"]


def test_a_reply_edited_after_a_later_reply_keeps_its_history(
    administrator, delegate, head_a, consultation
):
    comment = write_comment(consultation, delegate)
    reply = actions.comment_reply(actor=head_a, parent=comment, body="Réponse du chef")
    actions.comment_edit(actor=head_a, comment=reply, body="Réponse corrigée")
    assert not CommentRevision.objects.exists()
    actions.comment_reply(actor=administrator, parent=comment, body="Merci")
    actions.comment_edit(actor=head_a, comment=reply, body="Réponse définitive")
    assert CommentRevision.objects.get().body == "Réponse corrigée"


@pytest.mark.parametrize("persona", ["other_delegate", "administrator", "official", "head_a"])
def test_only_the_author_edits_a_comment(request, client_as, delegate, consultation, persona):
    comment = write_comment(consultation, delegate, body="À moi")
    assert _edit(client_as(request.getfixturevalue(persona)), comment, "Volé").status_code == 403
    comment.refresh_from_db()
    assert comment.body == "À moi"


def test_edit_after_the_deadline_is_refused(client_as, delegate, consultation):
    comment = write_comment(consultation, delegate, body="Avant")
    pass_deadline(consultation)
    response = _edit(client_as(delegate), comment, "Après")
    assert response.status_code == 200
    assert "ne peuvent plus être modifiés" in html.unescape(response.text)
    comment.refresh_from_db()
    assert comment.body == "Avant"


def test_comment_form_page_preselects_the_target_given_in_the_url(
    client_as, delegate, consultation
):
    url = reverse("impact-consultation-comment", args=[consultation.pk])
    page = client_as(delegate).get(url, {"target": ROLE_OFFICER}).text
    assert f'<option value="{ROLE_OFFICER}" selected>' in page
