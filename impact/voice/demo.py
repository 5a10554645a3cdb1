"""The demo agents' survey, loaded by ``manage.py load_demo`` after the scores.

The survey is open in the demo campaign, and the agents of ten roles of the submitted and
validated inventories have answered (from 1 to 6 respondents: the roles below 3 show the
folding). The answers are drawn with a fixed seed from the head's own description, with the
disagreements a real survey shows: a task some agents say they do not do, a class or an
intensity one step away, a forgotten task, consumer tools used with personal data. Rows are
written directly (no e-mail, no throttle); idempotent: once the survey exists, nothing is
written.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from impact.voice.codes import code_digest, code_new
from impact.voice.models import AgentAnswer, AgentCode, AgentSurvey, AgentTaskAnswer, ToolKind
from surveys.demo import CAMPAIGN_SLUG
from surveys.models import Campaign, Inventory, InventoryRole
from surveys.task_types import INTENSITY_STEPS, intensity_step, load_task_types

CREATED, UNCHANGED, SKIPPED = "created", "unchanged", "skipped"
# A code known to everyone who reads the README, so that a newcomer can answer as an agent
# (as the demo accounts' password is known). Single-use like any other.
DEMO_CODE = "AGENT-DEM2X"
SEED = 20261204
RESPONDENTS = (5, 4, 3, 6, 3, 4, 2, 1, 3, 5)
CITY_TOOL = "Assistant rédactionnel de la ville (serveur interne)"
CONCERNS = (
    "Que l'outil se trompe et que ce soit à nous d'en répondre.",
    "Perdre le contact avec les usagers au guichet.",
    "Que les postes soient supprimés au lieu d'alléger la charge.",
    "Ne pas savoir où partent les données des dossiers.",
    "",
)
TRAINING = (
    "Apprendre à relire et corriger un texte produit par l'IA.",
    "Savoir quelles données on a le droit de mettre dans l'outil.",
    "",
)
ADDED = (
    ("Tenir à jour les tableaux de suivi de l'équipe", "saisir-donnees"),
    ("Répondre aux appels des usagers", "accueillir-telephone"),
)
CLASSES = ("E0", "E1", "E2")


def _head_class_and_intensity(task, defaults) -> tuple[str, str]:
    default = defaults.get(task.task_type)
    exposure = task.exposure or (default.exposure if default else "E0")
    intensity = task.intensity or (intensity_step(default.intensity) if default else "0.35")
    return exposure, intensity


def _step_near(step: str, rng: random.Random) -> str:
    index = INTENSITY_STEPS.index(step) if step in INTENSITY_STEPS else 3
    return INTENSITY_STEPS[max(0, min(9, index + rng.choice((-1, 0, 0, 0, 1))))]


def _time_step(share) -> str:
    return intensity_step(min(float(share or 0) / 100, 1.0)) or "0.05"


def _answer(role, tasks, defaults, rng: random.Random, survey, today) -> None:
    uses_ai = rng.random() < 0.45
    kinds = []
    if uses_ai:
        kinds = [ToolKind.CONSUMER] if rng.random() < 0.6 else []
    answer = AgentAnswer.objects.create(
        survey=survey,
        inventory_role=role,
        submitted_on=today - datetime.timedelta(days=rng.randint(0, 5)),
        uses_ai=uses_ai,
        frequency=rng.choice(("rarely", "monthly", "weekly", "daily")) if uses_ai else "never",
        city_tools=[CITY_TOOL] if uses_ai and (not kinds or rng.random() < 0.3) else [],
        tool_kinds=kinds,
        ai_task_ids=[tasks[0].pk] if uses_ai else [],
        data_classes=(["D2"] if rng.random() < 0.5 else ["D1"]) if uses_ai else [],
        concerns=rng.choice(CONCERNS),
        training=rng.choice(TRAINING),
    )
    rows = []
    for position, task in enumerate(tasks):
        exposure, intensity = _head_class_and_intensity(task, defaults)
        # The role's last task is the one its agents most often say they do not do.
        does = (
            "no"
            if position == len(tasks) - 1 and len(tasks) > 2 and rng.random() < 0.6
            else ("partly" if rng.random() < 0.1 else "yes")
        )
        if does == "no":
            rows.append(
                AgentTaskAnswer(answer=answer, task=task, does=does, description=task.description)
            )
            continue
        default = defaults.get(task.task_type)
        physical = bool(default and default.physical)
        # Agents see a class one step away now and then, never for physical work or care.
        if not physical and rng.random() < (0.2 if exposure != "E0" else 0.08):
            exposure = CLASSES[min(2, CLASSES.index(exposure) + 1)] if exposure != "E2" else "E1"
        rows.append(
            AgentTaskAnswer(
                answer=answer,
                task=task,
                description=task.description,
                does=does,
                time_share=Decimal(_time_step(task.time_share)),
                exposure=exposure,
                intensity=_step_near(intensity, rng) if exposure != "E0" else "",
            )
        )
    if rng.random() < 0.3:
        description, task_type = rng.choice(ADDED)
        rows.append(
            AgentTaskAnswer(
                answer=answer,
                added=True,
                description=description,
                task_type=task_type,
                time_share=Decimal("0.15"),
                exposure="E2",
                intensity="0.45",
            )
        )
    AgentTaskAnswer.objects.bulk_create(rows)


@transaction.atomic
def load_demo_voice() -> dict:
    """Open the demo campaign's agents' survey with answers; report what was done."""
    campaign = Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is None:
        return {"survey": SKIPPED, "roles": 0, "answers": 0}
    if AgentSurvey.objects.filter(campaign=campaign).exists():
        survey = campaign.agent_survey
        return {
            "survey": UNCHANGED,
            "roles": survey.answers.values("inventory_role").distinct().count(),
            "answers": survey.answers.count(),
            "code": _demo_code_state(),
        }
    today = timezone.localdate()
    survey = AgentSurvey.objects.create(
        campaign=campaign,
        opens_on=min(campaign.opens_on, today),
        closes_on=max(campaign.closes_on, today) + datetime.timedelta(days=14),
        tools=CITY_TOOL,
    )
    defaults = {task_type.code: task_type for task_type in load_task_types()}
    roles = (
        InventoryRole.objects.filter(
            inventory__campaign=campaign,
            inventory__status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED],
            no_longer_exists=False,
            tasks__isnull=False,
        )
        .distinct()
        .select_related("inventory__service")
        .order_by("-inventory__status", "inventory__service__name", "title")
    )
    rng = random.Random(SEED)
    answered = 0
    # Up to three roles a service, the consultation's service ("Espaces verts") first, so
    # that its demo study has the agents' section filled.
    per_service: dict[str, list] = {}
    for role in roles:
        if role.headcount > 0 and len(per_service.setdefault(role.inventory.service.name, [])) < 3:
            per_service[role.inventory.service.name].append(role)
    ordered = sorted(per_service, key=lambda name: (name != "Espaces verts", name))
    chosen = [role for name in ordered for role in per_service[name]][: len(RESPONDENTS)]
    for role, wanted in zip(chosen, RESPONDENTS, strict=False):
        tasks = [t for t in role.tasks.order_by("position", "pk") if (t.time_share or 0) > 0]
        count = min(wanted, role.headcount)
        for _ in range(count):
            _answer(role, tasks, defaults, rng, survey, today)
        # The codes those agents used, and the rest of the role's codes still to hand out.
        AgentCode.objects.bulk_create(
            AgentCode(
                survey=survey,
                inventory_role=role,
                digest=code_digest(code_new()),
                used=number < count,
            )
            for number in range(min(role.headcount, 50))
        )
        answered += count
    # The known code: for the first chosen role with room (its codes are below headcount).
    for role in chosen:
        if AgentCode.objects.filter(inventory_role=role).count() < role.headcount:
            AgentCode.objects.create(
                survey=survey, inventory_role=role, digest=code_digest(DEMO_CODE)
            )
            break
    return {
        "survey": CREATED,
        "roles": len(chosen),
        "answers": answered,
        "code": _demo_code_state(),
    }


def _demo_code_state() -> str:
    """``DEMO_CODE`` when it can still be used, "used" once used, "" when there is none."""
    code = AgentCode.objects.filter(digest=code_digest(DEMO_CODE)).first()
    if code is None:
        return ""
    return "used" if code.used else DEMO_CODE
