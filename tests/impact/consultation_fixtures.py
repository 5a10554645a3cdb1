"""Fixtures of the consultation tests: a study version to consult on, and helpers.

``version`` is a cheap version 1 of service_a's study (a snapshot with its two roles and a
placeholder PDF): enough for every page but the PDF's annex, for which the journey test
generates real versions through ``study_request``.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from impact.consultation import actions
from impact.consultation.models import Comment
from impact.studies.models import Study, StudyVersion
from services.models import Persona, User

HOSTILE = '<script>alert("x")</script> <a href="javascript:alert(1)">clic</a> javascript:alert(2)'
SNAPSHOT = {
    "services": [
        {
            "name": "État civil",
            "directorate": "Population",
            "roles": [{"title": "Agent d'accueil"}, {"title": "Officier d'état civil"}],
        }
    ]
}
ROLE_OFFICER = "role:0:1"  # the target choice of "Officier d'état civil"


def make_version(study: Study, number: int, snapshot: dict | None = None) -> StudyVersion:
    version = StudyVersion(
        study=study, number=number, method_version="1.0", parameters={},
        snapshot=SNAPSHOT if snapshot is None else snapshot, sha256="0" * 64, page_count=1,
    )  # fmt: skip
    version.pdf.save(f"etude-v{number}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    version.save()
    return version


@pytest.fixture
def emails(administrator, head_a, head_b, delegate, official):
    """Every persona gets an e-mail address (the fixtures' users have none)."""
    for user in (administrator, head_a, head_b, delegate, official):
        user.email = f"{user.username}@ville.example"
        user.save(update_fields=["email"])


@pytest.fixture
def study(campaign, service_a):
    return Study.objects.create(campaign=campaign, scope=Study.Scope.SERVICE, service=service_a)


@pytest.fixture
def version(study):
    return make_version(study, 1)


@pytest.fixture
def consultation(administrator, version, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return actions.consultation_open(
            actor=administrator,
            version=version,
            deadline=timezone.localdate() + datetime.timedelta(days=14),
        )


@pytest.fixture
def other_delegate(db):
    return User.objects.create_user(
        username="autre.delegue", first_name="Olivier", persona=Persona.DELEGATE,
        union="Union Autre", email="olivier@ville.example",
    )  # fmt: skip


def write_comment(
    consultation, author, kind=Comment.Kind.QUESTION, body="Une question ?", **target
):
    """A comment written through the action (e-mails are not sent: no commit here)."""
    target = target or {"target": Comment.Target.STUDY}
    return actions.comment_create(
        actor=author, consultation=consultation, kind=kind, body=body, **target
    )


def detail_url(consultation) -> str:
    return reverse("impact-consultation-detail", args=[consultation.pk])


def comment_url(name: str, item: Comment) -> str:
    return reverse(name, args=[item.consultation_id, item.pk])


def pass_deadline(consultation, days: int = 1) -> None:
    """Move the deadline into the past (the table, not the action: nothing allows that)."""
    type(consultation).objects.filter(pk=consultation.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=days)
    )
    consultation.refresh_from_db()
