"""A synthetic collectivité of any size, for tests and benchmarks (``generate_synthetic``).

``plan_collectivite(agents, seed, campaigns)`` draws, deterministically for a seed, an
organisation chart shaped like the demo's (``services.demo_data``: its directorates, services,
titles, job families and ISCO codes) and the answers of each campaign: a town of about 3,000
agents is the demo's chart with noisy headcounts; a smaller one keeps a sample of its services;
a larger one splits each directorate into territorial poles and each service into sectors, as
large départements and métropoles do, while unique posts (a director, a chargé de mission)
stay unique. Tasks are drawn from the reference task types (``surveys/data/task_types.json``)
according to each role's job family, or are the demo heads' own tasks when the title is one
the demo describes; their shares are multiples of 5 % that sum to 100 %.

``synthetic_collectivite_create(...)`` writes the plan with ``bulk_create`` and scores every
validated inventory with the engine's own functions (``impact.scoring``, ``impact.aggregates``,
``impact.uncertainty``) in one pass per campaign: the measures and receipts are exactly those
``impact.actions.scores.compute_scores`` stores, only the Monte-Carlo's random numbers differ
(see ``_score``). Everything here is invented.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from django.db import transaction
from django.utils import timezone

from impact import aggregates, scoring, uncertainty
from impact.actions.scores import (
    ROLE_FIELDS,
    SUMMARY_FIELDS,
    method_parameters,
    method_settings_get,
)
from impact.inputs import task_record
from impact.models import InventoryScore, RoleScore
from services.demo_data import DIRECTORATES
from services.models import Directorate, Organisation, Role, Service
from surveys.actions.questionnaires import questionnaire_load
from surveys.demo_data import DEMO_INVENTORIES
from surveys.models import Campaign, Inventory, InventoryRole, InventoryTask
from surveys.questionnaires import shipped_questionnaire_files
from surveys.task_types import load_task_types

DEMO_AGENTS = sum(
    row[1] for _d, services in DIRECTORATES for _s, roles in services for row in roles
)
DEMO_SERVICES = sum(len(services) for _d, services in DIRECTORATES)
POLES = ("Nord", "Sud", "Est", "Ouest", "Centre", "Littoral", "Vallée", "Plateau")
UNIQUE_POST = 2  # a demo role of at most this many agents stays as it is when the chart grows
NOT_STARTED_SHARE = 0.04  # inventories of a closed campaign that were never filled
LAST_YEAR = 2026

# Job family → task types its agents typically do (codes of surveys/data/task_types.json),
# the most time-consuming first.
FAMILY_TASKS = {
    "Achat public": ("preparer-marche", "rediger-note", "conseiller-juridique", "rediger-courrier", "analyser-donnees"),
    "Affaires générales": ("rediger-courrier", "gerer-agenda", "traiter-courrier", "preparer-acte", "classer-archiver", "repondre-telephone"),
    "Affaires juridiques": ("conseiller-juridique", "rediger-contrat", "preparer-acte", "rediger-note", "instruire-dossier"),
    "Archives et documentation": ("classer-archiver", "saisir-donnees", "renseigner-usagers", "traduire-document"),
    "Arts et techniques du spectacle": ("animer-activite", "entretenir-batiments", "rediger-communication"),
    "Bibliothèques et centres documentaires": ("preter-documents", "renseigner-usagers", "animer-activite", "saisir-donnees"),
    "Citoyenneté et population": ("accueillir-guichet", "tenir-etat-civil", "instruire-dossier", "repondre-courriels", "renseigner-usagers", "saisir-donnees"),
    "Communication": ("rediger-communication", "traduire-document", "rediger-note", "analyser-donnees", "animer-reunion"),
    "Développement territorial": ("rediger-note", "analyser-donnees", "animer-reunion", "instruire-dossier"),
    "Direction générale": ("encadrer-equipe", "prendre-decision", "rediger-note", "animer-reunion", "preparer-budget"),
    "Éducation et animation": ("encadrer-enfants", "animer-activite", "etablir-plannings", "rediger-compte-rendu"),
    "Enseignements artistiques": ("animer-activite", "encadrer-enfants", "gerer-agenda"),
    "Entretien et services généraux": ("nettoyer-locaux", "gerer-stocks", "conduire-vehicule"),
    "Environnement": ("controler-terrain", "analyser-donnees", "rediger-note", "entretenir-espaces-verts"),
    "Espaces verts et paysage": ("entretenir-espaces-verts", "conduire-vehicule", "gerer-stocks", "etablir-plannings"),
    "Finances": ("executer-depense", "emettre-titres", "preparer-budget", "analyser-donnees", "saisir-donnees"),
    "Funéraire": ("accueillir-guichet", "instruire-dossier", "entretenir-espaces-verts", "prendre-decision"),
    "Habitat et logement": ("instruire-dossier", "accompagner-social", "repondre-courriels", "controler-terrain"),
    "Logistique et moyens généraux": ("gerer-stocks", "conduire-vehicule", "preparer-marche", "etablir-plannings"),
    "Patrimoine bâti": ("entretenir-batiments", "controler-terrain", "preparer-marche", "rediger-note"),
    "Patrimoine culturel": ("classer-archiver", "animer-activite", "rediger-communication", "accueillir-guichet"),
    "Petite enfance": ("encadrer-enfants", "soigner-accompagner", "preparer-repas", "rediger-compte-rendu"),
    "Propreté et déchets": ("collecter-dechets", "conduire-vehicule", "etablir-plannings"),
    "Ressources humaines": ("gerer-dossiers-agents", "preparer-paie", "organiser-recrutement", "repondre-courriels", "rediger-courrier"),
    "Restauration collective": ("preparer-repas", "nettoyer-locaux", "gerer-stocks"),
    "Santé": ("soigner-accompagner", "accompagner-social", "rediger-compte-rendu", "saisir-donnees"),
    "Sécurité": ("surveiller-voie-publique", "rediger-compte-rendu", "accueillir-guichet", "saisir-donnees"),
    "Social": ("accompagner-social", "instruire-dossier", "repondre-courriels", "rediger-courrier", "saisir-donnees"),
    "Sport": ("animer-activite", "entretenir-batiments", "accueillir-guichet", "etablir-plannings"),
    "Systèmes d'information": ("assister-informatique", "analyser-donnees", "rediger-note", "preparer-marche"),
    "Urbanisme et aménagement": ("instruire-urbanisme", "renseigner-usagers", "controler-terrain", "rediger-note", "prendre-decision"),
    "Voirie et infrastructures": ("entretenir-voirie", "conduire-vehicule", "controler-terrain", "preparer-marche"),
}  # fmt: skip
OFFICE_TASKS = ("rediger-courrier", "repondre-courriels", "animer-reunion", "rediger-compte-rendu")
JUSTIFICATIONS = (
    "Dans ce service, la tâche repose surtout sur des échanges oraux avec les usagers.",
    "Les modèles de documents du service sont déjà très normalisés.",
    "Une grande part du travail consiste à vérifier des pièces originales sur place.",
    "Le logiciel métier du service automatise déjà une partie de cette tâche.",
)
IMPROVEMENTS = (
    "faster_answers",
    "accessibility",
    "translation",
    "less_admin",
    "quality",
    "knowledge",
)
PUBLICS = ("habitants", "entreprises", "agents", "elus", "partenaires")
BANDS = ("0.125", "0.375", "0.625", "0.875")
LADDER_COLUMNS = ["group", "rung", "label", "definition", "share", "reference", "source"]


@dataclass
class PlannedTask:
    description: str
    share: int
    task_type: str
    data_class: str
    accountable: bool
    exposure: str = ""
    intensity: str = ""
    justification: str = ""


@dataclass
class PlannedRole:
    title: str
    headcount: int
    fte: Decimal
    family: str
    isco_code: str
    # One list of tasks (and one headcount) per campaign, oldest first.
    tasks: list[list[PlannedTask]] = field(default_factory=list)
    headcounts: list[int] = field(default_factory=list)


@dataclass
class PlannedService:
    name: str
    roles: list[PlannedRole]
    answers: list[dict] = field(default_factory=list)  # one per campaign
    filled: list[bool] = field(default_factory=list)  # one per campaign


@dataclass
class PlannedDirectorate:
    name: str
    services: list[PlannedService]


@dataclass
class Plan:
    organisation: str
    directorates: list[PlannedDirectorate]
    campaigns: int

    @property
    def agents(self) -> int:
        return sum(r.headcount for d in self.directorates for s in d.services for r in s.roles)


# Planning (pure, deterministic for a seed) --------------------------------------------------


def _demo_tasks() -> dict[str, tuple]:
    """The tasks the demo's heads described, by role title (the first complete one wins: the
    demo's drafts are left half done on purpose)."""
    scripted: dict[str, tuple] = {}
    for inventory in DEMO_INVENTORIES:
        for title, tasks in inventory.roles.items():
            if sum(task.share for task in tasks) == 100:
                scripted.setdefault(title, tasks)
    return scripted


