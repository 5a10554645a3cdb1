"""No browser or proxy keeps what a signed-in user saw: ``Cache-Control: private, no-store``.

Anonymous responses keep their own headers: the login page and the health check are
``never_cache`` already, a redirect to the login page carries none, and static files keep
WhiteNoise's (they are public).
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import PASSWORD

PRIVATE = "private, no-store"


def _assert_private(response):
    assert response["Cache-Control"] == PRIVATE


def test_a_page_of_a_signed_in_user_is_not_stored(client_as, head_a, inventory_a):
    client = client_as(head_a)
    _assert_private(client.get(reverse("home")))
    _assert_private(client.get(reverse("surveys-inventory-detail", args=[inventory_a.pk])))


def test_an_error_page_of_a_signed_in_user_is_not_stored(client_as, head_b, inventory_a):
    response = client_as(head_b).get(reverse("surveys-inventory-detail", args=[inventory_a.pk]))
    assert response.status_code == 404
    _assert_private(response)


def test_an_xlsx_export_is_not_stored(client_as, administrator, inventory_a):
    url = reverse("surveys-campaign-export", args=[inventory_a.campaign.slug, "xlsx"])
    response = client_as(administrator).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    _assert_private(response)


def test_a_dashboard_export_is_not_stored(client_as, official, campaign):
    response = client_as(official).get(reverse("impact-dashboard"), {"format": "csv"})
    assert response.status_code in (200, 404)  # no scored inventory: the page may be empty
    _assert_private(response)


def test_a_study_pdf_download_is_not_stored(client_as, head_a, version):
    url = reverse("impact-study-download", args=[version.study_id, version.number])
    response = client_as(head_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    _assert_private(response)


def test_a_consultation_csv_export_is_not_stored(client_as, administrator, consultation):
    response = client_as(administrator).get(
        reverse("impact-consultation-export", args=[consultation.pk])
    )
    assert response.status_code == 200
    _assert_private(response)


def test_the_header_replaces_what_a_view_set(client_as, official):
    # The health check is never_cache ("max-age=0, no-cache, no-store, must-revalidate, private").
    _assert_private(client_as(official).get(reverse("health")))


def test_signing_in_and_out_through_the_forms(client, head_a):
    # The login page, anonymous: Django's own never_cache header, untouched.
    page = client.get(reverse("login"))
    assert page["Cache-Control"] != PRIVATE
    assert "no-store" in page["Cache-Control"]
    signed_in = client.post(reverse("login"), {"username": "chef.a", "password": PASSWORD})
    assert signed_in.status_code == 302
    _assert_private(client.get(reverse("home")))
    client.post(reverse("logout"))
    assert client.get(reverse("login"))["Cache-Control"] != PRIVATE


def test_anonymous_responses_keep_their_own_headers(db):
    anonymous = Client()
    login = anonymous.get(reverse("login"))
    assert login.status_code == 200
    assert login["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    health = anonymous.get(reverse("health"))
    assert health["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    # A redirect to the login page carries no caching header.
    home = anonymous.get(reverse("home"))
    assert home.status_code == 302
    assert "Cache-Control" not in home


@pytest.mark.parametrize("signed_in", [False, True])
def test_static_files_keep_whitenoise_headers(client_as, official, client, signed_in):
    browser = client_as(official) if signed_in else client
    response = browser.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert response.status_code == 200
    assert response["Cache-Control"] != PRIVATE
    assert "public" in response["Cache-Control"]


def test_a_session_unreadable_for_a_database_failure_is_not_stored(rf):
    from django.db import OperationalError
    from django.http import HttpResponse
    from django.utils.functional import SimpleLazyObject

    from services.web.middleware import PrivateCacheMiddleware

    def unreadable_session():
        raise OperationalError("the database is down")

    request = rf.get("/")
    request.user = SimpleLazyObject(unreadable_session)
    response = PrivateCacheMiddleware(lambda request: HttpResponse(status=503))(request)
    _assert_private(response)
