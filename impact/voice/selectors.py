"""What the agents' survey reads: codes, roles open to answers, respondents, realised use."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from impact.scores.selectors import small_group_threshold
from impact.voice.models import AgentAnswer, AgentCode, AgentSurvey, ToolKind
from surveys.models import Inventory, InventoryRole

# Nobody, administrators included, sees anything of a group of fewer respondents.
MINIMUM_RESPONDENTS = 3

REFUSED_UNKNOWN = "unknown"
REFUSED_USED = "used"
REFUSED_NOT_OPEN = "not_open"
REFUSED_CLOSED = "closed"
REFUSED_PAUSED = "paused"


def respondent_threshold() -> int:
    """The fewest respondents a role or scope needs before anything of it is shown: the
    small-group threshold of the method settings, never below 3."""
    return max(MINIMUM_RESPONDENTS, small_group_threshold())


def survey_of_campaign(campaign_id: int) -> AgentSurvey | None:
    return AgentSurvey.objects.filter(campaign_id=campaign_id).first()


def entry_path(code: str | None = None) -> str:
    path = reverse("voice-entry")
    return f"{path}?code={code}" if code else path


def role_open_to_agents(inventory_role: InventoryRole) -> bool:
    """Agents answer on a role of a submitted or validated inventory that has tasks."""
    return (
        inventory_role.inventory.status in {Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED}
        and not inventory_role.no_longer_exists
        and inventory_role.tasks.exists()
    )


def code_refusal(code: AgentCode | None) -> str:
    """Why ``code`` cannot be used today ("" when it can)."""
    if code is None:
        return REFUSED_UNKNOWN
    if code.used:
        return REFUSED_USED
    survey = code.survey
    today = timezone.localdate()
    if not survey.enabled or survey.closes_on < today:
        return REFUSED_CLOSED
    if survey.opens_on > today:
        return REFUSED_NOT_OPEN
    role = code.inventory_role
    if role.no_longer_exists or role.inventory.status not in {
        Inventory.Status.SUBMITTED,
        Inventory.Status.VALIDATED,
    }:
        return REFUSED_PAUSED  # the head is correcting the inventory: the draft is kept
    return ""


def code_find(digest: str | None) -> AgentCode | None:
    if not digest:
        return None
    return (
        AgentCode.objects.select_related(
            "survey__campaign", "inventory_role__inventory__service__directorate"
        )
        .filter(digest=digest)
        .first()
    )


def role_tasks(inventory_role: InventoryRole) -> list:
    """The head's tasks of the role that take time, in the head's order."""
    return [
        task
        for task in inventory_role.tasks.all().order_by("position", "pk")
        if task.time_share is None or task.time_share > 0
    ]


@dataclass
class RoleProgress:
    """Codes handed out and answers received for one role (counts only)."""

    inventory_role: InventoryRole
    codes: int = 0
    respondents: int = 0
    threshold: int = MINIMUM_RESPONDENTS

    @property
    def visible(self) -> bool:
        return self.respondents >= self.threshold


def roles_progress(survey: AgentSurvey, roles) -> list[RoleProgress]:
    """The progress of each of ``roles`` in ``survey`` (two queries)."""
    threshold = respondent_threshold()
    roles = list(roles)
    ids = [role.pk for role in roles]
    codes = {
        row["inventory_role"]: row
        for row in AgentCode.objects.filter(survey=survey, inventory_role__in=ids)
        .values("inventory_role")
        .annotate(total=Count("pk"))
    }
    answers = dict(
        AgentAnswer.objects.filter(survey=survey, inventory_role__in=ids)
        .values("inventory_role")
        .annotate(total=Count("pk"))
        .values_list("inventory_role", "total")
    )
    return [
        RoleProgress(
            inventory_role=role,
            codes=codes.get(role.pk, {}).get("total", 0),
            respondents=answers.get(role.pk, 0),
            threshold=threshold,
        )
        for role in roles
    ]


def survey_roles(survey: AgentSurvey, service_ids=None):
    """The roles of the survey's campaign agents may answer on (submitted or validated)."""
    roles = InventoryRole.objects.filter(
        inventory__campaign=survey.campaign_id,
        inventory__status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED],
        no_longer_exists=False,
    ).select_related("inventory__service__directorate")
    if service_ids is not None:
        roles = roles.filter(inventory__service__in=service_ids)
    return roles.order_by(
        "inventory__service__directorate__name", "inventory__service__name", "title"
    )