def _poles(scale: float) -> tuple[int, int]:
    """(territorial poles per directorate, sectors per service and pole) for a scale factor."""
    if scale <= 1:
        return 1, 1
    poles = max(1, round(scale**0.35))
    return poles, max(1, round(scale**0.6 / poles))


def _pole_name(index: int) -> str:
    return POLES[index] if index < len(POLES) else f"{index + 1}"


def _shares(rng: np.random.Generator, n: int) -> list[int]:
    """n shares of working time in multiples of 5 %, each at least 5 %, summing to 100 %."""
    weights = rng.dirichlet(np.linspace(3.0, 1.0, n))
    units = np.maximum(1, np.floor(weights * 20).astype(int))
    while units.sum() > 20:
        units[int(np.argmax(units))] -= 1
    while units.sum() < 20:
        units[int(np.argmax(weights * 20 - units))] += 1
    return [int(u) * 5 for u in units]


def _drawn_tasks(rng: np.random.Generator, family: str) -> list[PlannedTask]:
    types = {t.code: t for t in load_task_types()}
    pool = FAMILY_TASKS.get(family, OFFICE_TASKS)
    count = int(rng.integers(min(3, len(pool)), len(pool) + 1))
    codes = [pool[0], *rng.choice(pool[1:], size=count - 1, replace=False).tolist()]
    if rng.random() < 0.4:
        extra = [c for c in OFFICE_TASKS if c not in codes]
        codes.append(str(rng.choice(extra)))
    tasks = []
    for code, share in zip(codes, _shares(rng, len(codes)), strict=True):
        kind = types[code]
        data_class = kind.data_class
        if data_class == "D2" and rng.random() < 0.1:
            data_class = "D3"  # a service handling social or health files
        task = PlannedTask(kind.label, share, code, data_class, kind.accountable)
        if rng.random() < 0.06:
            band = BANDS.index(f"{kind.intensity_band:g}")
            moved = min(len(BANDS) - 1, max(0, band + int(rng.choice([-1, 1]))))
            if moved != band:
                task.intensity = BANDS[moved]
                task.justification = str(rng.choice(JUSTIFICATIONS))
        tasks.append(task)
    return tasks


