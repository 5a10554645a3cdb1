"""The tables of the dashboards: shown on the page and exported, from the same rows.

A ``Table`` keeps raw values (shares as fractions 0-1, numbers, text) and says how each
column is read (``Column.kind``): the page formats them in French (``cells``), the exports keep
them as numbers. XLSX holds one sheet per table (shares with a percent format); CSV is for
French Excel (``;``, decimal comma, UTF-8 with a BOM): one table with ``table=<key>``, or every
table one after the other, each under its title. Every text cell a spreadsheet could run as a
formula is neutralised by ``services.web.spreadsheets`` (OWASP's CSV-injection advice).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook

from impact.charts import DASH, Chart, number, percent
from services.web.spreadsheets import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    neutralise,
    sheet_title,
    xlsx_row,
)

__all__ = ["CSV_CONTENT_TYPE", "XLSX_CONTENT_TYPE", "Column", "Panel", "Table"]

KINDS = ("text", "share", "points", "number", "decimal", "integer")


@dataclass(frozen=True)
class Column:
    """A column: its key in the rows, its heading, and how its values read.

    Kinds: text; share (0-1, shown as a percentage); points (a difference of two shares, shown
    in percentage points with a sign); number (rounded to a whole number); decimal (two
    decimals); integer.
    """

    key: str
    heading: str
    kind: str = "text"

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass
class Table:
    """Rows of raw values under a title; ``limit`` rows are shown, all are exported."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict]
    note: str = ""
    limit: int | None = None
    collapsed: bool = False  # the data of the chart above: shown in a <details>

    @property
    def shown_rows(self) -> list[dict]:
        return self.rows if self.limit is None else self.rows[: self.limit]

    @property
    def is_cut(self) -> bool:
        return self.limit is not None and len(self.rows) > self.limit

    @property
    def cells(self) -> list[list[dict]]:
        """The shown rows as formatted cells: text, numeric (right-aligned) and url."""
        return [
            [
                {
                    "text": format_cell(row.get(column.key), column.kind),
                    "numeric": column.numeric,
                    "url": row.get("_url") if index == 0 else None,
                    "other": bool(row.get("is_other")),
                }
                for index, column in enumerate(self.columns)
            ]
            for row in self.shown_rows
        ]


@dataclass
class Panel:
    """A part of a dashboard page (a panel): a heading, an optional chart and its tables."""

    key: str
    title: str
    intro: str = ""
    chart: Chart | None = None
    tables: list[Table] = field(default_factory=list)


def format_cell(value, kind: str) -> str:
    """A raw value as the page shows it, in the active language; "—" when missing."""
    if value is None or value == "":
        return DASH
    if kind == "share":
        return percent(value)
    if kind == "points":
        text = number(float(value) * 100, 1)
        return f"{'+' if float(value) > 0.0005 else ''}{text}\u00a0pt"
    if kind == "number":
        return number(value)
    if kind == "decimal":
        return number(value, 2)
    if kind == "integer":
        return number(value)
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _export_value(value, kind: str):
    """A raw value as an export cell: numbers stay numbers, text is neutralised."""
    if value is None:
        return None
    if kind == "text":
        if isinstance(value, bool):
            value = _("oui") if value else _("non")
        elif isinstance(value, list | tuple):
            value = ", ".join(str(item) for item in value)
        return neutralise(str(value))
    return value


def export_rows(table: Table) -> list[list]:
    """Header and every row (not only the shown ones) of a table, for the exports."""
    header = [neutralise(column.heading) for column in table.columns]
    body = [
        [_export_value(row.get(column.key), column.kind) for column in table.columns]
        for row in table.rows
    ]
    return [header, *body]


def tables_xlsx(tables: list[Table], heading: str) -> bytes:
    """A workbook: one sheet per table, its first line the page's heading and the table's
    title, then the header and the rows; shares are numbers with a percent format."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.title, taken, fallback=_("Tableau")))
        sheet.append(xlsx_row([f"{heading} — {table.title}"]))
        rows = export_rows(table)
        for row in rows:
            sheet.append(xlsx_row(row))
        for index, column in enumerate(table.columns, start=1):
            fmt = {"share": "0.0%", "points": "+0.0%;-0.0%;0.0%", "decimal": "0.00"}.get(
                column.kind
            )
            if fmt is None:
                continue
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = fmt
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value, kind: str) -> str:
    """Text for French Excel: shares and points as percentages, decimal comma, no formula."""
    if value is None:
        return ""
    if kind in ("share", "points") and isinstance(value, int | float):
        value = round(float(value) * 100, 2)
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")
    return neutralise(str(value))


def _csv_heading(column: Column) -> str:
    suffix = {"share": " (%)", "points": " (points)"}.get(column.kind, "")
    return neutralise(f"{column.heading}{suffix}")


def tables_csv(tables: list[Table]) -> bytes:
    """The tables as CSV for French Excel (shares in %); several tables are separated by a
    blank line and each is preceded by its title."""
    lines: list[list[str]] = []
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                lines.append([])
            lines.append([neutralise(table.title)])
        lines.append([_csv_heading(column) for column in table.columns])
        lines.extend(
            [_csv_cell(cell, column.kind) for cell, column in zip(row, table.columns, strict=True)]
            for row in export_rows(table)[1:]
        )
    return csv_bytes(lines)
