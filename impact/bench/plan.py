"""The plan of a synthetic collectivité: its chart, campaigns and answers, drawn for a seed.

``plan_collectivite(agents, seed, campaigns)`` draws, deterministically for a seed, an
organisation chart shaped like the demo's (``services.demo_data``: its directorates, services,
titles, job families and ISCO codes) and the answers of each campaign: a town of about 3,000
agents is the demo's chart with noisy headcounts; a smaller one keeps a sample of its services;
a larger one splits each directorate into territorial poles and each service into sectors, as
large départements and métropoles do, while unique posts (a director, a chargé de mission)
stay unique. Tasks are drawn from the reference task types (``surveys/data/task_types.json``)
according to each role's job family, or are the demo heads' own tasks when the title is one
the demo describes; their shares are multiples of 5 % that sum to 100 %. Nothing is written
here: ``impact.bench.synthetic`` writes the plan. Everything here is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from services.demo_data import DIRECTORATES
from surveys.demo_data import DEMO_INVENTORIES
from surveys.task_types import INTENSITY_STEPS, intensity_step, load_task_types

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
    "Affaires générales": ("rediger-courrier", "gerer-agenda", "traiter-courrier", "preparer-acte", "preparer-conseil-municipal", "classer-archiver", "repondre-telephone", "reserver-salles"),
    "Affaires juridiques": ("conseiller-juridique", "rediger-contrat", "preparer-acte", "assurer-veille-reglementaire", "rediger-note", "instruire-dossier"),
    "Archives et documentation": ("classer-archiver", "saisir-donnees", "renseigner-usagers", "traduire-document"),
    "Arts et techniques du spectacle": ("animer-activite", "entretenir-batiments", "rediger-communication"),
    "Bibliothèques et centres documentaires": ("preter-documents", "renseigner-usagers", "animer-activite", "saisir-donnees"),
    "Citoyenneté et population": ("accueillir-guichet", "rediger-acte-etat-civil", "tenir-etat-civil", "tenir-listes-electorales", "instruire-dossier", "repondre-courriels", "renseigner-usagers", "repondre-telephone"),
    "Communication": ("rediger-communication", "creer-visuels", "organiser-evenement", "traduire-document", "rediger-note", "analyser-donnees"),
    "Développement territorial": ("rediger-note", "monter-dossier-subvention", "analyser-donnees", "animer-reunion", "instruire-dossier"),
    "Direction générale": ("encadrer-equipe", "prendre-decision", "rediger-note", "animer-reunion", "preparer-conseil-municipal", "preparer-budget"),
    "Éducation et animation": ("encadrer-enfants", "animer-activite", "gerer-inscriptions-scolaires", "facturer-familles", "etablir-plannings", "rediger-compte-rendu"),
    "Enseignements artistiques": ("animer-activite", "encadrer-enfants", "gerer-agenda"),
    "Entretien et services généraux": ("nettoyer-locaux", "gerer-stocks", "conduire-vehicule"),
    "Environnement": ("controler-terrain", "rediger-rapport-controle", "analyser-donnees", "rediger-note", "entretenir-espaces-verts"),
    "Espaces verts et paysage": ("entretenir-espaces-verts", "conduire-vehicule", "gerer-stocks", "etablir-plannings"),
    "Finances": ("executer-depense", "emettre-titres", "preparer-budget", "analyser-donnees", "saisir-donnees"),
    "Funéraire": ("gerer-concessions-funeraires", "accueillir-guichet", "instruire-dossier", "entretenir-espaces-verts", "prendre-decision"),
    "Habitat et logement": ("instruire-dossier", "accompagner-social", "repondre-courriels", "controler-terrain", "rediger-rapport-controle"),
    "Logistique et moyens généraux": ("gerer-stocks", "conduire-vehicule", "preparer-marche", "etablir-plannings"),
    "Patrimoine bâti": ("entretenir-batiments", "controler-terrain", "rediger-rapport-controle", "preparer-marche", "rediger-note"),
    "Patrimoine culturel": ("classer-archiver", "animer-activite", "rediger-communication", "accueillir-guichet"),
    "Petite enfance": ("encadrer-enfants", "soigner-accompagner", "preparer-repas", "rediger-compte-rendu"),
    "Propreté et déchets": ("collecter-dechets", "conduire-vehicule", "etablir-plannings"),
    "Ressources humaines": ("gerer-dossiers-agents", "preparer-paie", "organiser-recrutement", "repondre-courriels", "rediger-courrier"),
    "Restauration collective": ("preparer-repas", "nettoyer-locaux", "gerer-stocks"),
    "Santé": ("soigner-accompagner", "accompagner-social", "rediger-compte-rendu", "saisir-donnees"),
    "Sécurité": ("surveiller-voie-publique", "rediger-proces-verbal", "accueillir-guichet", "saisir-donnees"),
    "Social": ("accompagner-social", "instruire-dossier", "repondre-courriels", "rediger-courrier", "saisir-donnees"),
    "Sport": ("animer-activite", "entretenir-batiments", "accueillir-guichet", "reserver-salles", "organiser-evenement", "etablir-plannings"),
    "Systèmes d'information": ("assister-informatique", "administrer-systemes", "developper-logiciel", "analyser-donnees", "rediger-note", "preparer-marche"),
    "Urbanisme et aménagement": ("instruire-urbanisme", "renseigner-usagers", "controler-terrain", "rediger-rapport-controle", "rediger-note", "prendre-decision"),
    "Voirie et infrastructures": ("entretenir-voirie", "conduire-vehicule", "traiter-signalements", "controler-terrain", "preparer-marche"),
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
            # The head moves the intensity one 10 % step away from the type's default step.
            step = INTENSITY_STEPS.index(intensity_step(kind.intensity))
            moved = min(len(INTENSITY_STEPS) - 1, max(0, step + int(rng.choice([-1, 1]))))
            if moved != step:
                task.intensity = INTENSITY_STEPS[moved]
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


def fte_of(headcount: int, demo_headcount: int, demo_fte: str) -> Decimal:
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
            title, headcount, fte_of(headcount, demo_headcount, demo_fte), family, isco
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
