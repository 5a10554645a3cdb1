"""A form refused by the CSRF check: a French 403 page, in the site's layout, that says what
happened and what to do, and shows what the user typed (never a token or a password)."""

import pytest
from django.test import Client
from django.urls import reverse

from impact.consultation.models import Comment
from tests.helpers import PASSWORD

EXPLANATION = (
    "Votre session a expiré ou la page est restée ouverte trop longtemps : rechargez la page, "
    "puis envoyez à nouveau le formulaire."
)
HOSTILE = '<script>alert("x")</script> Ma question & la suite'


@pytest.fixture
def strict_client(db):
    """A browser whose posts go through the CSRF check (the test client skips it otherwise)."""
    return Client(enforce_csrf_checks=True)


def _comment_post(client, consultation, fields=None, **headers):
    url = reverse("impact-consultation-comment", args=[consultation.pk])
    data = {"kind": "question", "target": "study", "body": HOSTILE} | (fields or {})
    return client.post(url, data, HTTP_REFERER=f"http://testserver{url}", **headers)


def test_a_refused_form_gets_the_french_page_with_what_was_typed(
    strict_client, delegate, consultation
):
    strict_client.force_login(delegate)
    response = _comment_post(strict_client, consultation, {"csrfmiddlewaretoken": "x" * 64})
    html = response.content.decode()
    assert response.status_code == 403
    assert EXPLANATION in html
    assert "Formulaire non envoyé" in html
    assert "Se déconnecter" in html  # the site's layout, signed in
    # What was typed, read only and escaped; not the token.
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Ma question &amp; la suite" in html
    assert "<script>alert" not in html
    assert "readonly" in html
    assert "x" * 64 not in html
    back = reverse("impact-consultation-comment", args=[consultation.pk])
    assert f'<a href="http://testserver{back}">Revenir au formulaire</a>' in html
    assert "DEBUG" not in html and "Django" not in html
    assert not Comment.objects.exists()


def test_a_refused_login_shows_the_username_but_never_the_password(strict_client, head_a):
    response = strict_client.post(
        reverse("login"), {"username": "chef.a", "password": PASSWORD, "next": "/"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert EXPLANATION in html
    assert "chef.a" in html
    assert PASSWORD not in html
    assert "_auth_user_id" not in strict_client.session


def test_a_form_with_a_stale_token_is_refused_the_same_way(strict_client, delegate, consultation):
    strict_client.force_login(delegate)
    # The page sets the CSRF cookie; the form is sent with the token of an older page.
    strict_client.get(reverse("impact-consultation-comment", args=[consultation.pk]))
    response = _comment_post(strict_client, consultation, {"csrfmiddlewaretoken": "a" * 32})
    assert response.status_code == 403
    assert EXPLANATION in response.content.decode()
    assert not Comment.objects.exists()


def test_a_post_from_another_site_is_refused_without_echoing_it(
    strict_client, delegate, consultation
):
    strict_client.force_login(delegate)
    response = _comment_post(strict_client, consultation, HTTP_ORIGIN="https://evil.example")
    html = response.content.decode()
    assert response.status_code == 403
    assert EXPLANATION in html
    assert "Ma question" not in html
    assert not Comment.objects.exists()


def test_the_page_is_in_english_for_an_english_reader(strict_client, delegate, consultation):
    strict_client.force_login(delegate)
    response = _comment_post(strict_client, consultation, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your session has expired" in html
    assert "Form not sent" in html
    assert "Ma question" in html


def test_a_valid_token_still_goes_through(strict_client, delegate, consultation):
    strict_client.force_login(delegate)
    strict_client.get(reverse("impact-consultation-comment", args=[consultation.pk]))
    token = strict_client.cookies["csrftoken"].value
    response = _comment_post(strict_client, consultation, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Comment.objects.get().body == HOSTILE


def test_the_typed_fields_leave_out_secrets_counters_and_blanks(rf):
    from services.web.csrf import typed_fields

    request = rf.post(
        "/",
        {
            "csrfmiddlewaretoken": "t", "password": "p", "new_password1": "p", "submission": "u",
            "tasks-TOTAL_FORMS": "3", "tasks-0-description": "Courriers",
            "note": "   ", "directorates": ["1", "2"],
        },
    )  # fmt: skip
    assert typed_fields(request) == [
        ("tasks-0-description", "Courriers"),
        ("directorates", "1"),
        ("directorates", "2"),
    ]
