"""Reading an organisation chart file: bytes and a file name in, clean rows and problems out.

This module knows nothing of the database: ``services.actions.org_chart_import`` compares
its rows with what is stored and writes. The rules it applies:

- **Content decides the format, not the extension.** A file that starts like a zip archive
  is read as an Excel workbook (XLSX); any other file is read as CSV text. A file named
  ``.xlsx`` that is not a zip archive, an old Excel 97-2003 file, a UTF-16 text or anything
  binary is refused with a message saying how to save it.
- **Size is checked before anything is opened**: the file itself, then, for a workbook, the
  total uncompressed size and the number of the members of the archive as its directory
  declares them (Python's ``zipfile`` never inflates a member beyond its declared size, so
  the declared total bounds the memory openpyxl may use: zip bombs are refused here).
- **CSV**: UTF-8 with or without BOM, or Windows-1252 (what French Excel writes); separator
  ``;``, ``,`` or a tab, the most frequent of them in the header line (decimal commas live
  in the data lines, never in headers); an Excel ``sep=;`` first line is honoured.
- **XLSX**: the first worksheet only, cached formula values; line numbers are sheet rows.
- **Headers** may be French or English, in any order, and are matched without regard to
  case, accents, spaces, punctuation or a parenthesised remark such as "(facultatif)".
  The header is the first non-blank line; blank lines are skipped; other columns are
  ignored (and named in a note).
- **Values**: surrounding spaces are removed and inner runs of spaces become one space.
  Directorate, service and role names are required (200 characters at most).
  Headcount (effectif) is required, an integer ≥ 0; "12,0" is 12 but "12,5" is refused.
  FTE (ETP) is required, a decimal ≥ 0 with at most 2 decimals, comma or point.
  Thousands may be separated by spaces ("1 200").
  The job family and ISCO code columns are optional. An ISCO code is an ISCO-08 unit group,
  4 digits; a number of 1 to 3 digits gets its leading zeros back ("110" → "0110"),
  because Excel drops them and every unit group has exactly 4 digits, so the padded
  code is the only one meant (it must still be a known unit group).
- **A role appears once per service** in a file (compared without regard to case).

Every problem carries its line (the file's own line number: the header is line 1 for a
CSV, the sheet row for a workbook) and the column header as written in the file. All
problems are collected, so that the person importing can fix the file in one pass.
"""

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from services.isco import isco_unit_groups
from services.table_files import Line, UnreadableFileError, clean_text, read_table_lines

NAME_MAX_LENGTH = 200  # Directorate.name, Service.name, Role.title, Role.job_family
FTE_MAX = Decimal("999999.99")  # Role.fte: 8 digits, 2 decimals
HEADCOUNT_MAX = 2_147_483_647  # Role.headcount, a PositiveIntegerField on PostgreSQL
FLOAT_TOLERANCE = 1e-9  # a computed Excel value such as 0.30000000000000004 is 0.3

THOUSANDS_SPACES = re.compile(r"[\s\u00a0\u202f]")
NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


@dataclass(frozen=True)
class ImportProblem:
    """One reason a file cannot be imported, where it is, in French."""

    line: int | None
    column: str | None
    message: str


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), and why it did nothing if it failed."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class OrgChartRow:
    """One role line of the file, cleaned. ``None`` means the optional column is absent."""

    line: int
    directorate: str
    service: str
    title: str
    headcount: int
    fte: Decimal
    job_family: str | None
    isco_code: str | None


@dataclass
class ParsedOrgChart:
    """The rows of a file, the column headers as written, and the problems found."""

    rows: list[OrgChartRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field name → header in the file
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# Field name → normalised header spellings. French and English, singular and plural.
HEADER_ALIASES: dict[str, frozenset[str]] = {
    "directorate": frozenset({"direction", "directions", "directorate", "directorates"}),
    "service": frozenset({"service", "services"}),
    "title": frozenset(
        {
            "intituleduposte",
            "intituledeposte",
            "intitule",
            "poste",
            "postes",
            "metier",
            "metiers",
            "intituledumetier",
            "role",
            "roles",
            "jobtitle",
            "title",
        }
    ),
    "headcount": frozenset({"effectif", "effectifs", "headcount"}),
    "fte": frozenset({"etp", "fte"}),
    "job_family": frozenset(
        {
            "familledemetiers",
            "familledemetier",
            "famillemetiers",
            "famillemetier",
            "famille",
            "jobfamily",
        }
    ),
    "isco_code": frozenset(
        {"codeisco", "iscocode", "isco", "isco08", "codeisco08", "isco08code", "codeciti"}
    ),
}
REQUIRED_FIELDS = ("directorate", "service", "title", "headcount", "fte")


def expected_column_names() -> dict[str, str]:
    """The French header of each column, as the example file and the messages write it."""
    return {
        "directorate": _("Direction"),
        "service": _("Service"),
        "title": _("Intitulé du poste"),
        "headcount": _("Effectif"),
        "fte": _("ETP"),
        "job_family": _("Famille de métiers"),
        "isco_code": _("Code ISCO"),
    }


def parse_org_chart(*, content: bytes, filename: str, max_bytes: int) -> ParsedOrgChart:
    """Read an organisation chart file (XLSX or CSV) into rows, or say everything wrong with it."""
    try:
        lines = read_table_lines(content=content, filename=filename, max_bytes=max_bytes)
        return _parse_lines(lines)
    except UnreadableFileError as error:
        return ParsedOrgChart(problems=[ImportProblem(None, None, str(error))])


def normalise_header(text: object) -> str:
    """Lower case, no accents, no parenthesised remark, letters and digits only."""
    text = re.sub(r"\(.*?\)", "", str(text))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]", "", text)


