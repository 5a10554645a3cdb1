"""Campaign e-mails: invitations on opening, one reminder before the deadline."""

import datetime
import smtplib

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone, translation

from services.models import Persona, Service, User
from surveys.actions.campaigns import campaign_send_invitations, campaign_send_reminders
from surveys.models import Campaign, Inventory
from surveys.tasks import send_campaign_invitations, send_due_campaign_reminders
from tests.helpers import make_inventory

CLOSES = datetime.date(2026, 12, 15)  # the shared ``campaign`` fixture's deadline
FIRST_REMINDER_DAY = datetime.date(2026, 12, 8)  # 7 days before


class FailingBackend(EmailBackend):
    """An SMTP server that hangs up."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def heads(head_a, head_b):
    for head, address in ((head_a, "anne@ville.example"), (head_b, "bruno@ville.example")):
        head.email = address
        head.save(update_fields=["email"])
    return head_a, head_b


@pytest.fixture
def inventories(campaign, service_a, service_b):
    return make_inventory(campaign, service_a), make_inventory(campaign, service_b)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_invitations_go_to_each_head_with_absolute_links_in_french(
    settings, campaign, heads, inventories
):
    settings.IMPACT_BASE_URL = "https://impact.ville.example"
    with translation.override("en"):
        sent = campaign_send_invitations(campaign=campaign)
    assert sent == 2
    assert recipients() == ["anne@ville.example", "bruno@ville.example"]
    message = next(m for m in mail.outbox if m.to == ["anne@ville.example"])
    assert message.subject == "[Impact] État des lieux à remplir : Campagne 2026"
    assert "Bonjour Anne" in message.body
    assert "avant le 15 décembre 2026" in message.body
    assert f"https://impact.ville.example/etats-des-lieux/{inventories[0].pk}/" in message.body
    assert "État civil (Population)" in message.body
    assert "Espaces verts" not in message.body


def test_invitations_skip_heads_of_services_outside_the_campaign(
    campaign, heads, service_a, service_b
):
    make_inventory(campaign, service_b)
    campaign_send_invitations(campaign=campaign)
    assert recipients() == ["bruno@ville.example"]


def test_invitations_skip_inactive_heads_heads_without_email_and_other_personas(
    campaign, heads, inventories, service_a, administrator
):
    head_a, head_b = heads
    head_a.is_active = False
    head_a.save(update_fields=["is_active"])
    head_b.email = ""
    head_b.save(update_fields=["email"])
    official = User.objects.create_user(
        "elu.a", email="elu@ville.example", persona=Persona.OFFICIAL
    )
    official.services.add(service_a)
    assert campaign_send_invitations(campaign=campaign) == 0
    assert mail.outbox == []


def test_a_head_of_two_services_gets_one_email_listing_both(campaign, heads, service_a):
    head_a, _ = heads
    archives = Service.objects.create(directorate=service_a.directorate, name="Archives")
    head_a.services.add(archives)
    make_inventory(campaign, service_a)
    make_inventory(campaign, archives)
    campaign_send_invitations(campaign=campaign)
    assert recipients() == ["anne@ville.example"]
    assert "Archives (Population)" in mail.outbox[0].body
    assert "État civil (Population)" in mail.outbox[0].body


def test_invitation_task_retries_when_the_smtp_server_fails(settings, campaign, heads, inventories):
    settings.EMAIL_BACKEND = "tests.surveys.test_campaign_emails.FailingBackend"
    with pytest.raises(Retry):
        send_campaign_invitations.delay(campaign.pk)


@pytest.mark.parametrize(
    "today",
    [FIRST_REMINDER_DAY - datetime.timedelta(days=1), CLOSES + datetime.timedelta(days=1)],
)
def test_no_reminder_outside_the_reminder_window(campaign, heads, inventories, today):
    assert campaign_send_reminders(today=today) == 0
    assert mail.outbox == []
    campaign.refresh_from_db()
    assert campaign.reminder_sent_on is None


@pytest.mark.parametrize("today", [FIRST_REMINDER_DAY, CLOSES])
def test_reminder_goes_out_inside_the_window_and_is_recorded(campaign, heads, inventories, today):
    assert campaign_send_reminders(today=today) == 2
    campaign.refresh_from_db()
    assert campaign.reminder_sent_on == today


def test_reminder_goes_only_to_heads_whose_inventory_is_not_submitted(campaign, heads, inventories):
    inventory_a, inventory_b = inventories
    inventory_b.status = Inventory.Status.SUBMITTED
    inventory_b.save(update_fields=["status"])
    with translation.override("en"):
        campaign_send_reminders(today=FIRST_REMINDER_DAY)
    assert recipients() == ["anne@ville.example"]
    message = mail.outbox[0]
    assert (
        message.subject == "[Impact] Rappel : état des lieux à remettre avant le 15 décembre 2026"
    )
    assert "non commencé" in message.body
    assert f"/etats-des-lieux/{inventory_a.pk}/" in message.body


def test_returned_and_draft_inventories_are_reminded_validated_ones_are_not(
    campaign, heads, inventories
):
    inventory_a, inventory_b = inventories
    inventory_a.status = Inventory.Status.RETURNED
    inventory_a.save(update_fields=["status"])
    inventory_b.status = Inventory.Status.VALIDATED
    inventory_b.save(update_fields=["status"])
    campaign_send_reminders(today=FIRST_REMINDER_DAY)
    assert recipients() == ["anne@ville.example"]
    assert "renvoyé pour correction" in mail.outbox[0].body


def test_reminder_is_sent_only_once(campaign, heads, inventories):
    campaign_send_reminders(today=FIRST_REMINDER_DAY)
    mail.outbox.clear()
    assert campaign_send_reminders(today=FIRST_REMINDER_DAY) == 0
    assert campaign_send_reminders(today=FIRST_REMINDER_DAY + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_no_reminder_for_a_closed_campaign(campaign, heads, inventories):
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    assert campaign_send_reminders(today=FIRST_REMINDER_DAY) == 0
    assert mail.outbox == []


def test_a_failed_reminder_is_not_recorded_so_a_retry_sends_it(
    settings, campaign, heads, inventories
):
    settings.EMAIL_BACKEND = "tests.surveys.test_campaign_emails.FailingBackend"
    with pytest.raises(smtplib.SMTPServerDisconnected):
        campaign_send_reminders(today=FIRST_REMINDER_DAY)
    campaign.refresh_from_db()
    assert campaign.reminder_sent_on is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert campaign_send_reminders(today=FIRST_REMINDER_DAY) == 2


def _due_today(campaign) -> None:
    campaign.closes_on = timezone.localdate() + datetime.timedelta(days=3)
    campaign.save(update_fields=["closes_on"])


def test_daily_task_sends_todays_reminders(campaign, heads, inventories):
    _due_today(campaign)
    send_due_campaign_reminders.delay()
    assert recipients() == ["anne@ville.example", "bruno@ville.example"]


def test_command_sends_todays_reminders_once(campaign, heads, inventories, capsys):
    _due_today(campaign)
    call_command("send_campaign_reminders")
    call_command("send_campaign_reminders")
    assert len(mail.outbox) == 2
    assert capsys.readouterr().out.splitlines() == [
        "2 e-mail(s) de relance envoyé(s).",
        "0 e-mail(s) de relance envoyé(s).",
    ]


def test_beat_runs_the_reminder_task_every_hour_of_the_working_day(settings):
    # Each campaign's reminder is claimed once (reminder_sent_on): the later runs of a day send
    # nothing, and a run missed while the broker was down is made up by the next one.
    entry = settings.CELERY_BEAT_SCHEDULE["send-due-campaign-reminders"]
    assert entry["task"] == send_due_campaign_reminders.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == (set(range(8, 19)), {0})


def test_a_second_delivery_of_the_invitation_task_sends_nothing(head_a, campaign, inventory_a):
    from surveys.actions.campaigns import campaign_send_invitations

    head_a.email = "anne@example.org"
    head_a.save()
    first = campaign_send_invitations(campaign=campaign)
    second = campaign_send_invitations(campaign=campaign)
    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["anne@example.org"]]
    campaign.refresh_from_db()
    assert campaign.invitations_sent_at is not None
