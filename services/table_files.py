"""Reading a table file (the organisation chart) into numbered lines of cells.

Content decides the format, not the extension: a file that starts like a zip archive is read
as an Excel workbook (XLSX, first worksheet, cached formula values); any other file as CSV
text (UTF-8 with or without BOM, or Windows-1252; ``;``, ``,`` or tab, the most frequent in
the header line; an Excel ``sep=;`` first line is honoured). Size is checked before anything
is opened: the file, then for a workbook the uncompressed size and member count its directory
declares (zip bombs are refused). Old Excel files, UTF-16 texts and binaries are refused with
a message saying how to save the file. ``services.importing`` turns the lines into rows.

A workbook's XML is small on disk and may still describe millions of cells, strings, sheets
or styles: openpyxl (read-only, streaming) would spend a minute and gigabytes on it. So each
part openpyxl is about to read is first counted with expat, without building anything, in the
order and to the extent openpyxl reads it (``_WorkbookScan``); a workbook beyond a limit is
refused, saying which, before openpyxl parses that part. The first worksheet is counted up to
the row where reading stops, and its declared dimension checked before any cell is read.
"""

import csv
import io
import re
import xml.parsers.expat
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

import openpyxl
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import _find_workbook_part  # the function load_workbook uses
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.utils import get_column_letter
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    ARC_CORE,
    ARC_CUSTOM,
    ARC_STYLE,
    SHARED_STRINGS,
    SHEET_MAIN_NS,
)
from openpyxl.xml.functions import fromstring

MAX_LINES = 20_000  # far more than any collectivité has roles; bounds time and memory
MAX_COLUMNS = 60
XLSX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
XLSX_MAX_MEMBERS = 1_000
# Limits on what a workbook's XML describes, counted (about 1 µs an element) before openpyxl
# parses it at 5 to 25 µs a cell, holding all but rows and shared strings whole at up to 1 KiB
# an element. The heaviest workbook they accept reads in under 5 s and 150 MiB, a bomb is
# refused in under a second (scripts/bench_import.py); an organisation chart of 20,000 roles
# in 7 columns has 140,000 cells.
XLSX_MAX_CELLS = 200_000  # cells of the first worksheet, declared (columns × rows) or present
XLSX_MAX_ROW_CELLS = 16_384  # Excel's own last column (XFD); openpyxl holds a row at a time
XLSX_MAX_SHARED_STRINGS = 200_000  # distinct texts of the workbook, read whole by openpyxl
XLSX_MAX_STRING_CHARACTERS = 32_767  # Excel's own limit; one shared text may fill many cells
XLSX_MAX_SHEETS = 255  # openpyxl opens every sheet to read its size
XLSX_MAX_ELEMENTS = 1_000_000  # XML elements openpyxl would parse in all: bounds the time
XLSX_MAX_HELD_ELEMENTS = 100_000  # XML elements openpyxl would hold at once: bounds memory
XLSX_MAX_HELD_CHARACTERS = 1_000_000  # of a part's held text: a print area becomes ranges
XML_CHUNK_BYTES = 64 * 1024
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
EXCEL_SEPARATOR_HINT = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACES = re.compile(r"\s+")

Line = tuple[int, list[object]]


class UnreadableFileError(Exception):
    """The file is not a table this module can read; the message says why, in French."""


