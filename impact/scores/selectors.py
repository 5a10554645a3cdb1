"""Reads that feed the score pages, in a bounded number of queries.

Small groups (``impact.scoring.folding``, docs/dashboards.md "Small groups"): the campaign's
plan (``small_group_plan``) is computed here, the lowest layer that reads stored scores, so that
the score pages, the studies and the dashboards fold the same roles and services.
"""

import math

from django.db.models import Subquery
from django.utils.translation import gettext as _

from impact import scoring
from impact.scores import labels
from impact.scores.frames import inventory_frames
from impact.scores.models import InventoryScore, MethodSettings, RoleScore, chosen_snapshots
from impact.scoring import aggregates, folding, uncertainty
from impact.scoring.folding import FoldPlan, Member
from services import access
from surveys.models import Inventory
from surveys.selectors import roles_with_tasks

DEFAULT_THRESHOLD = 3

SUMMARY_FIELDS = ["alpha", "beta", "zeta", "mean", "auto", "aug", "low", "none",
                  "beta_dep_k1", "beta_dep_k2", "beta_dep_k3", "hours", "freed_hours_k1",
                  "freed_hours_k2", "freed_hours_k3", "headcount"]  # fmt: skip


def method_settings_get() -> MethodSettings:
    """The collectivité's parameters, created with the method's defaults (docs/methodology.md) on first use."""
    defaults = {"confidentiality": scoring.DEFAULT_PARAMETERS.to_dict()["confidentiality"]}
    settings_row, _ = MethodSettings.objects.get_or_create(pk=1, defaults=defaults)
    return settings_row


def method_parameters(row: MethodSettings) -> scoring.MethodParameters:
    """The engine's parameters from the stored row (the rest are the method's constants)."""
    data = scoring.DEFAULT_PARAMETERS.to_dict()
    data |= {
        "confidentiality": row.confidentiality,
        "draws": row.draws,
        "seed": row.seed,
        "divergence_threshold": float(row.divergence_threshold),
    }
    if row.confusion:  # the city's own matrix, from its double ratings (impact.voice)
        data["confusion"] = row.confusion
    return scoring.MethodParameters.from_dict(data)


def _version_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def method_versions_by_campaign(campaigns) -> dict[int, list[str]]:
    """For each campaign id, the method versions its snapshots were made under, oldest first
    (one query)."""
    pairs = (
        InventoryScore.objects.filter(inventory__campaign__in=list(campaigns))
        .values_list("inventory__campaign_id", "method_version")
        .distinct()
    )
    known: dict[int, list[str]] = {}
    for campaign_id, version in pairs:
        known.setdefault(campaign_id, []).append(version)
    return {key: sorted(versions, key=_version_key) for key, versions in known.items()}


def small_group_threshold() -> int:
    """``MethodSettings.small_group_threshold`` (default 3 before the row exists)."""
    value = MethodSettings.objects.values_list("small_group_threshold", flat=True).first()
    return value or DEFAULT_THRESHOLD


def small_group_plan(campaign, threshold: int | None = None, method_version=None) -> FoldPlan:
    """The groups of ``campaign`` folded for persons other than administrators (one query): see ``impact.scoring.folding``. Roles are ``RoleScore`` ids of the
    current scores (or, given ``method_version``, the snapshots ``chosen_snapshots`` picks) of
    validated inventories, services and directorates their ids."""
    members = RoleScore.objects.filter(
        chosen_snapshots(method_version, prefix="score__"),
        score__inventory__campaign=campaign,
        score__inventory__status=Inventory.Status.VALIDATED,
    )
    if threshold is None:  # read in the same query: a page may pay for the plan only once
        setting = MethodSettings.objects.values("small_group_threshold")[:1]
        members = members.annotate(threshold=Subquery(setting))
    rows = list(
        members.values_list(
            "pk",
            "score__inventory__service_id",
            "score__inventory__service__directorate_id",
            "headcount",
            *(["threshold"] if threshold is None else []),
        )
    )
    if threshold is None:
        threshold = (rows[0][4] if rows else None) or DEFAULT_THRESHOLD
    return folding.fold_plan((Member(*row[:4]) for row in rows), threshold)


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


def _role_view(title: str, headcount: int, values: dict) -> dict:
    return values | {
        "title": title,
        "headcount": headcount,
        "gradient_label": labels.gradient_label(values.get("gradient_2025")),
        "category_label": labels.category_label(values.get("category_2023")),
        "ilo_gradient_label": labels.gradient_label(values.get("ilo_gradient"))
        if values.get("ilo_gradient")
        else "",
    }


def stored_scores(inventory) -> dict | None:
    """The current snapshot of an inventory, shaped for the score page."""
    score = (
        InventoryScore.objects.filter(inventory=inventory, is_current=True)
        .prefetch_related("roles")
        .first()
    )
    if score is None:
        return None
    roles = [_role_view(r.title, r.headcount, vars(r)) for r in score.roles.all()]
    return {"roles": roles, "snapshot": score, "live": False}


def live_scores(inventory) -> dict | None:
    """Scores computed now from the current answers, stored nowhere (the head's preview)."""
    row = method_settings_get()
    roles = {role.pk: role for role in roles_with_tasks(inventory)}
    result = compute_scores(roles.values(), method_parameters(row))
    if result is None:
        return None
    views = [
        _role_view(roles[key].title, roles[key].headcount, values)
        for key, values in result["roles"].items()
    ]
    return {"roles": sorted(views, key=lambda r: r["title"]), "snapshot": None, "live": True}


def _folded(stored: dict | None, inventory, plan: FoldPlan) -> dict | None:
    """The snapshot with the roles folded by ``plan`` merged into one "Autres postes" row
    (headcount-weighted, ``folding.fold_rows``); no role at all when the service is folded."""
    if stored is None:
        return None
    if inventory.service_id in plan.services:
        return stored | {"roles": [], "folded_service": True, "threshold": plan.threshold}
    rows = folding.fold_rows(stored["roles"], plan.roles, "id", {"title": _("Autres postes")})
    folded = next((row for row in rows if row.get("is_other")), None)
    return stored | {"roles": rows, "folded": folded, "threshold": plan.threshold}


def inventory_scores(inventory, plan: FoldPlan | None = None) -> dict | None:
    """A snapshot once the inventory is submitted or validated; a live preview before.

    ``plan`` is None for a reader who sees the service's small groups (``access.
    sees_small_groups_of_service``): every role, and the live preview. Otherwise it is the
    campaign's ``small_group_plan``: only the stored snapshot, its folded roles merged.
    """
    if plan is not None:
        return _folded(stored_scores(inventory), inventory, plan)
    if not inventory.is_editable:
        stored = stored_scores(inventory)
        if stored is not None:
            return stored
    return live_scores(inventory)


def inventory_scores_for(user, inventory) -> dict | None:
    """The score page of ``inventory`` as ``user`` may read it (folded unless they see the
    service's small groups): two queries more for the plan."""
    if access.sees_small_groups_of_service(user, inventory.service):
        return inventory_scores(inventory)
    return inventory_scores(inventory, small_group_plan(inventory.campaign))
