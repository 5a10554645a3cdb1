"""Agreement between a department head and the agents of a role (docs/methodology.md section 26).

Pure module (standard library, NumPy, pandas; no Django). A head describes each task of a
role (class E0/E1/E2, intensity in ten steps, time share); each agent of the role may answer
the same questions about their own work, anonymously: whether they do the task (yes, partly,
no), its class, intensity and time share, and the tasks they do that the head did not list.
This module compares the two descriptions, for one role (``role_agreement``) and for a
campaign (``campaign_agreement``):

- each task's class: the head's against the agents' modal answer (``modal_answer``), as a
  share of tasks in agreement and as Cohen's kappa with its 95 % interval (``cohen_kappa``);
- the role's beta and mean intensity, computed by the engine (``role_measures``) from the
  head's tasks and from each agent's own tasks: absolute differences per role, and across the
  roles of a campaign the mean absolute difference and ICC(A,1) (``intraclass_correlation``);
- the tasks a majority of agents say they do not do, and the tasks they added.

A role with fewer than ``MINIMUM_RESPONDENTS`` respondents is not computed: three answers
are too few to speak for a role, and fewer would come close to singling an agent out. A
campaign's (head class, agents' modal class) pairs are the double ratings from which, from
``POSTERIOR_MINIMUM_TASKS`` tasks on, the city's own posterior q replaces the default one
(``own_posterior``, ``uncertainty.posterior_from_double_ratings``).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from impact.scoring.engine import (
    DEFAULT_PARAMETERS,
    EPSILON,
    INTENSITY_STEPS,
    MethodParameters,
    intensity_step_lower_edges,
    prepare_tasks,
    role_measures,
)
from impact.scoring.reliability import (
    ICC,
    KAPPA_WIDE_BELOW,
    Kappa,
    cohen_kappa,
    contingency_table,
    intraclass_correlation,
    kappa_from_table,
    mean_absolute_difference,
)
from impact.scoring.uncertainty import POSTERIOR_MINIMUM_TASKS, posterior_from_double_ratings
from impact.scoring.vocabulary import EXPOSURE_CLASSES

# A role needs this many respondents before its agreement is computed (docs/methodology.md).
MINIMUM_RESPONDENTS = 3
# « À discuter » thresholds: |beta_head - beta_agents| above 0.15; fewer than 60 % of the
# rated tasks in the same class; a task of at least 20 % of the head's time that a majority of
# agents say they do not do. Conventions of the method, to be confirmed by the steering group.
BETA_DIFFERENCE_THRESHOLD = 0.15
CLASS_AGREEMENT_THRESHOLD = 0.60
NOT_DONE_SHARE_THRESHOLD = 0.20
DOES_ANSWERS = ("yes", "partly", "no")
REASONS = ("beta_difference", "class_agreement", "task_not_done")


def modal_answer(values: Iterable, order: Sequence) -> Hashable | None:
    """The agents' modal answer: the most frequent of ``values``; None when there is none.

    Tie rule: among equally frequent answers, the one nearest the median of all the answers
    (positions in ``order``; with an even number of answers, the mean of the two middle
    ones), then the lower one in ``order``. So E0, E0, E1, E1, E2, E2 gives E1, and E0, E0,
    E2, E2 gives E0. The result depends only on the answers, not on their order. None answers
    (not answered) are ignored; an answer not in ``order`` is a ValueError.
    """
    rank = {value: position for position, value in enumerate(order)}
    positions = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if value not in rank:
            raise ValueError(f"{value!r} is not one of {', '.join(map(str, order))}.")
        positions.append(rank[value])
    if not positions:
        return None
    counts = Counter(positions)
    top = max(counts.values())
    median = statistics.median(positions)
    best = min((p for p, c in counts.items() if c == top), key=lambda p: (abs(p - median), p))
    return order[best]


def modal_intensity(values: Iterable[float | None]) -> float | None:
    """The modal step among the ten steps 0.05 … 0.95, with ``modal_answer``'s tie rule.

    Each intensity (0-1) counts in the 10 % step holding it (``intensity_step_lower_edges``:
    0.3 is in 0.3-0.4, 1.0 in 0.9-1.0); the step's midpoint is returned. None when no answer.
    """
    given = [float(v) for v in values if v is not None and not math.isnan(v)]
    if any(not 0.0 <= v <= 1.0 for v in given):
        raise ValueError("An intensity must lie between 0 and 1.")
    steps = np.rint(intensity_step_lower_edges(given) * 10).astype(int)
    return modal_answer([INTENSITY_STEPS[s] for s in steps], INTENSITY_STEPS)


@dataclass(frozen=True)
class HeadTask:
    """A task of the role as the head describes it: id, class E0-E2, intensity (0-1; None:
    the engine's default of the class) and time share (any unit, normalised per role)."""

    task: Hashable
    exposure: str
    intensity: float | None
    time_share: float | None


@dataclass(frozen=True)
class TaskAnswer:
    """One agent's answer on one of the head's tasks. does: "yes", "partly", "no" or None (not
    answered); exposure, intensity, time_share: the agent's own values, None when not
    answered, ignored when does is "no"."""

    does: str | None
    exposure: str | None = None
    intensity: float | None = None
    time_share: float | None = None


@dataclass(frozen=True)
class AddedTask:
    """A task an agent does that the head did not list, with the agent's class, intensity and
    time share (None when not answered)."""

    exposure: str | None = None
    intensity: float | None = None
    time_share: float | None = None


@dataclass(frozen=True)
class AgentResponse:
    """One agent's anonymous answers: the head's tasks by id (a task may be missing), and the
    tasks the agent added."""

    answers: Mapping[Hashable, TaskAnswer]
    added: tuple[AddedTask, ...] = ()


@dataclass(frozen=True)
class TaskAgreement:
    """One of the head's tasks against the agents' answers.

    head_share: the task's share of the head's time for the role (normalised, 0-1).
    agents_exposure, agents_intensity: the modal answers of the agents who do not say "no",
    None when none of them answered. rated: how many gave a class. does_answered, not_done:
    how many answered "does", and answered "no"; not_done_by_majority: not_done > half of
    does_answered.
    """

    task: Hashable
    head_exposure: str
    agents_exposure: str | None
    head_intensity: float
    agents_intensity: float | None
    head_share: float
    rated: int
    does_answered: int
    not_done: int
    not_done_by_majority: bool = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "not_done_by_majority", 2 * self.not_done > self.does_answered)


