"""Exports: every table of a dashboard as XLSX or CSV, numbers as numbers, formulas
neutralised, small groups folded as on the page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from impact.scores.models import RoleScore
from services.models import Service


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _service_url(objs, **query) -> str:
    url = reverse("impact-dashboard-service", args=[objs["etat_civil"].pk])
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_xlsx_has_one_sheet_per_table_with_numbers(client_as, administrator, dashboard_campaign):
    response = client_as(administrator).get(reverse("impact-dashboard"), {"format": "xlsx"})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="tableau-de-bord-campagne-2026.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 15
    assert "Plage de chaque chiffre clé" in workbook.sheetnames
    assert "Potentiel et usage réel" in workbook.sheetnames
    sheet = workbook["Exposition par direction"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].endswith("Exposition par direction")
    assert rows[1][:3] == ("Direction", "Agents", "Part du temps exposée (beta)")
    assert rows[2][0] == "Population" and rows[2][1] == 16
    assert rows[2][2] == pytest.approx(6.35 / 16)
    assert sheet.cell(row=3, column=3).number_format == "0.0%"


def test_csv_of_one_table_is_for_french_excel(client_as, administrator, dashboard_campaign):
    response = client_as(administrator).get(
        reverse("impact-dashboard"), {"format": "csv", "table": "postes"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert rows[0][:5] == [
        "Poste",
        "Service",
        "Direction",
        "Agents",
        "Part du temps exposée (beta) (%)",
    ]
    assert rows[1][:5] == ["Responsable de l'état civil", "État civil", "Population", "1", "100"]
    assert rows[2][4] == "60"


def test_csv_of_every_table_titles_each_block(client_as, administrator, dashboard_campaign):
    rows = _csv(client_as(administrator).get(reverse("impact-dashboard"), {"format": "csv"}))
    titles = [row[0] for row in rows if len(row) == 1]
    assert titles[:3] == ["Couverture", "Échelle des définitions", "Autres chiffres publiés, à ne pas confondre"]  # fmt: skip
    assert rows[1] == ["Indicateur", "Nombre", "Sur", "Part (%)"]


def test_formulas_are_neutralised_in_both_formats(client_as, administrator, dashboard_campaign):
    officer = dashboard_campaign["roles"]["Officier d'état civil"]
    RoleScore.objects.filter(pk=officer.pk).update(title='=HYPERLINK("http://x","clic")')
    Service.objects.filter(pk=dashboard_campaign["etat_civil"].pk).update(name="@SUM(A1)")
    client = client_as(administrator)
    rows = _csv(client.get(reverse("impact-dashboard"), {"format": "csv", "table": "postes"}))
    assert ['\'=HYPERLINK("http://x","clic")', "'@SUM(A1)"] in [row[:2] for row in rows]
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("impact-dashboard"), {"format": "xlsx"}).content)
    )
    cells = [
        c for row in workbook["Postes les plus exposés"].iter_rows(values_only=True) for c in row
    ]
    assert "'@SUM(A1)" in cells
    assert not any(isinstance(c, str) and c.startswith(("=", "@", "+", "-")) for c in cells)


@pytest.mark.parametrize("persona", ["official", "delegate", "head_a"])
def test_exports_fold_small_groups_as_the_page_does(
    request, client_as, persona, dashboard_campaign
):
    client = client_as(request.getfixturevalue(persona))
    text = client.get(_service_url(dashboard_campaign, format="csv")).content.decode()
    assert "Autres postes" in text
    assert "Responsable de l'état civil" not in text
    workbook = load_workbook(
        io.BytesIO(client.get(_service_url(dashboard_campaign, format="xlsx")).content)
    )
    cells = [c for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Responsable de l'état civil" not in cells and "Autres postes" in cells


def test_administrator_exports_every_role(client_as, administrator, dashboard_campaign):
    text = (
        client_as(administrator)
        .get(_service_url(dashboard_campaign, format="csv"))
        .content.decode()
    )
    assert "Responsable de l'état civil" in text and "Autres postes" not in text


def test_role_receipt_exports_its_tasks(client_as, official, dashboard_campaign):
    officer = dashboard_campaign["roles"]["Officier d'état civil"]
    url = reverse("impact-dashboard-role", args=[officer.pk])
    rows = _csv(client_as(official).get(url, {"format": "csv"}))
    assert rows[0][0] == "Tâche"
    assert [row[:3] for row in rows[1:]] == [["Courriers", "60", "E1"], ["Guichet", "40", "E0"]]


@pytest.mark.parametrize(
    ("query", "status"), [({"format": "pdf"}, 400), ({"format": "csv", "table": "nope"}, 400)]
)
def test_bad_export_requests_are_refused_clearly(
    client_as, official, dashboard_campaign, query, status
):
    response = client_as(official).get(reverse("impact-dashboard"), query)
    assert response.status_code == status
