"""Writes to an inventory: saving drafts, roles and tasks, submitting, reviewing.

Every save checks the revision the page was drawn from: if someone else saved the
inventory meanwhile, ``StaleInventoryError`` is raised and nothing is written, so two
people editing the same inventory never overwrite each other.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from services import access
from surveys import signals
from surveys.models import Inventory, InventoryEvent, InventoryRole, InventoryTask
from surveys.selectors import roles_with_tasks
from surveys.validation import Problem, inventory_problems

Status = Inventory.Status


class StaleInventoryError(Exception):
    """Someone saved the inventory after the page being submitted was drawn."""


class InventoryIncompleteError(Exception):
    """Submit refused: ``problems`` lists what to fix."""

    def __init__(self, problems: list[Problem]):
        super().__init__(_("L'état des lieux est incomplet."))
        self.problems = problems


def _require_editor(actor, inventory: Inventory) -> None:
    if not access.heads_service(actor, inventory.service):
        raise PermissionDenied
    if not inventory.is_editable:
        raise ValidationError(_("Cet état des lieux n'est plus modifiable."), code="not_editable")


def _claim_revision(inventory: Inventory, revision: int) -> None:
    """Bump the revision if it is still the one the page showed, else refuse.

    A draft save moves a not-started inventory to draft; a returned one stays returned
    (its administrator's comment stays visible) until it is submitted again.
    """
    new_status = Status.DRAFT if inventory.status == Status.NOT_STARTED else inventory.status
    updated = Inventory.objects.filter(pk=inventory.pk, revision=revision).update(
        revision=F("revision") + 1, status=new_status, updated_at=timezone.now()
    )
    if not updated:
        raise StaleInventoryError
    if new_status != inventory.status:
        _record(inventory, None, inventory.status, new_status)
    inventory.refresh_from_db(fields=["revision", "status", "updated_at"])


def _record(
    inventory: Inventory, actor, from_status: str, to_status: str, comment: str = ""
) -> None:
    InventoryEvent.objects.create(
        inventory=inventory,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )


@transaction.atomic
def inventory_save_section(
    *, actor, inventory: Inventory, section_key: str, answers: dict, revision: int
) -> Inventory:
    """Store the answers of one questionnaire section as a draft (no completeness rule)."""
    _require_editor(actor, inventory)
    if inventory.campaign.questionnaire.section(section_key) is None:
        raise ValidationError(_("Section inconnue."), code="unknown_section")
    _claim_revision(inventory, revision)
    stored = dict(inventory.answers)
    stored[section_key] = answers
    inventory.answers = stored
    inventory.save(update_fields=["answers"])
    _mark_started_by(actor, inventory)
    return inventory


def _mark_started_by(actor, inventory: Inventory) -> None:
    """Name the actor on the automatic not-started → draft event."""
    inventory.events.filter(actor__isnull=True, to_status=Status.DRAFT).update(actor=actor)


@transaction.atomic
def inventory_save_role_tasks(
    *, actor, inventory: Inventory, role: InventoryRole, tasks: list[dict], revision: int
) -> InventoryRole:
    """Replace a role's tasks by the rows given, in order (blank rows are already dropped)."""
    _require_editor(actor, inventory)
    if role.inventory_id != inventory.pk:
        raise PermissionDenied
    _claim_revision(inventory, revision)
    role.tasks.all().delete()
    new_tasks = [
        InventoryTask(inventory_role=role, position=i, **row) for i, row in enumerate(tasks)
    ]
    for task in new_tasks:
        task.full_clean(exclude=["inventory_role"])
    InventoryTask.objects.bulk_create(new_tasks)
    _mark_started_by(actor, inventory)
    return role


@transaction.atomic
def inventory_add_role(
    *, actor, inventory: Inventory, title: str, headcount: int, fte, note: str, revision: int
) -> InventoryRole:
    """Add a role missing from the organisation chart, flagged for the administrator."""
    _require_editor(actor, inventory)
    role = InventoryRole(
        inventory=inventory,
        title=title.strip(),
        headcount=headcount,
        fte=fte,
        note=note,
        added_by_head=True,
    )
    role.full_clean()
    _claim_revision(inventory, revision)
    role.save()
    _mark_started_by(actor, inventory)
    return role


@transaction.atomic
def inventory_set_role_exists(
    *, actor, inventory: Inventory, role: InventoryRole, exists: bool, revision: int
) -> InventoryRole:
    """Mark a role as no longer existing (or existing again); its tasks are kept."""
    _require_editor(actor, inventory)
    if role.inventory_id != inventory.pk:
        raise PermissionDenied
    _claim_revision(inventory, revision)
    role.no_longer_exists = not exists
    role.save(update_fields=["no_longer_exists"])
    return role


@transaction.atomic
def inventory_submit(*, actor, inventory: Inventory, revision: int) -> Inventory:
    """Check every rule; submit when none fails, else raise InventoryIncompleteError."""
    _require_editor(actor, inventory)
    locked = Inventory.objects.select_for_update().get(pk=inventory.pk)
    if locked.revision != revision:
        raise StaleInventoryError
    problems = inventory_problems(locked, roles_with_tasks(locked))
    if problems:
        raise InventoryIncompleteError(problems)
    previous = locked.status
    locked.status, locked.submitted_at = Status.SUBMITTED, timezone.now()
    locked.revision += 1
    locked.save(update_fields=["status", "submitted_at", "revision", "updated_at"])
    _record(locked, actor, previous, Status.SUBMITTED)
    signals.inventory_submitted.send(sender=Inventory, inventory_id=locked.pk)
    return locked


def _review_target(actor, inventory: Inventory) -> Inventory:
    if not access.can_manage_campaigns(actor):
        raise PermissionDenied
    locked = Inventory.objects.select_for_update().get(pk=inventory.pk)
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            _("Seul un état des lieux soumis peut être validé ou renvoyé."), code="not_submitted"
        )
    return locked


@transaction.atomic
def inventory_validate(*, actor, inventory: Inventory) -> Inventory:
    """An administrator accepts a submitted inventory; it becomes readable by delegates."""
    locked = _review_target(actor, inventory)
    locked.status, locked.validated_at = Status.VALIDATED, timezone.now()
    locked.revision += 1
    locked.save(update_fields=["status", "validated_at", "revision", "updated_at"])
    _record(locked, actor, Status.SUBMITTED, Status.VALIDATED)
    signals.inventory_validated.send(sender=Inventory, inventory_id=locked.pk)
    return locked


@transaction.atomic
def inventory_return(*, actor, inventory: Inventory, comment: str) -> Inventory:
    """An administrator sends a submitted inventory back to its head with a comment."""
    if not comment.strip():
        raise ValidationError(_("Expliquez ce qui est à corriger."), code="comment_required")
    locked = _review_target(actor, inventory)
    locked.status = Status.RETURNED
    locked.revision += 1
    locked.save(update_fields=["status", "revision", "updated_at"])
    _record(locked, actor, Status.SUBMITTED, Status.RETURNED, comment.strip())
    return locked
