"""The rules a complete inventory must follow, checked on submit (never on a draft save)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from surveys.task_types import intensity_step, load_task_types

GRID_SECTION = "roles"
# Shares are typed as whole percentages; allow the rounding of thirds (33 + 33 + 34).
SHARE_TOLERANCE = Decimal("0.5")


@dataclass(frozen=True)
class Problem:
    """One thing to fix before submitting, and where: a section, a question or a role."""

    section: str
    message: str
    field: str = ""
    role_id: int | None = None


def task_defaults(task) -> dict:
    """The exposure class and intensity a task gets from its type, or empty.

    The intensity is the type's unrounded ILO anchor mean, as text ("0.3608333333").
    """
    types = {t.code: t for t in load_task_types()}
    known = types.get(task.task_type)
    if known is None:
        return {"exposure": "", "intensity": ""}
    return {"exposure": known.exposure, "intensity": str(known.intensity)}


def effective_values(task) -> dict:
    """Exposure class and intensity the scoring uses: the head's choice, or the type's default."""
    defaults = task_defaults(task)
    return {
        "exposure": task.exposure or defaults["exposure"],
        "intensity": task.intensity or defaults["intensity"],
    }


def changed_defaults(task) -> bool:
    """True when the head chose a class, or an intensity step, other than the type's default.

    Choosing the step that holds the type's default intensity is not a change: the head
    answers in steps and the default is rarely a step's midpoint.
    """
    defaults = task_defaults(task)
    return bool(
        (task.exposure and task.exposure != defaults["exposure"])
        or (
            task.intensity
            and intensity_step(task.intensity) != intensity_step(defaults["intensity"])
        )
    )


def answer_problems(questionnaire, answers: dict) -> list[Problem]:
    """Every required question left unanswered, section by section."""
    problems = []
    for section in questionnaire.sections:
        given = answers.get(section["key"], {})
        for question in section["questions"]:
            if question["type"] == "task_grid" or not question.get("required"):
                continue
            if given.get(question["key"]) in (None, "", []):
                message = _("« %s » : cette question est obligatoire.") % question["label"]
                problems.append(Problem(section["key"], message, question["key"]))
    return problems


def task_problems(role) -> list[Problem]:
    """The rules of one role's task grid; ``role.tasks`` must be prefetched."""
    tasks = list(role.tasks.all())
    if not tasks:
        return [
            Problem(
                GRID_SECTION, _("Le poste « %s » n'a aucune tâche.") % role.title, role_id=role.pk
            )
        ]
    problems = []
    for number, task in enumerate(tasks, start=1):
        missing = [
            label
            for label, value in (
                (_("description"), task.description),
                (_("part du temps"), task.time_share),
                (_("type de tâche"), task.task_type),
                (_("données traitées"), task.data_class),
            )
            if value in (None, "")
        ]
        if missing:
            problems.append(_task_problem(role, number, _("il manque : %s") % ", ".join(missing)))
        if changed_defaults(task) and not task.justification.strip():
            problems.append(
                _task_problem(role, number, _("justifiez le changement de classe ou d'intensité"))
            )
    total = sum((task.time_share or Decimal(0)) for task in tasks)
    if abs(total - 100) > SHARE_TOLERANCE:
        message = _("Les tâches de « %(role)s » font %(total)s %%, elles doivent faire 100 %%.")
        problems.append(
            Problem(
                GRID_SECTION,
                message % {"role": role.title, "total": f"{total.normalize():f}"},
                role_id=role.pk,
            )
        )
    return problems


def _task_problem(role, number: int, detail: str) -> Problem:
    message = _("Poste « %(role)s », tâche %(number)s : %(detail)s.")
    return Problem(
        GRID_SECTION,
        message % {"role": role.title, "number": number, "detail": detail},
        role_id=role.pk,
    )


def inventory_problems(inventory, roles) -> list[Problem]:
    """Everything that stops an inventory from being submitted, in questionnaire order.

    ``roles`` are the inventory's roles with their tasks prefetched; roles marked as no
    longer existing are not checked.
    """
    problems = answer_problems(inventory.campaign.questionnaire, inventory.answers)
    active = [role for role in roles if not role.no_longer_exists]
    if not active:
        problems.append(Problem(GRID_SECTION, _("Décrivez au moins un poste du service.")))
    for role in active:
        problems.extend(task_problems(role))
    order = [s["key"] for s in inventory.campaign.questionnaire.sections]
    return sorted(problems, key=lambda p: order.index(p.section) if p.section in order else 99)
