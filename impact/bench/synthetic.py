"""A synthetic collectivité of any size, for tests and benchmarks (``generate_synthetic``).

``synthetic_collectivite_create(...)`` writes the plan of ``impact.bench.plan`` with
``bulk_create`` and scores every validated inventory with the engine's own functions
(``impact.scoring``) in one pass per campaign: the measures and receipts are exactly those
``impact.scores.selectors.compute_scores`` gives, only the Monte-Carlo's random numbers differ
(see ``_score``). Everything here is invented.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

from impact import scoring
from impact.bench.plan import LADDER_COLUMNS, LAST_YEAR, Plan, fte_of, plan_collectivite
from impact.scores.actions import role_score_build
from impact.scores.frames import task_record
from impact.scores.models import InventoryScore, RoleScore
from impact.scores.selectors import SUMMARY_FIELDS, method_parameters, method_settings_get
from impact.scoring import aggregates, uncertainty
from services.models import Directorate, Organisation, Role, Service
from surveys.actions.questionnaires import questionnaire_load
from surveys.models import Campaign, Inventory, InventoryRole, InventoryTask
from surveys.questionnaires import shipped_questionnaire_files


class SyntheticConflictError(Exception):
    """The database already holds a collectivité: synthetic data would mix with it."""


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic
def synthetic_collectivite_create(*, agents: int, seed: int, campaigns: int = 1) -> dict:
    """Write the plan of ``plan_collectivite`` and score its validated inventories.

    Refuses (SyntheticConflictError) when an organisation already exists: use a fresh
    database. Returns counts of what was created (directorates, services, roles, agents,
    campaigns, inventories, validated, tasks, role_scores).
    """
    if Organisation.objects.exists():
        raise SyntheticConflictError(
            "La base contient déjà une collectivité : utilisez une base neuve."
        )
    plan = plan_collectivite(agents, seed, campaigns)
    questionnaire, _status = questionnaire_load(path=shipped_questionnaire_files()[0])
    organisation = Organisation.objects.create(name=plan.organisation)
    services = _write_chart(plan, organisation)
    counts = {"tasks": 0, "inventories": 0, "validated": 0, "role_scores": 0}
    params = method_parameters(method_settings_get())
    for number in range(campaigns):
        year = LAST_YEAR - campaigns + 1 + number
        campaign = Campaign.objects.create(
            title=f"Campagne synthétique {year}",
            slug=f"synthetique-{year}",
            questionnaire=questionnaire,
            opens_on=datetime.date(year, 3, 1),
            closes_on=datetime.date(year, 4, 30),
            status=Campaign.Status.CLOSED,
        )
        for key, value in _write_campaign(plan, services, campaign, number, params).items():
            counts[key] += value
    roles = [r for d in plan.directorates for s in d.services for r in s.roles]
    return counts | {
        "directorates": len(plan.directorates),
        "services": len(services),
        "roles": len(roles),
        "agents": plan.agents,
        "campaigns": campaigns,
    }


def _write_chart(plan: Plan, organisation: Organisation) -> list[tuple]:
    """(service, planned service, its chart roles by title) for every service."""
    directorates = Directorate.objects.bulk_create(
        Directorate(organisation=organisation, name=d.name) for d in plan.directorates
    )
    pairs = [
        (Service(directorate=directorate, name=service.name), service)
        for directorate, planned in zip(directorates, plan.directorates, strict=True)
        for service in planned.services
    ]
    Service.objects.bulk_create([service for service, _planned in pairs], batch_size=1000)
    chart = [
        [
            Role(
                service=service,
                title=role.title,
                headcount=role.headcount,
                fte=role.fte,
                job_family=role.family,
                isco_code=role.isco_code,
            )
            for role in planned.roles
        ]
        for service, planned in pairs
    ]
    Role.objects.bulk_create([role for roles in chart for role in roles], batch_size=1000)
    return [
        (service, planned, {role.title: role for role in roles})
        for (service, planned), roles in zip(pairs, chart, strict=True)
    ]


def _write_campaign(plan, services, campaign: Campaign, number: int, params) -> dict:
    """One campaign's inventories, roles, tasks and score snapshots, in bulk."""
    day = campaign.opens_on + datetime.timedelta(days=30)
    inventories = Inventory.objects.bulk_create(
        (
            Inventory(
                campaign=campaign,
                service=service,
                status=Inventory.Status.VALIDATED if planned.filled[number] else Inventory.Status.NOT_STARTED,
                answers=planned.answers[number] if planned.filled[number] else {},
                revision=len(planned.roles) + 6 if planned.filled[number] else 0,
                submitted_at=_at(day, 16) if planned.filled[number] else None,
                validated_at=_at(day + datetime.timedelta(days=5), 11) if planned.filled[number] else None,
            )
            for service, planned, _chart in services
        ),
        batch_size=1000,
    )  # fmt: skip
    described = []
    for inventory, (_service, planned, chart) in zip(inventories, services, strict=True):
        for role in planned.roles:
            row = InventoryRole(
                inventory=inventory,
                role=chart[role.title],
                title=role.title,
                headcount=role.headcounts[number],
                fte=fte_of(role.headcounts[number], role.headcount, str(role.fte)),
                isco_code=role.isco_code,
            )
            described.append((row, role, inventory))
    InventoryRole.objects.bulk_create([row for row, _r, _i in described], batch_size=1000)
    tasks = [
        InventoryTask(
            inventory_role=row,
            position=position,
            description=task.description,
            time_share=Decimal(task.share),
            task_type=task.task_type,
            data_class=task.data_class,
            accountable=task.accountable,
            exposure=task.exposure,
            intensity=task.intensity,
            justification=task.justification,
        )
        for row, role, inventory in described
        if inventory.status == Inventory.Status.VALIDATED
        for position, task in enumerate(role.tasks[number])
    ]
    InventoryTask.objects.bulk_create(tasks, batch_size=2000)
    scored = _score(inventories, described, tasks, params)
    validated = sum(i.status == Inventory.Status.VALIDATED for i in inventories)
    return {"inventories": len(inventories), "validated": validated, "tasks": len(tasks)} | {
        "role_scores": scored
    }


