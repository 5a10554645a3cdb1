"""Figures of a scope (a campaign's collectivité, one directorate or one service) for studies.

Reads the current score snapshots of the *validated* inventories of the scope and turns the
stored role measures back into one pandas frame; nothing is re-scored. Aggregates reuse
``impact.scoring.aggregates`` (headcount-weighted means, the ladder) and the ladder's P10-P90 band
comes from ``impact.scoring.uncertainty.simulate`` run on the tasks rebuilt from the stored receipts.

Every public function takes model instances and returns plain dicts and lists of Python
scalars (NaN becomes None): no DataFrame leaves this module (CONTRIBUTING.md). A scope costs five
SQL queries whatever its size: inventories, current snapshots, their role scores, the tasks
of the validated inventories and the organisation chart's headcount.

Exposure is a share of working time, never a number of jobs. "Exposed time" below is counted
in agent-equivalents: each agent counts the share of its role's time that is exposed (beta),
so the exposed time of a group is the sum of headcount x beta, consistent with the
headcount-weighted means of ``impact.scoring.aggregates``.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db.models import Sum

from impact.scores.models import InventoryScore, chosen_snapshots
from impact.scoring import (
    DATA_CLASSES,
    DEPLOYABLE,
    EPSILON,
    FREED_HOURS,
    SCENARIOS,
    MethodParameters,
    aggregates,
    sensitivity,
    uncertainty,
)
from impact.scoring.ilo import CATEGORIES_2023, GRADIENTS_2025
from services.models import Organisation, Role
from surveys.models import Inventory, InventoryTask
from surveys.task_types import load_task_types
from surveys.validation import changed_defaults, task_defaults

MEASURES = ("alpha", "beta", "zeta", "mean", "sd", "auto", "aug", "low", "none", *DEPLOYABLE)
ROLE_FIELDS = (
    "n_tasks", *MEASURES, "beta_p10", "beta_p50", "beta_p90", "mean_p10", "mean_p50",
    "mean_p90", "gradient_2025", "category_2023", "hours", *FREED_HOURS, "ilo_mean", "ilo_sd",
    "ilo_gradient", "a_discuter",
)  # fmt: skip
GROUP_FIELDS = ("n_roles", "headcount", "fte", "hours", *MEASURES, *FREED_HOURS)
LOW_SENSITIVITY = ("D0", "D1")
SENSITIVE = ("D2", "D3", "D4")
TOP_TASKS = 3
# The task columns the uncertainty simulation reads from the rebuilt receipts.
SIMULATION_TASK_COLUMNS = [
    "role", "task", "time_share", "exposure", "intensity", "accountable", "physical", "data_class",
]  # fmt: skip
MIXED_PARAMETERS_NOTE = (
    "Les calculs des services de ce périmètre ont utilisé des paramètres différents : "
    "l'intervalle P10–P90 de l'échelle est calculé avec les paramètres actuels de la méthode ; "
    "les mesures de chaque poste gardent les paramètres de leur calcul."
)


# Loading: five queries -------------------------------------------------------------------


def _scope_filter(prefix: str, campaign, directorate, service) -> dict:
    """Lookups restricting ``<prefix>`` (a path to an Inventory) to the campaign and scope."""
    lookups = {f"{prefix}campaign": campaign}
    if service is not None:
        lookups[f"{prefix}service"] = service
    elif directorate is not None:
        lookups[f"{prefix}service__directorate"] = directorate
    return lookups


def _load(campaign, directorate, service, method_version=None) -> dict:
    inventories = list(
        Inventory.objects.filter(**_scope_filter("", campaign, directorate, service))
        .select_related("service__directorate__organisation")
        .order_by("service__directorate__name", "service__name", "pk")
    )
    validated = {"status": Inventory.Status.VALIDATED}
    scores = list(
        InventoryScore.objects.filter(
            chosen_snapshots(method_version),
            **_scope_filter("inventory__", campaign, directorate, service),
            **{f"inventory__{key}": value for key, value in validated.items()},
        )
        .order_by("pk")
        .prefetch_related("roles")
    )
    tasks = list(
        InventoryTask.objects.filter(
            **_scope_filter("inventory_role__inventory__", campaign, directorate, service),
            inventory_role__inventory__status=Inventory.Status.VALIDATED,
            inventory_role__no_longer_exists=False,
        )
        .select_related("inventory_role")
        .order_by("inventory_role__title", "position", "pk")
    )
    chart = Role.objects.filter(
        **_scope_filter("service__inventories__", campaign, directorate, service)
    ).aggregate(total=Sum("headcount"))
    return {
        "inventories": inventories,
        "scores": scores,
        "tasks": tasks,
        "agents_in_scope": int(chart["total"] or 0),
    }


# Plain values -----------------------------------------------------------------------------


def _plain(value):
    """A JSON-ready scalar: numpy types become Python, NaN and infinities become None."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict]:
    columns = [c for c in columns if c in frame.columns]
    return [
        {name: _plain(value) for name, value in row.items()}
        for row in frame[columns].to_dict("records")
    ]


