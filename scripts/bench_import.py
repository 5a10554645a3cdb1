"""Worst-case organisation chart files: how long the importer takes on each, and its memory.

Each case is generated in memory (raw XML parts zipped with ``zipfile``: small on disk, each
under the upload limit of 5 MiB and, but for one, under the 50 MiB a workbook may inflate to),
written to a temporary file and read by ``services.importing.parse_org_chart`` in a subprocess
of its own. Prints the machine's load, then one Markdown table row per case: wall and CPU
seconds of the parse, the subprocess's peak resident memory (Linux's ``VmHWM``) and its memory
before the parse (Python, Django, openpyxl and the file), the file's size on disk and
inflated, and the start of the importer's message. ``bomb`` cases are the issue's (and
review's) worst cases; ``limit`` cases the heaviest files the limits still accept.

    .venv/bin/python scripts/bench_import.py                 # every case, 3,000,000 cells
    .venv/bin/python scripts/bench_import.py --cells 300000  # the bombs ten times smaller
    .venv/bin/python scripts/bench_import.py --case one-row --case csv-huge-field

Before the limits, ``shared-text`` took about 10 minutes and 8 GiB (``--cells 300000`` makes
it ten times shorter). Speed and memory are measured here, never asserted by a test.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEADER_CELLS = ("Direction", "Service", "Poste", "Effectif", "ETP")
TIMEOUT_SECONDS = 600


def sheet_xml(rows: str, *, dimension: str | None = None, after: str = "") -> bytes:
    dimension_element = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
        f"{dimension_element}<sheetData>{rows}</sheetData>{after}</worksheet>"
    ).encode()


def header_row() -> str:
    cells = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in HEADER_CELLS)
    return f'<row r="1">{cells}</row>'


def workbook_bytes(
    sheets: list[bytes],
    *,
    shared_strings: bytes | None = None,
    styles: bytes | None = None,
    sheet_entries: int | None = None,
    defined_names: str = "",
) -> bytes:
    """A minimal workbook openpyxl reads: its parts, relationships and content types.

    ``sheet_entries`` lists that many sheets in the workbook, all pointing at the first part.
    """
    entries = sheet_entries or len(sheets)
    overrides = [
        f'<Override PartName="/xl/workbook.xml" ContentType="{CONTENT_TYPE}.sheet.main+xml"/>'
    ]
    overrides += [
        f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
        f'ContentType="{CONTENT_TYPE}.worksheet+xml"/>'
        for index in range(1, len(sheets) + 1)
    ]
    relationships = [
        f'<Relationship Id="rId{index}" Target="worksheets/sheet{index}.xml" '
        f'Type="{REL_NS}/worksheet"/>'
        for index in range(1, len(sheets) + 1)
    ]
    if shared_strings is not None:
        overrides.append(
            f'<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{CONTENT_TYPE}.sharedStrings+xml"/>'
        )
        relationships.append(
            f'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="{REL_NS}/sharedStrings"/>'
        )
    sheet_list = "".join(
        f'<sheet name="Feuille{index}" sheetId="{index}" '
        f'r:id="rId{index if sheet_entries is None else 1}"/>'
        for index in range(1, entries + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{"".join(overrides)}</Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL_NS}">'
            f'<Relationship Id="rId1" Target="xl/workbook.xml" Type="{REL_NS}/officeDocument"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}"><sheets>{sheet_list}</sheets>{defined_names}</workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL_NS}">'
            f"{''.join(relationships)}</Relationships>"
        ),
    }
    for index, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{index}.xml"] = sheet
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    if styles is not None:
        parts["xl/styles.xml"] = styles
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def one_row(cells: int) -> bytes:
    """A header, then one row of ``cells`` numbers (no coordinates, as some writers do)."""
    return workbook_bytes(
        [sheet_xml(header_row() + "<row>" + "<c><v>1</v></c>" * cells + "</row>")]
    )


def one_column(cells: int) -> bytes:
    """A header, then ``cells`` rows of one cell each (empty: 3 million fit in 50 MiB)."""
    return workbook_bytes([sheet_xml(header_row() + "<row><c/></row>" * cells)])


def one_column_declared(cells: int) -> bytes:
    """The same column of numbers, ``cells // 10`` of them, with its true dimension."""
    rows = cells // 10
    column = "<row><c><v>1</v></c></row>" * rows
    return workbook_bytes([sheet_xml(header_row() + column, dimension=f"A1:E{rows + 1}")])


def many_sheets(cells: int) -> bytes:
    """As many sheet parts as the archive allows (999 members), each a small org chart."""
    del cells
    sheet = sheet_xml(header_row() + "<row>" + "<c><v>1</v></c>" * 5 + "</row>")
    return workbook_bytes([sheet] * 990)


def sheets_under_limit(cells: int) -> bytes:
    """As many sheets as the limit accepts, each of 1,000 rows and no dimension."""
    del cells
    sheet = sheet_xml(header_row() + "<row><c><v>1</v></c></row>" * 1_000)
    return workbook_bytes([sheet] * _limit("XLSX_MAX_SHEETS", 255))