@dataclass(frozen=True)
class RoleAgreement:
    """The agreement of one role (``role_agreement``); shares and differences are 0-1.

    respondents: agents who answered; scored_respondents: those whose own description is
    complete enough for the engine (their beta and mean are averaged into agents_beta and
    agents_mean, None when there is none). kappa and class_agreement (share of rated tasks in
    the same class, None when no task is rated): head class against the agents' modal class.
    intensity_mad: mean |head intensity - modal intensity| over the tasks with one.
    tasks_not_done: ids of the tasks a majority says they do not do. added_tasks: how many
    tasks the respondents added, in all. beta_difference, mean_difference: absolute
    differences. to_discuss: « à discuter »; reasons: which of REASONS triggered it.
    """

    respondents: int
    scored_respondents: int
    tasks: tuple[TaskAgreement, ...]
    kappa: Kappa
    class_agreement: float | None
    intensity_mad: float | None
    tasks_not_done: tuple[Hashable, ...]
    added_tasks: int
    head_beta: float
    head_mean: float
    agents_beta: float | None
    agents_mean: float | None
    beta_difference: float | None
    mean_difference: float | None
    to_discuss: bool
    reasons: tuple[str, ...]


def _check(value, allowed: Sequence, what: str, optional: bool = True) -> None:
    if (value is None and not optional) or (value is not None and value not in allowed):
        raise ValueError(f"{what}: {value!r} is not one of {', '.join(allowed)}.")


