"""Reading organisation chart files: formats, encodings, headers, values and every refusal.

These tests need no database: ``services.importing`` is pure of the ORM.
"""

import io
import random
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from services import table_files
from services.importing import ImportProblem, parse_org_chart

MAX_BYTES = 5 * 1024 * 1024
HEADER = "Direction;Service;Intitulé du poste;Effectif;ETP;Famille de métiers;Code ISCO"


def parse(content: bytes, filename: str = "organigramme.csv", max_bytes: int = MAX_BYTES):
    return parse_org_chart(content=content, filename=filename, max_bytes=max_bytes)


def csv_bytes(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return newline.join(lines).encode(encoding) + newline.encode(encoding)


def xlsx_bytes(rows: list[list[object]], extra_sheet: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Organigramme"
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        workbook.create_sheet("Notes").append(["rien à lire ici"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def only_row(parsed):
    assert parsed.problems == []
    assert len(parsed.rows) == 1
    return parsed.rows[0]


def only_problem(parsed) -> ImportProblem:
    assert len(parsed.problems) == 1, parsed.problems
    return parsed.problems[0]


# --- Encodings and separators ------------------------------------------------------------


def test_utf8_csv_with_semicolons_gives_clean_rows():
    parsed = parse(
        csv_bytes(HEADER, "Population;État civil;Officier d'état civil;6;5,5;Administration;3343")
    )
    assert parsed.problems == []
    (row,) = parsed.rows
    assert (row.line, row.directorate, row.service, row.title) == (
        2,
        "Population",
        "État civil",
        "Officier d'état civil",
    )
    assert (row.headcount, row.fte, row.job_family, row.isco_code) == (
        6,
        Decimal("5.50"),
        "Administration",
        "3343",
    )


def test_utf8_with_bom_reads_the_first_header():
    content = b"\xef\xbb\xbf" + csv_bytes(HEADER, "Population;État civil;Agent;4;4;;")
    parsed = parse(content)
    assert parsed.problems == []
    assert parsed.columns["directorate"] == "Direction"
    assert parsed.rows[0].service == "État civil"


def test_windows_1252_as_french_excel_writes_it():
    content = csv_bytes(
        "Direction;Service;Intitulé du poste;Effectif;ETP",
        "Solidarités;Crèche;Auxiliaire de puériculture;18;16,5",
        encoding="cp1252",
        newline="\r\n",
    )
    parsed = parse(content)
    assert parsed.problems == []
    row = parsed.rows[0]
    assert (row.directorate, row.service, row.title) == (
        "Solidarités",
        "Crèche",
        "Auxiliaire de puériculture",
    )
    assert parsed.columns["title"] == "Intitulé du poste"


def test_comma_separator_with_quoted_decimal_comma():
    content = csv_bytes(
        "Direction,Service,Poste,Effectif,ETP",
        'Population,État civil,Agent d\'accueil,4,"3,5"',
        "Population,État civil,Officier,6,5.25",
    )
    parsed = parse(content)
    assert parsed.problems == []
    assert [row.fte for row in parsed.rows] == [Decimal("3.50"), Decimal("5.25")]


def test_semicolon_file_keeps_decimal_commas_in_data_lines():
    content = csv_bytes("Direction;Service;Poste;Effectif;ETP", "D;S;P;12,0;0,8")
    parsed = parse(content)
    assert parsed.problems == []
    assert (parsed.rows[0].headcount, parsed.rows[0].fte) == (12, Decimal("0.80"))


def test_tab_separated_text_as_excel_exports_it():
    content = csv_bytes("Direction\tService\tPoste\tEffectif\tETP", "D\tS\tP\t3\t2,5")
    row = only_row(parse(content))
    assert (row.service, row.headcount, row.fte) == ("S", 3, Decimal("2.50"))


def test_excel_separator_hint_line_is_honoured_and_counted():
    content = csv_bytes("sep=,", "Direction,Service,Poste,Effectif,ETP", "D,S,P,1,1", "D,S,Q,x,1")
    parsed = parse(content)
    assert parsed.problems == [
        ImportProblem(4, "Effectif", "L'effectif « x » n'est pas un nombre."),
    ]


def test_utf16_text_is_refused_with_advice():
    content = "Direction\tService\r\n".encode("utf-16")
    problem = only_problem(parse(content))
    assert (problem.line, problem.column) == (None, None)
    assert "UTF-16" in problem.message


# --- Headers -----------------------------------------------------------------------------


def test_english_headers():
    content = csv_bytes(
        "Directorate,Service,Job title,Headcount,FTE,Job family,ISCO code",
        "Population,Civil status,Registrar,6,5.5,Administration,3343",
    )
    parsed = parse(content)
    assert parsed.problems == []
    assert parsed.rows[0].title == "Registrar"
    assert parsed.rows[0].isco_code == "3343"


@pytest.mark.parametrize("title_header", ["Poste", "Métier", "Role", "Rôle", "Intitulé"])
def test_every_spelling_of_the_role_column(title_header):
    parsed = parse(csv_bytes(f"Direction;Service;{title_header};Effectif;ETP", "D;S;P;1;1"))
    assert parsed.problems == []
    assert parsed.columns["title"] == title_header


def test_columns_in_any_order():
    content = csv_bytes("ETP;Code ISCO;Poste;Service;Effectif;Direction", "2,5;4110;Agent;S;3;D")
    row = parse(content).rows[0]
    assert (row.directorate, row.service, row.title, row.headcount, row.fte, row.isco_code) == (
        "D",
        "S",
        "Agent",
        3,
        Decimal("2.50"),
        "4110",
    )


def test_headers_ignore_case_accents_spacing_and_remarks():
    content = csv_bytes(
        " DIRECTION ; service ;  INTITULE  DU   POSTE ;effectifs;E.T.P.;"
        "Famille de metiers (facultatif);code_isco",
        "D;S;P;1;1;Famille;4110",
    )
    parsed = parse(content)
    assert parsed.problems == []
    assert set(parsed.columns) == {
        "directorate",
        "service",
        "title",
        "headcount",
        "fte",
        "job_family",
        "isco_code",
    }
    assert parsed.columns["title"] == "INTITULE DU POSTE"


def test_unknown_columns_are_ignored_and_named_in_a_note():
    content = csv_bytes("Direction;Service;Poste;Effectif;ETP;Commentaire;Site", "D;S;P;1;1;x;y")
    parsed = parse(content)
    assert parsed.problems == []
    assert parsed.notes == ["Colonnes ignorées : Commentaire, Site."]


def test_optional_columns_absent_are_none_not_empty():
    row = parse(csv_bytes("Direction;Service;Poste;Effectif;ETP", "D;S;P;1;1")).rows[0]
    assert (row.job_family, row.isco_code) == (None, None)


def test_optional_columns_present_but_empty_are_empty_strings():
    row = parse(csv_bytes(HEADER, "D;S;P;1;1;;")).rows[0]
    assert (row.job_family, row.isco_code) == ("", "")


# --- Lines and values --------------------------------------------------------------------


def test_blank_lines_are_skipped_and_lines_keep_the_file_numbering():
    content = csv_bytes(
        "",
        "Direction;Service;Poste;Effectif;ETP",
        "",
        "D;S;P;1;1",
        ";;;;",
        "  ",
        "D;S;Q;-2;1",
    )
    parsed = parse(content)
    assert [row.line for row in parsed.rows] == [4]
    assert parsed.problems == [
        ImportProblem(7, "Effectif", "L'effectif ne peut pas être négatif (« -2 »)."),
    ]


def test_surrounding_spaces_are_removed_and_inner_runs_collapsed():
    content = csv_bytes(
        HEADER, "  Population ;  État   civil ; Agent d'accueil  ; 4 ; 3,5 ; Accueil ; 4226 "
    )
    row = parse(content).rows[0]
    assert (row.directorate, row.service, row.title, row.job_family, row.isco_code) == (
        "Population",
        "État civil",
        "Agent d'accueil",
        "Accueil",
        "4226",
    )


def test_a_quoted_cell_over_two_lines_keeps_later_line_numbers_right():
    content = csv_bytes(
        "Direction;Service;Poste;Effectif;ETP",
        'D;"Service sur\ndeux lignes";P;1;1',
        "D;S;P;douze;1",
    )
    parsed = parse(content)
    assert parsed.rows[0].service == "Service sur deux lignes"
    assert parsed.problems == [
        ImportProblem(4, "Effectif", "L'effectif « douze » n'est pas un nombre."),
    ]


@pytest.mark.parametrize(
    ("written", "headcount"), [("12", 12), ("12,0", 12), ("12.00", 12), ("1 200", 1200), ("0", 0)]
)
def test_headcount_accepts_whole_numbers_however_written(written, headcount):
    row = parse(csv_bytes("Direction;Service;Poste;Effectif;ETP", f"D;S;P;{written};1")).rows[0]
    assert row.headcount == headcount


@pytest.mark.parametrize(
    ("written", "fte"),
    [("0,8", "0.80"), ("12.5", "12.50"), ("3", "3.00"), ("0,500", "0.50"), (",5", "0.50")],
)
def test_fte_accepts_a_comma_or_a_point(written, fte):
    row = parse(csv_bytes("Direction;Service;Poste;Effectif;ETP", f"D;S;P;1;{written}")).rows[0]
    assert row.fte == Decimal(fte)


@pytest.mark.parametrize(("written", "code"), [("4110", "4110"), ("0110", "0110"), ("110", "0110")])
def test_isco_code_gets_back_the_leading_zero_excel_dropped(written, code):
    row = parse(csv_bytes(HEADER, f"D;S;P;1;1;;{written}")).rows[0]
    assert row.isco_code == code


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_with_numbers_as_excel_stores_them():
    content = xlsx_bytes(
        [
            ["Direction", "Service", "Intitulé du poste", "Effectif", "ETP", "Code ISCO"],
            ["Solidarités", "Crèche", "Auxiliaire de puériculture", 18, 16.5, 5311],
            [None, None, None, None, None, None],
            ["Solidarités", "Crèche", "Agent d'entretien", 6.0, 0.1 + 0.2, 9112],
            [" Armée ", "Garde", "Officier", 2, 2, 110],
        ]
    )
    parsed = parse(content, filename="organigramme.xlsx")
    assert parsed.problems == []
    assert [(r.line, r.headcount, r.fte, r.isco_code) for r in parsed.rows] == [
        (2, 18, Decimal("16.50"), "5311"),
        (4, 6, Decimal("0.30"), "9112"),
        (5, 2, Decimal("2.00"), "0110"),
    ]
    assert parsed.rows[2].directorate == "Armée"


def test_xlsx_problems_carry_the_sheet_row_number():
    content = xlsx_bytes(
        [
            ["Direction", "Service", "Poste", "Effectif", "ETP"],
            ["D", "S", "P", 12.5, 1],
            [],
            ["D", None, "Q", 1, -1],
        ]
    )
    parsed = parse(content, filename="organigramme.xlsx")
    assert parsed.problems == [
        ImportProblem(2, "Effectif", "L'effectif doit être un nombre entier d'agents (« 12.5 »)."),
        ImportProblem(
            4,
            "Service",
            "Le service est vide. Répétez le nom sur chaque ligne "
            "(les cellules fusionnées ne sont pas prises en charge).",
        ),
        ImportProblem(4, "ETP", "L'ETP ne peut pas être négatif (« -1 »)."),
    ]


def test_xlsx_reads_only_the_first_sheet_and_says_so():
    content = xlsx_bytes(
        [["Direction", "Service", "Poste", "Effectif", "ETP"], ["D", "S", "P", 1, 1]],
        extra_sheet=True,
    )
    parsed = parse(content, filename="organigramme.xlsx")
    assert parsed.problems == []
    assert len(parsed.rows) == 1


def test_content_decides_the_format_not_the_extension():
    content = xlsx_bytes(
        [["Direction", "Service", "Poste", "Effectif", "ETP"], ["D", "S", "P", 1, 1]]
    )
    parsed = parse(content, filename="organigramme.csv")
    assert parsed.problems == []
    assert parsed.rows[0].title == "P"


# --- Every refusal, each with its line, column and message --------------------------------


def test_missing_required_columns_are_each_reported_on_the_header_line():
    parsed = parse(csv_bytes("Direction;Service;Poste", "D;S;P"))
    assert parsed.problems == [
        ImportProblem(1, "Effectif", "La colonne « Effectif » est obligatoire et manque."),
        ImportProblem(1, "ETP", "La colonne « ETP » est obligatoire et manque."),
    ]
    assert parsed.rows == []


def test_row_problems_are_listed_even_when_a_column_is_missing():
    parsed = parse(csv_bytes("Direction;Service;Poste;Effectif", "D;S;P;-1"))
    assert parsed.problems == [
        ImportProblem(1, "ETP", "La colonne « ETP » est obligatoire et manque."),
        ImportProblem(2, "Effectif", "L'effectif ne peut pas être négatif (« -1 »)."),
    ]


def test_a_column_given_twice_is_refused():
    parsed = parse(csv_bytes("Direction;Service;Poste;Métier;Effectif;ETP", "D;S;P;M;1;1"))
    assert parsed.problems[0] == ImportProblem(
        1, "Métier", "La colonne « Métier » fait double emploi avec « Poste »."
    )


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("  ;S;P;1;1", "Direction", "La direction est vide."),
        ("D;;P;1;1", "Service", "Le service est vide."),
        ("D;S; ;1;1", "Poste", "L'intitulé du poste est vide."),
    ],
)
def test_empty_names_are_refused(line, column, message):
    problem = only_problem(parse(csv_bytes("Direction;Service;Poste;Effectif;ETP", line)))
    assert (problem.line, problem.column) == (2, column)
    assert problem.message.startswith(message)


def test_a_name_over_200_characters_is_refused():
    problem = only_problem(
        parse(csv_bytes("Direction;Service;Poste;Effectif;ETP", f"D;{'s' * 201};P;1;1"))
    )
    assert problem == ImportProblem(2, "Service", "Le service dépasse 200 caractères.")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("-3", "L'effectif ne peut pas être négatif (« -3 »)."),
        ("douze", "L'effectif « douze » n'est pas un nombre."),
        ("12,5", "L'effectif doit être un nombre entier d'agents (« 12,5 »)."),
        ("1,2,3", "L'effectif « 1,2,3 » n'est pas un nombre."),
        ("", "L'effectif est vide : indiquez le nombre d'agents (0 s'il n'y en a pas)."),
        ("99999999999", "L'effectif « 99999999999 » est trop grand."),
    ],
)
def test_bad_headcounts_are_refused(written, message):
    problem = only_problem(
        parse(csv_bytes("Direction;Service;Poste;Effectif;ETP", f"D;S;P;{written};1"))
    )
    assert problem == ImportProblem(2, "Effectif", message)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("-0,5", "L'ETP ne peut pas être négatif (« -0,5 »)."),
        ("n/a", "L'ETP « n/a » n'est pas un nombre."),
        ("1,255", "L'ETP a au plus 2 décimales (« 1,255 »)."),
        ("", "L'ETP est vide : indiquez les équivalents temps plein (0 si aucun)."),
        ("1000000", "L'ETP « 1000000 » est trop grand."),
    ],
)
def test_bad_ftes_are_refused(written, message):
    problem = only_problem(
        parse(csv_bytes("Direction;Service;Poste;Effectif;ETP", f"D;S;P;1;{written}"))
    )
    assert problem == ImportProblem(2, "ETP", message)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("4111", "« 4111 » n'est pas un code ISCO-08 à 4 chiffres connu."),
        ("12", "« 12 » n'est pas un code ISCO-08 à 4 chiffres connu."),
        ("41-10", "Le code ISCO « 41-10 » doit comporter 4 chiffres."),
        ("41100", "Le code ISCO « 41100 » doit comporter 4 chiffres."),
    ],
)
def test_unknown_or_malformed_isco_codes_are_refused(written, message):
    problem = only_problem(parse(csv_bytes(HEADER, f"D;S;P;1;1;;{written}")))
    assert problem == ImportProblem(2, "Code ISCO", message)