def _score(inventories, described, tasks, params: scoring.MethodParameters) -> int:
    """Score every validated inventory of a campaign with the engine, in one pass, and store
    the snapshots in bulk.

    Measures and receipts are per role, so scoring all the campaign's roles at once gives
    exactly what ``compute_scores`` gives inventory by inventory (a test checks it). The
    P10-P90 come from one seeded Monte-Carlo over all the campaign's tasks: the same method
    and seed as an inventory-by-inventory run, but other random numbers, hence slightly
    different percentiles. That is what makes 90,000 agents take seconds, not minutes.
    """
    validated = {i.pk for i in inventories if i.status == Inventory.Status.VALIDATED}
    rows = [(row, inventory) for row, _role, inventory in described if inventory.pk in validated]
    by_role: dict[int, list] = {}
    for task in tasks:
        by_role.setdefault(task.inventory_role_id, []).append(task)
    task_table = pd.DataFrame(
        [task_record(task, row.pk) for row, _inventory in rows for task in by_role.get(row.pk, [])]
    )
    if task_table.empty:
        return 0
    role_table = pd.DataFrame(
        [
            {"role": row.pk, "title": row.title, "headcount": row.headcount,
             "fte": float(row.fte), "isco_code": row.isco_code, "inventory": inventory.pk}
            for row, inventory in rows
            if row.pk in by_role
        ]
    )  # fmt: skip
    scored = scoring.score_roles(task_table, role_table, params)
    simulated = uncertainty.simulate(task_table, role_table, params).roles
    receipts = _receipts(task_table, params)
    snapshots = _snapshots(inventories, scored, params)
    described_rows = {row.pk: row for row, _inventory in rows}
    InventoryScore.objects.bulk_create(snapshots.values(), batch_size=500)
    role_scores = [
        role_score_build(
            score=snapshots[values["inventory"]],
            role=described_rows[key],
            values={name: _plain(value) for name, value in values.items()}
            | {name: _plain(value) for name, value in simulated.loc[key].items()}
            | {"receipt": receipts[key]},
        )
        for key, values in scored.to_dict("index").items()
    ]
    RoleScore.objects.bulk_create(role_scores, batch_size=500)
    return len(role_scores)


def _snapshots(inventories, scored: pd.DataFrame, params) -> dict[int, InventoryScore]:
    """One InventoryScore per scored inventory, with the summary ``inventory_score`` stores."""
    summaries = aggregates.aggregate(scored, by="inventory")
    ladders = aggregates.ladder(scored, by="inventory")
    ladders["group"] = aggregates.WHOLE
    snapshots = {}
    for inventory in inventories:
        if inventory.pk not in summaries.index:
            continue
        summary = summaries.loc[inventory.pk]
        ladder = ladders[ladders["inventory"] == inventory.pk].drop(columns="inventory")
        snapshots[inventory.pk] = InventoryScore(
            inventory=inventory,
            inventory_revision=inventory.revision,
            trigger=InventoryScore.Trigger.VALIDATED,
            method_version=scoring.METHOD_VERSION,
            parameters=params.to_dict(),
            summary={
                "measures": {n: _plain(summary[n]) for n in SUMMARY_FIELDS if n in summary},
                "ladder": [
                    {name: _plain(value) for name, value in rung.items()}
                    for rung in ladder[LADDER_COLUMNS].to_dict("records")
                ],
            },
        )
    return snapshots


def _receipts(task_table: pd.DataFrame, params) -> dict:
    """Every role's receipt of calculation, as ``scoring.receipt`` gives it role by role."""
    prepared = scoring.prepare_tasks(task_table, params)
    table = prepared[["role", "task", "task_type", "share"]].copy()
    table["exposure"] = np.array(scoring.EXPOSURE_CLASSES)[prepared["exposure"]]
    table["intensity"] = prepared["intensity"]
    table["intensity_source"] = prepared["intensity_source"]
    table["accountable"] = prepared["accountable"]
    table["data_class"] = np.array(scoring.DATA_CLASSES)[prepared["data_class"]]
    table["weight_source"] = prepared["weight_source"]
    table["contribution_beta"] = prepared["share"] * scoring.BETA_WEIGHTS[prepared["exposure"]]
    table["contribution_mu"] = prepared["share"] * prepared["intensity"]
    table["_code"] = prepared["role_code"]
    table = table.sort_values(
        ["_code", "contribution_beta", "contribution_mu"],
        ascending=[True, False, False],
        kind="stable",
    )
    receipts: dict = {}
    for record in table.drop(columns="_code").to_dict("records"):
        role = record.pop("role")
        receipts.setdefault(role, []).append({k: _plain(v) for k, v in record.items()})
    return receipts


def _plain(value):
    """A JSON- and database-safe scalar: numpy types become Python, NaN becomes None."""
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value
