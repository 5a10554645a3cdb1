"""The organisation chart upload page: administrators only, same code path as the command."""

import html
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from services import actions
from services.models import Directorate, Organisation, Role

URL = reverse("services-org-import")
GOOD_FILE = (
    "Direction;Service;Intitulé du poste;Effectif;ETP\n"
    "Population;État civil;Officier d'état civil;6;5,5\n"
    "Population;État civil;Agent d'accueil;4;4\n"
).encode("cp1252")
BAD_FILE = (
    "Direction;Service;Intitulé du poste;Effectif;ETP\n"
    "Population;État civil;Officier d'état civil;6;5,5\n"
    "Population;État civil;Agent d'accueil;quatre;4\n"
).encode()


def upload(content: bytes, name: str = "organigramme.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def text(response) -> str:
    """The page's text with tags removed and spaces collapsed, as a reader would see it."""
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(page))


def test_get_shows_the_form_the_expected_columns_and_the_example(client_as, administrator):
    response = client_as(administrator).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="post" enctype="multipart/form-data">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'type="file"' in page and 'name="dry_run"' in page
    assert 'href="/static/examples/organigramme-exemple.csv" download' in page
    assert "Colonnes attendues" in page
    assert "Intitulé du poste" in page


def test_administrator_imports_a_file_and_sees_the_counts(client_as, administrator):
    response = client_as(administrator).post(URL, {"file": upload(GOOD_FILE)})
    assert response.status_code == 200
    page = text(response)
    assert "L'organigramme a été importé." in page
    assert "Résultat de l'import" in page
    assert "5 éléments créés" in page
    assert re.search(r"\b0 postes? mis à jour", page)
    assert "Poste « Agent d'accueil » (Population › État civil) : effectif 4, ETP 4" in page
    assert "Rien n'est supprimé" in page
    assert sorted(Role.objects.values_list("title", "headcount")) == [
        ("Agent d'accueil", 4),
        ("Officier d'état civil", 6),
    ]


def test_a_second_upload_of_the_same_file_changes_nothing(client_as, administrator):
    client = client_as(administrator)
    client.post(URL, {"file": upload(GOOD_FILE)})
    stored = list(Role.objects.values_list("pk", "title", "headcount", "fte"))
    page = text(client.post(URL, {"file": upload(GOOD_FILE)}))
    assert re.search(r"\b0 éléments? créés?", page) and "4 éléments inchangés" in page
    assert list(Role.objects.values_list("pk", "title", "headcount", "fte")) == stored


def test_an_xlsx_upload_is_imported(client_as, administrator):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Direction", "Service", "Poste", "Effectif", "ETP", "Code ISCO"])
    workbook.active.append(["Solidarités", "Crèche", "Auxiliaire", 18, 16.5, 5311])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client_as(administrator).post(URL, {"file": upload(buffer.getvalue(), "org.xlsx")})
    role = Role.objects.get()
    assert (role.title, role.headcount, role.isco_code) == ("Auxiliaire", 18, "5311")


def test_dry_run_shows_what_would_change_and_stores_nothing(client_as, administrator):
    response = client_as(administrator).post(URL, {"file": upload(GOOD_FILE), "dry_run": "on"})
    page = text(response)
    assert "Le fichier est valide ; rien n'a été enregistré." in page
    assert "Résultat de la vérification : rien n'a été enregistré" in page
    assert "5 éléments créés (à la confirmation)" in page
    assert not Organisation.objects.exists()


def test_problems_are_listed_with_their_line_and_column_and_nothing_is_stored(
    client_as, administrator
):
    response = client_as(administrator).post(URL, {"file": upload(BAD_FILE)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Le fichier contient des erreurs : rien n&#x27;a été importé." in page
    assert "Problèmes à corriger" in page
    assert '<th scope="col" class="text-end">Ligne</th>' in page
    row = re.search(r"<tr>\s*<td class=\"text-end\">3</td>(.*?)</tr>", page, re.S)
    assert row, "the problem's line number is shown"
    assert "Effectif" in row.group(1)
    assert "L&#x27;effectif « quatre » n&#x27;est pas un nombre." in row.group(1)
    assert not Organisation.objects.exists()
    assert not Role.objects.exists()


def test_an_oversized_upload_is_refused_with_a_message(
    client_as, administrator, settings, monkeypatch
):
    monkeypatch.setattr(actions, "org_chart_import", lambda **kw: pytest.fail("must not import"))
    settings.IMPACT_IMPORT_MAX_BYTES = 50
    response = client_as(administrator).post(URL, {"file": upload(GOOD_FILE)})
    assert response.status_code == 200
    assert "la limite est de 50" in response.content.decode()
    assert not Role.objects.exists()


def test_a_post_without_a_file_shows_the_form_error(client_as, administrator):
    response = client_as(administrator).post(URL, {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["report"] is None


@pytest.mark.parametrize("persona", ["head_a", "head_b", "delegate", "official"])
def test_other_personas_are_refused_and_change_nothing(client_as, persona, request):
    client = client_as(request.getfixturevalue(persona))
    roles_before = list(Role.objects.values_list("pk", "title", "headcount"))
    intruder = upload(b"Direction;Service;Poste;Effectif;ETP\nIntrus;Intrus;Intrus;1;1\n")
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": intruder}).status_code == 403
    assert list(Role.objects.values_list("pk", "title", "headcount")) == roles_before
    assert not Directorate.objects.filter(name="Intrus").exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    for response in (client.get(URL), client.post(URL, {"file": upload(GOOD_FILE)})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert not Organisation.objects.exists()


def test_wrong_methods_are_refused(client_as, administrator):
    client = client_as(administrator)
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405
