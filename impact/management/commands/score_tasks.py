"""``python manage.py score_tasks FILE [--format csv|json] [--decimals N]``: score any table of tasks.

The file is CSV (comma or semicolon) or TSV, UTF-8 with or without BOM, with columns ``role``,
``task``, ``exposure`` (E0/E1/E2) and optional ``time_share``, ``task_type`` (core/
supplemental), ``intensity`` (0-1), ``accountable``, ``data_class`` (D0-D4). It prints one row
per role: alpha, beta, zeta, mean, sd, gradient_2025, category_2023, auto, aug, low, none
(docs/methodology.md, "Refaire le calcul"). Bad rows stop the command with their line numbers.

Numbers are printed at full precision (the shortest text that reads back as the same binary
float, ``repr(float)``), so that anyone can compare the output with an independent computation
to the last bit; ``--decimals N`` rounds them for reading.
"""

import argparse
import csv
import io
import json
from pathlib import Path

import pandas as pd
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impact.scoring import InputProblem, ScoringInputError, score_roles

OUTPUT_COLUMNS = (
    "alpha",
    "beta",
    "zeta",
    "mean",
    "sd",
    "gradient_2025",
    "category_2023",
    "auto",
    "aug",
    "low",
    "none",
)
NUMERIC_COLUMNS = ("time_share", "intensity")
ALLOWED = {
    "exposure": "E0, E1, E2",
    "data_class": "D0, D1, D2, D3, D4",
    "task_type": "core, supplemental",
}
SHOWN_PROBLEMS = 50


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text, BOM removed."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            _("%(file)s n'est pas encodé en UTF-8 (octet %(position)s).")
            % {"file": name, "position": error.start}
        ) from error


def sniff_delimiter(header_line: str) -> str:
    """Tab when the header has one, else the commoner of semicolon and comma."""
    if "\t" in header_line:
        return "\t"
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_table(text: str, name: str) -> pd.DataFrame:
    """Parse the text into a frame of strings indexed by the line number of each row."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CommandError(_("%(file)s est vide ou sa première ligne est vide.") % {"file": name})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(lines[0]))
    header = [cell.strip().lower() for cell in next(reader)]
    duplicated = sorted({column for column in header if header.count(column) > 1})
    if duplicated:
        raise CommandError(
            _("Colonnes en double : %(columns)s.") % {"columns": ", ".join(duplicated)}
        )
    records, numbers = [], []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise CommandError(
                _("Ligne %(line)s : %(found)s champs au lieu de %(expected)s.")
                % {"line": reader.line_num, "found": len(record), "expected": len(header)}
            )
        records.append(record)
        numbers.append(reader.line_num)
    frame = pd.DataFrame(
        records, columns=header, index=pd.Index(numbers, name="line"), dtype=object
    )
    return clean_numbers(frame)


def clean_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Accept French spreadsheet numbers: "0,5" and "30 %" (an intensity in % is divided by 100)."""
    for column in NUMERIC_COLUMNS:
        if column not in frame.columns:
            continue
        text = frame[column].str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace(",", ".")
        percent = text.str.endswith("%")
        text = text.str.rstrip("%")
        if column == "intensity":
            numbers = pd.to_numeric(text.where(percent), errors="coerce") / 100
            text = text.mask(percent & numbers.notna(), numbers.astype(str))
        frame[column] = text
    return frame


def describe(problem: InputProblem) -> str:
    """One translated line per problem, naming the line and the column."""
    value = "" if problem.value is None else str(problem.value)
    messages = {
        "missing_column": _("colonne obligatoire absente"),
        "missing_value": _("valeur obligatoire manquante"),
        "bad_value": _("« %(value)s » n'est pas une valeur admise (%(allowed)s)")
        % {"value": value, "allowed": ALLOWED.get(problem.column or "", "")},
        "not_a_number": _("« %(value)s » n'est pas un nombre") % {"value": value},
        "out_of_range": (
            _("« %(value)s » doit être compris entre 0 et 1")
            if problem.column == "intensity"
            else _("« %(value)s » doit être positif ou nul")
        )
        % {"value": value},
        "not_a_boolean": _("« %(value)s » n'est pas oui ou non") % {"value": value},
        "missing_time_share": _(
            "part de temps manquante alors que d'autres tâches du même poste en ont une"
        ),
        "zero_time_shares": _("les parts de temps de ce poste sont toutes nulles"),
    }
    message = messages.get(problem.code, problem.message)
    if problem.row is None:
        return _("colonne « %(column)s » : %(message)s") % {
            "column": problem.column,
            "message": message,
        }
    return _("ligne %(line)s, colonne « %(column)s » : %(message)s") % {
        "line": problem.row,
        "column": problem.column,
        "message": message,
    }


def report(error: ScoringInputError, name: str) -> str:
    """The whole error message: a count, then one line per problem (at most 50)."""
    count = len(error.problems)
    lines = [
        ngettext(
            "%(file)s : %(count)s erreur, aucun score calculé.",
            "%(file)s : %(count)s erreurs, aucun score calculé.",
            count,
        )
        % {"file": name, "count": count}
    ]
    ordered = sorted(
        error.problems, key=lambda problem: (problem.row is not None, problem.row or 0)
    )
    lines += [f"  {describe(problem)}" for problem in ordered[:SHOWN_PROBLEMS]]
    if count > SHOWN_PROBLEMS:
        lines.append(_("  … et %(more)s autres.") % {"more": count - SHOWN_PROBLEMS})
    return "\n".join(lines)


def decimals_argument(text: str) -> int:
    """The --decimals value: a whole number from 0 to 17 (a float has at most 17 significant digits)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 17:
        raise argparse.ArgumentTypeError(
            _("« %(value)s » n'est pas un nombre entier de décimales entre 0 et 17.")
            % {"value": text}
        )
    return value


def render(scores: pd.DataFrame, output_format: str, decimals: int | None = None) -> str:
    """One row per role as CSV or JSON: full precision (repr of each float), or rounded to ``decimals``.

    Both pandas' CSV writer and ``json.dumps`` write a float as ``repr`` does, the shortest text
    that reads back as the same float.
    """
    table = scores[list(OUTPUT_COLUMNS)].reset_index()
    if decimals is not None:
        table = table.round(decimals)
    if output_format == "json":
        return json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Calcule l'exposition de chaque poste d'un tableau de tâches (CSV ou TSV) "
        "et affiche une ligne par poste, en pleine précision (--decimals N pour arrondir)."
    )

    # Pure computation: no model, URL or template is involved, so no system check is needed.

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or TSV file, UTF-8")
        parser.add_argument(
            "--format", choices=["csv", "json"], default="csv", dest="output_format"
        )
        parser.add_argument(
            "--decimals",
            type=decimals_argument,
            default=None,
            metavar="N",
            help="round every number to N decimals (default: full precision, repr of each float)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Impossible de lire %(file)s : %(error)s")
                % {"file": path, "error": error.strerror}
            ) from error
        table = read_table(decode(raw, path.name), path.name)
        try:
            scores = score_roles(table)
        except ScoringInputError as error:
            raise CommandError(report(error, path.name)) from error
        self.stdout.write(render(scores, options["output_format"], options["decimals"]), ending="")