def test_a_role_twice_in_the_same_service_is_refused_on_its_second_line():
    content = csv_bytes(
        "Direction;Service;Poste;Effectif;ETP",
        "Population;État civil;Agent d'accueil;4;4",
        "Population;Accueil;Agent d'accueil;2;2",
        "population;ÉTAT CIVIL;AGENT D'ACCUEIL ;1;1",
    )
    parsed = parse(content)
    assert parsed.problems == [
        ImportProblem(
            4,
            "Poste",
            "Le poste « AGENT D'ACCUEIL » figure déjà à la ligne 2 pour le service "
            "« ÉTAT CIVIL » : chaque poste n'apparaît qu'une fois par service.",
        )
    ]


def test_every_problem_of_the_file_is_listed_in_one_pass():
    content = csv_bytes(
        HEADER,
        "D;S;A;-1;1;;",
        "D;S;B;1;x;;",
        "D;S;C;1;1;;9999",
        "D;;D;1;1;;",
        "D;S;E;1;1;;",
    )
    parsed = parse(content)
    assert [(p.line, p.column) for p in parsed.problems] == [
        (2, "Effectif"),
        (3, "ETP"),
        (4, "Code ISCO"),
        (5, "Service"),
    ]


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n  ", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(content):
    assert only_problem(parse(content)) == ImportProblem(None, None, "Le fichier est vide.")