def _check_input(head_tasks: Sequence[HeadTask], responses: Sequence[AgentResponse]) -> None:
    ids = [task.task for task in head_tasks]
    if not ids or len(set(ids)) != len(ids):
        raise ValueError("A role needs at least one task, each with its own id.")
    for task in head_tasks:
        _check(task.exposure, EXPOSURE_CLASSES, f"task {task.task!r}", optional=False)
    for response in responses:
        unknown = set(response.answers) - set(ids)
        if unknown:
            raise ValueError(
                f"Answers to tasks the head did not list: {sorted(map(str, unknown))}."
            )
        for task, answer in response.answers.items():
            _check(answer.does, DOES_ANSWERS, f"task {task!r}, does")
            _check(answer.exposure, EXPOSURE_CLASSES, f"task {task!r}, exposure")
        for added in response.added:
            _check(added.exposure, EXPOSURE_CLASSES, "added task, exposure")


def _table(rows: list[dict]) -> pd.DataFrame:
    """A task table for the engine (``prepare_tasks``); None values become NaN."""
    frame = pd.DataFrame(rows, columns=["role", "task", "exposure", "intensity", "time_share"])
    return frame.astype({"intensity": float, "time_share": float})


def _head_row(task: HeadTask) -> dict:
    return {
        "role": "head",
        "task": task.task,
        "exposure": task.exposure,
        "intensity": task.intensity,
        "time_share": task.time_share,
    }


def _own_tasks(head_tasks, response: AgentResponse) -> list[dict] | None:
    """An agent's own job as task rows: the head's tasks not answered "no", then the added
    ones; None when one of them lacks a class, an intensity or a time share, or the shares sum
    to 0 (the engine would guess or refuse; the agent is then left out of the figures)."""
    rows = []
    for task in head_tasks:
        answer = response.answers.get(task.task, TaskAnswer(None))
        if answer.does != "no":
            rows.append((task.task, answer.exposure, answer.intensity, answer.time_share))
    rows += [
        (("added", i), t.exposure, t.intensity, t.time_share) for i, t in enumerate(response.added)
    ]
    if not rows or any(value is None for row in rows for value in row[1:]):
        return None
    if sum(row[3] for row in rows) <= 0:
        return None
    return [
        dict(zip(("task", "exposure", "intensity", "time_share"), row, strict=True)) for row in rows
    ]


def _agents_measures(head_tasks, responses, params) -> tuple[int, float | None, float | None]:
    """Scored respondents, and the mean over them of their own beta and mean intensity."""
    rows = []
    for number, response in enumerate(responses):
        own = _own_tasks(head_tasks, response)
        rows += [{"role": number, **row} for row in own or ()]
    if not rows:
        return 0, None, None
    measures = role_measures(prepare_tasks(_table(rows), params), params)
    return len(measures), float(measures["beta"].mean()), float(measures["mean"].mean())


def _task_agreements(head_tasks, responses, prepared: pd.DataFrame) -> tuple[TaskAgreement, ...]:
    result = []
    for task, share, intensity in zip(
        head_tasks, prepared["share"], prepared["intensity"], strict=True
    ):
        answers = [r.answers[task.task] for r in responses if task.task in r.answers]
        doing = [a for a in answers if a.does != "no"]
        classes = [a.exposure for a in doing if a.exposure is not None]
        result.append(
            TaskAgreement(
                task=task.task,
                head_exposure=task.exposure,
                agents_exposure=modal_answer(classes, EXPOSURE_CLASSES),
                head_intensity=float(intensity),
                agents_intensity=modal_intensity(a.intensity for a in doing),
                head_share=float(share),
                rated=len(classes),
                does_answered=sum(a.does is not None for a in answers),
                not_done=sum(a.does == "no" for a in answers),
            )
        )
    return tuple(result)