# --- From lines to rows ---------------------------------------------------------------------


def _parse_lines(lines: list[Line]) -> ParsedOrgChart:
    parsed = ParsedOrgChart()
    if not lines:
        raise UnreadableFileError(_("Le fichier est vide."))
    (header_line, header_cells), *data_lines = lines
    positions = _read_header(header_line, header_cells, parsed)
    seen_roles: dict[tuple[str, str, str], int] = {}
    parsers = _cell_parsers()  # once: gettext is slow enough to matter over 20,000 lines
    for line, cells in data_lines:
        row = _parse_row(line, cells, positions, parsed, parsers)
        if row is None:
            continue
        key = (row.directorate.casefold(), row.service.casefold(), row.title.casefold())
        if key in seen_roles:
            parsed.problems.append(
                ImportProblem(
                    line,
                    parsed.columns["title"],
                    _(
                        "Le poste « %(title)s » figure déjà à la ligne %(first)s pour le "
                        "service « %(service)s » : chaque poste n'apparaît qu'une fois par "
                        "service."
                    )
                    % {"title": row.title, "first": seen_roles[key], "service": row.service},
                )
            )
            continue
        seen_roles[key] = line
        parsed.rows.append(row)
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(
            ImportProblem(None, None, _("Le fichier ne contient aucune ligne après les en-têtes."))
        )
    return parsed