@dataclass
class RealisedUse:
    """Realised use of generative AI among the respondents of a scope (shown from the
    respondent threshold up)."""

    respondents: int = 0
    users: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_data: Counter = field(default_factory=Counter)
    unsupervised: int = 0
    city_tools: Counter = field(default_factory=Counter)

    @property
    def share_using(self) -> float | None:
        return self.users / self.respondents if self.respondents else None

    @property
    def share_unsupervised(self) -> float | None:
        return self.unsupervised / self.respondents if self.respondents else None


def realised_use(answers) -> RealisedUse:
    """Aggregate ``answers`` (AgentAnswer rows) into the realised use of their scope."""
    use = RealisedUse()
    for answer in answers:
        use.respondents += 1
        if not answer.uses_ai:
            continue
        use.users += 1
        kinds = set(answer.tool_kinds)
        if answer.city_tools:
            kinds.add(ToolKind.CITY)
        for kind in kinds:
            use.by_kind[kind] += 1
        for data_class in set(answer.data_classes):
            use.by_data[data_class] += 1
        for tool in set(answer.city_tools):
            use.city_tools[tool] += 1
        use.unsupervised += answer.unsupervised_use
    return use


@dataclass
class ScopeUse:
    """The realised use of a scope and of its groups, made of the roles that reach the
    respondent threshold only (for everyone: an administrator sees no more of a small group of
    agents than anyone)."""

    whole: RealisedUse | None
    groups: dict
    threshold: int
    respondents: int


def realised_use_by_scope(campaign_id: int, *, directorate=None, service=None) -> ScopeUse:
    """The agents' realised use for a dashboard's or a study's scope, by its groups:
    directorates (key: id) for the collectivité, services (key: id) for a directorate, roles
    (key: title) for a service.

    Only the answers of roles with at least the threshold of respondents are counted, in the
    scope and in every group: any figure, and any difference between two figures of any two
    scopes, is then made of whole such roles, so no group below the threshold can be recovered
    by subtraction. The scope is None when no role of it reaches the threshold."""
    threshold = respondent_threshold()
    answers = AgentAnswer.objects.filter(survey__campaign_id=campaign_id).select_related(
        "inventory_role__inventory__service"
    )
    if service is not None:
        answers = answers.filter(inventory_role__inventory__service=service)
        group_of = lambda answer: answer.inventory_role.title  # noqa: E731
    elif directorate is not None:
        answers = answers.filter(inventory_role__inventory__service__directorate=directorate)
        group_of = lambda answer: answer.inventory_role.inventory.service_id  # noqa: E731
    else:
        group_of = lambda answer: answer.inventory_role.inventory.service.directorate_id  # noqa: E731
    answers = list(answers.only(
        "uses_ai", "tool_kinds", "city_tools", "data_classes", "inventory_role__title",
        "inventory_role__inventory__service_id",
        "inventory_role__inventory__service__directorate_id",
    ))  # fmt: skip
    by_role = Counter(answer.inventory_role_id for answer in answers)
    counted = [answer for answer in answers if by_role[answer.inventory_role_id] >= threshold]
    by_group: dict = {}
    for answer in counted:
        by_group.setdefault(group_of(answer), []).append(answer)
    return ScopeUse(
        whole=realised_use(counted) if counted else None,
        groups={key: realised_use(rows) for key, rows in by_group.items()},
        threshold=threshold,
        respondents=len(counted),
    )


def head_home_progress(services) -> list[RoleProgress]:
    """The roles of ``services`` open to their agents in a survey that is on and not closed,
    with their progress, for a head's home page (three queries)."""
    today = timezone.localdate()
    surveys = list(
        AgentSurvey.objects.filter(enabled=True, closes_on__gte=today).select_related("campaign")
    )
    rows: list[RoleProgress] = []
    for survey in surveys:
        roles = survey_roles(survey, service_ids=services).filter(tasks__isnull=False).distinct()
        rows.extend(roles_progress(survey, roles))
    return rows
