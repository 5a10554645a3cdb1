"""The demo campaign, loaded by ``manage.py load_demo`` after the chart and the questionnaires.

One open campaign covers every directorate of the demo collectivité, with one état des
lieux per service at every stage of the workflow, so that each demo account has something
to do or to read: ``chef.etatcivil`` a draft and a returned inventory, ``pilote`` two
submitted ones to review, ``delegue`` and ``elu`` validated ones. What the heads answered is
in ``surveys.demo_data``. The load is idempotent: the campaign is found by its slug and an
inventory by (campaign, service); rows found are never modified, so a second run, or a run
after someone played with the demo, writes nothing over their work.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from services.demo import ORGANISATION_NAME
from services.models import Organisation, Service, User
from surveys.actions.campaigns import inventories_create
from surveys.demo_data import DEMO_INVENTORIES, DemoInventory
from surveys.models import (
    Campaign,
    Inventory,
    InventoryEvent,
    InventoryRole,
    InventoryTask,
    Questionnaire,
)
from surveys.task_types import task_type

CAMPAIGN_SLUG = "etat-des-lieux-ia-2026"
CAMPAIGN_TITLE = "État des lieux de l'IA générative 2026"
QUESTIONNAIRE_SLUG = "etat-des-lieux-ia"
# Relative to the first load, so that the campaign is open whenever the demo is installed.
OPENED_DAYS_AGO, CLOSES_IN_DAYS = 21, 28
REVIEWER = "pilote"
# Hour of the day of each step (started, submitted, reviewed), for a believable history.
STEP_HOURS = (9, 16, 11)

Status = Inventory.Status
CREATED, UNCHANGED = "created", "unchanged"


class DemoCampaignError(Exception):
    """What the demo campaign needs is missing: the demo collectivité or the questionnaire."""


@transaction.atomic
def load_demo_campaign() -> dict:
    """Create the demo campaign and the inventories it lacks; never modify what exists.

    Returns ``campaign`` (created or unchanged), ``inventories`` (a Counter of created and
    unchanged), ``tasks`` (the number of tasks created) and ``statuses`` (the campaign's
    inventories by status, every status listed).
    """
    organisation = Organisation.objects.filter(name=ORGANISATION_NAME).first()
    if organisation is None:
        raise DemoCampaignError(
            gettext("La collectivité de démonstration n'est pas chargée : lancez load_demo.")
        )
    campaign, campaign_status = _find_or_create_campaign()
    services = Service.objects.filter(directorate__organisation=organisation)
    missing = dict(
        services.exclude(inventories__campaign=campaign).values_list("pk", "name").order_by("pk")
    )
    new_inventories = inventories_create(campaign=campaign, service_ids=list(missing))
    scripts = {script.service: script for script in DEMO_INVENTORIES}
    tasks = 0
    for inventory in new_inventories:
        script = scripts.get(missing[inventory.service_id])
        if script is not None and script.status != Status.NOT_STARTED:
            tasks += _play(campaign, inventory, script)
    counts = dict(
        campaign.inventories.order_by().values_list("status").annotate(number=Count("pk"))
    )
    return {
        "campaign": campaign_status,
        # Unary plus drops the zero counts, as in ``services.demo.load_demo``'s report.
        "inventories": +Counter(
            {CREATED: len(new_inventories), UNCHANGED: sum(counts.values()) - len(new_inventories)}
        ),
        "tasks": tasks,
        "statuses": {status: counts.get(status, 0) for status in Status.values},
    }


def _find_or_create_campaign() -> tuple[Campaign, str]:
    """The demo campaign by its slug, or a new open one on the latest questionnaire."""
    campaign = Campaign.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is not None:
        return campaign, UNCHANGED
    questionnaire = (
        Questionnaire.objects.filter(slug=QUESTIONNAIRE_SLUG).order_by("-version").first()
    )
    if questionnaire is None:
        raise DemoCampaignError(
            gettext("Le questionnaire « %s » n'est pas chargé : lancez load_questionnaires.")
            % QUESTIONNAIRE_SLUG
        )
    today = timezone.localdate()
    campaign = Campaign(
        title=CAMPAIGN_TITLE,
        slug=CAMPAIGN_SLUG,
        questionnaire=questionnaire,
        opens_on=today - datetime.timedelta(days=OPENED_DAYS_AGO),
        closes_on=today + datetime.timedelta(days=CLOSES_IN_DAYS),
        reminder_days=7,
        status=Campaign.Status.OPEN,
    )
    campaign.full_clean()
    campaign.save()
    # No directorate chosen means every directorate of the collectivité.
    return campaign, CREATED


def _play(campaign: Campaign, inventory: Inventory, script: DemoInventory) -> int:
    """Bring a new inventory to the script's stage; return the number of tasks created."""
    roles = _script_roles(inventory, script)
    tasks = [
        _task(roles[title], position, row)
        for title, rows in script.roles.items()
        if title in roles
        for position, row in enumerate(rows)
    ]
    InventoryTask.objects.bulk_create(tasks)
    moments = [
        _moment(campaign, day, hour) for day, hour in zip(script.days, STEP_HOURS, strict=False)
    ]
    inventory.answers = script.answers
    inventory.status = script.status
    if script.status in (Status.SUBMITTED, Status.RETURNED, Status.VALIDATED):
        inventory.submitted_at = moments[1]
    if script.status == Status.VALIDATED:
        inventory.validated_at = moments[2]
    # One save per answered section and per described role, then one per transition.
    inventory.revision = len(script.answers) + len(script.roles) + len(moments) - 1
    inventory.full_clean()
    inventory.save(update_fields=["answers", "status", "submitted_at", "validated_at", "revision"])
    _record_history(inventory, script, moments)
    return len(tasks)


