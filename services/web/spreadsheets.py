"""Spreadsheet cells and sheets that every export of Impact writes (XLSX and CSV).

Every text cell that a spreadsheet could read as a formula (it begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is prefixed with an apostrophe, as OWASP advises
against CSV injection; the stored data are never changed. An XLSX cell also loses the C0
control characters (BEL, ESC…) a text may hold: XML 1.0 cannot carry them, and openpyxl
refuses to write them. CSV files are for French Excel: ``;`` separator, decimal commas,
UTF-8 with a byte-order mark.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise(value):
    """Prefix a text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def xlsx_cell(value):
    """A value an XLSX cell can hold: text without the control characters XML 1.0 forbids
    (removed first, so that a formula they hid is seen), then neutralised."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_row(cells: Iterable) -> list:
    return [xlsx_cell(cell) for cell in cells]


def sheet_title(title: str, taken: set[str], *, fallback: str) -> str:
    """A valid, unique worksheet name: 31 characters at most, none of ``[]:*?/\\``.

    A longer title is cut at a word and ends with "…"; an empty one is ``fallback``; a name
    already in ``taken`` (compared without case, as Excel does) gets " (2)", " (3)"…
    The name returned is added to ``taken``.
    """
    title = title.translate(SHEET_TITLE_FORBIDDEN).strip() or fallback
    if len(title) > SHEET_TITLE_MAX:
        cut = title[: SHEET_TITLE_MAX - 1]
        title = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"
    candidate, number = title, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = title[: SHEET_TITLE_MAX - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate


def csv_bytes(rows: Iterable[Iterable[str]]) -> bytes:
    """Rows of cells already made text as a CSV file for French Excel (``;``, UTF-8 BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