def many_sheet_entries(cells: int) -> bytes:
    """One sheet part, listed ``cells // 10`` times in the workbook (no extra member)."""
    sheet = sheet_xml(header_row() + "<row>" + "<c><v>1</v></c>" * 5 + "</row>")
    return workbook_bytes([sheet], sheet_entries=max(cells // 10, 1))


def shared_strings_bomb(cells: int) -> bytes:
    """A shared strings table of ``cells`` tiny strings (12 bytes each, inflated)."""
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{cells}" '
        f'uniqueCount="{cells}">' + "<si><t/></si>" * cells + "</sst>"
    ).encode()
    row = "<row>" + "".join(f'<c t="s"><v>{index}</v></c>' for index in range(5)) + "</row>"
    return workbook_bytes([sheet_xml(header_row() + row)], shared_strings=strings)


def declared_dimension(cells: int) -> bytes:
    """A small sheet declaring the whole grid (A1:XFD1048576) as its dimension."""
    del cells
    row = "<row>" + "<c><v>1</v></c>" * 5 + "</row>"
    return workbook_bytes([sheet_xml(header_row() + row, dimension="A1:XFD1048576")])


def merged_cells_bomb(cells: int) -> bytes:
    """A small sheet followed by ``cells // 3`` merged ranges (read after the rows)."""
    row = "<row>" + "<c><v>1</v></c>" * 5 + "</row>"
    merges = "<mergeCells>" + '<mergeCell ref="A1:B2"/>' * (cells // 3) + "</mergeCells>"
    return workbook_bytes([sheet_xml(header_row() + row, after=merges)])


def styles_bomb(cells: int) -> bytes:
    """A stylesheet of ``cells // 2`` cell formats (parsed whole by openpyxl)."""
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}"><cellXfs>'
        + '<xf numFmtId="0"/>' * (cells // 2)
        + "</cellXfs></styleSheet>"
    ).encode()
    row = "<row>" + "<c><v>1</v></c>" * 5 + "</row>"
    return workbook_bytes([sheet_xml(header_row() + row)], styles=styles)


def largest_accepted(cells: int) -> bytes:
    """A genuine chart written by openpyxl: 20,000 roles of 7 columns (the line limit)."""
    del cells
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Organigramme")
    sheet.append(
        ["Direction", "Service", "Intitulé du poste", "Effectif", "ETP", "Famille", "ISCO"]
    )
    for index in range(19_999):
        sheet.append(
            [
                f"Direction {index % 40}",
                f"Service {index % 400}",
                f"Poste {index}",
                3,
                2.5,
                "Administration",
                "4110",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _limit(name: str, default: int) -> int:
    """A limit of ``services.table_files`` (the defaults for code from before the limits)."""
    from services import table_files

    return getattr(table_files, name, default)


def _inline_rows(rows: int, columns: int, runs: int = 1) -> str:
    text = "<r><t>a</t></r>" * runs if runs > 1 else "<t>Texte</t>"
    cell = f'<c t="inlineStr"><is>{text}</is></c>'
    return "".join(f'<row r="{row}">' + cell * columns + "</row>" for row in range(2, rows + 2))


def limit_inline(cells: int, *, dimension: bool = False) -> bytes:
    """As many cells of inline text as the limits accept (10 columns, the line limit)."""
    del cells
    columns = 10
    rows = min(_limit("MAX_LINES", 20_000) - 1, (_limit("XLSX_MAX_CELLS", 200_000) - 5) // columns)
    ref = f"A1:J{rows + 1}" if dimension else None
    return workbook_bytes([sheet_xml(header_row() + _inline_rows(rows, columns), dimension=ref)])


def limit_inline_dimension(cells: int) -> bytes:
    """The same, with the dimension element Excel writes (openpyxl then reads it once)."""
    return limit_inline(cells, dimension=True)


def limit_strings(cells: int) -> bytes:
    """As many distinct shared strings as the limit accepts, and a small sheet."""
    count = _limit("XLSX_MAX_SHARED_STRINGS", 200_000)
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">'
        + "".join(f"<si><t>Texte {index}</t></si>" for index in range(count))
        + "</sst>"
    ).encode()
    return workbook_bytes(
        [sheet_xml(header_row() + "<row>" + '<c t="s"><v>1</v></c>' * 5 + "</row>")],
        shared_strings=strings,
    )


def limit_rich_text(cells: int) -> bytes:
    """Rows of rich text (runs in every cell), up to the element budget, with a dimension."""
    del cells
    budget = _limit("XLSX_MAX_ELEMENTS", 1_000_000)
    runs, columns = 20, 40
    rows = budget // (columns * (2 + 2 * runs) + 1) - 1
    ref = f"A1:AN{rows + 1}"
    return workbook_bytes(
        [sheet_xml(header_row() + _inline_rows(rows, columns, runs), dimension=ref)]
    )


def huge_text(cells: int) -> bytes:
    """One cell of inline text as long as the inflated-size limit allows (4-byte characters)."""
    del cells
    text = "\U0001f600" * (11 * 2**20)  # 44 MiB of UTF-8, 11 million characters
    row = f'<row r="2"><c t="inlineStr"><is><t>{text}</t></is></c></row>'
    return workbook_bytes([sheet_xml(header_row() + row, dimension="A1:E2")])


def shared_text(cells: int) -> bytes:
    """One shared text of 40 MiB, filling 5 cells in each of ``cells // 30,000`` rows."""
    strings = f'<sst xmlns="{MAIN_NS}"><si><t>' + "x" * (40 * 2**20) + "</t></si></sst>"
    row = "<row>" + '<c t="s"><v>0</v></c>' * 5 + "</row>"
    sheet = sheet_xml(header_row() + row * max(cells // 30_000, 1))
    return workbook_bytes([sheet], shared_strings=strings.encode())


def print_area(cells: int) -> bytes:
    """A print area of ``cells // 2`` ranges (openpyxl makes an object of each)."""
    ranges = ",".join(["Feuille1!$A$1:$B$2"] * (cells // 2))
    names = f'<definedName name="_xlnm.Print_Area" localSheetId="0">{ranges}</definedName>'
    sheet = sheet_xml(header_row() + "<row>" + "<c><v>1</v></c>" * 5 + "</row>")
    return workbook_bytes([sheet], defined_names=f"<definedNames>{names}</definedNames>")


def csv_huge_field(cells: int) -> bytes:
    """A CSV whose third line holds one cell of 200,000 characters (over csv's field limit)."""
    del cells
    return (
        "Direction;Service;Poste;Effectif;ETP\nD;S;P;1;1\nD;" + "x" * 200_000 + ";P;1;1\n"
    ).encode()


CASES = {
    "one-row": one_row,
    "one-column": one_column,
    "one-column-declared": one_column_declared,
    "many-sheets": many_sheets,
    "many-sheet-entries": many_sheet_entries,
    "sheets-under-limit": sheets_under_limit,
    "shared-strings": shared_strings_bomb,
    "declared-dimension": declared_dimension,
    "merged-cells": merged_cells_bomb,
    "styles": styles_bomb,
    "largest-accepted": largest_accepted,
    "limit-inline": limit_inline,
    "limit-inline-dimension": limit_inline_dimension,
    "limit-strings": limit_strings,
    "limit-rich-text": limit_rich_text,
    "huge-text": huge_text,
    "shared-text": shared_text,
    "print-area": print_area,
    "csv-huge-field": csv_huge_field,
}


def rss_mib() -> float:
    """This process's peak resident memory, in MiB.

    Linux's ``VmHWM``: ``ru_maxrss`` would not do, since Linux carries it over from the
    parent through fork and exec (the parent holds the generated file).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impact.settings")
    import django

    django.setup()


def run_child(path: Path) -> None:
    """In the subprocess: read the file, parse it, print one JSON line of measures."""
    _setup_django()
    from services.importing import parse_org_chart

    content = path.read_bytes()
    filename = "organigramme.xlsx" if content.startswith(b"PK") else "organigramme.csv"
    before = rss_mib()
    cpu, start = time.process_time(), time.perf_counter()
    parsed = parse_org_chart(content=content, filename=filename, max_bytes=5 * 1024 * 1024)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    message = parsed.problems[0].message if parsed.problems else f"{len(parsed.rows)} rows read"
    measures = {"seconds": seconds, "cpu": cpu, "peak": rss_mib(), "before": before}
    print(json.dumps({**measures, "message": message}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="repeatable")
    parser.add_argument("--cells", type=int, default=3_000_000, help="size of the bombs")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    cases = arguments.case or list(CASES)
    if arguments.child:
        run_child(arguments.child)
        return
    _setup_django()  # some generators read the limits of services.table_files
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average before the runs: {load} ({os.cpu_count()} CPUs).\n")
    print(
        "| case | size | seconds | CPU seconds | peak RSS (MiB) | RSS before (MiB) "
        "| on disk (KiB) | inflated (MiB) | message |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for case in cases:
        print(measure(case, arguments.cells), flush=True)


def measure(case: str, cells: int) -> str:
    content = CASES[case](cells)
    inflated = len(content)
    if content.startswith(b"PK"):
        inflated = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(content)).infolist())
    size = f"| {case} | {cells:,} |"
    sizes = f"{len(content) / 1024:,.0f} | {inflated / 2**20:.1f}"
    with tempfile.NamedTemporaryFile(suffix=".bin") as file:
        file.write(content)
        file.flush()
        command = [sys.executable, __file__, "--child", file.name]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            return f"{size} > {TIMEOUT_SECONDS} | | | | {sizes} | (timed out) |"
    if result.returncode != 0:
        error = (result.stderr.strip().splitlines() or ["?"])[-1]
        return f"{size} failed | | | | {sizes} | {error} |"
    row = json.loads(result.stdout.strip().splitlines()[-1])
    message = row["message"].replace("|", "\\|")
    message = message if len(message) <= 100 else message[:99] + "…"
    return (
        f"{size} {row['seconds']:.2f} | {row['cpu']:.2f} | {row['peak']:.0f} | "
        f"{row['before']:.0f} | {sizes} | {message} |"
    )


if __name__ == "__main__":
    main()
