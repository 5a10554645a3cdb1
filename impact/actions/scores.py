"""Score snapshots and method parameters, as named actions."""

import math

from django.core.exceptions import PermissionDenied
from django.db import transaction

from impact import aggregates, scoring, uncertainty
from impact.inputs import inventory_frames
from impact.models import InventoryScore, MethodSettings, RoleScore
from services import access
from surveys.actions.inventories import roles_with_tasks
from surveys.models import Inventory

ROLE_FIELDS = [
    "alpha", "beta", "zeta", "mean", "sd", "gradient_2025", "category_2023", "auto", "aug",
    "low", "none", "beta_dep_k1", "beta_dep_k2", "beta_dep_k3", "hours", "freed_hours_k1",
    "freed_hours_k2", "freed_hours_k3",
]  # fmt: skip
SUMMARY_FIELDS = ["alpha", "beta", "zeta", "mean", "auto", "aug", "low", "none",
                  "beta_dep_k1", "beta_dep_k2", "beta_dep_k3", "hours", "freed_hours_k1",
                  "freed_hours_k2", "freed_hours_k3", "headcount"]  # fmt: skip


def method_settings_get() -> MethodSettings:
    """The collectivité's parameters, created with METHOD.md's defaults on first use."""
    defaults = {"confidentiality": scoring.DEFAULT_PARAMETERS.to_dict()["confidentiality"]}
    settings_row, _ = MethodSettings.objects.get_or_create(pk=1, defaults=defaults)
    return settings_row


def method_parameters(row: MethodSettings) -> scoring.MethodParameters:
    """The engine's parameters from the stored row (the rest are METHOD.md's constants)."""
    data = scoring.DEFAULT_PARAMETERS.to_dict()
    data |= {
        "confidentiality": row.confidentiality,
        "draws": row.draws,
        "seed": row.seed,
        "divergence_threshold": float(row.divergence_threshold),
    }
    return scoring.MethodParameters.from_dict(data)


@transaction.atomic
def method_settings_update(*, actor, values: dict) -> MethodSettings:
    """Administrators change the parameters; results already stored keep theirs."""
    if not access.can_manage_campaigns(actor):
        raise PermissionDenied
    row = MethodSettings.objects.select_for_update().get(pk=method_settings_get().pk)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = actor
    row.full_clean()
    row.save(update_fields=[*values, "updated_by", "updated_at"])
    return row


def _clean(value):
    """JSON- and database-safe scalars: NaN becomes None, numpy types become Python."""
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value


def compute_scores(roles, params: scoring.MethodParameters) -> dict | None:
    """Score an inventory's roles: per-role measures, receipts, uncertainty and summary."""
    tasks, role_table = inventory_frames(roles)
    if tasks.empty:
        return None
    scored = scoring.score_roles(tasks, role_table, params)
    simulated = uncertainty.simulate(tasks, role_table, params).roles
    summary = aggregates.aggregate(scored).iloc[0]
    return {
        "roles": {
            key: {name: _clean(value) for name, value in row.items()}
            | {name: _clean(value) for name, value in simulated.loc[key].items()}
            | {"receipt": _receipt(tasks, key, params)}
            for key, row in scored.to_dict("index").items()
        },
        "summary": {name: _clean(summary[name]) for name in SUMMARY_FIELDS if name in summary},
        "ladder": [
            {name: _clean(value) for name, value in rung.items()}
            for rung in aggregates.ladder(scored).to_dict("records")
        ],
    }


def _receipt(tasks, key, params) -> list[dict]:
    rows = scoring.receipt(tasks, key, params).to_dict("records")
    return [{name: _clean(value) for name, value in row.items()} for row in rows]


@transaction.atomic
def inventory_score(*, inventory: Inventory, trigger: str) -> InventoryScore | None:
    """Compute and store a new snapshot of an inventory's scores; it becomes the current one.

    The snapshot records the method version and every parameter it used. Returns None
    (and stores nothing) when no role has a task yet.
    """
    params = method_parameters(method_settings_get())
    roles = {role.pk: role for role in roles_with_tasks(inventory)}
    result = compute_scores(roles.values(), params)
    if result is None:
        return None
    InventoryScore.objects.filter(inventory=inventory, is_current=True).update(is_current=False)
    score = InventoryScore.objects.create(
        inventory=inventory,
        inventory_revision=inventory.revision,
        trigger=trigger,
        method_version=scoring.METHOD_VERSION,
        parameters=params.to_dict(),
        summary={"measures": result["summary"], "ladder": result["ladder"]},
    )
    RoleScore.objects.bulk_create(
        _role_score(score, roles[key], values) for key, values in result["roles"].items()
    )
    return score


def _role_score(score: InventoryScore, role, values: dict) -> RoleScore:
    return RoleScore(
        score=score,
        inventory_role=role,
        title=role.title,
        headcount=role.headcount,
        fte=role.fte,
        isco_code=role.isco_code,
        n_tasks=values["n_tasks"],
        beta_p10=values["beta_p10"], beta_p50=values["beta_p50"], beta_p90=values["beta_p90"],
        mean_p10=values["mean_p10"], mean_p50=values["mean_p50"], mean_p90=values["mean_p90"],
        ilo_mean=values.get("ilo_mean"),
        ilo_sd=values.get("ilo_sd"),
        ilo_gradient=values.get("ilo_gradient") or "",
        a_discuter=bool(values.get("a_discuter")),
        receipt=values["receipt"],
        **{name: values[name] for name in ROLE_FIELDS},
    )  # fmt: skip


def score_unscored_inventories() -> int:
    """Score the submitted and validated inventories that have no snapshot yet.

    Used by ``load_demo`` and after an upgrade; scoring normally happens in a task when an
    inventory is submitted or validated. Returns how many inventories were scored.
    """
    pending = Inventory.objects.filter(
        status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED]
    ).exclude(scores__is_current=True)
    count = 0
    for inventory in pending.select_related("campaign__questionnaire"):
        trigger = (
            InventoryScore.Trigger.VALIDATED
            if inventory.status == Inventory.Status.VALIDATED
            else InventoryScore.Trigger.SUBMITTED
        )
        count += inventory_score(inventory=inventory, trigger=trigger) is not None
    return count
