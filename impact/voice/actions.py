"""What changes the agents' survey: turning it on, handing out codes, drafts and answers.

Every write is one transaction: an answer is stored whole or not at all, and the code that
sent it is marked used in the same commit (a second sending of the same code is refused).
"""

from __future__ import annotations

import contextlib
import datetime
import secrets
from decimal import Decimal
from email.utils import getaddresses

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from impact.scores.actions import campaign_rescore_request
from impact.scores.selectors import method_settings_get
from impact.scoring.uncertainty import POSTERIOR_MINIMUM_TASKS
from impact.voice import selectors
from impact.voice.codes import code_digest, code_new
from impact.voice.models import (
    AgentAnswer,
    AgentCode,
    AgentSurvey,
    AgentTaskAnswer,
    PendingAnswer,
)
from services.models import User
from services.web.mail import MAIL_ERRORS, plain_email, site_url
from surveys.models import Campaign, InventoryRole, InventoryTask

# The most addresses one sending takes (a role's agents; a larger list is split).
MAX_ADDRESSES = 200
# The most codes one role gets in all, whatever its headcount says.
MAX_CODES_PER_ROLE = 500


class CodeRefusedError(Exception):
    """A code that cannot be used now; ``reason`` says why (see ``selectors.code_refusal``)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def agent_survey_set(
    *,
    actor: User,
    campaign: Campaign,
    opens_on: datetime.date,
    closes_on: datetime.date,
    enabled: bool,
    tools: str = "",
) -> AgentSurvey:
    """Turn the agents' survey of ``campaign`` on (or change its dates, tools, or turn it off)."""
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("La clôture doit suivre l'ouverture.")})
    survey, _created = AgentSurvey.objects.update_or_create(
        campaign=campaign,
        defaults={
            "opens_on": opens_on,
            "closes_on": closes_on,
            "enabled": enabled,
            "tools": (tools or "").replace("\x00", "").replace("\r\n", "\n").strip()[:5000],
        },
    )
    return survey


def _require_codes_possible(inventory_role: InventoryRole) -> AgentSurvey:
    survey = selectors.survey_of_campaign(inventory_role.inventory.campaign_id)
    if survey is None or not survey.enabled:
        raise ValidationError(
            _("L'enquête auprès des agents n'est pas activée pour cette campagne.")
        )
    if survey.closes_on < timezone.localdate():
        raise ValidationError(_("L'enquête auprès des agents est close."))
    if not selectors.role_open_to_agents(inventory_role):
        raise ValidationError(
            _(
                "Les agents répondent sur les tâches d'un état des lieux soumis ou validé, et d'un poste qui a des tâches."
            )
        )
    return survey


def _codes_make(
    survey: AgentSurvey, inventory_role: InventoryRole, count: int, channel: str
) -> list[str]:
    codes = [code_new() for _ in range(count)]
    AgentCode.objects.bulk_create(
        AgentCode(
            survey=survey,
            inventory_role=inventory_role,
            digest=code_digest(code),
            channel=channel,
        )
        for code in codes
    )
    return codes


@transaction.atomic
def agent_codes_renew(*, actor: User, inventory_role: InventoryRole) -> list[str]:
    """New codes for a role's printed sheet: as many as its headcount, minus the codes already
    used or holding a draft. The unused codes printed before stop working (a lost sheet is
    not a way in), the drafts are kept. The codes are returned once and never stored."""
    survey = _require_codes_possible(inventory_role)
    InventoryRole.objects.select_for_update().filter(pk=inventory_role.pk).first()
    codes = AgentCode.objects.filter(survey=survey, inventory_role=inventory_role)
    codes.filter(channel=AgentCode.Channel.SHEET, used=False, draft={}).delete()
    taken = codes.count()
    count = min(inventory_role.headcount, MAX_CODES_PER_ROLE) - taken
    if count <= 0:
        raise ValidationError(
            _(
                "Chacun des %(headcount)s agents du poste a déjà un code utilisé ou en cours : "
                "aucun nouveau code n'est nécessaire."
            )
            % {"headcount": inventory_role.headcount}
        )
    return _codes_make(survey, inventory_role, count, AgentCode.Channel.SHEET)


