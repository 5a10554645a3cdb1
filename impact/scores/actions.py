"""Score snapshots, method parameters and campaign re-scoring, as named actions."""

import datetime
import logging
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from impact import scoring
from impact.scores.models import InventoryScore, MethodSettings, RescoreJob, RoleScore
from impact.scores.selectors import compute_scores, method_parameters, method_settings_get
from services import access
from services.web.outbox import outbox_send
from surveys.models import Campaign, Inventory
from surveys.selectors import roles_with_tasks

logger = logging.getLogger(__name__)
ROLE_FIELDS = [
    "alpha", "beta", "zeta", "mean", "sd", "gradient_2025", "category_2023", "auto", "aug",
    "low", "none", "beta_dep_k1", "beta_dep_k2", "beta_dep_k3", "hours", "freed_hours_k1",
    "freed_hours_k2", "freed_hours_k3",
]  # fmt: skip


@transaction.atomic
def method_settings_update(*, actor, values: dict) -> MethodSettings:
    """Administrators change the parameters; results already stored keep theirs."""
    if not access.can_manage_campaigns(actor):
        raise PermissionDenied
    row = MethodSettings.objects.select_for_update().get(pk=method_settings_get().pk)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_by = actor
    row.full_clean()
    row.save(update_fields=[*values, "updated_by", "updated_at"])
    return row


@transaction.atomic
def inventory_score(*, inventory: Inventory, trigger: str) -> InventoryScore | None:
    """Compute and store a new snapshot of an inventory's scores; it becomes the current one.

    The snapshot records the method version and every parameter it used. Returns None
    (and stores nothing) when no role has a task yet.
    """
    params = method_parameters(method_settings_get())
    roles = {role.pk: role for role in roles_with_tasks(inventory)}
    result = compute_scores(roles.values(), params)
    if result is None:
        return None
    InventoryScore.objects.filter(inventory=inventory, is_current=True).update(is_current=False)
    score = InventoryScore.objects.create(
        inventory=inventory,
        inventory_revision=inventory.revision,
        trigger=trigger,
        method_version=scoring.METHOD_VERSION,
        parameters=params.to_dict(),
        summary={"measures": result["summary"], "ladder": result["ladder"]},
    )
    RoleScore.objects.bulk_create(
        role_score_build(score=score, role=roles[key], values=values)
        for key, values in result["roles"].items()
    )
    return score


def role_score_build(*, score: InventoryScore, role, values: dict) -> RoleScore:
    """A RoleScore of ``score`` (not saved) for an inventory role and its computed values.

    ``values`` is one role of ``compute_scores``: every measure, the P10-P90 band, the ILO
    comparison and the receipt. Non-finite ILO figures are stored as missing.
    """
    return RoleScore(
        score=score,
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


def score_unscored_inventories() -> int:
    """Score the submitted and validated inventories that have no snapshot yet.

    Used by ``load_demo`` and after an upgrade; scoring normally happens in a task when an
    inventory is submitted or validated. Returns how many inventories were scored.
    """
    pending = Inventory.objects.filter(
        status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED]
    ).exclude(scores__is_current=True)
    count = 0
    for inventory in pending.select_related("campaign__questionnaire"):
        trigger = (
            InventoryScore.Trigger.VALIDATED
            if inventory.status == Inventory.Status.VALIDATED
            else InventoryScore.Trigger.SUBMITTED
        )
        count += inventory_score(inventory=inventory, trigger=trigger) is not None
    return count


# Scoring a campaign again under the current method ----------------------------------------

RESCORE_TASK = "impact.tasks.rescore_campaign"


def _rescorable(campaign):
    return Inventory.objects.filter(
        campaign=campaign, status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED]
    ).order_by("pk")


@transaction.atomic
def campaign_rescore_request(*, actor, campaign, by_system: bool = False) -> RescoreJob:
    """Ask for every submitted or validated inventory of ``campaign`` to be scored again under
    the current method version; a request already waiting or running is returned instead.
    ``by_system``: asked by the application itself (the city's own uncertainty matrix was
    just made the method's), with no actor."""
    if not by_system and not access.can_manage_campaigns(actor):
        raise PermissionDenied
    Campaign.objects.select_for_update().get(pk=campaign.pk)  # one request at a time
    active = campaign.rescore_jobs.filter(
        status__in=[RescoreJob.Status.PENDING, RescoreJob.Status.RUNNING]
    ).first()
    if active is not None:
        return active
    job = RescoreJob.objects.create(
        campaign=campaign, method_version=scoring.METHOD_VERSION, requested_by=actor,
        total=_rescorable(campaign).count(),
    )  # fmt: skip
    outbox_send(RESCORE_TASK, job.pk)
    return job


def rescore_job_claim(job_id: int) -> RescoreJob | None:
    """Take a job for this worker: pending, or running but abandoned by a dead worker."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.IMPACT_STUDY_STALE_SECONDS)
    claimed = RescoreJob.objects.filter(
        Q(status=RescoreJob.Status.PENDING)
        | Q(status=RescoreJob.Status.RUNNING, started_at__lt=stale),
        pk=job_id,
    ).update(status=RescoreJob.Status.RUNNING, started_at=timezone.now(),
             attempts=F("attempts") + 1, message="")  # fmt: skip
    return RescoreJob.objects.select_related("campaign").get(pk=job_id) if claimed else None


def campaign_rescore(*, job: RescoreJob) -> int:
    """Score each inventory of the job's campaign again, one transaction each, counting
    progress; an inventory this job already scored (a second delivery, a retried claim) is
    skipped. Returns how many snapshots this run stored."""
    inventories = list(_rescorable(job.campaign))
    stored = 0
    RescoreJob.objects.filter(pk=job.pk).update(total=len(inventories))
    for position, inventory in enumerate(inventories, start=1):
        already = InventoryScore.objects.filter(
            inventory=inventory, is_current=True, trigger=InventoryScore.Trigger.MANUAL,
            method_version=job.method_version, computed_at__gte=job.created_at,
        ).exists()  # fmt: skip
        if not already:
            stored += (
                inventory_score(inventory=inventory, trigger=InventoryScore.Trigger.MANUAL)
                is not None
            )
        RescoreJob.objects.filter(pk=job.pk).update(done=position)
    RescoreJob.objects.filter(pk=job.pk).update(
        status=RescoreJob.Status.DONE, finished_at=timezone.now()
    )
    return stored


def rescore_job_fail(*, job: RescoreJob, error: BaseException) -> None:
    """Record a failure the page shows; what was stored stays (each inventory is its own
    transaction) and a new request starts again, skipping nothing already done."""
    logger.exception("Rescore job %s failed", job.pk, exc_info=error)
    RescoreJob.objects.filter(pk=job.pk, status=RescoreJob.Status.RUNNING).update(
        status=RescoreJob.Status.FAILED, finished_at=timezone.now(),
        message=_("Le recalcul a échoué (%(error)s). Vous pouvez le relancer ; les états des "
                  "lieux déjà recalculés sont conservés.") % {"error": type(error).__name__},
    )  # fmt: skip