def read_table_lines(*, content: bytes, filename: str, max_bytes: int) -> list[Line]:
    """Check the file's size and kind, then read its non-blank lines with their numbers."""
    if len(content) > max_bytes:
        raise UnreadableFileError(
            _("Le fichier pèse %(size)s ; la limite est de %(limit)s.")
            % {"size": filesizeformat(len(content)), "limit": filesizeformat(max_bytes)}
        )
    if not content.strip():
        raise UnreadableFileError(_("Le fichier est vide."))
    extension = PurePath(filename or "").suffix.lower()
    if content.startswith(ZIP_MAGIC):
        return list(_xlsx_lines(content))
    if content.startswith(OLE2_MAGIC):
        raise UnreadableFileError(
            _(
                "Ce fichier est au format Excel 97-2003 (.xls), qui n'est pas pris en charge : "
                "enregistrez-le au format .xlsx ou CSV."
            )
        )
    if extension in {".xlsx", ".xlsm"}:
        raise UnreadableFileError(
            _(
                "Le fichier porte l'extension %(extension)s mais n'est pas un classeur Excel "
                "(un classeur .xlsx est une archive zip). Enregistrez-le à nouveau depuis "
                "votre tableur, au format .xlsx ou CSV."
            )
            % {"extension": extension}
        )
    if content.startswith(UTF16_BOMS):
        raise UnreadableFileError(
            _(
                "Ce texte est encodé en UTF-16 (« texte Unicode »), qui n'est pas pris en "
                "charge : enregistrez-le au format « CSV UTF-8 » ou « CSV (séparateur : "
                "point-virgule) »."
            )
        )
    return list(_csv_lines(_decode(content)))


def _decode(content: bytes) -> str:
    """UTF-8 (BOM or not) first, then Windows-1252; refuse what is not text."""
    not_text = UnreadableFileError(
        _("Ce fichier n'est pas un tableau : attendu un classeur Excel (.xlsx) ou un fichier CSV.")
    )
    if b"\x00" in content:
        raise not_text
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise not_text from None
    if CONTROL_CHARACTERS.search(text):
        raise not_text
    return text


def _csv_lines(text: str) -> Iterator[Line]:
    physical_lines = text.splitlines()
    first_line = 0
    separator = None
    hint = EXCEL_SEPARATOR_HINT.match(physical_lines[0]) if physical_lines else None
    if hint and hint.group(1) in ",;\t":
        separator, first_line = hint.group(1), 1
    if separator is None:
        header = next((line for line in physical_lines[first_line:] if line.strip()), "")
        # The most frequent of ; , and tab in the header line; a tie goes to ";".
        separator = max(";,\t", key=header.count)
    return _csv_records(text, separator=separator, skip=first_line)


def _csv_records(text: str, *, separator: str, skip: int) -> Iterator[Line]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if line <= skip:
                continue
            if line > MAX_LINES:
                raise UnreadableFileError(_too_many_lines())
            if any(clean_text(cell) for cell in cells):
                yield line, list(cells[:MAX_COLUMNS])
    except csv.Error as error:
        # csv says so in English only, and this is the one error a decoded text can meet: a
        # cell longer than its limit (most often a quotation mark that is never closed).
        if str(error).startswith("field larger than field limit"):
            raise UnreadableFileError(
                _(
                    "La ligne %(line)s du fichier CSV contient une cellule de plus de "
                    "%(max)s caractères, la limite. Le plus souvent, un guillemet y est ouvert "
                    "sans être refermé : corrigez cette ligne dans votre tableur, puis "
                    "enregistrez à nouveau le fichier au format CSV."
                )
                % {"line": start, "max": _amount(csv.field_size_limit())}
            ) from None
        raise UnreadableFileError(
            _("Le fichier CSV est mal formé à la ligne %(line)s : %(error)s.")
            % {"line": start, "error": error}
        ) from None


def _xlsx_lines(content: bytes) -> Iterator[Line]:
    scan = _WorkbookScan(_check_archive(content))
    try:
        scan.before_loading()
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False
        )
    except UnreadableFileError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same here
        raise UnreadableFileError(_damaged_workbook()) from None
    return _worksheet_lines(workbook, scan)


