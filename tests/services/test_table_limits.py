"""A workbook's XML is counted before openpyxl parses it, and refused beyond the limits.

Issue 14: a 90 KB workbook of one row of 3,000,000 cells took over a minute and 1.5 GiB to be
read. Each worst case below is generated as raw XML parts zipped with ``zipfile`` (small on
disk, under the upload and inflated-size limits, so only the new limits can refuse it), and
must be refused with a French message that names the limit and what to do. Speed and memory
are measured by ``scripts/bench_import.py``, never asserted here.
"""

import io
import zipfile

import openpyxl
import pytest
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from services import table_files
from services.importing import parse_org_chart

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEADER_ROW = '<row r="1">' + "".join(
    f'<c t="inlineStr"><is><t>{text}</t></is></c>'
    for text in ("Direction", "Service", "Poste", "Effectif", "ETP")
)
HEADER_ROW += "</row>"
DATA_ROW = (
    '<row r="2"><c t="inlineStr"><is><t>D</t></is></c><c t="inlineStr"><is><t>S</t></is></c>'
    '<c t="inlineStr"><is><t>P</t></is></c><c><v>1</v></c><c><v>1</v></c></row>'
)
CELL = "<c><v>1</v></c>"
MAX_BYTES = 5 * 1024 * 1024
COPY_THE_SHEET = (
    "Copiez la feuille de l'organigramme seule dans un nouveau classeur, ou enregistrez-la au "
    "format CSV."
)


def sheet_xml(rows: str, *, dimension: str | None = None, after: str = "") -> bytes:
    dimension_element = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
        f"{dimension_element}<sheetData>{rows}</sheetData>{after}</worksheet>"
    ).encode()


def workbook_bytes(
    sheets: list[bytes],
    *,
    shared_strings: bytes | None = None,
    styles: bytes | None = None,
    sheet_entries: int | None = None,
    chart_sheet: bool = False,
    first_name: str = "Feuille1",
    defined_names: str = "",
) -> bytes:
    """A minimal workbook openpyxl reads: its parts, their relationships and content types.

    ``sheet_entries`` lists that many sheets in the workbook, all pointing at the first part;
    ``chart_sheet`` makes the first part a chart sheet.
    """
    count = len(sheets)

    def override(part: str, kind: str) -> str:
        return f'<Override PartName="/xl/{part}" ContentType="{CONTENT_TYPE}.{kind}+xml"/>'

    overrides = [override("workbook.xml", "sheet.main")]
    overrides += [override(f"worksheets/sheet{n}.xml", "worksheet") for n in range(1, count + 1)]
    kind = "chartsheet" if chart_sheet else "worksheet"
    relationships = [
        f'<Relationship Id="rId{n}" Target="worksheets/sheet{n}.xml" Type="{REL_NS}/{kind}"/>'
        for n in range(1, count + 1)
    ]
    if shared_strings is not None:
        overrides.append(override("sharedStrings.xml", "sharedStrings"))
        relationships.append(
            f'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="{REL_NS}/sharedStrings"/>'
        )
    entries = "".join(
        f'<sheet name="{first_name if n == 1 else f"Feuille{n}"}" sheetId="{n}" '
        f'r:id="rId{1 if sheet_entries else n}"/>'
        for n in range(1, (sheet_entries or count) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{"".join(overrides)}</Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" '
            f'Target="xl/workbook.xml" Type="{REL_NS}/officeDocument"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{entries}</sheets>'
            f"{defined_names}</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_REL_NS}">{"".join(relationships)}</Relationships>'
        ),
    }
    for n, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{n}.xml"] = sheet
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    if styles is not None:
        parts["xl/styles.xml"] = styles
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    content = buffer.getvalue()
    assert len(content) < MAX_BYTES  # small on disk: only the new limits can refuse it
    return content


def parse(content: bytes):
    return parse_org_chart(content=content, filename="organigramme.xlsx", max_bytes=MAX_BYTES)


def refusal(content: bytes) -> str:
    parsed = parse(content)
    assert parsed.rows == []
    assert len(parsed.problems) == 1, parsed.problems
    problem = parsed.problems[0]
    assert (problem.line, problem.column) == (None, None)
    return problem.message


