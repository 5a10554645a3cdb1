"""Builders of complete inventory answers, shared by the inventory tests."""

from surveys.models import InventoryTask

COMPLETE_ANSWERS = {
    "service": {
        "missions": "Tenir les registres d'état civil.",
        "public": ["habitants"],
        "yearly_requests": 12000,
    },
    "ai_use": {"tools": ["none"]},
    "concerns": {"agents_consulted": "yes"},
}


def section_post(revision: int, **answers) -> dict:
    return {"revision": revision, **answers}


def task_post(revision: int, rows: list[dict], existing: int = 0) -> dict:
    """The POST data of a role's task formset with the given rows."""
    data = {
        "revision": revision,
        "tasks-TOTAL_FORMS": len(rows),
        "tasks-INITIAL_FORMS": existing,
        "tasks-MIN_NUM_FORMS": 0,
        "tasks-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"tasks-{index}-{key}"] = value
    return data


def task_row(description: str, share, task_type="rediger-courrier", data_class="D2", **extra):
    return {
        "description": description,
        "time_share": share,
        "task_type": task_type,
        "data_class": data_class,
        **extra,
    }


def complete(inventory) -> None:
    """Fill every required answer and give each role one task of 100 % (no view, no rule)."""
    inventory.answers = COMPLETE_ANSWERS
    inventory.status = inventory.Status.DRAFT
    inventory.save()
    for role in inventory.roles.all():
        InventoryTask.objects.create(
            inventory_role=role,
            description="Rédiger les courriers",
            time_share=100,
            task_type="rediger-courrier",
            data_class="D2",
        )
