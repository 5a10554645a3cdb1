"""Writes to campaigns: creating, editing, opening and closing them, and their e-mails.

A campaign is prepared as a draft, opened once (which creates the inventories of the
services concerned and invites their heads), then closed. The e-mails go to the heads of
the services whose inventories are still to be filled: an invitation when the campaign
opens, one reminder ``reminder_days`` days before ``closes_on``.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from services import access
from services.models import Directorate, Persona, Role, Service, User
from services.web.mail import plain_email, send_all, site_url
from services.web.outbox import outbox_send
from surveys.models import Campaign, Inventory, InventoryRole, Questionnaire
from surveys.selectors import reminder_is_due

Status = Campaign.Status
# Inventories whose heads are still expected to act: invited, then reminded.
PENDING_STATUSES = (
    Inventory.Status.NOT_STARTED,
    Inventory.Status.DRAFT,
    Inventory.Status.RETURNED,
)
SLUG_MAX_LENGTH = Campaign._meta.get_field("slug").max_length


def _unique_slug(title: str) -> str:
    """The slug of the title, with "-2", "-3"… when a campaign already uses it."""
    base = slugify(title)[: SLUG_MAX_LENGTH - 4].strip("-") or "campagne"
    taken = set(Campaign.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    title: str,
    questionnaire: Questionnaire,
    opens_on: datetime.date,
    closes_on: datetime.date,
    reminder_days: int,
    directorates: Iterable[Directorate] = (),
) -> Campaign:
    """Create a draft campaign (administrators only).

    Its slug comes from the title and never changes afterwards, so links stay valid; a
    title already used gets a numbered slug. No chosen directorate means all of them.
    """
    access.require_campaign_manager(actor)
    campaign = Campaign(
        title=title,
        slug=_unique_slug(title),
        questionnaire=questionnaire,
        opens_on=opens_on,
        closes_on=closes_on,
        reminder_days=reminder_days,
    )
    campaign.full_clean()
    campaign.save()
    campaign.directorates.set(directorates)
    return campaign


def _locked(campaign: Campaign) -> Campaign:
    """The campaign row, locked until the transaction ends, with its current state."""
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _require_status(campaign: Campaign, status: str, message: str) -> None:
    if campaign.status != status:
        raise ValidationError(
            message % {"status": campaign.get_status_display().lower()}, code="wrong_status"
        )


@transaction.atomic
def campaign_update(
    *,
    actor: User,
    campaign: Campaign,
    title: str,
    questionnaire: Questionnaire,
    opens_on: datetime.date,
    closes_on: datetime.date,
    reminder_days: int,
    directorates: Iterable[Directorate] = (),
) -> Campaign:
    """Change a campaign while it is a draft (administrators only); the slug stays."""
    access.require_campaign_manager(actor)
    campaign = _locked(campaign)
    _require_status(
        campaign,
        Status.DRAFT,
        _("Seule une campagne en préparation peut être modifiée ; celle-ci est %(status)s."),
    )
    campaign.title, campaign.questionnaire = title, questionnaire
    campaign.opens_on, campaign.closes_on = opens_on, closes_on
    campaign.reminder_days = reminder_days
    campaign.full_clean()
    campaign.save(
        update_fields=["title", "questionnaire", "opens_on", "closes_on", "reminder_days"]
    )
    campaign.directorates.set(directorates)
    return campaign


def concerned_services(campaign: Campaign):
    """The services of the campaign's directorates, or every service when none is chosen."""
    directorate_ids = list(campaign.directorates.values_list("pk", flat=True))
    services = Service.objects.all()
    if directorate_ids:
        services = services.filter(directorate_id__in=directorate_ids)
    return services


@transaction.atomic
def campaign_open(*, actor: User, campaign: Campaign) -> Campaign:
    """Open a draft campaign (administrators only) and invite the heads concerned.

    Each service concerned that has no inventory in this campaign gets one, not started,
    with one described role per role of the organisation chart (title, headcount, FTE,
    ISCO code). The campaign row is locked first, so a double submit opens it once: the
    second call finds it open and is refused. Invitations leave after the commit.
    """
    access.require_campaign_manager(actor)
    campaign = _locked(campaign)
    _require_status(
        campaign,
        Status.DRAFT,
        _("Seule une campagne en préparation peut être ouverte ; celle-ci est %(status)s."),
    )
    services = concerned_services(campaign).exclude(inventories__campaign=campaign)
    service_ids = list(services.values_list("pk", flat=True))
    if not service_ids and not campaign.inventories.exists():
        raise ValidationError(
            _("Aucun service n'est concerné : importez d'abord l'organigramme."),
            code="no_service",
        )
    inventories_create(campaign=campaign, service_ids=service_ids)
    campaign.status = Status.OPEN
    campaign.full_clean()
    campaign.save(update_fields=["status"])
    campaign_id = campaign.pk
    outbox_send("surveys.tasks.send_campaign_invitations", campaign_id)
    return campaign