@pytest.fixture
def openpyxl_must_not_open(monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl must not open this workbook")

    monkeypatch.setattr(table_files.openpyxl, "load_workbook", must_not_open)


@pytest.fixture
def no_cell_may_be_read(monkeypatch):
    def must_not_read(*args, **kwargs):
        raise AssertionError("no cell may be read")

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", must_not_read)


# --- The worst cases of issue 14 -----------------------------------------------------------


def test_one_row_of_three_million_cells_is_refused_before_openpyxl_opens_it(
    openpyxl_must_not_open,
):
    content = workbook_bytes([sheet_xml(HEADER_ROW + "<row>" + CELL * 3_000_000 + "</row>")])
    assert refusal(content) == (
        "La ligne 2 de la feuille « Feuille1 » dépasse 16\xa0384 cellules, le maximum "
        "d'Excel. Enregistrez à nouveau le fichier depuis votre tableur, ou au format CSV."
    )


def test_one_row_that_lies_about_its_dimension_is_refused_while_counting(no_cell_may_be_read):
    row = "<row>" + CELL * 3_000_000 + "</row>"
    content = workbook_bytes([sheet_xml(HEADER_ROW + row, dimension="A1:E2")])
    assert refusal(content).startswith("La ligne 2 de la feuille « Feuille1 » dépasse 16\xa0384")


def test_one_column_of_three_million_rows_is_refused_as_too_many_lines(openpyxl_must_not_open):
    content = workbook_bytes([sheet_xml(HEADER_ROW + "<row><c/></row>" * 3_000_000)])
    assert (
        refusal(content) == "Le fichier dépasse 20000 lignes : découpez-le en plusieurs fichiers."
    )


def test_a_column_declaring_its_million_rows_is_refused_before_any_cell_is_read(
    no_cell_may_be_read,
):
    rows = "<row><c><v>1</v></c></row>" * 1_000_000
    content = workbook_bytes([sheet_xml(HEADER_ROW + rows, dimension="A1:A1000001")])
    assert refusal(content) == (
        "La feuille « Feuille1 » s'étend de A1 à A1000001, soit 1\xa0000\xa0001 cellules ; la "
        "limite est de 200\xa0000. Copiez les seules cellules de l'organigramme dans un nouveau "
        "classeur, ou enregistrez la feuille au format CSV."
    )


def test_a_sheet_declaring_the_whole_grid_is_refused_before_any_cell_is_read(
    no_cell_may_be_read,
):
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW, dimension="A1:XFD1048576")])
    assert refusal(content).startswith(
        "La feuille « Feuille1 » s'étend de A1 à XFD1048576, soit 17\xa0179\xa0869\xa0184 cellules"
    )


def test_more_sheets_than_the_limit_are_refused_before_openpyxl_opens_them(
    openpyxl_must_not_open,
):
    sheet = sheet_xml(HEADER_ROW + DATA_ROW)
    content = workbook_bytes([sheet] * (table_files.XLSX_MAX_SHEETS + 1))
    assert refusal(content) == (f"Ce classeur dépasse 255 feuilles. {COPY_THE_SHEET}")


def test_one_sheet_listed_a_hundred_thousand_times_is_refused(openpyxl_must_not_open):
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW)], sheet_entries=100_000)
    assert refusal(content).startswith("Ce classeur dépasse 255 feuilles")


def test_a_shared_strings_bomb_under_the_inflated_size_limit_is_refused(openpyxl_must_not_open):
    count = 4_000_000  # 12 bytes each: 46 MiB inflated, under the 50 MiB the archive may hold
    strings = f'<sst xmlns="{MAIN_NS}">' + "<si><t/></si>" * count + "</sst>"
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW)], shared_strings=strings.encode())
    assert refusal(content) == (
        f"Ce classeur dépasse 200\xa0000 textes différents. {COPY_THE_SHEET}"
    )


def test_one_shared_text_of_forty_million_characters_is_refused(openpyxl_must_not_open):
    # One text may fill every cell: each copy would cost time and memory (issue 14's review).
    strings = f'<sst xmlns="{MAIN_NS}"><si><t>' + "x" * 40_000_000 + "</t></si></sst>"
    row = "<row>" + '<c t="s"><v>0</v></c>' * 5 + "</row>"
    content = workbook_bytes(
        [sheet_xml(HEADER_ROW + row * 20_000)], shared_strings=strings.encode()
    )
    assert refusal(content) == (
        "Un texte de ce classeur dépasse 32\xa0767 caractères, le maximum d'Excel. Enregistrez à "
        "nouveau le fichier depuis votre tableur, ou au format CSV."
    )