def _scripted_tasks(rows: tuple) -> list[PlannedTask]:
    types = {t.code: t for t in load_task_types()}
    return [
        PlannedTask(
            row.description,
            row.share,
            row.task_type,
            row.data_class,
            types[row.task_type].accountable if row.accountable is None else row.accountable,
            row.exposure,
            row.intensity,
            row.justification,
        )
        for row in rows
    ]


def _drift(rng: np.random.Generator, tasks: list[PlannedTask], family: str) -> list[PlannedTask]:
    """The next campaign's tasks of a role: most stay, a quarter of roles move."""
    if rng.random() >= 0.25 or len(tasks) < 2:
        return [PlannedTask(**vars(task)) for task in tasks]
    moved = [PlannedTask(**vars(task)) for task in tasks]
    if rng.random() < 0.5:
        pool = [c for c in FAMILY_TASKS.get(family, OFFICE_TASKS) if c != moved[-1].task_type]
        kind = {t.code: t for t in load_task_types()}[str(rng.choice(pool))]
        moved[-1] = PlannedTask(
            kind.label, moved[-1].share, kind.code, kind.data_class, kind.accountable
        )
    else:
        giver = max(range(len(moved)), key=lambda i: moved[i].share)
        taker = int(rng.integers(0, len(moved)))
        if giver != taker and moved[giver].share > 5:
            moved[giver].share -= 5
            moved[taker].share += 5
    return moved


