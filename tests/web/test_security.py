"""Login throttling, session expiry after inactivity, and the Content-Security-Policy."""

import datetime
import re
import time

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from services.web.sessions import LAST_SEEN_KEY, SIGNED_IN_KEY
from tests.helpers import PASSWORD

LOGIN = "/connexion/"


def _attempt(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


# --- Login throttling (django-axes) -------------------------------------------------------


@pytest.fixture
def five_failures(client, head_a, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = _attempt(client, "chef.a", "wrong")
        assert response.status_code == 200
        assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.text
    return _attempt(client, "chef.a", "wrong")


def test_the_fifth_failure_locks_the_username_from_that_address(client, five_failures):
    assert five_failures.status_code == 429
    assert "Connexion momentanément bloquée" in five_failures.text
    assert "bloquée pendant 15 minutes" in five_failures.text
    # Even the right password is refused while the pair is locked.
    response = _attempt(client, "chef.a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_the_pair_only(five_failures, head_a, head_b):
    # The same person from another address can sign in …
    assert _attempt(Client(), "chef.a", PASSWORD, address="10.0.0.2").status_code == 302
    # … and a colleague behind the same address too.
    assert _attempt(Client(), "chef.b", PASSWORD, address="10.0.0.1").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, five_failures):
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = _attempt(client, "chef.a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_success_clears_the_earlier_failures(client, head_a):
    for _ in range(4):
        _attempt(client, "chef.a", "wrong")
    assert _attempt(client, "chef.a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _attempt(client, "chef.a", "wrong").status_code == 200
    assert _attempt(client, "chef.a", PASSWORD).status_code == 302


def test_forwarded_address_is_trusted_only_behind_declared_proxies(rf, settings):
    from services.web.sessions import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3")
    settings.IMPACT_TRUSTED_PROXIES = 0
    assert client_ip(request) == "127.0.0.1"
    settings.IMPACT_TRUSTED_PROXIES = 1
    assert client_ip(request) == "10.1.2.3"  # not the entry the client could forge


# --- Session expiry after inactivity -------------------------------------------------------


def _idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_a_session_idle_too_long_ends_with_a_message(client_as, head_a, settings):
    client = client_as(head_a)
    _idle_for(client, settings.IMPACT_SESSION_IDLE_SECONDS + 5)

    response = client.get("/etats-des-lieux/")

    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=%2Fetats-des-lieux%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Votre session a expiré après 30 minutes sans activité" in page.text
    # Signing in again leads back to the page asked for.
    back = client.post(
        response["Location"],
        {"username": "chef.a", "password": PASSWORD, "next": "/etats-des-lieux/"},
    )
    assert back["Location"] == "/etats-des-lieux/"


def test_activity_keeps_the_session_open(client_as, head_a, settings):
    client = client_as(head_a)
    _idle_for(client, settings.IMPACT_SESSION_IDLE_SECONDS - 60)
    assert client.get("/etats-des-lieux/").status_code == 200
    # The request counted as activity: the clock starts again.
    assert int(time.time()) - client.session[LAST_SEEN_KEY] < 5
    assert client.get("/etats-des-lieux/").status_code == 200


def test_a_session_ends_after_a_working_day_however_active(client_as, head_a, settings):
    client = client_as(head_a)
    session = client.session
    session[SIGNED_IN_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 5
    session.save()  # active a minute ago, signed in more than 8 hours ago

    response = client.get("/etats-des-lieux/")

    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "une session dure au plus 8 heures" in page.text


def test_an_expired_htmx_request_asks_for_a_full_page_redirect(client_as, head_a, settings):
    client = client_as(head_a)
    _idle_for(client, settings.IMPACT_SESSION_IDLE_SECONDS + 5)
    response = client.get("/etats-des-lieux/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/connexion/"


def test_a_posted_form_after_expiry_is_not_applied(client_as, head_a, inventory_a, settings):
    client = client_as(head_a)
    _idle_for(client, settings.IMPACT_SESSION_IDLE_SECONDS + 5)
    before = inventory_a.revision
    response = client.post(f"/etats-des-lieux/{inventory_a.pk}/roles/", {"revision": before})
    assert response.status_code == 302
    assert response["Location"] == "/connexion/"
    inventory_a.refresh_from_db()
    assert inventory_a.revision == before


# --- Content-Security-Policy ----------------------------------------------------------------


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


@pytest.mark.parametrize("url", ["/connexion/", "/", "/etats-des-lieux/", "/etudes/"])
def test_every_page_carries_a_policy_without_inline_code(client_as, head_a, url):
    client = client_as(head_a) if url != "/connexion/" else Client()
    response = client.get(url, follow=True)
    policy = _policy(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    html = response.text
    # No inline script, no inline style, no event handler attribute in what we serve.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle=\"", html)
    assert not re.search(r"\son[a-z]+=\"", html)
    assert '"includeIndicatorStyles": false' in html


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_the_standalone_error_pages_have_no_inline_style(name):
    from django.conf import settings

    html = (settings.BASE_DIR / "templates" / name).read_text()
    assert "style=" not in html and "<style" not in html and "<script" not in html
    assert 'href="/static/css/error.css"' in html


def test_a_database_down_before_the_view_gives_the_503_page(client_as, head_a, monkeypatch):
    """The session cannot even be read: the handler answers 503, not the 500 page."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client = client_as(head_a)
    client.raise_request_exception = False

    def refuse(self):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(SessionStore, "load", refuse)
    response = client.get("/etats-des-lieux/")
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.content.decode()
    assert response["Retry-After"] == "30"