def role_agreement(
    head_tasks: Sequence[HeadTask],
    responses: Sequence[AgentResponse],
    *,
    minimum_respondents: int = MINIMUM_RESPONDENTS,
    beta_threshold: float = BETA_DIFFERENCE_THRESHOLD,
    class_agreement_threshold: float = CLASS_AGREEMENT_THRESHOLD,
    not_done_share_threshold: float = NOT_DONE_SHARE_THRESHOLD,
    params: MethodParameters = DEFAULT_PARAMETERS,
) -> RoleAgreement | None:
    """How far a role's agents agree with its head; None below ``minimum_respondents``.

    Per task: the head's class and intensity against the agents' modal answers
    (``modal_answer``, ``modal_intensity``), taken over the agents who do not answer "no"; a
    task is not done when more than half of those who answered "does" say "no". The head's
    beta and mean mu are the engine's (``role_measures``) on the head's tasks; the agents'
    are the mean over respondents of the same measures on each one's own job (the head's tasks
    they do, with their own class, intensity and time share, plus the tasks they added). A
    respondent whose job lacks one of those values is counted but left out of that mean. Why a
    mean over respondents and not the modal answers: each respondent's answers describe one
    job whose shares add up to 100 %, tasks they added included; modal classes of some tasks
    with shares taken elsewhere would describe nobody's job, and since beta and mu are linear
    in each job's values, the mean is the figure of the role's average agent. Raises
    ``ScoringInputError`` when the head's or an agent's values break the engine's contract.
    « À discuter » (``to_discuss``) when |beta_head - beta_agents| > ``beta_threshold``
    (0.15), or fewer than ``class_agreement_threshold`` (60 %) of the rated tasks share the
    head's class, or a task of at least ``not_done_share_threshold`` (20 %) of the head's
    time is not done by a majority. Float noise below 1e-9 is ignored at each threshold.
    A role below the minimum is returned as None before anything is computed from its answers.
    """
    if minimum_respondents < 1:
        raise ValueError("minimum_respondents must be at least 1.")
    if len(responses) < minimum_respondents:
        return None
    _check_input(head_tasks, responses)
    prepared = prepare_tasks(_table([_head_row(t) for t in head_tasks]), params)
    head = role_measures(prepared, params).iloc[0]
    tasks = _task_agreements(head_tasks, responses, prepared)
    scored, agents_beta, agents_mean = _agents_measures(head_tasks, responses, params)
    kappa = cohen_kappa(
        [(t.head_exposure, t.agents_exposure) for t in tasks if t.agents_exposure is not None]
    )
    stepped = [t for t in tasks if t.agents_intensity is not None]
    beta_difference = None if agents_beta is None else abs(agents_beta - float(head["beta"]))
    triggered = (
        beta_difference is not None and beta_difference > beta_threshold + EPSILON,
        kappa.observed is not None and kappa.observed < class_agreement_threshold - EPSILON,
        any(
            t.not_done_by_majority and t.head_share >= not_done_share_threshold - EPSILON
            for t in tasks
        ),
    )
    reasons = tuple(reason for reason, hit in zip(REASONS, triggered, strict=True) if hit)
    return RoleAgreement(
        respondents=len(responses),
        scored_respondents=scored,
        tasks=tasks,
        kappa=kappa,
        class_agreement=kappa.observed,
        intensity_mad=mean_absolute_difference(
            [t.head_intensity for t in stepped], [t.agents_intensity for t in stepped]
        ),
        tasks_not_done=tuple(t.task for t in tasks if t.not_done_by_majority),
        added_tasks=sum(len(r.added) for r in responses),
        head_beta=float(head["beta"]),
        head_mean=float(head["mean"]),
        agents_beta=agents_beta,
        agents_mean=agents_mean,
        beta_difference=beta_difference,
        mean_difference=None if agents_mean is None else abs(agents_mean - float(head["mean"])),
        to_discuss=bool(reasons),
        reasons=reasons,
    )


