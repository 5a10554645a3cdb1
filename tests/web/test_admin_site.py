"""Studies, scores and consultations can be read in the admin site, never changed there."""

import pytest
from django.urls import reverse

from impact.consultation.models import Comment, Consultation, Opinion
from impact.scores.models import InventoryScore
from impact.studies.models import Study, StudyJob, StudyVersion
from tests.helpers import write_comment

MODELS = [Study, StudyVersion, StudyJob, InventoryScore, Consultation, Comment, Opinion]


@pytest.fixture
def records(administrator, delegate, consultation, dashboard_campaign):
    from impact.consultation import actions

    write_comment(consultation, delegate, body="Une question sur l'accueil ?")
    actions.opinion_record(
        actor=delegate, consultation=consultation, stance="favourable", reasoning="Motivé."
    )
    StudyJob.objects.create(study=consultation.version.study, status=StudyJob.Status.DONE)


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_administrator_reads_every_record_but_cannot_change_it(client_as, administrator, model):
    client = client_as(administrator)
    info = (model._meta.app_label, model._meta.model_name)
    listing = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert listing.status_code == 200
    assert reverse("admin:{}_{}_add".format(*info)) not in listing.text
    record = model.objects.first()
    assert record is not None
    change_url = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # shown read-only, no save button
    assert client.post(change_url, {}).status_code == 403
    assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403
    delete_url = reverse("admin:{}_{}_delete".format(*info), args=[record.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_without_the_administrator_persona_reads_nothing(client_as, head_a, model):
    head_a.is_staff = True
    head_a.save(update_fields=["is_staff"])
    info = (model._meta.app_label, model._meta.model_name)
    assert client_as(head_a).get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 403
