"""Who may read and download which study."""

import pytest
from django.urls import reverse

from impact.studies import actions
from impact.studies.models import Study


@pytest.fixture
def service_study(administrator, scored_campaign, service_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = actions.study_request(
            actor=administrator,
            campaign=scored_campaign,
            scope=Study.Scope.SERVICE,
            service=service_a,
        )
    return job.study


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("head_a", 200),
        ("delegate", 200),
        ("official", 200),
        ("head_b", 404),
    ],
)
def test_download_permissions(request, client_as, service_study, persona, status):
    client = client_as(request.getfixturevalue(persona))
    response = client.get(reverse("impact-study-download", args=[service_study.pk, 1]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_anonymous_visitor_is_sent_to_login(client, service_study):
    response = client.get(reverse("impact-study-download", args=[service_study.pk, 1]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_version_is_a_404(client_as, administrator, service_study):
    url = reverse("impact-study-download", args=[service_study.pk, 9])
    assert client_as(administrator).get(url).status_code == 404


def test_official_cannot_regenerate(client_as, official, service_study):
    response = client_as(official).post(reverse("impact-study-regenerate", args=[service_study.pk]))
    assert response.status_code == 403
    assert service_study.jobs.count() == 1


def test_compare_page_lists_what_moved(
    client_as, administrator, service_study, django_capture_on_commit_callbacks
):
    from surveys.models import InventoryTask

    InventoryTask.objects.filter(description="Courriers").update(time_share=80)
    InventoryTask.objects.filter(
        description="Guichet", inventory_role__title__startswith="Officier"
    ).update(time_share=20)
    from impact.scores.actions import inventory_score
    from surveys.models import Inventory

    inventory_score(
        inventory=Inventory.objects.get(service=service_study.service), trigger="manual"
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_as(administrator).post(reverse("impact-study-regenerate", args=[service_study.pk]))
    page = client_as(administrator).get(
        reverse("impact-study-compare", args=[service_study.pk]), {"old": 1, "new": 2}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "Chiffres qui ont bougé" in html
    assert "Aucun chiffre n’a changé." not in html