@dataclass(frozen=True)
class CampaignAgreement:
    """The agreement over a campaign's roles with enough respondents (``campaign_agreement``).

    roles, roles_to_discuss, tasks (the heads' tasks of those roles), double_rated_tasks (the
    tasks with both a head class and an agents' modal class). kappa, weighted_kappa (linear
    weights): over those task pairs. beta_icc, mean_icc, beta_mad, mean_mad: ICC(A,1) and mean
    absolute difference of the roles' (head, agents) beta and mean intensity, over the roles
    with scored respondents. joint: the 3 x 3 counts of the pairs, rows = head, columns =
    agents, E0 E1 E2 (the table ``posterior_from_double_ratings`` takes).
    reaches_posterior_minimum: double_rated_tasks >= POSTERIOR_MINIMUM_TASKS.
    """

    roles: int
    roles_to_discuss: int
    tasks: int
    double_rated_tasks: int
    kappa: Kappa
    weighted_kappa: Kappa
    beta_icc: ICC | None
    mean_icc: ICC | None
    beta_mad: float | None
    mean_mad: float | None
    joint: tuple[tuple[int, ...], ...]
    reaches_posterior_minimum: bool


def campaign_agreement(
    roles: Iterable[RoleAgreement | None], *, minimum_respondents: int = MINIMUM_RESPONDENTS
) -> CampaignAgreement:
    """The campaign's agreement from its roles' ``role_agreement`` results.

    None (a role below the minimum) and roles with fewer than ``minimum_respondents``
    respondents are left out. Kappa pools every (head class, agents' modal class) pair of the
    roles kept: each double-rated task counts once, whatever its role's size.
    """
    kept = [r for r in roles if r is not None and r.respondents >= minimum_respondents]
    pairs = [
        (t.head_exposure, t.agents_exposure)
        for role in kept
        for t in role.tasks
        if t.agents_exposure is not None
    ]
    joint = contingency_table(pairs, EXPOSURE_CLASSES)
    scored = [r for r in kept if r.agents_beta is not None]
    head_beta, agents_beta = [r.head_beta for r in scored], [r.agents_beta for r in scored]
    head_mean, agents_mean = [r.head_mean for r in scored], [r.agents_mean for r in scored]
    return CampaignAgreement(
        roles=len(kept),
        roles_to_discuss=sum(r.to_discuss for r in kept),
        tasks=sum(len(r.tasks) for r in kept),
        double_rated_tasks=len(pairs),
        kappa=kappa_from_table(joint),
        weighted_kappa=kappa_from_table(joint, weights="linear"),
        beta_icc=intraclass_correlation(head_beta, agents_beta),
        mean_icc=intraclass_correlation(head_mean, agents_mean),
        beta_mad=mean_absolute_difference(head_beta, agents_beta),
        mean_mad=mean_absolute_difference(head_mean, agents_mean),
        joint=tuple(tuple(int(c) for c in row) for row in joint),
        reaches_posterior_minimum=len(pairs) >= POSTERIOR_MINIMUM_TASKS,
    )


def own_posterior(campaign: CampaignAgreement) -> dict[str, tuple[float, float, float]] | None:
    """The city's own posterior q from its double ratings, or None to keep the default q.

    None below POSTERIOR_MINIMUM_TASKS double-rated tasks, or when a class is given by
    neither the heads nor the agents (its row of q would be undefined); otherwise
    ``posterior_from_double_ratings(campaign.joint)``.
    """
    joint = np.asarray(campaign.joint)
    if not campaign.reaches_posterior_minimum or ((joint + joint.T).sum(axis=1) == 0).any():
        return None
    return posterior_from_double_ratings(joint)


__all__ = [
    "BETA_DIFFERENCE_THRESHOLD",
    "CLASS_AGREEMENT_THRESHOLD",
    "DOES_ANSWERS",
    "ICC",
    "KAPPA_WIDE_BELOW",
    "MINIMUM_RESPONDENTS",
    "NOT_DONE_SHARE_THRESHOLD",
    "POSTERIOR_MINIMUM_TASKS",
    "REASONS",
    "AddedTask",
    "AgentResponse",
    "CampaignAgreement",
    "HeadTask",
    "Kappa",
    "RoleAgreement",
    "TaskAgreement",
    "TaskAnswer",
    "campaign_agreement",
    "cohen_kappa",
    "contingency_table",
    "intraclass_correlation",
    "kappa_from_table",
    "mean_absolute_difference",
    "modal_answer",
    "modal_intensity",
    "own_posterior",
    "role_agreement",
]