def parse_addresses(text: str) -> list[str]:
    """The e-mail addresses of a pasted list (one per line, or separated by commas or
    semicolons, as a mail program copies them: ``Dupont Jean <jean.dupont@ville.fr>``),
    without repeats. ValidationError saying which entry is wrong by its rank, never by its
    text (the list is not shown back)."""
    addresses: list[str] = []
    entries = [
        part.strip()
        for line in str(text or "").replace("\x00", "").splitlines()
        for part in line.replace(";", ",").split(",")
        if part.strip()
    ]
    for rank, entry in enumerate(entries, start=1):
        address = getaddresses([entry])[0][1] if "@" in entry else ""
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                {
                    "addresses": _(
                        "L'entrée n° %(rank)s de la liste n'est pas une adresse électronique."
                    )
                    % {"rank": rank}
                }
            ) from None
        if address.lower() not in {a.lower() for a in addresses}:
            addresses.append(address)
    if not addresses:
        raise ValidationError({"addresses": _("Collez au moins une adresse électronique.")})
    if len(addresses) > MAX_ADDRESSES:
        raise ValidationError(
            {"addresses": _("Au plus %(count)s adresses à la fois.") % {"count": MAX_ADDRESSES}}
        )
    return addresses


# Backends that keep a copy of each message (a terminal, a log, a folder): the agents' codes
# and addresses would be stored there.
KEEPING_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)


@transaction.atomic
def agent_codes_email(*, actor: User, inventory_role: InventoryRole, addresses: list[str]) -> dict:
    """E-mail one new code to each address. The addresses are used for this sending only:
    they are stored nowhere (not in the database, not in the task queue: the e-mails leave
    from this request, one by one). A code whose e-mail the server refuses is removed again.
    Returns {"sent": n, "failed": m}; ValidationError when none could be sent."""
    if settings.EMAIL_BACKEND in KEEPING_BACKENDS and not settings.DEBUG:
        raise ValidationError(
            _(
                "Aucun serveur de messagerie n'est configuré (EMAIL_HOST) : imprimez la feuille "
                "des codes. Les codes ne sont pas envoyés vers un journal ou un dossier, où ils "
                "resteraient avec les adresses."
            )
        )
    survey = _require_codes_possible(inventory_role)
    InventoryRole.objects.select_for_update().filter(pk=inventory_role.pk).first()
    taken = AgentCode.objects.filter(survey=survey, inventory_role=inventory_role).count()
    room = min(inventory_role.headcount, MAX_CODES_PER_ROLE) - taken
    if len(addresses) > room:
        raise ValidationError(
            {
                "addresses": _(
                    "Le poste compte %(headcount)s agents et %(taken)s codes sont déjà distribués : "
                    "au plus %(room)s adresses."
                )
                % {"headcount": inventory_role.headcount, "taken": taken, "room": max(room, 0)}
            }
        )
    codes = _codes_make(survey, inventory_role, len(addresses), AgentCode.Channel.EMAIL)
    link = site_url(selectors.entry_path())
    failed: list[str] = []
    sent = 0
    try:
        connection = get_connection()
        connection.open()
    except MAIL_ERRORS:
        transaction.set_rollback(True)
        raise ValidationError(
            _(
                "Le serveur de messagerie ne répond pas : aucun code n'a été créé. Réessayez plus tard."
            )
        ) from None
    try:
        for address, code in zip(addresses, codes, strict=True):
            with translation.override("fr"):
                message = plain_email(
                    template="agent_survey_code",
                    subject=_("Votre avis sur votre travail et l'IA générative"),
                    to=address,
                    context={
                        "role": inventory_role,
                        "service": inventory_role.inventory.service,
                        "survey": survey,
                        "code": code,
                        "link": link,
                        "direct_link": site_url(selectors.entry_path(code)),
                        "threshold": selectors.respondent_threshold(),
                    },
                )
            try:
                sent += connection.send_messages([message]) or 0
            except MAIL_ERRORS:
                failed.append(code)
    finally:
        with contextlib.suppress(*MAIL_ERRORS):
            connection.close()
    if failed:
        AgentCode.objects.filter(digest__in=[code_digest(code) for code in failed]).delete()
    if not sent:
        transaction.set_rollback(True)
        raise ValidationError(
            _(
                "Le serveur de messagerie n'a accepté aucun envoi : aucun code n'a été créé. Réessayez plus tard."
            )
        )
    return {"sent": sent, "failed": len(failed)}


