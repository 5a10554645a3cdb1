"""The web base: French by default, English on request, accessible layout, local assets."""

import re

from django.test import override_settings
from django.urls import reverse


def test_pages_are_french_by_default_with_skip_link_and_landmarks(client_as, official):
    page = client_as(official).get(reverse("home")).content.decode()
    assert '<html lang="fr">' in page
    assert 'href="#contenu"' in page and "Aller au contenu" in page
    assert '<main id="contenu"' in page and "<header" in page and "<footer" in page
    assert '<label for="language-select"' in page


def test_language_switch_gives_english(client_as, official):
    client = client_as(official)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert "Skip to content" in page
    assert "Elected officials" in page


def test_no_asset_is_loaded_from_another_server(client_as, administrator):
    page = client_as(administrator).get(reverse("home")).content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', page)
    assert external == []
    assert "/static/vendor/bootstrap/bootstrap.min.css" in page


def test_static_files_are_served_locally(client):
    response = client.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert response.status_code == 200


@override_settings(DEBUG=False)
def test_unknown_page_gives_the_french_404(client_as, official):
    response = client_as(official).get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_server_error_page_is_french_and_standalone():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Une erreur est survenue" in page
    assert "Rien de ce que vous aviez enregistré n'est perdu" in page