def inventories_create(*, campaign: Campaign, service_ids: list[int]) -> list[Inventory]:
    """One not-started inventory per service, its roles copied from the chart, in two inserts.

    Used when a campaign opens (and by the demo loader); callers hold the campaign lock.
    """
    inventories = Inventory.objects.bulk_create(
        [Inventory(campaign=campaign, service_id=pk) for pk in service_ids]
    )
    by_service = {inventory.service_id: inventory for inventory in inventories}
    roles = Role.objects.filter(service_id__in=service_ids).order_by("service_id", "title")
    InventoryRole.objects.bulk_create(
        [
            InventoryRole(
                inventory=by_service[role.service_id],
                role=role,
                title=role.title,
                headcount=role.headcount,
                fte=role.fte,
                isco_code=role.isco_code,
            )
            for role in roles
        ]
    )
    return inventories


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign) -> Campaign:
    """Close an open campaign (administrators only); inventories keep their state."""
    access.require_campaign_manager(actor)
    campaign = _locked(campaign)
    _require_status(
        campaign,
        Status.OPEN,
        _("Seule une campagne ouverte peut être close ; celle-ci est %(status)s."),
    )
    campaign.status = Status.CLOSED
    campaign.full_clean()
    campaign.save(update_fields=["status"])
    return campaign


# --- E-mails --------------------------------------------------------------------------


@dataclass
class HeadNotice:
    """One e-mail: a head and the inventories they are asked to fill in this campaign."""

    head: User
    inventories: list[Inventory] = field(default_factory=list)


def _head_notices(campaign: Campaign) -> list[HeadNotice]:
    """The heads to write to, each with their pending inventories, in two queries.

    Recipients are active department heads (superusers count as administrators) of a
    service whose inventory is not started, a draft or returned, and who have an e-mail.
    """
    inventories = {
        inventory.service_id: inventory
        for inventory in campaign.inventories.filter(status__in=PENDING_STATUSES).select_related(
            "service__directorate"
        )
    }
    links = (
        User.services.through.objects.filter(
            service_id__in=list(inventories),
            user__is_active=True,
            user__is_superuser=False,
            user__persona=Persona.HEAD,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username", "service__directorate__name", "service__name")
    )
    notices: dict[int, HeadNotice] = {}
    for link in links:
        notice = notices.setdefault(link.user_id, HeadNotice(head=link.user))
        notice.inventories.append(inventories[link.service_id])
    return list(notices.values())


def _email(campaign: Campaign, notice: HeadNotice, kind: str) -> EmailMessage:
    """The e-mail of one head, in the site's default language with absolute links."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "campaign": campaign,
            "head": notice.head,
            "closes_on": date_format(campaign.closes_on, "DATE_FORMAT"),
            "inventories": [
                {
                    "inventory": inventory,
                    "url": site_url(inventory.get_absolute_url()),
                }
                for inventory in notice.inventories
            ],
            "site_url": site_url(),
        }
        if kind == "invitation":
            subject = _("[Impact] État des lieux à remplir : %(campaign)s")
        else:
            subject = _("[Impact] Rappel : état des lieux à remettre avant le %(date)s")
        subject = subject % {"campaign": campaign.title, "date": context["closes_on"]}
        return plain_email(
            template=f"campaign_{kind}", subject=subject, to=notice.head.email, context=context
        )


def _send(campaign: Campaign, kind: str) -> int:
    """Send one e-mail per head over one SMTP connection; return how many were sent."""
    return send_all([_email(campaign, notice, kind) for notice in _head_notices(campaign)])


def campaign_send_invitations(*, campaign: Campaign) -> int:
    """Invite the heads of the campaign's pending inventories; return the e-mails sent.

    Run by a task after ``campaign_open`` commits. A head of several services concerned
    gets one e-mail listing them all. An SMTP failure propagates so the task retries.
    """
    if campaign.status != Status.OPEN:
        return 0
    # Claim the sending with a conditional update: a second delivery of the same task
    # message (late acknowledgement after a lost worker) finds it claimed and sends nothing.
    claimed = Campaign.objects.filter(pk=campaign.pk, invitations_sent_at__isnull=True).update(
        invitations_sent_at=timezone.now()
    )
    if not claimed:
        return 0
    try:
        return _send(campaign, "invitation")
    except Exception:
        Campaign.objects.filter(pk=campaign.pk).update(invitations_sent_at=None)
        raise


@transaction.atomic
def _claim_reminder(campaign: Campaign, today: datetime.date) -> bool:
    """Record the reminder as sent today, unless another run already did."""
    campaign = _locked(campaign)
    if not reminder_is_due(campaign, today):
        return False
    campaign.reminder_sent_on = today
    campaign.full_clean()
    campaign.save(update_fields=["reminder_sent_on"])
    return True


@transaction.atomic
def _release_reminder(campaign: Campaign, today: datetime.date) -> None:
    """Forget a claimed reminder whose sending failed, so that a retry sends it."""
    campaign = _locked(campaign)
    if campaign.reminder_sent_on == today:
        campaign.reminder_sent_on = None
        campaign.save(update_fields=["reminder_sent_on"])


def campaign_send_reminders(*, today: datetime.date) -> int:
    """Send each open campaign's reminder when due; return the number of e-mails sent.

    Rule: a campaign's reminder goes out once, on the first run between
    ``closes_on - reminder_days`` and ``closes_on`` (dates included), to the heads whose
    inventories are not started, drafts or returned. The campaign is claimed first
    (``reminder_sent_on``) in a short transaction, so two runs never both send it and
    no database lock is held while talking to the SMTP server; if sending fails, the
    claim is released and the error propagates so that the task retries.
    """
    sent = 0
    candidates = Campaign.objects.filter(
        status=Status.OPEN, reminder_sent_on__isnull=True, closes_on__gte=today
    )
    for campaign in candidates:
        if not reminder_is_due(campaign, today) or not _claim_reminder(campaign, today):
            continue
        try:
            sent += _send(campaign, "reminder")
        except Exception:
            _release_reminder(campaign, today)
            raise
    return sent
