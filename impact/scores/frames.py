"""Turn an inventory's rows into the scoring engine's tables (pandas stays in ``impact``).

A task's exposure class, intensity and data class are the department head's choice, or
the default of its task type when left blank (the default intensity is the type's unrounded
ILO anchor mean). A task is an accountable act when the head says so or when its type is one
(a legal decision, care, physical work): such a task is never counted as automatable, whatever
the head ticked. ``physical`` is true for a task of a physical task type (physical work,
in-person care), whose class the uncertainty simulation treats as certain; the head cannot
change it.
"""

import math

import pandas as pd

from surveys.task_types import load_task_types


def type_defaults() -> dict:
    return {t.code: t for t in load_task_types()}


def task_record(task, role_key) -> dict:
    """One task as a row of the engine's task table."""
    default = type_defaults().get(task.task_type)
    exposure = task.exposure or (default.exposure if default else "E0")
    intensity = task.intensity or (default.intensity if default else None)
    return {
        "role": role_key,
        "task": task.description or "—",
        "task_type_code": task.task_type,
        "exposure": exposure,
        "time_share": float(task.time_share) if task.time_share is not None else math.nan,
        "intensity": float(intensity) if intensity not in (None, "") else math.nan,
        "accountable": bool(task.accountable or (default and default.accountable)),
        "physical": bool(default and default.physical),
        "data_class": task.data_class or (default.data_class if default else "D2"),
    }


def inventory_frames(roles) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tasks, roles) tables for the roles that exist and have at least one task.

    ``roles`` are InventoryRole objects with their tasks prefetched. Roles are keyed by
    their primary key.
    """
    task_rows, role_rows = [], []
    for role in roles:
        tasks = list(role.tasks.all())
        if role.no_longer_exists or not tasks:
            continue
        role_rows.append(
            {
                "role": role.pk,
                "title": role.title,
                "headcount": role.headcount,
                "fte": float(role.fte),
                "isco_code": role.isco_code,
            }
        )
        task_rows.extend(task_record(task, role.pk) for task in tasks)
    return pd.DataFrame(task_rows), pd.DataFrame(role_rows)