def test_a_shared_text_at_excel_s_limit_is_read():
    text = "P" * 32_767
    runs = f"<r><t>{text[:100]}</t></r><r><t>{text[100:]}</t></r>"  # rich text: two runs
    strings = f'<sst xmlns="{MAIN_NS}"><si>{runs}</si></sst>'
    row = '<row r="2"><c t="inlineStr"><is><t>D</t></is></c><c t="inlineStr"><is><t>S</t></is></c>'
    row += '<c t="s"><v>0</v></c><c><v>1</v></c><c><v>1</v></c></row>'
    parsed = parse(workbook_bytes([sheet_xml(HEADER_ROW + row)], shared_strings=strings.encode()))
    assert [(problem.line, problem.column) for problem in parsed.problems] == [(2, "Poste")]
    assert parsed.problems[0].message == "L'intitulé du poste dépasse 200 caractères."


# --- Other parts openpyxl reads: styles, later sheets, what follows the rows ---------------


def test_a_stylesheet_of_millions_of_formats_is_refused(openpyxl_must_not_open):
    styles = f'<styleSheet xmlns="{MAIN_NS}"><cellXfs>' + '<xf numFmtId="0"/>' * 2_000_000
    content = workbook_bytes(
        [sheet_xml(HEADER_ROW + DATA_ROW)], styles=(styles + "</cellXfs></styleSheet>").encode()
    )
    assert refusal(content) == (
        "Ce classeur est trop volumineux pour être lu : sa partie « xl/styles.xml » dépasse "
        f"100\xa0000 éléments. {COPY_THE_SHEET}"
    )


def test_millions_of_merged_cells_after_the_rows_are_refused():
    merges = "<mergeCells>" + '<mergeCell ref="A1:B2"/>' * 1_000_000 + "</mergeCells>"
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW, dimension="A1:E2", after=merges)])
    assert refusal(content).startswith(
        "Ce classeur est trop volumineux pour être lu : sa partie « xl/worksheets/sheet1.xml »"
    )


def test_a_later_sheet_is_read_only_up_to_its_dimension():
    huge = sheet_xml("<row>" + CELL * 3_000_000 + "</row>", dimension="A1:E1")
    parsed = parse(workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW, dimension="A1:E2"), huge]))
    assert parsed.problems == []
    assert [row.title for row in parsed.rows] == ["P"]


def test_a_later_sheet_without_dimension_is_counted_as_openpyxl_reads_it_to_size_it(
    openpyxl_must_not_open,
):
    huge = sheet_xml("<row>" + CELL * 3_000_000 + "</row>")
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW), huge])
    assert refusal(content).startswith("La ligne 1 de la feuille « Feuille2 » dépasse 16\xa0384")


def test_a_chart_sheet_is_refused_before_openpyxl_opens_it(openpyxl_must_not_open):
    content = workbook_bytes([sheet_xml("")], chart_sheet=True)
    assert refusal(content) == (
        "Ce classeur contient une feuille de graphique (« Feuille1 »), qui n'est pas prise en "
        f"charge. {COPY_THE_SHEET}"
    )


def test_a_print_area_of_millions_of_ranges_is_refused(openpyxl_must_not_open):
    # openpyxl turns each range of a print area into an object: text becomes memory.
    ranges = ",".join(["Feuille1!$A$1:$B$2"] * 2_000_000)
    names = f'<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">{ranges}'
    names += "</definedName></definedNames>"
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW)], defined_names=names)
    assert refusal(content) == (
        "Ce classeur est trop volumineux pour être lu : sa partie « xl/workbook.xml » dépasse "
        f"1\xa0000\xa0000 caractères. {COPY_THE_SHEET}"
    )


def test_a_formatting_rule_over_millions_of_ranges_is_refused():
    sqref = " ".join(["A1:B2"] * 2_000_000)
    rule = f'<conditionalFormatting sqref="{sqref}"><cfRule type="expression" priority="1">'
    rule += "<formula>TRUE</formula></cfRule></conditionalFormatting>"
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW, dimension="A1:E2", after=rule)])
    assert refusal(content).startswith(
        "Ce classeur est trop volumineux pour être lu : sa partie « xl/worksheets/sheet1.xml » "
        "dépasse 1\xa0000\xa0000 caractères."
    )


