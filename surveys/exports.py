"""A campaign's answers as a spreadsheet: XLSX (answers and tasks) or CSV (tasks).

XLSX: one sheet per questionnaire section with one row per inventory (directorate,
service, status, then one column per question; the task grid is left to the "Tâches"
sheet), and a "Tâches" sheet with one row per task (a role with no task gets one row
with the task columns empty, so every described role appears). CSV: the tasks table
only, for French Excel: ``;`` separator, decimal commas, UTF-8 with a BOM.

Cells and sheets are made safe by ``services.web.spreadsheets`` (formulas neutralised, control
characters dropped, valid sheet names); the stored answers are never changed.
"""

import io
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from services.web.spreadsheets import (
    csv_bytes,
    neutralise,
    sheet_title,
    xlsx_row,
)
from surveys.models import Campaign, IntensityStep, Inventory, InventoryRole, InventoryTask
from surveys.task_types import load_task_types
from surveys.validation import effective_values


def _yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def _answer(question: dict, value):
    """An answer as a cell shows it: choice labels, "oui"/"non", numbers as numbers."""
    if value in (None, "", []):
        return ""
    kind = question["type"]
    labels = {str(key): label for key, label in question.get("choices", [])}
    if kind == "multiple_choice":
        values = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(item), str(item)) for item in values)
    if kind == "single_choice":
        return labels.get(str(value), str(value))
    if kind == "yes_no":
        if isinstance(value, bool) or str(value).lower() in {"yes", "no", "true", "false"}:
            return _yes_no(value is True or str(value).lower() in {"yes", "true"})
        return str(value)
    if kind in {"number", "percentage"} and isinstance(value, int | float | Decimal):
        return value
    return str(value)


def _inventories(campaign: Campaign) -> list[Inventory]:
    return list(
        campaign.inventories.select_related("service__directorate").order_by(
            "service__directorate__name", "service__name"
        )
    )


def answer_sheets(campaign: Campaign, inventories: list[Inventory]) -> Iterator[tuple]:
    """(section title, header, rows) for each section that has questions besides the grid."""
    for section in campaign.questionnaire.sections:
        questions = [q for q in section["questions"] if q["type"] != "task_grid"]
        if not questions:
            continue
        header = [_("Direction"), _("Service"), _("État")] + [q["label"] for q in questions]
        rows = []
        for inventory in inventories:
            given = (inventory.answers or {}).get(section["key"], {})
            rows.append(
                [
                    inventory.service.directorate.name,
                    inventory.service.name,
                    inventory.get_status_display(),
                    *(_answer(q, given.get(q["key"])) for q in questions),
                ]
            )
        yield section["title"], header, rows


def task_header() -> list[str]:
    return [
        _("Direction"),
        _("Service"),
        _("Poste"),
        _("Effectif"),
        _("ETP"),
        _("Ajouté par le chef de service"),
        _("N'existe plus"),
        _("Tâche"),
        _("Part du temps de travail (%)"),
        _("Type de tâche"),
        _("Données traitées"),
        _("Acte engageant la responsabilité"),
        _("Classe d'exposition"),
        _("Part réalisable par l'IA"),
        _("Justification"),
    ]


def _task_cells(task: InventoryTask, type_labels: dict[str, str]) -> list:
    """A task's columns; exposure and intensity are those scoring uses (type defaults)."""
    effective = effective_values(task)
    return [
        task.description,
        task.time_share,
        type_labels.get(task.task_type, task.task_type),
        task.data_class,
        _yes_no(task.accountable),
        effective["exposure"],
        IntensityStep.label_of(effective["intensity"]),
        task.justification,
    ]


def task_rows(campaign: Campaign) -> Iterator[list]:
    """One row per task of every inventory of the campaign, in three queries."""
    english = (get_language() or "fr").startswith("en")
    type_labels = {t.code: t.label_en if english else t.label for t in load_task_types()}
    roles = (
        InventoryRole.objects.filter(inventory__campaign=campaign)
        .select_related("inventory__service__directorate")
        .prefetch_related(
            Prefetch("tasks", queryset=InventoryTask.objects.order_by("position", "pk"))
        )
        .order_by("inventory__service__directorate__name", "inventory__service__name", "title")
    )
    for role in roles:
        service = role.inventory.service
        role_cells = [
            service.directorate.name,
            service.name,
            role.title,
            role.headcount,
            role.fte,
            _yes_no(role.added_by_head),
            _yes_no(role.no_longer_exists),
        ]
        tasks = list(role.tasks.all())
        if not tasks:
            yield role_cells + [""] * 8
        for task in tasks:
            yield role_cells + _task_cells(task, type_labels)


def campaign_xlsx(campaign: Campaign) -> bytes:
    """The workbook of a campaign's answers and tasks."""
    workbook = Workbook(write_only=True)
    taken = {_("Tâches").casefold()}
    for title, header, rows in answer_sheets(campaign, _inventories(campaign)):
        sheet = workbook.create_sheet(sheet_title(title, taken, fallback=_("Section")))
        sheet.append(xlsx_row(header))
        for row in rows:
            sheet.append(xlsx_row(row))
    sheet = workbook.create_sheet(_("Tâches"))
    sheet.append(xlsx_row(task_header()))
    for row in task_rows(campaign):
        sheet.append(xlsx_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value) -> str:
    """Text for French Excel: decimal comma, nothing for an empty value, no formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        value = format(value, "f").replace(".", ",")
    return neutralise(str(value))


def campaign_csv(campaign: Campaign) -> bytes:
    """The tasks table as CSV for French Excel (``;``, UTF-8 with BOM)."""
    rows = [task_header(), *task_rows(campaign)]
    return csv_bytes([_csv_cell(cell) for cell in row] for row in rows)