def test_a_file_with_headers_only_is_refused():
    problem = only_problem(parse(csv_bytes("Direction;Service;Poste;Effectif;ETP", ";;;;")))
    assert problem.message == "Le fichier ne contient aucune ligne après les en-têtes."


def test_text_that_is_not_a_table_is_refused():
    problem = only_problem(parse(b"Bonjour,\nvoici le compte rendu de la reunion.\n"))
    assert (problem.line, problem.column) == (None, None)
    assert problem.message.startswith("Aucune colonne attendue n'a été trouvée")


def test_binary_garbage_is_refused():
    garbage = random.Random(4).randbytes(2048)
    problem = only_problem(parse(garbage, filename="organigramme.csv"))
    assert problem.message == (
        "Ce fichier n'est pas un tableau : attendu un classeur Excel (.xlsx) ou un fichier CSV."
    )


def test_a_png_named_csv_is_refused():
    problem = only_problem(parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", filename="org.csv"))
    assert problem.message.startswith("Ce fichier n'est pas un tableau")


def test_a_file_named_xlsx_that_is_not_a_zip_is_refused():
    problem = only_problem(parse(csv_bytes(HEADER, "D;S;P;1;1;;"), filename="organigramme.XLSX"))
    assert problem.message.startswith(
        "Le fichier porte l'extension .xlsx mais n'est pas un classeur Excel"
    )


def test_an_excel_97_file_is_refused_with_advice():
    content = table_files.OLE2_MAGIC + b"\x00" * 512
    problem = only_problem(parse(content, filename="organigramme.xls"))
    assert "Excel 97-2003 (.xls)" in problem.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    problem = only_problem(parse(buffer.getvalue(), filename="organigramme.xlsx"))
    assert problem.message.startswith("Cette archive n'est pas un classeur Excel (.xlsx).")


def test_a_damaged_workbook_is_refused_without_an_error_page():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "ceci n'est pas du XML <")
    problem = only_problem(parse(buffer.getvalue(), filename="organigramme.xlsx"))
    assert problem.message.startswith("Ce classeur Excel n'a pas pu être lu")