def _check_archive(content: bytes) -> zipfile.ZipFile:
    """Refuse an archive that is not a workbook, or that would inflate beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableFileError(_damaged_workbook()) from None
    members = archive.infolist()
    if len(members) > XLSX_MAX_MEMBERS:
        raise UnreadableFileError(
            _("Cette archive contient trop de fichiers pour être un classeur.")
        )
    uncompressed = sum(member.file_size for member in members)
    if uncompressed > XLSX_MAX_UNCOMPRESSED_BYTES:
        raise UnreadableFileError(
            _(
                "Une fois décompressé, ce classeur pèserait %(size)s ; la limite est de "
                "%(limit)s. Enregistrez-le au format CSV ou retirez les feuilles inutiles."
            )
            % {
                "size": filesizeformat(uncompressed),
                "limit": filesizeformat(XLSX_MAX_UNCOMPRESSED_BYTES),
            }
        )
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise UnreadableFileError(
            _(
                "Cette archive n'est pas un classeur Excel (.xlsx). Un fichier OpenDocument "
                "(.ods) ou Word doit être enregistré au format .xlsx ou CSV."
            )
        )
    return archive


def _worksheet_lines(workbook, scan: "_WorkbookScan") -> Iterator[Line]:
    try:
        if not workbook.worksheets:
            raise UnreadableFileError(_("Ce classeur ne contient aucune feuille de calcul."))
        sheet = workbook.worksheets[0]
        _check_declared_size(sheet)
        scan.first_sheet_rows()
        # Explicit bounds: a sheet may declare a huge (or a wrong) dimension.
        rows = sheet.iter_rows(
            min_row=1, max_row=MAX_LINES + 1, max_col=MAX_COLUMNS, values_only=True
        )
        for line, cells in enumerate(rows, start=1):
            if any(clean_text(cell) for cell in cells):
                if line > MAX_LINES:
                    raise UnreadableFileError(_too_many_lines())
                yield line, list(cells)
    except UnreadableFileError:
        raise
    except Exception:
        raise UnreadableFileError(_damaged_workbook()) from None
    finally:
        workbook.close()


def _check_declared_size(sheet) -> None:
    """Refuse a sheet whose dimension (as openpyxl read it) spans more cells than the limit."""
    if sheet.max_row is None or sheet.max_column is None:
        return  # no dimension: the cells are counted instead
    cells = (sheet.max_column - sheet.min_column + 1) * (sheet.max_row - sheet.min_row + 1)
    if cells > XLSX_MAX_CELLS:
        raise _over_limit(
            "declared",
            sheet=sheet.title,
            first=f"{get_column_letter(sheet.min_column)}{sheet.min_row}",
            last=f"{get_column_letter(sheet.max_column)}{sheet.max_row}",
            cells=_amount(cells),
            limit=XLSX_MAX_CELLS,
        )


# --- Counting a workbook's XML before openpyxl parses it -----------------------------------

MAIN = SHEET_MAIN_NS + "}"  # expat names an element "namespace}local-name"
ROW, STRING, SHEET, DIMENSION = (MAIN + tag for tag in ("row", "si", "sheet", "dimension"))
SIZE_TAGS = frozenset({DIMENSION, MAIN + "sheetData"})  # where openpyxl stops sizing a sheet
COPY_THE_SHEET = gettext_lazy(
    "Copiez la feuille de l'organigramme seule dans un nouveau classeur, ou enregistrez-la au "
    "format CSV."
)
SAVE_AGAIN = gettext_lazy(
    "Enregistrez à nouveau le fichier depuis votre tableur, ou au format CSV."
)
LIMIT_MESSAGES = {  # what went over the limit, what to do
    "declared": (
        gettext_lazy(
            "La feuille « %(sheet)s » s'étend de %(first)s à %(last)s, soit %(cells)s "
            "cellules ; la limite est de %(max)s."
        ),
        gettext_lazy(
            "Copiez les seules cellules de l'organigramme dans un nouveau classeur, ou "
            "enregistrez la feuille au format CSV."
        ),
    ),
    "cells": (
        gettext_lazy(
            "La feuille « %(sheet)s » dépasse %(max)s cellules : retirez-en les lignes et les "
            "colonnes inutiles, ou découpez-la en plusieurs fichiers."
        ),
        "",
    ),
    "row": (
        gettext_lazy(
            "La ligne %(line)s de la feuille « %(sheet)s » dépasse %(max)s cellules, le "
            "maximum d'Excel."
        ),
        SAVE_AGAIN,
    ),
    "characters": (
        gettext_lazy("Un texte de ce classeur dépasse %(max)s caractères, le maximum d'Excel."),
        SAVE_AGAIN,
    ),
    "strings": (gettext_lazy("Ce classeur dépasse %(max)s textes différents."), COPY_THE_SHEET),
    "sheets": (gettext_lazy("Ce classeur dépasse %(max)s feuilles."), COPY_THE_SHEET),
    "chart": (
        gettext_lazy(
            "Ce classeur contient une feuille de graphique (« %(sheet)s »), qui n'est pas "
            "prise en charge."
        ),
        COPY_THE_SHEET,
    ),
    "part": (
        gettext_lazy(
            "Ce classeur est trop volumineux pour être lu : sa partie « %(part)s » dépasse "
            "%(max)s éléments."
        ),
        COPY_THE_SHEET,
    ),
    "text": (
        gettext_lazy(
            "Ce classeur est trop volumineux pour être lu : sa partie « %(part)s » dépasse "
            "%(max)s caractères."
        ),
        COPY_THE_SHEET,
    ),
    "elements": (
        gettext_lazy(
            "Ce classeur est trop volumineux pour être lu : son contenu dépasse %(max)s éléments."
        ),
        COPY_THE_SHEET,
    ),
}


def _over_limit(kind: str, *, limit: int = 0, **values: object) -> UnreadableFileError:
    """The refusal of a workbook over a limit: what went over, then what to do."""
    message, advice = LIMIT_MESSAGES[kind]
    shown = {
        name: _shown(str(value)) for name, value in values.items() if name in {"sheet", "part"}
    }
    text = str(message) % {**values, **shown, "max": _amount(limit)}
    return UnreadableFileError(f"{text} {advice}".strip())


class _StopCounting(Exception):  # noqa: N818 (a signal, not an error)
    """openpyxl reads no further in this part."""


class _WorkbookScan:
    """Counts what openpyxl would parse and hold, part by part, and refuses beyond the limits.

    It follows openpyxl's own way through the archive (``load_workbook(read_only=True)``, with
    openpyxl's functions to find the parts): content types, shared strings, the workbook and
    its relationships, properties, styles, then for every sheet its relationships and its XML
    up to its dimension (all of it when there is none, as openpyxl reads it to size the sheet);
    and, once loaded, the first worksheet up to the row after the line limit, where reading
    stops. Counting runs expat with two small handlers, about 1 µs an element, building nothing.
    """

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())
        self.elements = 0  # parsed, all parts together
        self.held = 0  # held by the parts openpyxl keeps whole, all together
        self.first_sheet: tuple[str, str] | None = None  # its part, its name
        self.first_sheet_elements: int | None = None  # when counted whole before loading

    def before_loading(self) -> None:
        self.count(ARC_CONTENT_TYPES, whole=True)
        package = Manifest.from_tree(fromstring(self.archive.read(ARC_CONTENT_TYPES)))
        strings = package.find(SHARED_STRINGS)
        if strings is not None:
            self.count(strings.PartName[1:], records=STRING)
        workbook_part = _find_workbook_part(package).PartName[1:]
        for part in (workbook_part, get_rels_path(workbook_part), ARC_CORE, ARC_CUSTOM, ARC_STYLE):
            self.count(part, whole=True)
        parser = WorkbookParser(self.archive, workbook_part, keep_links=False)
        parser.parse()
        for sheet, relationship in parser.find_sheets():
            if relationship.target not in self.names:
                continue  # openpyxl skips it too
            if "chartsheet" in relationship.Type:  # openpyxl would read its charts and images
                raise _over_limit("chart", sheet=sheet.name)
            self.count(get_rels_path(relationship.target), whole=True)
            if self.first_sheet is None:
                self._count_first_sheet_start(relationship.target, sheet.name)
            else:
                self.count(relationship.target, records=ROW, stop=SIZE_TAGS, sheet=sheet.name)

    def _count_first_sheet_start(self, part: str, name: str) -> None:
        """To its dimension; without one, openpyxl reads all of it twice: count it so."""
        self.first_sheet = (part, name)
        before = self.elements
        counter = self.count(part, records=ROW, stop={DIMENSION}, sheet=name, first=True)
        if counter is not None and not counter.stopped:
            self.first_sheet_elements = self.elements - before

    def first_sheet_rows(self) -> None:
        """Count the first worksheet up to where reading stops, unless done already."""
        if self.first_sheet_elements is not None:
            self.elements += self.first_sheet_elements
            if self.elements > XLSX_MAX_ELEMENTS:
                raise _over_limit("elements", limit=XLSX_MAX_ELEMENTS)
        elif self.first_sheet is not None:
            part, name = self.first_sheet
            self.count(part, records=ROW, sheet=name, first=True, to_last_line=True)

    def count(self, part: str, **options) -> "_PartCount | None":
        if part not in self.names:
            return None  # openpyxl skips an optional part, or refuses the workbook
        counter = _PartCount(self, part, **options)
        parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = counter.start
        parser.EndElementHandler = counter.end
        if options.get("whole") or counter.records == STRING:  # not the cells' values
            parser.buffer_text = True
            parser.CharacterDataHandler = counter.text
        try:
            with self.archive.open(part) as source:
                while chunk := source.read(XML_CHUNK_BYTES):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _StopCounting:
            counter.stopped = True  # openpyxl reads no further either
        except xml.parsers.expat.ExpatError:
            pass  # openpyxl refuses what is not XML in turn
        except UnreadableFileError:
            raise
        except Exception:  # a damaged member, or a row number openpyxl would refuse
            raise UnreadableFileError(_damaged_workbook()) from None
        return counter


class _PartCount:
    """expat's handlers for one part: count its elements as openpyxl would parse and hold them.

    openpyxl streams ``records`` (rows, shared strings), holding one at a time, and holds the
    rest of a part; a part read ``whole`` is held until the workbook is loaded. ``first``: the
    first worksheet, whose cells and rows are counted; ``to_last_line``: stop where reading
    stops, after the first row beyond the line limit.
    """

    def __init__(
        self,
        scan: _WorkbookScan,
        part: str,
        *,
        records: str | None = None,
        whole: bool = False,
        stop=frozenset(),
        sheet: str = "",
        first: bool = False,
        to_last_line: bool = False,
    ):
        self.scan, self.part, self.records, self.whole, self.stop = scan, part, records, whole, stop
        self.sheet, self.first, self.to_last_line = sheet, first, to_last_line
        self.depth = self.record_depth = 0  # record_depth: of the open record, 0 when none
        self.in_record = self.cells_in_row = self.characters = 0  # of the open record
        self.held = self.held_characters = self.seen = self.cells = self.sheets = 0
        self.row = 0  # openpyxl's number of the last row opened
        self.stopped = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        scan = self.scan
        scan.elements += 1
        if scan.elements > XLSX_MAX_ELEMENTS:
            raise _over_limit("elements", limit=XLSX_MAX_ELEMENTS)
        self.depth += 1
        if self.record_depth:  # most elements: the cells of a row and their values
            self.in_record += 1
            if self.depth == self.record_depth + 1 and self.records == ROW:
                self._cell()
            if self.in_record > XLSX_MAX_HELD_ELEMENTS:
                raise _over_limit("part", part=self.part, limit=XLSX_MAX_HELD_ELEMENTS)
            return
        if tag == self.records:
            self._open_record(attributes)
            return  # openpyxl clears it once read: what is left is counted by the budget
        self.held += 1
        scan.held += self.whole
        if (scan.held if self.whole else self.held) > XLSX_MAX_HELD_ELEMENTS:
            raise _over_limit("part", part=self.part, limit=XLSX_MAX_HELD_ELEMENTS)
        if attributes:
            self._hold_text(sum(map(len, attributes.values())))
        if self.whole and tag == SHEET:
            self.sheets += 1
            if self.sheets > XLSX_MAX_SHEETS:
                raise _over_limit("sheets", limit=XLSX_MAX_SHEETS)

    def end(self, tag: str) -> None:
        if self.depth == self.record_depth:
            self.record_depth = 0
            if self.to_last_line and self.row > MAX_LINES + 1:
                raise _StopCounting  # openpyxl stops after the row that follows the limit
        self.depth -= 1
        if tag in self.stop:
            raise _StopCounting

    def text(self, data: str) -> None:
        if not self.record_depth:
            self._hold_text(len(data))
            return
        self.characters += len(data)  # of the open shared string
        if self.characters > XLSX_MAX_STRING_CHARACTERS:
            raise _over_limit("characters", limit=XLSX_MAX_STRING_CHARACTERS)

    def _hold_text(self, length: int) -> None:
        self.held_characters += length
        if self.held_characters > XLSX_MAX_HELD_CHARACTERS:
            raise _over_limit("text", part=self.part, limit=XLSX_MAX_HELD_CHARACTERS)

    def _open_record(self, attributes: dict[str, str]) -> None:
        self.record_depth, self.in_record, self.cells_in_row, self.characters = self.depth, 1, 0, 0
        self.seen += 1
        if self.records == STRING:
            if self.seen > XLSX_MAX_SHARED_STRINGS:
                raise _over_limit("strings", limit=XLSX_MAX_SHARED_STRINGS)
            return
        self.row = _row_number(attributes.get("r"), self.row)
        if self.first and self.seen > MAX_LINES + 2:  # more rows than reading would go through
            raise UnreadableFileError(_too_many_lines())

    def _cell(self) -> None:
        self.cells_in_row += 1
        if self.cells_in_row > XLSX_MAX_ROW_CELLS:
            raise _over_limit("row", line=self.row, sheet=self.sheet, limit=XLSX_MAX_ROW_CELLS)
        self.cells += self.first
        if self.cells > XLSX_MAX_CELLS:
            raise _over_limit("cells", sheet=self.sheet, limit=XLSX_MAX_CELLS)


def _row_number(written: str | None, previous: int) -> int:
    """A row's number as openpyxl reads it: its ``r``, else the one after; ValueError if bad."""
    if written is None:
        return previous + 1
    try:
        return int(written)
    except ValueError:
        number = float(written)
        if not number.is_integer():
            raise
        return int(number)


def _amount(number: int) -> str:
    return number_format(number, force_grouping=True)


def _shown(name: str, length: int = 31) -> str:
    """A name from the file, cut to what a message can show (Excel's sheet names: 31)."""
    text = clean_text(name)
    return text if len(text) <= length else text[: length - 1] + "…"


def _damaged_workbook() -> str:
    return _(
        "Ce classeur Excel n'a pas pu être lu : il est peut-être endommagé. Ouvrez-le dans "
        "votre tableur et enregistrez-le à nouveau au format .xlsx ou CSV."
    )


def _too_many_lines() -> str:
    return _("Le fichier dépasse %(max)s lignes : découpez-le en plusieurs fichiers.") % {
        "max": MAX_LINES
    }


def clean_text(value: object) -> str:
    """A cell as text: no surrounding spaces, inner runs of spaces as one space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return SPACES.sub(" ", str(value)).strip()
