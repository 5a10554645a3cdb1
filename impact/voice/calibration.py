"""The calibration of a campaign: how far heads and agents agree (``impact.scoring.agreement``).

Reads the heads' tasks and the agents' answers of the roles with at least the respondent
threshold (``selectors.respondent_threshold``, never below 3), and hands them to the pure
method. Roles below the threshold are counted, never computed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from impact.scores.frames import task_record, type_defaults
from impact.scores.selectors import method_parameters, method_settings_get
from impact.scoring import agreement
from impact.voice.models import AgentAnswer, AgentSurvey, AgentTaskAnswer
from impact.voice.selectors import respondent_threshold
from surveys.models import InventoryRole, InventoryTask

LOWEST_STEP = 0.05


def _float(value) -> float | None:
    return float(value) if value not in (None, "") else None


def head_tasks(role: InventoryRole, tasks) -> list[agreement.HeadTask]:
    """The head's tasks of the role as the engine reads them (type defaults filled in)."""
    rows = []
    for task in tasks:
        record = task_record(task, role.pk)
        rows.append(
            agreement.HeadTask(
                task=task.pk,
                exposure=record["exposure"],
                intensity=None
                if record["intensity"] != record["intensity"]
                else record["intensity"],
                time_share=None
                if record["time_share"] != record["time_share"]
                else record["time_share"],
            )
        )
    return rows


def _type_intensity(task_type: str) -> float | None:
    default = type_defaults().get(task_type)
    return float(default.intensity) if default else None


def agent_response(
    answer: AgentAnswer, head_intensity: dict, by_description: dict | None = None
) -> agreement.AgentResponse:
    """One agent's answer for the method. The questionnaire asks an agent the share an
    assistant could do only for a task they class E1 or E2; for a task they class E0 the
    intensity is taken from the head's answer for that task (from the type's default for a
    task they added, else the lowest step): beta does not depend on it, and the mean
    intensity then differs only where the agent rated it.

    ``by_description``: the head's current tasks by their words. A head who corrects a returned
    inventory saves its tasks anew; an answer on a task that no longer exists is matched again
    to the task of the same words, and left out when there is none."""
    answers, added = {}, []
    by_description = by_description or {}
    for row in answer.tasks.all():
        task_id = row.task_id
        if task_id is None and not row.added:
            task_id = by_description.get(row.description.strip().casefold())
        intensity = _float(row.intensity)
        if intensity is None and row.exposure == "E0":
            if not row.added:
                intensity = head_intensity.get(task_id)
            else:
                intensity = _type_intensity(row.task_type) or LOWEST_STEP
        values = {
            "exposure": row.exposure or None,
            "intensity": intensity,
            "time_share": _float(row.time_share),
        }
        if row.added:
            added.append(agreement.AddedTask(**values))
        elif task_id in head_intensity:  # else removed, or no longer taking any time
            answers[task_id] = agreement.TaskAnswer(does=row.does or None, **values)
    return agreement.AgentResponse(answers=answers, added=tuple(added))


@dataclass
class RoleCalibration:
    """A role of the campaign: its respondents, and its agreement from the threshold up."""

    role: InventoryRole
    respondents: int
    result: agreement.RoleAgreement | None
    tasks: dict  # task id -> InventoryTask, to name the tasks of ``result``
    added: list[str]  # the descriptions of the tasks the agents added
    threshold: int = 3  # below it, a task's agents' answer describes too few agents

    @property
    def not_done(self) -> list[str]:
        if self.result is None:
            return []
        return [self.tasks[pk].description for pk in self.result.tasks_not_done if pk in self.tasks]

    def task_rows(self) -> list[dict]:
        if self.result is None:
            return []
        return [
            {"task": self.tasks.get(item.task), "agreement": item}
            for item in self.result.tasks
            if item.task in self.tasks
        ]


@dataclass
class CampaignCalibration:
    survey: AgentSurvey
    roles: list[RoleCalibration]
    summary: agreement.CampaignAgreement
    threshold: int
    posterior: dict | None

    @property
    def computed(self) -> list[RoleCalibration]:
        return [role for role in self.roles if role.result is not None]

    @property
    def to_discuss(self) -> list[RoleCalibration]:
        return [role for role in self.computed if role.result.to_discuss]


def _roles(survey: AgentSurvey, roles=None, service_ids=None):
    answers = AgentAnswer.objects.filter(survey=survey).prefetch_related(
        Prefetch("tasks", queryset=AgentTaskAnswer.objects.order_by("pk"))
    )
    queryset = InventoryRole.objects.filter(agent_answers__survey=survey).distinct()
    if roles is not None:
        queryset = queryset.filter(pk__in=[role.pk for role in roles])
    if service_ids is not None:
        queryset = queryset.filter(inventory__service__in=service_ids)
    return (
        queryset.select_related("inventory__service__directorate")
        .prefetch_related(
            Prefetch("tasks", queryset=InventoryTask.objects.order_by("position", "pk")),
            Prefetch("agent_answers", queryset=answers.filter(survey=survey)),
        )
        .order_by("inventory__service__directorate__name", "inventory__service__name", "title")
    )


def role_calibrations(
    survey: AgentSurvey, *, roles=None, service_ids=None
) -> list[RoleCalibration]:
    """Every role of ``survey`` with answers (or of ``roles``, or of ``service_ids``)."""
    threshold = respondent_threshold()
    params = method_parameters(method_settings_get())
    result = []
    for role in _roles(survey, roles, service_ids):
        answers = list(role.agent_answers.all())
        tasks = [t for t in role.tasks.all() if t.time_share is None or t.time_share > 0]
        computed = None
        if len(answers) >= threshold and tasks:
            heads = head_tasks(role, tasks)
            head_intensity = {task.task: task.intensity for task in heads}
            words = Counter(task.description.strip().casefold() for task in tasks)
            by_description = {
                task.description.strip().casefold(): task.pk
                for task in tasks
                if words[task.description.strip().casefold()] == 1
            }
            try:
                computed = agreement.role_agreement(
                    heads,
                    [agent_response(answer, head_intensity, by_description) for answer in answers],
                    minimum_respondents=threshold,
                    params=params,
                )
            except ValueError:  # the head's tasks break the engine's contract (no time share)
                computed = None
        added = sorted(
            {row.description for answer in answers for row in answer.tasks.all() if row.added}
        ) if computed is not None else []  # fmt: skip
        result.append(
            RoleCalibration(
                role=role,
                respondents=len(answers),
                result=computed,
                tasks={task.pk: task for task in tasks},
                added=added,
                threshold=threshold,
            )
        )
    return result


def campaign_calibration(survey: AgentSurvey, *, service_ids=None) -> CampaignCalibration:
    threshold = respondent_threshold()
    roles = role_calibrations(survey, service_ids=service_ids)
    summary = agreement.campaign_agreement(
        [role.result for role in roles], minimum_respondents=threshold
    )
    return CampaignCalibration(
        survey=survey,
        roles=roles,
        summary=summary,
        threshold=threshold,
        posterior=agreement.own_posterior(summary),
    )


def role_calibration(role: InventoryRole) -> RoleCalibration | None:
    survey = AgentSurvey.objects.filter(campaign_id=role.inventory.campaign_id).first()
    if survey is None:
        return None
    found = role_calibrations(survey, roles=[role])
    return found[0] if found else None
