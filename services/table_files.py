"""Reading a table file (the organisation chart) into numbered lines of cells.

Content decides the format, not the extension: a file that starts like a zip archive is read
as an Excel workbook (XLSX, first worksheet, cached formula values); any other file as CSV
text (UTF-8 with or without BOM, or Windows-1252; ``;``, ``,`` or tab, the most frequent in
the header line; an Excel ``sep=;`` first line is honoured). Size is checked before anything
is opened: the file, then for a workbook the uncompressed size and member count its directory
declares (zip bombs are refused). Old Excel files, UTF-16 texts and binaries are refused with
a message saying how to save the file. ``services.importing`` turns the lines into rows.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

import openpyxl
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_LINES = 20_000  # far more than any collectivité has roles; bounds time and memory
MAX_COLUMNS = 60
XLSX_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
XLSX_MAX_MEMBERS = 1_000
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
        raise UnreadableFileError(
            _("Le fichier CSV est mal formé à la ligne %(line)s : %(error)s.")
            % {"line": start, "error": error}
        ) from None


def _xlsx_lines(content: bytes) -> Iterator[Line]:
    _check_archive(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same here
        raise UnreadableFileError(_damaged_workbook()) from None
    return _worksheet_lines(workbook)


def _check_archive(content: bytes) -> None:
    """Refuse an archive that is not a workbook, or that would inflate beyond the limits."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableFileError(_damaged_workbook()) from None
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


def _worksheet_lines(workbook) -> Iterator[Line]:
    try:
        if not workbook.worksheets:
            raise UnreadableFileError(_("Ce classeur ne contient aucune feuille de calcul."))
        sheet = workbook.worksheets[0]
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
