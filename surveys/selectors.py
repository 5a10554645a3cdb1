"""Reads that feed the inventory pages, each in a bounded number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from services import access
from services.models import Directorate
from surveys.models import Campaign, IntensityStep, Inventory, InventoryRole, InventoryTask
from surveys.task_types import load_task_types
from surveys.validation import (
    GRID_SECTION,
    Problem,
    changed_defaults,
    effective_values,
    inventory_problems,
)

DONE = (Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED)


def inventory_list_for(user):
    """The inventories on a user's list, with their campaign and deadline."""
    return access.visible_inventories(user).order_by(
        "-campaign__closes_on", "service__directorate__name", "service__name"
    )


def section_urls(inventory: Inventory) -> list[dict]:
    """The questionnaire's sections with the URL of each form."""
    return [
        {
            "key": section["key"],
            "title": section["title"],
            "url": reverse("surveys-inventory-section", args=[inventory.pk, section["key"]]),
        }
        for section in inventory.campaign.questionnaire.sections
    ]


def inventory_nav(inventory: Inventory, current: str) -> dict:
    """Context for the section-by-section navigation of the inventory form."""
    return {
        "inventory": inventory,
        "sections": section_urls(inventory),
        "current_section": current,
        "next_url": next_step_url(inventory, current),
    }


def next_step_url(inventory: Inventory, section_key: str) -> str:
    """After saving a section, go to the next one, or back to the summary after the last."""
    keys = [s["key"] for s in inventory.campaign.questionnaire.sections]
    position = keys.index(section_key) + 1 if section_key in keys else len(keys)
    if position < len(keys):
        return reverse("surveys-inventory-section", args=[inventory.pk, keys[position]])
    return inventory.get_absolute_url()


def role_summaries(inventory: Inventory):
    """The roles of an inventory with their number of tasks and total time share."""
    return inventory.roles.annotate(
        task_count=Count("tasks"), share_total=Sum("tasks__time_share")
    ).order_by("no_longer_exists", "title")


def task_rows(formset) -> list[dict]:
    """The non-blank, non-deleted rows of a task formset, as model field values."""
    rows = []
    for form in formset.forms:
        if not form.has_content() or form.cleaned_data.get("DELETE"):
            continue
        row = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
        row["description"] = (row["description"] or "").strip()
        row["justification"] = (row["justification"] or "").strip()
        rows.append(row)
    return rows


def task_type_rows() -> list[dict]:
    """The reference list of task types with their defaults, shown beside the grid."""
    return [
        {
            "code": t.code,
            "label": t.label,
            "exposure": t.exposure,
            "intensity": t.intensity,
            "intensity_step": IntensityStep.label_of(t.intensity),
            "accountable": t.accountable,
            "data_class": t.data_class,
        }
        for t in load_task_types()
    ]


def problems_for_session(problems: list[Problem]) -> list[dict]:
    return [vars(problem) for problem in problems]


def answers_for_display(inventory: Inventory) -> list[dict]:
    """Each section's questions with the answer given, labels instead of choice keys."""
    sections = []
    for section in inventory.campaign.questionnaire.sections:
        given = inventory.answers.get(section["key"], {})
        rows = []
        for question in section["questions"]:
            if question["type"] == "task_grid":
                continue
            value = given.get(question["key"])
            labels = dict(question.get("choices", [])) | {"yes": _("Oui"), "no": _("Non")}
            if isinstance(value, list):
                value = ", ".join(str(labels.get(v, v)) for v in value)
            elif value is not None:
                value = labels.get(value, value)
            rows.append({"label": question["label"], "value": value, "key": question["key"]})
        sections.append({"key": section["key"], "title": section["title"], "rows": rows})
    return sections


def _task_lines(role) -> list[dict]:
    lines = []
    for task in role.tasks.all():
        values = effective_values(task)
        lines.append(
            {
                "task": task,
                "changed": changed_defaults(task),
                **values,
                "intensity_step": IntensityStep.label_of(values["intensity"]),
            }
        )
    return lines


def inventory_page(inventory: Inventory, user) -> dict:
    """Everything the inventory read view shows, in a fixed number of queries."""
    roles = roles_with_tasks(inventory)
    for role in roles:
        role.task_lines = _task_lines(role)
        role.share_total = sum((t.time_share or Decimal(0)) for t in role.tasks.all())
    completeness = inventory_problems(inventory, roles) if inventory.is_editable else []
    return {
        "inventory": inventory,
        "sections": section_urls(inventory),
        "answers": answers_for_display(inventory),
        "roles": roles,
        "grid_section": GRID_SECTION,
        "remaining": len(completeness),
        "events": inventory.events.select_related("actor"),
        "last_return": inventory.events.filter(to_status=Inventory.Status.RETURNED).first(),
        "can_edit": access.can_edit_inventory(user, inventory),
        "can_review": access.can_manage_campaigns(user)
        and inventory.status == Inventory.Status.SUBMITTED,
        "headcount": sum(r.headcount for r in roles if not r.no_longer_exists),
        "agents_answer": inventory.status in DONE
        and (access.is_administrator(user) or access.heads_service(user, inventory.service)),
    }


def campaigns_with_counts():
    """Every campaign with its number of inventories, submitted or validated, and validated."""
    return Campaign.objects.select_related("questionnaire").annotate(
        inventory_count=Count("inventories"),
        done_count=Count("inventories", filter=Q(inventories__status__in=DONE)),
        validated_count=Count(
            "inventories", filter=Q(inventories__status=Inventory.Status.VALIDATED)
        ),
    )


@dataclass
class DirectorateProgress:
    directorate: Directorate
    inventories: list[Inventory] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(inventory.status in DONE for inventory in self.inventories)


def campaign_progress(campaign: Campaign) -> dict:
    """Inventories grouped by directorate, counts per status and agents covered: one query.

    Agents covered are the headcounts of the described roles that still exist.
    """
    inventories = (
        campaign.inventories.select_related("service__directorate")
        .annotate(agents=Sum("roles__headcount", filter=Q(roles__no_longer_exists=False)))
        .order_by("service__directorate__name", "service__name")
    )
    groups: dict[int, DirectorateProgress] = {}
    counts = dict.fromkeys(Inventory.Status.values, 0)
    agents = {"validated": 0, "done": 0}
    for inventory in inventories:
        directorate = inventory.service.directorate
        groups.setdefault(directorate.pk, DirectorateProgress(directorate)).inventories.append(
            inventory
        )
        counts[inventory.status] += 1
        if inventory.status in DONE:
            agents["done"] += inventory.agents or 0
        if inventory.status == Inventory.Status.VALIDATED:
            agents["validated"] += inventory.agents or 0
    return {
        "directorates": list(groups.values()),
        "status_counts": [(label, counts[value]) for value, label in Inventory.Status.choices],
        "inventory_count": sum(counts.values()),
        "agents": agents,
    }


def roles_with_tasks(inventory: Inventory) -> list[InventoryRole]:
    return list(
        inventory.roles.prefetch_related(
            Prefetch("tasks", queryset=InventoryTask.objects.order_by("position", "pk"))
        )
    )


def reminder_is_due(campaign: Campaign, today: datetime.date) -> bool:
    """Due from ``closes_on - reminder_days`` to ``closes_on`` included, once, while open."""
    first_day = campaign.closes_on - datetime.timedelta(days=campaign.reminder_days)
    return (
        campaign.status == Campaign.Status.OPEN
        and campaign.reminder_sent_on is None
        and first_day <= today <= campaign.closes_on
    )
