"""The whole consultation, through the pages, on real generated study versions.

Open → comments → a head's reply → answers → an objection blocking the close → opinions
changed before the deadline, refused after it → close → next version, whose PDF annex
prints the opinions and the comments with their answers, by union.
"""

import html
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from impact.consultation import selectors as selectors_consultation
from impact.consultation.models import Comment, Consultation, Opinion, OpinionRevision
from impact.studies.models import Study, StudyVersion
from tests.helpers import pass_deadline


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(version: StudyVersion) -> str:
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def _role_choice(version, title: str) -> str:
    return next(
        f"role:{i}:{j}"
        for i, j, _s, t in selectors_consultation.snapshot_roles(version)
        if t == title
    )


@pytest.fixture
def clients(administrator, delegate, other_delegate, head_a, official):
    return {
        "admin": _client(administrator),
        "delegate": _client(delegate),
        "other": _client(other_delegate),
        "head": _client(head_a),
        "official": _client(official),
    }


def _generate(clients, capture, study=None, **request):
    with capture(execute=True):
        if study is None:
            clients["admin"].post(reverse("impact-study-request"), request)
        else:
            clients["admin"].post(reverse("impact-study-regenerate", args=[study.pk]))
    return StudyVersion.objects.order_by("-pk").first()


@pytest.mark.usefixtures("emails")
def test_full_consultation_dialogue_ends_in_the_next_version_annex(
    clients, scored_campaign, service_a, settings, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    settings.IMPACT_BASE_URL = "https://impact.ville.example"
    admin, delegate, other = clients["admin"], clients["delegate"], clients["other"]
    version = _generate(
        clients, capture, campaign=scored_campaign.pk, scope="service", service=service_a.pk
    )
    study = version.study
    assert "Ouvrir la consultation sur la version 1" in admin.get(study.get_absolute_url()).text

    # Opening: the delegates are invited by e-mail.
    with capture(execute=True):
        response = admin.post(
            reverse("impact-consultation-open", args=[study.pk, 1]), {"deadline": "2099-12-31"}
        )
    consultation = Consultation.objects.get()
    assert response.url == consultation.get_absolute_url()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "delegue@ville.example",
        "olivier@ville.example",
    ]
    mail.outbox.clear()

    # Comments: an objection on a section, a question on a role.
    url = reverse("impact-consultation-comment", args=[consultation.pk])
    with capture(execute=True):
        delegate.post(url, {"kind": "objection", "target": "section:synthesis",
                            "body": "La synthèse minimise l'exposition."})  # fmt: skip
        delegate.post(url, {"kind": "question", "body": "Quelle formation ?",
                            "target": _role_choice(version, "Officier d'état civil")})  # fmt: skip
    objection, question = Comment.objects.order_by("pk")
    assert question.target_label == "Poste « Officier d'état civil » (État civil)"
    assert [m.to for m in mail.outbox] == [["pilote@ville.example"]] * 2

    # The head of the service replies; the delegate hears of it.
    mail.outbox.clear()
    with capture(execute=True):
        response = clients["head"].post(
            reverse("impact-consultation-reply", args=[consultation.pk, question.pk]),
            {"body": "Une formation est prévue au printemps."},
        )
    assert response.url.endswith(f"#commentaire-{question.replies.get().pk}")
    assert [m.to for m in mail.outbox] == [["delegue@ville.example"]]

    # Answers: accepted for the question; the objection still blocks the closing.
    answer_url = reverse("impact-consultation-answer", args=[consultation.pk, question.pk])
    with capture(execute=True):
        admin.post(answer_url, {"status": "accepted", "answer": "La version 2 le précisera."})
    response = admin.post(reverse("impact-consultation-close", args=[consultation.pk]), follow=True)
    assert (
        "La consultation ne peut pas être close : 1 objection attend encore la réponse écrite "
        "de l'administration." in html.unescape(response.text)
    )
    assert Consultation.objects.get().is_open

    # Opinions: recorded, changed before the deadline (history kept), refused after it.
    opinion_url = reverse("impact-consultation-opinion", args=[consultation.pk])
    delegate.post(opinion_url, {"stance": "favourable", "reasoning": "Étude utile."})
    delegate.post(opinion_url, {"stance": "favourable_with_reservations",
                                "reasoning": "Utile, sous réserve de formation."})  # fmt: skip
    other.post(opinion_url, {"stance": "unfavourable", "reasoning": "Trop d'inconnues."})
    assert OpinionRevision.objects.get().stance == "favourable"
    page = clients["official"].get(consultation.get_absolute_url()).text
    assert "Favorable avec réserves" in page and "Défavorable" in page and "Union Autre" in page
    pass_deadline(consultation)
    response = delegate.post(opinion_url, {"stance": "abstention", "reasoning": "Finalement."})
    assert response.status_code == 200
    assert "est passée : l'avis de votre organisation syndicale ne peut plus" in html.unescape(
        response.text
    )
    assert Opinion.objects.get(union="Syndicat Test").stance == "favourable_with_reservations"

    # The objection is declined with a reason; then the consultation closes.
    with capture(execute=True):
        admin.post(
            reverse("impact-consultation-answer", args=[consultation.pk, objection.pk]),
            {"status": "declined", "answer": "Les chiffres sont ceux de l'état des lieux.",
             "decline_reason": "La méthode est publiée et reproductible."},
        )  # fmt: skip
    response = admin.post(reverse("impact-consultation-close", args=[consultation.pk]), follow=True)
    assert "La consultation est close." in response.text
    assert not Consultation.objects.get().is_open

    # The next version carries the comments over: the annex prints them, by union.
    version_2 = _generate(clients, capture, study=Study.objects.get())
    assert version_2.number == 2
    annex = version_2.snapshot["annex"]
    assert [(c["kind"], c["status"], c["addressed"]) for c in annex["comments"]] == [
        ("objection", "declined", False),
        ("question", "accepted", True),
    ]
    assert annex["comments"][0]["target_label"] == "Synthèse"
    assert {o["union"]: o["stance"] for o in annex["opinions"]} == {
        "Syndicat Test": "favourable_with_reservations",
        "Union Autre": "unfavourable",
    }
    text = pdf_text(version_2)
    for printed in (
        "Avis des organisations syndicales",
        "Syndicat Test : Favorable avec réserves",
        "Union Autre : Défavorable",
        "La synthèse minimise l'exposition.",
        "La méthode est publiée et reproductible.",
        "La version 2 le précisera.",
        "Poste « Officier d'état civil » (État civil)",
    ):
        assert printed in text, printed
    assert "Dalila" not in text and "Olivier" not in text  # unions, not people
    assert "Aucune consultation n’a encore eu lieu" in pdf_text(version)

    # A consultation on version 2 lists the comments carried over, with their flag.
    with capture(execute=True):
        admin.post(
            reverse("impact-consultation-open", args=[study.pk, 2]), {"deadline": "2099-12-31"}
        )
    page = admin.get(Consultation.objects.get(version=version_2).get_absolute_url()).text
    assert "Commentaires de la consultation sur la version 1" in page
    assert f"#commentaire-{objection.pk}" in page