def collate(text) -> str:
    """A sort key for French names, the same on every database: accents and case ignored
    ("État civil" sorts between "Espaces verts" and "Finances")."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Frames (internal) ------------------------------------------------------------------------


def _role_frame(scores: list[InventoryScore], inventories: dict) -> pd.DataFrame:
    """One row per stored role score, with its service and directorate (ids and names)."""
    rows = []
    for score in scores:
        inventory = inventories[score.inventory_id]
        for role in score.roles.all():
            row = {name: getattr(role, name) for name in ROLE_FIELDS}
            row |= {
                "role": role.pk,
                "title": role.title,
                "headcount": role.headcount,
                "fte": float(role.fte),
                "isco_code": role.isco_code,
                "inventory_id": inventory.pk,
                "service_id": inventory.service_id,
                "service": inventory.service.name,
                "directorate_id": inventory.service.directorate_id,
                "directorate": inventory.service.directorate.name,
            }
            rows.append(row)
    columns = ["role", "title", "headcount", "fte", *ROLE_FIELDS, "service_id", "directorate_id"]
    return pd.DataFrame(
        rows, columns=[*columns, "isco_code", "inventory_id", "service", "directorate"]
    )


def _task_frame(scores: list[InventoryScore], roles: pd.DataFrame) -> pd.DataFrame:
    """The tasks of every role, rebuilt from the stored receipts (the engine's task columns)."""
    rows = [
        {
            "role": role.pk,
            "task": line.get("task") or "—",
            "time_share": line["share"],
            "exposure": line["exposure"],
            "intensity": line["intensity"],
            "accountable": bool(line.get("accountable")),
            # Set once the engine records the type's physical flag in receipts; older ones lack it.
            "physical": bool(line.get("physical")),
            "data_class": line.get("data_class") or "",
            "contribution_beta": line.get("contribution_beta") or 0.0,
            "contribution_mu": line.get("contribution_mu") or 0.0,
        }
        for score in scores
        for role in score.roles.all()
        for line in role.receipt
    ]
    columns = ["role", "task", "time_share", "exposure", "intensity", "accountable", "physical",
               "data_class", "contribution_beta", "contribution_mu"]  # fmt: skip
    tasks = pd.DataFrame(rows, columns=columns)
    keys = roles.set_index("role")[["headcount", "service_id", "directorate_id"]]
    return tasks.join(keys, on="role")


# Figures ----------------------------------------------------------------------------------


def _coverage(loaded: dict, roles: pd.DataFrame) -> dict:
    inventories = loaded["inventories"]
    validated = sum(i.status == Inventory.Status.VALIDATED for i in inventories)
    covered = int(roles["headcount"].sum()) if not roles.empty else 0
    in_scope = loaded["agents_in_scope"]
    return {
        "inventories_total": len(inventories),
        "inventories_validated": validated,
        "inventories_share": validated / len(inventories) if inventories else None,
        "roles_scored": len(roles),
        "agents_covered": covered,
        "agents_in_scope": in_scope,
        "agents_share": covered / in_scope if in_scope else None,
    }


def _exposed_time(frame: pd.DataFrame, by: str) -> pd.Series:
    """Share of the scope's exposed time (headcount x beta) held by each group."""
    exposed = frame["headcount"].astype(float) * frame["beta"]
    total = exposed.sum()
    grouped = exposed.groupby(frame[by]).sum()
    return grouped / total if total > EPSILON else grouped * np.nan


def _group_rows(roles: pd.DataFrame, by: str, labels: list[str]) -> list[dict]:
    """Headcount-weighted measures per group, with its share of the exposed time."""
    if roles.empty:
        return []
    table = aggregates.aggregate(roles, by=by)
    table["exposed_time_share"] = _exposed_time(roles, by)
    names = roles.groupby(by)[labels].first()
    table = table.join(names).reset_index().rename(columns={by: "key"})
    table = table.sort_values(
        [*labels, "key"], key=lambda c: c.map(collate) if c.name in labels else c, kind="stable"
    )
    rows = _records(table, ["key", *labels, *GROUP_FIELDS, "exposed_time_share"])
    return [
        row | {"n_roles": int(row["n_roles"]), "headcount": int(row["headcount"])} for row in rows
    ]


def _summary(roles: pd.DataFrame) -> dict:
    if roles.empty:
        return dict.fromkeys(GROUP_FIELDS) | {"n_roles": 0, "headcount": 0}
    row = aggregates.aggregate(roles).iloc[0]
    summary = {name: _plain(row[name]) for name in GROUP_FIELDS}
    return summary | {"n_roles": int(row["n_roles"]), "headcount": int(row["headcount"])}


def _distribution(roles: pd.DataFrame, column: str, codes: tuple[str, ...]) -> list[dict]:
    """Agents and share of agents by ILO class, in the ILO order (every class listed)."""
    heads = roles.groupby(column)["headcount"].sum() if not roles.empty else pd.Series(dtype=float)
    total = float(heads.sum())
    return [
        {
            "code": code,
            "headcount": int(heads.get(code, 0)),
            "share": float(heads.get(code, 0)) / total if total > 0 else None,
        }
        for code in codes
    ]


def _ladder(roles: pd.DataFrame, tasks: pd.DataFrame, params: MethodParameters) -> list[dict]:
    """The ladder of shares of agents with its references, and P10/P50/P90 of each rung."""
    if roles.empty:
        return [
            {"rung": r["code"], **{k: r[k] for k in ("label", "definition", "reference", "source")}}
            | {"share": None, "p10": None, "p50": None, "p90": None}
            for r in aggregates.LADDER_RUNGS
        ]
    table = aggregates.ladder(roles)
    simulated = uncertainty.simulate(
        tasks[SIMULATION_TASK_COLUMNS],
        roles[["role", "headcount"]],
        params,
    ).ladder
    table = table.merge(simulated[["rung", "p10", "p50", "p90"]], on="rung", how="left")
    columns = ["rung", "label", "definition", "share", "p10", "p50", "p90", "reference", "source"]
    return _records(table, columns)


def _class_shares(tasks: pd.DataFrame, weight: pd.Series, by: str) -> dict:
    """Per group of ``by``, the share of ``weight`` by data class D0-D4 (None if no weight)."""
    frame = pd.DataFrame({"key": tasks[by], "data_class": tasks["data_class"], "weight": weight})
    table = frame.pivot_table(
        index="key", columns="data_class", values="weight", aggfunc="sum", fill_value=0.0
    ).reindex(columns=list(DATA_CLASSES), fill_value=0.0)
    totals = table.sum(axis=1)
    shares = table.div(totals.where(totals > EPSILON), axis=0)
    return {key: {d: _plain(row[d]) for d in DATA_CLASSES} for key, row in shares.iterrows()}


def _data_classes(tasks: pd.DataFrame, roles: pd.DataFrame) -> list[dict]:
    """Exposed time by data class over the scope: share of exposed time, share of all time."""
    if tasks.empty:
        return [{"data_class": d, "share": None, "share_of_time": None} for d in DATA_CLASSES]
    exposed = tasks["contribution_beta"] * tasks["headcount"]
    by_class = (
        exposed.groupby(tasks["data_class"]).sum().reindex(list(DATA_CLASSES), fill_value=0.0)
    )
    heads = float(roles["headcount"].sum())
    total = float(by_class.sum())
    return [
        {
            "data_class": d,
            "share": float(by_class[d]) / total if total > EPSILON else None,
            "share_of_time": float(by_class[d]) / heads if heads > 0 else None,
        }
        for d in DATA_CLASSES
    ]


def _role_rows(roles: pd.DataFrame, tasks: pd.DataFrame) -> dict[int, list[dict]]:
    """Per inventory, its roles with data classes of their time and their 3 driving tasks."""
    time_by_class = _class_shares(tasks, tasks["time_share"], "role")
    ranked = tasks.sort_values(
        ["role", "contribution_beta", "contribution_mu"],
        ascending=[True, False, False],
        kind="stable",
    )
    top = ranked.groupby("role", sort=False).head(TOP_TASKS)
    top_columns = ["task", "time_share", "exposure", "intensity", "data_class", "contribution_beta"]
    # One conversion for all roles: converting each role's small frame took seconds at 90,000 agents.
    top_tasks: dict = {}
    for role, record in zip(top["role"], _records(top, top_columns), strict=True):
        top_tasks.setdefault(_plain(role), []).append(record)
    columns = ["role", "title", "headcount", "fte", "isco_code", "inventory_id", *ROLE_FIELDS]
    result: dict[int, list[dict]] = {}
    ordered = roles.sort_values(
        ["title", "role"], key=lambda c: c.map(collate) if c.name == "title" else c, kind="stable"
    )
    for row in _records(ordered, columns):
        shares = time_by_class.get(row["role"], {})
        row["a_discuter"] = bool(row["a_discuter"])
        row["data_classes"] = [
            {"data_class": d, "share": shares[d]} for d in DATA_CLASSES if shares.get(d)
        ]
        row["top_tasks"] = top_tasks.get(row["role"], [])
        result.setdefault(row.pop("inventory_id"), []).append(row)
    return result


# Opportunities and scenarios (pure rules) ------------------------------------------------


def opportunity_score(beta: float | None, low_sensitivity: float | None, yearly_requests) -> float:
    """Rank score of a service as an opportunity for the public service (higher first).

    score = beta x (1 + d) / 2 x log10(1 + V), where beta is the service's headcount-weighted
    share of working time exposed (0-1), d the share of its exposed time spent on public or
    internal data (D0/D1, 0-1; 0 when nothing is exposed) and V the number of requests the
    service handles a year as declared in the questionnaire (0 when not declared). Exposure
    counts most; sensitive data at most halves the score (a city-hosted tool may still be
    deployed); volume counts on a log scale so that a very large service does not hide the
    others. Units: a dimensionless number, only meaningful to rank services of one study.
    """
    beta = beta or 0.0
    low = low_sensitivity or 0.0
    volume = max(float(yearly_requests or 0.0), 0.0)
    return beta * (1.0 + low) / 2.0 * math.log10(1.0 + volume)


def required_scenario(beta: float | None, deployable: dict) -> str | None:
    """The lowest tooling scenario k1-k3 under which deployable exposure is at least half the
    technical exposure (beta_dep_k >= beta / 2), or None when no scenario reaches it or nothing
    is exposed. ``deployable`` maps k1/k2/k3 (or beta_dep_k1...) to shares of working time.
    Source: docs/methodology.md "Confidentiality: deployable exposure".
    """
    if not beta or beta <= EPSILON:
        return None
    for scenario in SCENARIOS:
        value = deployable.get(scenario, deployable.get(f"beta_dep_{scenario}"))
        if value is not None and value >= beta / 2 - EPSILON:
            return scenario
    return None


def yearly_requests(answers: dict) -> float | None:
    """The declared number of requests a year (service.yearly_requests), None when absent."""
    value = (answers.get("service") or {}).get("yearly_requests")
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number >= 0 else None


def rank_opportunities(services: list[dict]) -> list[dict]:
    """Services ranked by ``opportunity_score`` (then beta, then name), each with its rank.

    Each service needs beta, low_sensitivity, yearly_requests and name; the rows come back as
    new dicts with ``score``, ``scenario`` and ``rank`` added.
    """
    scored = [
        service
        | {
            "score": opportunity_score(
                service["beta"], service["low_sensitivity"], service["yearly_requests"]
            ),
            "scenario": required_scenario(service["beta"], service),
        }
        for service in services
    ]
    scored.sort(key=lambda s: (-s["score"], -(s["beta"] or 0.0), collate(s["name"])))
    return [service | {"rank": rank} for rank, service in enumerate(scored, start=1)]


# Changed defaults -------------------------------------------------------------------------


def _changed_defaults(tasks: list[InventoryTask], inventories: dict) -> list[dict]:
    """Every task whose class or intensity differs from its type's default, with the reason."""
    labels = {t.code: t.label for t in load_task_types()}
    rows = []
    for task in tasks:
        if not changed_defaults(task):
            continue
        inventory = inventories[task.inventory_role.inventory_id]
        default = task_defaults(task)
        rows.append(
            {
                "directorate": inventory.service.directorate.name,
                "service": inventory.service.name,
                "role": task.inventory_role.title,
                "task": task.description,
                "task_type": labels.get(task.task_type, task.task_type),
                "default_exposure": default["exposure"],
                "chosen_exposure": task.exposure or default["exposure"],
                "default_intensity": _intensity(default["intensity"]),
                "chosen_intensity": _intensity(task.intensity or default["intensity"]),
                "justification": task.justification,
            }
        )
    rows.sort(
        key=lambda r: tuple(collate(r[k]) for k in ("directorate", "service", "role", "task"))
    )
    return rows


def _intensity(value) -> float | None:
    return float(value) if value not in (None, "") else None


# Parameters -------------------------------------------------------------------------------


def _parameters(scores: list[InventoryScore], current: MethodParameters) -> tuple:
    """(parameters for the Monte-Carlo, method version, note): the snapshots' own parameters
    when they all used the same; the current settings, with a note, when they differ."""
    distinct = {json.dumps(s.parameters, sort_keys=True): s for s in scores}
    if len(distinct) == 1:
        stored = next(iter(distinct.values()))
        version = stored.parameters.get("method_version") or stored.method_version
        return MethodParameters.from_dict(stored.parameters), version, None
    version = current.to_dict()["method_version"]
    return current, version, MIXED_PARAMETERS_NOTE if distinct else None


# Public entry points ----------------------------------------------------------------------


def scope_figures(
    campaign, *, directorate=None, service=None, params: MethodParameters, method_version=None
) -> dict:
    """Every figure of a scope: the validated inventories of ``campaign`` in the whole
    collectivité (no directorate, no service), one directorate or one service.

    Keys: organisation; coverage; summary (headcount-weighted means, sums of agents, FTE and
    hours); gradients and categories (agents by ILO class); ladder (rungs with share, P10/P50/P90
    and references); parameters, method_version and parameters_note (what the Monte-Carlo used);
    by_directorate and by_service (group rows with exposed_time_share); data_classes (exposed time
    by data class); services (one per validated inventory: name, directorate, answers,
    headcount, beta, deployable, data classes of its exposed time, low_sensitivity,
    yearly_requests and roles); changed_defaults. Shares are 0-1. Five queries.
    ``method_version``: read each inventory's latest snapshot made under that version instead
    of its current one (``chosen_snapshots``).
    """
    loaded = _load(campaign, directorate, service, method_version)
    loaded["inventories"].sort(
        key=lambda i: (collate(i.service.directorate.name), collate(i.service.name), i.pk)
    )
    inventories = {i.pk: i for i in loaded["inventories"]}
    roles = _role_frame(loaded["scores"], inventories)
    tasks = _task_frame(loaded["scores"], roles)
    used, version, note = _parameters(loaded["scores"], params)
    services = _services(loaded["inventories"], roles, tasks)
    return {
        "organisation": _organisation(loaded["inventories"]),
        "coverage": _coverage(loaded, roles),
        "summary": _summary(roles),
        "gradients": _distribution(roles, "gradient_2025", GRADIENTS_2025),
        "categories": _distribution(roles, "category_2023", CATEGORIES_2023),
        "ladder": _ladder(roles, tasks, used),
        "parameters": used.to_dict(),
        "method_version": version,
        "parameters_note": note,
        "by_directorate": _group_rows(roles, "directorate_id", ["directorate"]),
        "by_service": _group_rows(roles, "service_id", ["directorate", "service"]),
        "data_classes": _data_classes(tasks, roles),
        "services": services,
        "changed_defaults": _changed_defaults(loaded["tasks"], inventories),
        "sensitivity": _sensitivity(loaded["scores"], roles, tasks, services, used),
    }


# Sensitivity ------------------------------------------------------------------------------


def _ranked_names(rows: list[dict]) -> list[str]:
    return [row["name"] for row in rank_opportunities(rows)]


def _sensitivity(scores, roles: pd.DataFrame, tasks: pd.DataFrame, services, params) -> dict:
    """The scope's sensitivity table (``impact.scoring.sensitivity``), computed once per set of
    snapshots and parameters: a page that reads the same snapshots finds it in the cache."""
    key = hashlib.sha256(
        json.dumps(
            [sorted((s.pk, s.computed_at.isoformat()) for s in scores),
             sorted(s["service_id"] for s in services),
             params.to_dict()], sort_keys=True, default=str,
        ).encode()
    ).hexdigest()  # fmt: skip
    cache_key = f"impact:sensitivity:{key}"
    table = cache.get(cache_key)
    if table is None:
        frame = pd.DataFrame(
            [{"service_id": s["service_id"], "name": s["name"],
              "yearly_requests": s["yearly_requests"]} for s in services],
            columns=["service_id", "name", "yearly_requests"],
        )  # fmt: skip
        computed = sensitivity.sensitivity(
            tasks[["role", "task", "time_share", "exposure", "intensity", "accountable",
                   "data_class"]],
            roles[["role", "headcount", "fte", "service_id"]],
            frame, _ranked_names, params,
        )  # fmt: skip
        table = json.loads(json.dumps(computed, default=_plain))
        cache.set(cache_key, table, timeout=None)
    return table


def _organisation(inventories: list[Inventory]) -> str:
    """The collectivité's name (one per deployment); one more query only for an empty scope."""
    if inventories:
        return inventories[0].service.directorate.organisation.name
    return Organisation.objects.order_by("pk").values_list("name", flat=True).first() or ""


def _services(inventories: list[Inventory], roles: pd.DataFrame, tasks: pd.DataFrame) -> list:
    """One entry per validated inventory of the scope, in directorate and service order."""
    by_service = {row["key"]: row for row in _group_rows(roles, "service_id", ["service"])}
    role_rows = _role_rows(roles, tasks) if not roles.empty else {}
    exposed = tasks["contribution_beta"] * tasks["headcount"]
    classes = _class_shares(tasks, exposed, "service_id") if not tasks.empty else {}
    services = []
    for inventory in inventories:
        if inventory.status != Inventory.Status.VALIDATED:
            continue
        group = by_service.get(inventory.service_id, {})
        shares = classes.get(inventory.service_id, dict.fromkeys(DATA_CLASSES))
        known = [shares[d] for d in DATA_CLASSES if shares[d] is not None]
        services.append(
            {
                "service_id": inventory.service_id,
                "name": inventory.service.name,
                "directorate": inventory.service.directorate.name,
                "answers": inventory.answers or {},
                "headcount": group.get("headcount") or 0,
                "beta": group.get("beta"),
                **{name: group.get(name) for name in DEPLOYABLE},
                "exposed_by_class": shares,
                "low_sensitivity": sum(shares[d] or 0.0 for d in LOW_SENSITIVITY)
                if known
                else None,
                "sensitive": sum(shares[d] or 0.0 for d in SENSITIVE) if known else None,
                "yearly_requests": yearly_requests(inventory.answers or {}),
                "roles": role_rows.get(inventory.pk, []),
            }
        )
    return services