def _script_roles(inventory: Inventory, script: DemoInventory) -> dict[str, InventoryRole]:
    """The inventory's roles by title, after the head's changes to the chart's list."""
    roles = {role.title: role for role in inventory.roles.all()}
    for title, note in script.gone_roles.items():
        if title in roles:
            roles[title].no_longer_exists, roles[title].note = True, note
            roles[title].save(update_fields=["no_longer_exists", "note"])
    for added in script.added_roles:
        role = InventoryRole(
            inventory=inventory,
            title=added.title,
            headcount=added.headcount,
            fte=Decimal(added.fte),
            note=added.note,
            added_by_head=True,
        )
        role.full_clean()
        role.save()
        roles[role.title] = role
    return roles


def _task(role: InventoryRole, position: int, row) -> InventoryTask:
    accountable = row.accountable
    if accountable is None:
        accountable = task_type(row.task_type).accountable
    task = InventoryTask(
        inventory_role=role,
        position=position,
        description=row.description,
        time_share=Decimal(row.share),
        task_type=row.task_type,
        data_class=row.data_class,
        accountable=accountable,
        exposure=row.exposure,
        intensity=row.intensity,
        justification=row.justification,
    )
    task.clean_fields(exclude=["inventory_role"])
    return task


def _moment(campaign: Campaign, day: int, hour: int) -> datetime.datetime:
    """``day`` days after the campaign opened, at ``hour`` o'clock local time."""
    return datetime.datetime.combine(
        campaign.opens_on + datetime.timedelta(days=day),
        datetime.time(hour),
        tzinfo=timezone.get_current_timezone(),
    )


def _record_history(inventory: Inventory, script: DemoInventory, moments: list) -> None:
    """The events the workflow would have recorded, dated along the script's days.

    The head starts and submits (services without a demo head account get no named
    actor, as when the workflow records a change nobody is named for); the pilote reviews.
    """
    head = User.objects.filter(services=inventory.service).order_by("username").first()
    steps = [(Status.NOT_STARTED, Status.DRAFT, head, "")]
    if len(moments) > 1:
        steps.append((Status.DRAFT, Status.SUBMITTED, head, ""))
    if len(moments) > 2:
        reviewer = User.objects.filter(username=REVIEWER).first()
        steps.append((Status.SUBMITTED, script.status, reviewer, script.return_comment))
    for (from_status, to_status, actor, comment), when in zip(steps, moments, strict=True):
        event = InventoryEvent.objects.create(
            inventory=inventory,
            actor=actor,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
        )
        # ``at`` is set on insert (auto_now_add): date the event afterwards.
        InventoryEvent.objects.filter(pk=event.pk).update(at=when)