def _headcount(rng, demo: int, factor: float) -> int:
    if demo <= UNIQUE_POST:
        return demo
    return max(1, round(demo * factor * float(rng.lognormal(0.0, 0.3))))


def _fte(headcount: int, demo_headcount: int, demo_fte: str) -> Decimal:
    ratio = Decimal(demo_fte) / demo_headcount if demo_headcount else Decimal("1")
    return (ratio * headcount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _answers(rng: np.random.Generator, name: str, directorate: str, headcount: int) -> dict:
    roll = rng.random()
    tools = (
        ["none"]
        if roll < 0.55
        else ["public_chatbot"]
        if roll < 0.8
        else ["city_tool"]
        if roll < 0.95
        else ["public_chatbot", "city_tool"]
    )
    ai_use: dict = {"tools": tools}
    if "none" not in tools:
        typed = sorted(rng.choice(["D0", "D1", "D2", "D3"], size=int(rng.integers(1, 3)), replace=False).tolist())  # fmt: skip
        ai_use |= {"data_typed": typed, "tasks_with_ai": "Premiers jets de courriers et de notes."}
    improvements = sorted(rng.choice(IMPROVEMENTS, size=int(rng.integers(0, 3)), replace=False).tolist())  # fmt: skip
    return {
        "service": {
            "missions": f"Missions du service « {name} » ({directorate}) : données synthétiques.",
            "public": sorted(rng.choice(PUBLICS, size=2, replace=False).tolist()),
            "yearly_requests": round(headcount * float(rng.lognormal(5.0, 1.0))),
        },
        "ai_use": ai_use,
        "opportunities": {"improvements": improvements},
        "concerns": {"agents_consulted": "yes" if rng.random() < 0.7 else "no"},
    }


def _demo_services(rng: np.random.Generator, scale: float) -> list[tuple[str, str, tuple]]:
    """(directorate, service, roles) of the demo chart; a sample of it below the demo's size."""
    rows = [(d, s, roles) for d, services in DIRECTORATES for s, roles in services]
    if scale >= 1:
        return rows
    keep = max(1, round(DEMO_SERVICES * scale))
    chosen = sorted(rng.choice(len(rows), size=keep, replace=False).tolist())
    return [rows[i] for i in chosen]


def plan_collectivite(agents: int, seed: int, campaigns: int = 1) -> Plan:
    """The synthetic collectivité for ``agents`` agents (about) and ``seed``; see the module."""
    rng = np.random.default_rng(seed)
    scale = agents / DEMO_AGENTS
    poles, sectors = _poles(scale)
    sampled = _demo_services(rng, scale)
    sampled_agents = sum(row[1] for _d, _s, roles in sampled for row in roles)
    factor = agents / (sampled_agents * poles * sectors) if scale >= 1 else agents / sampled_agents
    scripted = _demo_tasks()
    by_directorate: dict[str, PlannedDirectorate] = {}
    for pole in range(poles):
        for directorate, service, roles in sampled:
            name = directorate if poles == 1 else f"{directorate} — pôle {_pole_name(pole)}"
            planned = by_directorate.setdefault(name, PlannedDirectorate(name, []))
            for sector in range(sectors):
                label = service if sectors == 1 else f"{service} — secteur {sector + 1}"
                planned.services.append(
                    PlannedService(label, _planned_roles(rng, roles, factor, scripted))
                )
    plan = Plan(
        f"Collectivité synthétique (graine {seed})", list(by_directorate.values()), campaigns
    )
    _rescale(plan, agents)
    _plan_campaigns(rng, plan)
    return plan


def _planned_roles(rng, roles: tuple, factor: float, scripted: dict) -> list[PlannedRole]:
    planned = []
    for title, demo_headcount, demo_fte, family, isco in roles:
        headcount = _headcount(rng, demo_headcount, factor)
        role = PlannedRole(
            title, headcount, _fte(headcount, demo_headcount, demo_fte), family, isco
        )
        first = _scripted_tasks(scripted[title]) if title in scripted else None
        role.tasks.append(first or _drawn_tasks(rng, family))
        planned.append(role)
    return planned


def _rescale(plan: Plan, agents: int) -> None:
    """Bring the total close to ``agents`` by scaling the roles that are not unique posts."""
    roles = [r for d in plan.directorates for s in d.services for r in s.roles]
    fixed = sum(r.headcount for r in roles if r.headcount <= UNIQUE_POST)
    scalable = sum(r.headcount for r in roles if r.headcount > UNIQUE_POST)
    if scalable == 0:
        return
    ratio = max(agents - fixed, 0) / scalable
    for role in roles:
        if role.headcount > UNIQUE_POST:
            per_agent = role.fte / role.headcount
            role.headcount = max(UNIQUE_POST + 1, round(role.headcount * ratio))
            role.fte = (per_agent * role.headcount).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _plan_campaigns(rng: np.random.Generator, plan: Plan) -> None:
    """Per campaign: each role's headcount and tasks, each service's answers and whether it
    filled its inventory. The chart's headcount is the last campaign's."""
    for directorate in plan.directorates:
        for service in directorate.services:
            for number in range(plan.campaigns):
                for role in service.roles:
                    if number == 0:
                        role.headcounts.append(role.headcount)
                        continue
                    change = float(rng.normal(0.0, 0.08))
                    previous = role.headcounts[-1]
                    grown = (
                        previous
                        if previous <= UNIQUE_POST
                        else max(1, round(previous * (1 + change)))
                    )
                    role.headcounts.append(grown)
                    role.tasks.append(_drift(rng, role.tasks[-1], role.family))
                total = sum(role.headcounts[number] for role in service.roles)
                service.answers.append(_answers(rng, service.name, directorate.name, total))
                service.filled.append(bool(rng.random() >= NOT_STARTED_SHARE))
            for role in service.roles:
                role.headcount = role.headcounts[-1]


# Writing ----------------------------------------------------------------------------------


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
                fte=_fte(role.headcounts[number], role.headcount, str(role.fte)),
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
        _role_score(
            snapshots[values["inventory"]],
            described_rows[key],
            {name: _plain(value) for name, value in values.items()}
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


def _role_score(snapshot: InventoryScore, role, values: dict) -> RoleScore:
    """A RoleScore as ``impact.actions.scores.inventory_score`` stores it."""
    return RoleScore(
        score=snapshot,
        inventory_role=role,
        title=role.title,
        headcount=role.headcount,
        fte=role.fte,
        isco_code=role.isco_code,
        n_tasks=values["n_tasks"],
        beta_p10=values["beta_p10"], beta_p50=values["beta_p50"], beta_p90=values["beta_p90"],
        mean_p10=values["mean_p10"], mean_p50=values["mean_p50"], mean_p90=values["mean_p90"],
        ilo_mean=_finite(values.get("ilo_mean")),
        ilo_sd=_finite(values.get("ilo_sd")),
        ilo_gradient=values.get("ilo_gradient") or "",
        a_discuter=bool(values.get("a_discuter")),
        receipt=values["receipt"],
        **{name: values[name] for name in ROLE_FIELDS},
    )  # fmt: skip


def _finite(value):
    return value if isinstance(value, int | float) and math.isfinite(value) else None


def _plain(value):
    """A JSON- and database-safe scalar: numpy types become Python, NaN becomes None."""
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isnan(value) else value