def _code_for_update(digest: str) -> AgentCode:
    code = (
        AgentCode.objects.select_for_update(of=("self",))
        .select_related("survey", "inventory_role__inventory")
        .filter(digest=digest)
        .first()
    )
    reason = selectors.code_refusal(code)
    if reason:
        raise CodeRefusedError(reason)
    return code


@transaction.atomic
def agent_draft_save(*, digest: str, data: dict) -> AgentCode:
    """Keep what the agent typed so far, on the code's row, until they submit."""
    code = _code_for_update(digest)
    code.draft = data
    code.save(update_fields=["draft"])
    return code


def _time(value) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


@transaction.atomic
def agent_answer_submit(*, digest: str, answer: dict) -> PendingAnswer:
    """Keep the agent's answer whole, mark the code used and wipe its draft, in one
    transaction; then, once ``release_batch()`` answers of the survey wait, move them all to
    ``AgentAnswer`` in a random order (``answers_release``).

    ``answer`` is ``AgentAnswerForm.answer()``: the AI-use fields and ``tasks``, a list of
    dicts (``task_id`` or ``description``/``task_type``; ``does``, ``time_share``,
    ``exposure``, ``intensity``). Nothing of the code goes with the answer.
    ``TasksChangedError`` when the head changed the role's tasks since the form was shown.
    """
    code = _code_for_update(digest)
    answer = dict(answer)
    tasks = answer.pop("tasks")
    heads = dict(
        code.inventory_role.tasks.filter(
            pk__in=[t["task_id"] for t in tasks if t.get("task_id")]
        ).values_list("pk", "description")
    )
    if any(t.get("task_id") and t["task_id"] not in heads for t in tasks):
        raise TasksChangedError
    rows = [
        {
            "task_id": task.get("task_id"),
            "added": not task.get("task_id"),
            "does": task.get("does", ""),
            "description": (task.get("description") or heads.get(task.get("task_id"), ""))[:500],
            "task_type": task.get("task_type", ""),
            "time_share": str(task["time_share"])
            if task.get("time_share") not in (None, "")
            else None,
            "exposure": task.get("exposure", ""),
            "intensity": task.get("intensity", ""),
        }
        for task in tasks
    ]
    pending = PendingAnswer.objects.create(
        survey=code.survey,
        inventory_role_id=code.inventory_role_id,
        payload={
            "submitted_on": timezone.localdate().isoformat(),
            "answer": answer,
            "tasks": rows,
        },
    )
    code.used = True
    code.draft = {}
    code.save(update_fields=["used", "draft"])
    answers_release(survey=code.survey, inventory_role_id=code.inventory_role_id)
    return pending


class TasksChangedError(Exception):
    """The head changed the role's tasks while the agent was answering."""


def release_batch() -> int:
    return max(1, settings.IMPACT_AGENT_RELEASE_BATCH)