def _read_header(line: int, cells: list[object], parsed: ParsedOrgChart) -> dict[str, int]:
    """Map each known field to its column position; note unknown columns, flag the rest."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for position, cell in enumerate(cells):
        label = clean_text(cell)
        key = normalise_header(label)
        if not key:
            continue
        field_name = next((name for name, keys in HEADER_ALIASES.items() if key in keys), None)
        if field_name is None:
            ignored.append(label)
        elif field_name in positions:
            parsed.problems.append(
                ImportProblem(
                    line,
                    label,
                    _("La colonne « %(label)s » fait double emploi avec « %(first)s ».")
                    % {"label": label, "first": parsed.columns[field_name]},
                )
            )
        else:
            positions[field_name] = position
            parsed.columns[field_name] = label
    names = expected_column_names()
    if not positions:
        raise UnreadableFileError(
            _(
                "Aucune colonne attendue n'a été trouvée : ce fichier n'est pas un organigramme. "
                "La première ligne doit porter les en-têtes %(columns)s."
            )
            % {"columns": ", ".join(names[name] for name in REQUIRED_FIELDS)}
        )
    for name in REQUIRED_FIELDS:
        if name not in positions:
            parsed.problems.append(
                ImportProblem(
                    line,
                    names[name],
                    _("La colonne « %(column)s » est obligatoire et manque.")
                    % {"column": names[name]},
                )
            )
    if ignored:
        parsed.notes.append(
            ngettext(
                "Colonne ignorée : %(columns)s.", "Colonnes ignorées : %(columns)s.", len(ignored)
            )
            % {"columns": ", ".join(ignored)}
        )
    return positions


def _cell_parsers() -> dict[str, Callable[[object], tuple[object, str | None]]]:
    """Field name → the function that cleans its cell into (value, problem or None)."""
    directorate, service, title = _("La direction"), _("Le service"), _("L'intitulé du poste")
    return {
        "directorate": lambda cell: _name(cell, directorate),
        "service": lambda cell: _name(cell, service),
        "title": lambda cell: _name(cell, title),
        "headcount": parse_headcount,
        "fte": parse_fte,
        "job_family": _optional_text,
        "isco_code": parse_isco_code,
    }


def _parse_row(
    line: int,
    cells: list[object],
    positions: dict[str, int],
    parsed: ParsedOrgChart,
    parsers: dict[str, Callable[[object], tuple[object, str | None]]],
) -> OrgChartRow | None:
    """Clean one line; record each problem it has and return None if it has any."""
    problems: list[ImportProblem] = []

    def value(name: str) -> object:
        position = positions.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    def check(name: str, result: tuple[object, str | None]) -> object:
        cleaned, message = result
        if message:
            problems.append(ImportProblem(line, parsed.columns[name], message))
        return cleaned

    # A column that is absent was reported once with the header; check the others anyway,
    # so that every problem of the file is listed in one pass.
    values = {
        name: check(name, parse(value(name)))
        for name, parse in parsers.items()
        if name in positions
    }
    if problems:
        parsed.problems.extend(problems)
        return None
    if any(name not in positions for name in REQUIRED_FIELDS):
        return None
    return OrgChartRow(
        line=line,
        directorate=values["directorate"],
        service=values["service"],
        title=values["title"],
        headcount=values["headcount"],
        fte=values["fte"],
        job_family=values.get("job_family"),
        isco_code=values.get("isco_code"),
    )


def _name(value: object, what: str) -> tuple[str, str | None]:
    text = clean_text(value)
    if not text:
        return text, _(
            "%(what)s est vide. Répétez le nom sur chaque ligne "
            "(les cellules fusionnées ne sont pas prises en charge)."
        ) % {"what": what}
    if len(text) > NAME_MAX_LENGTH:
        return text, _("%(what)s dépasse %(max)s caractères.") % {
            "what": what,
            "max": NAME_MAX_LENGTH,
        }
    return text, None


def _optional_text(value: object) -> tuple[str, str | None]:
    text = clean_text(value)
    if len(text) > NAME_MAX_LENGTH:
        return text, _("La famille de métiers dépasse %(max)s caractères.") % {
            "max": NAME_MAX_LENGTH
        }
    return text, None


def _number(value: object) -> Decimal | None:
    """A cell as a decimal number, or None when it is not one (the empty cell included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        rounded = round(value, 2)
        return Decimal(repr(rounded if abs(value - rounded) < FLOAT_TOLERANCE else value))
    text = THOUSANDS_SPACES.sub("", clean_text(value))
    if not NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def parse_headcount(value: object) -> tuple[int | None, str | None]:
    """An integer ≥ 0: "12", 12, 12.0 and "12,0" are 12; "12,5" and "-1" are refused."""
    raw = clean_text(value)
    if not raw:
        return None, _("L'effectif est vide : indiquez le nombre d'agents (0 s'il n'y en a pas).")
    number = _number(value)
    if number is None:
        return None, _("L'effectif « %(value)s » n'est pas un nombre.") % {"value": raw}
    if number < 0:
        return None, _("L'effectif ne peut pas être négatif (« %(value)s »).") % {"value": raw}
    if number != number.to_integral_value():
        return None, _("L'effectif doit être un nombre entier d'agents (« %(value)s »).") % {
            "value": raw
        }
    if number > HEADCOUNT_MAX:
        return None, _("L'effectif « %(value)s » est trop grand.") % {"value": raw}
    return int(number), None


def parse_fte(value: object) -> tuple[Decimal | None, str | None]:
    """A decimal ≥ 0 with at most 2 decimals, written with a comma or a point."""
    raw = clean_text(value)
    if not raw:
        return None, _("L'ETP est vide : indiquez les équivalents temps plein (0 si aucun).")
    number = _number(value)
    if number is None:
        return None, _("L'ETP « %(value)s » n'est pas un nombre.") % {"value": raw}
    if number < 0:
        return None, _("L'ETP ne peut pas être négatif (« %(value)s »).") % {"value": raw}
    if number != number.quantize(Decimal("0.01")):
        return None, _("L'ETP a au plus 2 décimales (« %(value)s »).") % {"value": raw}
    if number > FTE_MAX:
        return None, _("L'ETP « %(value)s » est trop grand.") % {"value": raw}
    return number.quantize(Decimal("0.01")), None


def parse_isco_code(value: object) -> tuple[str, str | None]:
    """An ISCO-08 unit group: 4 digits, leading zeros restored ("110" or 110 → "0110")."""
    raw = clean_text(value)
    if not raw:
        return "", None
    if not re.fullmatch(r"\d{1,4}", raw):
        return raw, _("Le code ISCO « %(value)s » doit comporter 4 chiffres.") % {"value": raw}
    code = raw.zfill(4)
    if code not in isco_unit_groups():
        return code, _("« %(value)s » n'est pas un code ISCO-08 à 4 chiffres connu.") % {
            "value": raw
        }
    return code, None