def test_a_truncated_workbook_is_refused():
    content = xlsx_bytes([["Direction", "Service", "Poste", "Effectif", "ETP"]])
    problem = only_problem(parse(content[: len(content) // 2], filename="organigramme.xlsx"))
    assert problem.message.startswith("Ce classeur Excel n'a pas pu être lu")


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(table_files.openpyxl, "load_workbook", must_not_open)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml", b"\0" * (table_files.XLSX_MAX_UNCOMPRESSED_BYTES)
        )
    content = buffer.getvalue()
    assert len(content) < 100 * 1024  # small on disk, 50 Mo once inflated
    problem = only_problem(parse(content, filename="organigramme.xlsx"))
    assert problem.message.startswith("Une fois décompressé, ce classeur pèserait 50,0")


def test_an_archive_of_too_many_members_is_refused(monkeypatch):
    monkeypatch.setattr(table_files, "XLSX_MAX_MEMBERS", 3)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(4):
            archive.writestr(f"xl/{index}.xml", "")
    problem = only_problem(parse(buffer.getvalue(), filename="organigramme.xlsx"))
    assert problem.message == "Cette archive contient trop de fichiers pour être un classeur."


def test_an_oversized_file_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(table_files.zipfile, "ZipFile", None)  # would fail if it were opened
    content = xlsx_bytes([["Direction", "Service", "Poste", "Effectif", "ETP"]])
    problem = only_problem(parse(content, filename="organigramme.xlsx", max_bytes=1024))
    assert problem.line is None
    assert problem.message.startswith("Le fichier pèse ")
    assert problem.message.endswith("la limite est de 1,0\xa0Kio.")


def test_a_file_over_the_line_limit_is_refused(monkeypatch):
    monkeypatch.setattr(table_files, "MAX_LINES", 3)
    content = csv_bytes(
        "Direction;Service;Poste;Effectif;ETP", "D;S;A;1;1", "D;S;B;1;1", "D;S;C;1;1"
    )
    problem = only_problem(parse(content))
    assert problem.message == "Le fichier dépasse 3 lignes : découpez-le en plusieurs fichiers."


def test_a_csv_cell_over_the_field_limit_is_refused_in_french_with_its_line():
    content = csv_bytes(
        "Direction;Service;Poste;Effectif;ETP", "D;S;P;1;1", f"D;{'x' * 200_000};P;1;1"
    )
    problem = only_problem(parse(content))
    assert problem == ImportProblem(
        None,
        None,
        "La ligne 3 du fichier CSV contient une cellule de plus de 131\xa0072 caractères, la "
        "limite. Le plus souvent, un guillemet y est ouvert sans être refermé : corrigez cette "
        "ligne dans votre tableur, puis enregistrez à nouveau le fichier au format CSV.",
    )


def test_an_unclosed_quotation_mark_is_reported_at_the_line_where_it_opens():
    lines = ["Direction;Service;Poste;Effectif;ETP", "D;S;P;1;1", 'D;"S;P;1;1']
    lines += [f"D;S;Poste {index} {'x' * 100};1;1" for index in range(2_000)]
    problem = only_problem(parse(csv_bytes(*lines)))
    assert problem.message.startswith("La ligne 3 du fichier CSV contient une cellule de plus de")
    assert "field" not in problem.message