@transaction.atomic
def answers_release(*, survey: AgentSurvey, inventory_role_id: int, force: bool = False) -> int:
    """Move a role's waiting answers to ``AgentAnswer``, in a random order, once at least
    ``release_batch()`` wait (any number with ``force``: the survey is closed). Batches are
    per role: the codes a role used since its last batch then map onto that many answers of
    that role, none singled out. Returns how many were moved."""
    waiting = list(
        PendingAnswer.objects.select_for_update().filter(
            survey=survey, inventory_role_id=inventory_role_id
        )
    )
    if not waiting or (len(waiting) < release_batch() and not force):
        return 0
    secrets.SystemRandom().shuffle(waiting)
    answers, task_rows = [], []
    for pending in waiting:
        payload = pending.payload
        answer = AgentAnswer(
            survey=survey,
            inventory_role_id=pending.inventory_role_id,
            submitted_on=datetime.date.fromisoformat(payload["submitted_on"]),
            **payload["answer"],
        )
        answers.append(answer)
        for position, task in enumerate(payload["tasks"]):
            task_rows.append(
                AgentTaskAnswer(
                    answer=answer,
                    position=position,
                    **(task | {"time_share": _time(task.get("time_share"))}),
                )
            )
    AgentAnswer.objects.bulk_create(answers)
    # Tasks the head removed since the answer was sent keep the head's words, unlinked.
    existing = set(
        InventoryTask.objects.filter(
            pk__in=[row.task_id for row in task_rows if row.task_id]
        ).values_list("pk", flat=True)
    )
    for row in task_rows:
        if row.task_id and row.task_id not in existing:
            row.task_id = None
    AgentTaskAnswer.objects.bulk_create(task_rows)
    PendingAnswer.objects.filter(pk__in=[p.pk for p in waiting]).delete()
    return len(waiting)


def closed_surveys_release() -> int:
    """Release the last waiting answers of the surveys that are closed (or turned off)."""
    today = timezone.localdate()
    moved = 0
    for survey in AgentSurvey.objects.filter(pending__isnull=False).distinct():
        if survey.enabled and survey.closes_on >= today:
            continue
        roles = set(survey.pending.values_list("inventory_role_id", flat=True))
        for role_id in roles:
            moved += answers_release(survey=survey, inventory_role_id=role_id, force=True)
    return moved


@transaction.atomic
def city_posterior_apply(*, actor: User | None, survey: AgentSurvey, posterior: dict, tasks: int):
    """Make the city's own posterior q, from ``tasks`` double-rated tasks of ``survey``, the
    method's, and ask for the campaign to be scored again with it (``actor`` None: done by
    the application when the campaign first reaches the minimum, see
    ``city_posterior_check``)."""
    if tasks < POSTERIOR_MINIMUM_TASKS or not posterior:
        raise ValidationError(
            _("Il faut au moins %(minimum)s tâches évaluées deux fois (%(count)s aujourd'hui).")
            % {"minimum": POSTERIOR_MINIMUM_TASKS, "count": tasks}
        )
    row = method_settings_get()
    row.confusion = {
        label: [round(float(q), 6) for q in values] for label, values in posterior.items()
    }
    row.confusion_source = (
        _(
            "Enquête auprès des agents « %(campaign)s » : %(count)s tâches évaluées deux fois, le %(date)s"
        )
        % {
            "campaign": survey.campaign.title,
            "count": tasks,
            "date": timezone.localdate().strftime("%d/%m/%Y"),
        }
    )[:300]
    row.updated_by = actor
    row.save(update_fields=["confusion", "confusion_source", "updated_by", "updated_at"])
    return campaign_rescore_request(actor=actor, campaign=survey.campaign, by_system=actor is None)


def city_posterior_check(*, survey: AgentSurvey, posterior: dict | None, tasks: int) -> bool:
    """After an answer: the first time the campaign reaches ``POSTERIOR_MINIMUM_TASKS``
    double-rated tasks while the method still uses the default matrix, make the city's own
    the method's and re-score (the studies made after say so). An administrator refreshes it
    later from the calibration page. True when it was applied."""
    if tasks < POSTERIOR_MINIMUM_TASKS or not posterior or method_settings_get().confusion:
        return False
    city_posterior_apply(actor=None, survey=survey, posterior=posterior, tasks=tasks)
    return True
