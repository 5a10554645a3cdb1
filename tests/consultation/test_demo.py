"""The demo consultation (impact/demo_consultation.py), loaded by ``load_demo``."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from impact.consultation.models import Comment, Consultation, Opinion
from impact.studies.models import StudyVersion


@pytest.mark.django_db
def test_load_demo_opens_a_consultation_with_comments_answers_and_an_opinion_once(
    settings, tmp_path
):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    output = StringIO()
    call_command("load_demo", stdout=output, stderr=StringIO())

    consultation = Consultation.objects.get()
    assert consultation.is_open and not consultation.deadline_passed()
    assert consultation.version.study.service.name == "Espaces verts"
    assert consultation.version.pdf.read().startswith(b"%PDF")
    comments = consultation.comments.filter(parent__isnull=True)
    assert sorted(comments.values_list("kind", "status")) == [
        ("objection", "pending"),
        ("proposal", "accepted"),
        ("question", "answered"),
    ]
    assert comments.get(kind="question").target == Comment.Target.ROLE
    assert consultation.comments.filter(parent__isnull=False).count() == 1
    assert Opinion.objects.get().union == "Syndicat des agents territoriaux (démo)"
    assert "Consultation sur l'étude « Espaces verts », version 1 : créée" in output.getvalue()
    assert mail.outbox == []  # loading the demo e-mails nobody

    again = StringIO()
    call_command("load_demo", stdout=again, stderr=StringIO())
    assert Consultation.objects.count() == 1 and StudyVersion.objects.count() == 1
    assert Comment.objects.count() == 4
    assert "version 1 : déjà présente" in again.getvalue()
