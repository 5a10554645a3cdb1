"""The ``org_chart_import`` action: all or nothing, idempotent, never deleting."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError

from services import importing, table_files
from services.actions import org_chart_import
from services.importing import ImportProblem
from services.models import Directorate, Organisation, Role, Service

HEADER = "Direction;Service;Intitulé du poste;Effectif;ETP;Famille de métiers;Code ISCO"
FIRST_FILE = (
    HEADER,
    "Population;État civil;Officier d'état civil;6;5,5;Administration;3343",
    "Population;État civil;Agent d'accueil;4;4;Accueil;4226",
    "Solidarités;Crèche;Auxiliaire de puériculture;18;16,5;Petite enfance;5311",
)
NOTHING_DELETED = (
    "Rien n'est supprimé : les directions, services et postes absents du fichier restent en place."
)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def run(*lines: str, dry_run: bool = False, **kwargs):
    return org_chart_import(
        content=csv_bytes(*lines), filename="organigramme.csv", dry_run=dry_run, **kwargs
    )


def snapshot() -> dict[str, list[tuple]]:
    """Every stored value of the chart, to compare before and after."""
    return {
        "organisations": list(Organisation.objects.order_by("pk").values_list("pk", "name")),
        "directorates": list(
            Directorate.objects.order_by("pk").values_list("pk", "organisation_id", "name")
        ),
        "services": list(
            Service.objects.order_by("pk").values_list("pk", "directorate_id", "name")
        ),
        "roles": list(
            Role.objects.order_by("pk").values_list(
                "pk", "service_id", "title", "headcount", "fte", "job_family", "isco_code"
            )
        ),
    }


def test_first_import_creates_the_collectivite_and_the_whole_chart(db):
    report = run(*FIRST_FILE)
    assert report.ok and not report.dry_run
    assert report.created == [
        "Collectivité « Ma collectivité »",
        "Direction « Population »",
        "Service « État civil » (direction Population)",
        "Poste « Officier d'état civil » (Population › État civil) : effectif 6, ETP 5,5",
        "Poste « Agent d'accueil » (Population › État civil) : effectif 4, ETP 4",
        "Direction « Solidarités »",
        "Service « Crèche » (direction Solidarités)",
        "Poste « Auxiliaire de puériculture » (Solidarités › Crèche) : effectif 18, ETP 16,5",
    ]
    assert (report.updated, report.unchanged) == ([], [])
    assert report.notes == [NOTHING_DELETED]
    organisation = Organisation.objects.get()
    assert organisation.name == "Ma collectivité"
    role = Role.objects.get(title="Auxiliaire de puériculture")
    assert (role.service.name, role.service.directorate.name) == ("Crèche", "Solidarités")
    assert role.service.directorate.organisation == organisation
    assert (role.headcount, role.fte, role.job_family, role.isco_code) == (
        18,
        Decimal("16.50"),
        "Petite enfance",
        "5311",
    )


def test_the_collectivite_name_can_come_from_the_settings(db, settings):
    settings.IMPACT_ORGANISATION_NAME = "Ville de Montpellier"
    run(*FIRST_FILE)
    assert Organisation.objects.get().name == "Ville de Montpellier"


def test_import_fills_the_single_existing_collectivite(organisation):
    run(*FIRST_FILE)
    assert Organisation.objects.get() == organisation
    assert set(Directorate.objects.values_list("organisation", flat=True)) == {organisation.pk}


def test_several_collectivites_need_to_be_named(organisation):
    other = Organisation.objects.create(name="Autre ville")
    report = run(*FIRST_FILE)
    assert report.problems == [
        ImportProblem(
            None,
            None,
            "Plusieurs collectivités existent : précisez laquelle reçoit l'organigramme "
            "(option --organisation de la commande import_org).",
        )
    ]
    assert not Directorate.objects.exists()
    assert run(*FIRST_FILE, organisation=other).ok
    assert set(Directorate.objects.values_list("organisation", flat=True)) == {other.pk}


def test_reimporting_the_same_file_changes_nothing_and_says_so(db):
    run(*FIRST_FILE)
    before = snapshot()
    report = run(*FIRST_FILE)
    assert report.ok
    assert (report.created, report.updated) == ([], [])
    assert report.unchanged == [
        "Direction « Population »",
        "Service « État civil » (direction Population)",
        "Poste « Officier d'état civil » (Population › État civil)",
        "Poste « Agent d'accueil » (Population › État civil)",
        "Direction « Solidarités »",
        "Service « Crèche » (direction Solidarités)",
        "Poste « Auxiliaire de puériculture » (Solidarités › Crèche)",
    ]
    assert snapshot() == before


def test_a_newer_file_updates_roles_adds_the_new_and_deletes_nothing(db):
    run(*FIRST_FILE)
    report = run(
        HEADER,
        "Population;État civil;Officier d'état civil;6;5,5;Administration;3343",
        "Population;État civil;Agent d'accueil;5;4,5;Accueil;4222",
        "Population;Accueil;Chargé d'accueil téléphonique;3;2,8;;4222",
    )
    assert report.ok
    assert report.created == [
        "Service « Accueil » (direction Population)",
        "Poste « Chargé d'accueil téléphonique » (Population › Accueil) : effectif 3, ETP 2,8",
    ]
    assert report.updated == [
        "Poste « Agent d'accueil » (Population › État civil) : "
        "effectif 4 → 5 ; ETP 4 → 4,5 ; code ISCO-08 4226 → 4222"
    ]
    assert "Poste « Officier d'état civil » (Population › État civil)" in report.unchanged
    assert NOTHING_DELETED in report.notes
    role = Role.objects.get(title="Agent d'accueil")
    assert (role.headcount, role.fte, role.isco_code) == (5, Decimal("4.50"), "4222")
    assert Role.objects.filter(title="Auxiliaire de puériculture", headcount=18).exists()
    assert Role.objects.count() == 4


def test_names_match_without_regard_to_case_and_keep_the_stored_spelling(service_a):
    before = snapshot()
    report = run(
        "Direction;Service;Poste;Effectif;ETP",
        "POPULATION;état civil;AGENT D'ACCUEIL;4;4,00",
    )
    assert report.created == [] and report.updated == []
    assert report.unchanged == [
        "Direction « Population »",
        "Service « État civil » (direction Population)",
        "Poste « Agent d'accueil » (Population › État civil)",
    ]
    assert snapshot() == before


def test_an_absent_optional_column_keeps_the_value_an_empty_cell_clears_it(service_b):
    report = run(
        "Direction;Service;Poste;Effectif;ETP", "Cadre de vie;Espaces verts;Jardinier;20;19"
    )
    assert report.unchanged[-1] == "Poste « Jardinier » (Cadre de vie › Espaces verts)"
    assert Role.objects.get(title="Jardinier").isco_code == "6113"
    report = run(
        "Direction;Service;Poste;Effectif;ETP;Code ISCO",
        "Cadre de vie;Espaces verts;Jardinier;20;19;",
    )
    assert report.updated == [
        "Poste « Jardinier » (Cadre de vie › Espaces verts) : code ISCO-08 6113 → —"
    ]
    assert Role.objects.get(title="Jardinier").isco_code == ""


def test_a_file_with_one_invalid_row_leaves_the_database_exactly_unchanged(service_a, service_b):
    before = snapshot()
    report = run(
        HEADER,
        "Population;État civil;Agent d'accueil;9;9;Accueil;4226",
        "Population;Nouveau service;Nouveau poste;1;1;;",
        "Nouvelle direction;Service;Poste;2;2;;",
        "Cadre de vie;Espaces verts;Jardinier;-20;19;;6113",
    )
    assert not report.ok
    assert report.problems == [
        ImportProblem(5, "Effectif", "L'effectif ne peut pas être négatif (« -20 »)."),
    ]
    assert (report.created, report.updated, report.unchanged) == ([], [], [])
    assert snapshot() == before


def test_dry_run_writes_nothing_and_reports_what_the_import_would_do(service_a):
    lines = (
        "Direction;Service;Poste;Effectif;ETP",
        "Population;État civil;Agent d'accueil;5;4",
        "Population;État civil;Médiateur;1;1",
    )
    before = snapshot()
    dry = run(*lines, dry_run=True)
    assert dry.ok and dry.dry_run
    assert dry.created == ["Poste « Médiateur » (Population › État civil) : effectif 1, ETP 1"]
    assert dry.updated == ["Poste « Agent d'accueil » (Population › État civil) : effectif 4 → 5"]
    assert snapshot() == before
    real = run(*lines)
    assert (real.created, real.updated, real.unchanged) == (dry.created, dry.updated, dry.unchanged)
    assert Role.objects.get(title="Agent d'accueil").headcount == 5


def test_dry_run_on_an_empty_database_creates_no_collectivite(db):
    report = run(*FIRST_FILE, dry_run=True)
    assert report.created[0] == "Collectivité « Ma collectivité »"
    assert len(report.created) == 8
    assert not Organisation.objects.exists()


def test_the_models_own_validation_is_reported_at_the_row(service_a, monkeypatch):
    """A rule the parser would miss is still caught by full_clean() and placed in the file."""
    monkeypatch.setattr(importing, "isco_unit_groups", lambda: {"9999": {}})
    before = snapshot()
    report = run(
        "Direction;Service;Poste;Effectif;ETP;Code ISCO",
        "Population;État civil;Agent d'accueil;4;4;9999",
        "Population;État civil;Médiateur;1;1;9999",
    )
    message = "« 9999 » n'est pas un code ISCO-08 à 4 chiffres connu."
    assert report.problems == [
        ImportProblem(2, "Code ISCO", message),
        ImportProblem(3, "Code ISCO", message),
    ]
    assert snapshot() == before


def test_a_conflict_while_saving_saves_nothing(service_a, monkeypatch):
    before = snapshot()
    saved = []

    def save_then_clash(self, *args, **kwargs):
        saved.append(self)
        if len(saved) == 2:
            raise IntegrityError("simulated concurrent import")
        return original_save(self, *args, **kwargs)

    original_save = Role.save
    monkeypatch.setattr(Role, "save", save_then_clash)
    report = run(
        "Direction;Service;Poste;Effectif;ETP",
        "Population;État civil;Médiateur;1;1",
        "Population;État civil;Agent d'accueil;5;4",
    )
    assert [p.message for p in report.problems] == [
        "L'organigramme a été modifié pendant l'import : rien n'a été enregistré. "
        "Relancez l'import."
    ]
    assert report.created == []
    assert snapshot() == before


def test_an_oversized_file_is_refused_before_it_is_parsed(db, settings, monkeypatch):
    def must_not_parse(*args, **kwargs):
        raise AssertionError("an oversized file must not be parsed")

    monkeypatch.setattr(table_files, "_decode", must_not_parse)
    monkeypatch.setattr(table_files.openpyxl, "load_workbook", must_not_parse)
    settings.IMPACT_IMPORT_MAX_BYTES = 100
    report = run(*FIRST_FILE)
    assert len(report.problems) == 1
    assert report.problems[0].message.startswith("Le fichier pèse ")
    assert not Organisation.objects.exists()


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(db, monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(table_files.openpyxl, "load_workbook", must_not_open)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/sharedStrings.xml", b" " * (table_files.XLSX_MAX_UNCOMPRESSED_BYTES + 1)
        )
    report = org_chart_import(content=buffer.getvalue(), filename="organigramme.xlsx")
    assert report.problems[0].message.startswith("Une fois décompressé, ce classeur pèserait")
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "organigramme.csv"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nstream\n\x00\x01\x02", "organigramme.pdf"),
        (b"Direction;Service;Poste;Effectif;ETP\nD;S;P;1;1\n", "organigramme.xlsx"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(db, content, filename):
    report = org_chart_import(content=content, filename=filename)
    assert len(report.problems) == 1
    assert report.problems[0].line is None
    assert not Organisation.objects.exists()


def test_reimport_runs_the_same_number_of_queries_whatever_the_size(
    db, django_assert_max_num_queries
):
    for size in (5, 50):
        lines = [HEADER] + [f"D{size};S{i % 7};Poste {i};{i};1;;4110" for i in range(size)]
        run(*lines)
        with django_assert_max_num_queries(8):
            assert run(*lines).ok


def test_the_example_file_offered_for_download_imports_cleanly(db):
    example = Path(django_settings.BASE_DIR) / "static" / "examples" / "organigramme-exemple.csv"
    report = org_chart_import(content=example.read_bytes(), filename=example.name)
    assert report.problems == []
    assert Role.objects.count() == 10
