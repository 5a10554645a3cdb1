"""Celery tasks of the surveys app: thin, ids in, one action called.

E-mail tasks retry with an exponential backoff when the SMTP server cannot be reached
or refuses for a while; the actions make a retry safe (see ``campaign_send_reminders``).
"""

from celery import shared_task
from django.utils import timezone

from services.web.mail import MAIL_RETRY
from surveys.actions import campaigns as campaign_actions
from surveys.models import Campaign


@shared_task(**MAIL_RETRY)
def send_campaign_invitations(campaign_id: int) -> int:
    """E-mail the heads of a campaign that has just opened."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:  # deleted since it was enqueued
        return 0
    return campaign_actions.campaign_send_invitations(campaign=campaign)


@shared_task(**MAIL_RETRY)
def send_due_campaign_reminders() -> int:
    """Send today's reminders (run daily by Celery beat, see CELERY_BEAT_SCHEDULE)."""
    return campaign_actions.campaign_send_reminders(today=timezone.localdate())
