"""Reads that feed the score pages, in a bounded number of queries."""

import math

from impact import scoring
from impact.scores import labels
from impact.scores.frames import inventory_frames
from impact.scores.models import InventoryScore, MethodSettings
from impact.scoring import aggregates, uncertainty
from surveys.selectors import roles_with_tasks

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
    return scoring.MethodParameters.from_dict(data)


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


def inventory_scores(inventory) -> dict | None:
    """A snapshot once the inventory is submitted or validated; a live preview before."""
    if not inventory.is_editable:
        stored = stored_scores(inventory)
        if stored is not None:
            return stored
    return live_scores(inventory)