# --- Counting as openpyxl reads ------------------------------------------------------------


def test_cells_of_the_first_sheet_are_counted_when_it_has_no_dimension(monkeypatch):
    monkeypatch.setattr(table_files, "XLSX_MAX_CELLS", 9)
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW)])
    assert refusal(content) == (
        "La feuille « Feuille1 » dépasse 9 cellules : retirez-en les lignes et les colonnes "
        "inutiles, ou découpez-la en plusieurs fichiers."
    )


def test_cells_of_the_first_sheet_are_counted_when_its_dimension_lies(monkeypatch):
    monkeypatch.setattr(table_files, "XLSX_MAX_CELLS", 9)
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW, dimension="A1")])
    assert refusal(content).startswith("La feuille « Feuille1 » dépasse 9 cellules")


def test_a_genuine_workbook_at_the_cell_limit_is_read(monkeypatch):
    monkeypatch.setattr(table_files, "XLSX_MAX_CELLS", 10)
    workbook = openpyxl.Workbook()
    workbook.active.append(["Direction", "Service", "Poste", "Effectif", "ETP"])
    workbook.active.append(["D", "S", "P", 1, 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parsed = parse(buffer.getvalue())
    assert parsed.problems == []
    assert [row.title for row in parsed.rows] == ["P"]


def test_rows_after_the_one_where_reading_stops_are_not_counted(monkeypatch):
    monkeypatch.setattr(table_files, "MAX_LINES", 3)
    # Reading stops after row 5 (the one after the row following the limit): what follows
    # is never parsed, so it may be anything.
    after = '<row r="5"/>' + '<row r="6">' + CELL * 20_000 + "</row>"
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW + after, dimension="A1:E3")])
    parsed = parse(content)
    assert parsed.problems == []
    assert [row.line for row in parsed.rows] == [2]


def test_the_row_where_reading_stops_is_counted(monkeypatch):
    monkeypatch.setattr(table_files, "MAX_LINES", 3)
    after = '<row r="5">' + CELL * 20_000 + "</row>"
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW + after, dimension="A1:E3")])
    assert refusal(content).startswith("La ligne 5 de la feuille « Feuille1 » dépasse 16\xa0384")


def test_a_workbook_over_the_element_budget_is_refused(monkeypatch):
    monkeypatch.setattr(table_files, "XLSX_MAX_ELEMENTS", 20)
    content = workbook_bytes([sheet_xml(HEADER_ROW + DATA_ROW, dimension="A1:E2")])
    assert refusal(content) == (
        "Ce classeur est trop volumineux pour être lu : son contenu dépasse 20 éléments. "
        f"{COPY_THE_SHEET}"
    )


def test_a_sheet_written_with_a_namespace_prefix_is_counted_the_same():
    rows = "<x:row>" + "<x:c><x:v>1</x:v></x:c>" * 20_000 + "</x:row>"
    sheet = f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>{rows}</x:sheetData></x:worksheet>'
    content = workbook_bytes([sheet.encode()])
    assert refusal(content).startswith("La ligne 1 de la feuille « Feuille1 » dépasse 16\xa0384")


def test_a_dimension_openpyxl_does_not_recognise_does_not_stop_the_count():
    dimension = '<dimension xmlns="urn:not-excel" ref="A1"/>'
    row = "<row>" + CELL * 20_000 + "</row>"
    sheet = f'<worksheet xmlns="{MAIN_NS}">{dimension}<sheetData>{row}</sheetData></worksheet>'
    assert refusal(workbook_bytes([sheet.encode()])).startswith("La ligne 1 de la feuille")


def test_a_row_number_openpyxl_cannot_read_means_a_damaged_workbook():
    sheet = sheet_xml(HEADER_ROW + '<row r="2.5"><c><v>1</v></c></row>')
    assert refusal(workbook_bytes([sheet])).startswith("Ce classeur Excel n'a pas pu être lu")


def test_a_sheet_name_from_the_file_is_cut_in_messages():
    sheet = sheet_xml(HEADER_ROW + DATA_ROW, dimension="A1:XFD1048576")
    content = workbook_bytes([sheet], first_name="N" * 5_000)
    assert refusal(content).startswith("La feuille « " + "N" * 30 + "… » s'étend de A1")
