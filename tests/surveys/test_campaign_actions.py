"""Campaign actions: create, update, open (inventories from the chart), close."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from services.models import Directorate, Role
from surveys.actions.campaigns import (
    campaign_close,
    campaign_create,
    campaign_open,
    campaign_update,
)
from surveys.models import Campaign, Inventory, InventoryRole

OPENS = datetime.date(2026, 11, 1)
CLOSES = datetime.date(2026, 12, 15)


def create(actor, questionnaire, title="État des lieux 2026", **extra) -> Campaign:
    values = {"opens_on": OPENS, "closes_on": CLOSES, "reminder_days": 7} | extra
    return campaign_create(actor=actor, title=title, questionnaire=questionnaire, **values)


def test_create_makes_a_draft_with_a_slug_from_the_title(administrator, questionnaire):
    campaign = create(administrator, questionnaire)
    campaign.refresh_from_db()
    assert campaign.slug == "etat-des-lieux-2026"
    assert campaign.status == Campaign.Status.DRAFT
    assert (campaign.opens_on, campaign.closes_on, campaign.reminder_days) == (OPENS, CLOSES, 7)
    assert list(campaign.directorates.all()) == []


def test_create_numbers_the_slug_when_the_title_is_taken(administrator, questionnaire):
    create(administrator, questionnaire)
    assert create(administrator, questionnaire).slug == "etat-des-lieux-2026-2"
    assert create(administrator, questionnaire).slug == "etat-des-lieux-2026-3"


def test_create_refuses_a_deadline_before_the_opening(administrator, questionnaire):
    with pytest.raises(ValidationError, match="La date limite doit suivre"):
        create(administrator, questionnaire, closes_on=OPENS - datetime.timedelta(days=1))
    assert not Campaign.objects.exists()


def test_a_head_cannot_create_a_campaign(head_a, questionnaire):
    with pytest.raises(PermissionDenied):
        create(head_a, questionnaire)
    assert not Campaign.objects.exists()


def test_update_changes_a_draft_but_keeps_its_slug(administrator, questionnaire, service_a):
    campaign = create(administrator, questionnaire)
    campaign_update(
        actor=administrator,
        campaign=campaign,
        title="Autre titre",
        questionnaire=questionnaire,
        opens_on=OPENS,
        closes_on=CLOSES + datetime.timedelta(days=10),
        reminder_days=3,
        directorates=[service_a.directorate],
    )
    campaign.refresh_from_db()
    assert (campaign.title, campaign.slug, campaign.reminder_days) == (
        "Autre titre",
        "etat-des-lieux-2026",
        3,
    )
    assert list(campaign.directorates.all()) == [service_a.directorate]


def test_update_is_refused_once_the_campaign_is_open(administrator, questionnaire, service_a):
    campaign = create(administrator, questionnaire)
    campaign_open(actor=administrator, campaign=campaign)
    with pytest.raises(ValidationError, match="Seule une campagne en préparation"):
        campaign_update(
            actor=administrator,
            campaign=campaign,
            title="Autre titre",
            questionnaire=questionnaire,
            opens_on=OPENS,
            closes_on=CLOSES,
            reminder_days=7,
        )
    campaign.refresh_from_db()
    assert campaign.title == "État des lieux 2026"


def test_open_creates_a_not_started_inventory_for_every_service(
    administrator, questionnaire, service_a, service_b
):
    campaign = create(administrator, questionnaire)
    campaign_open(actor=administrator, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    inventories = Inventory.objects.filter(campaign=campaign)
    assert sorted(inventories.values_list("service__name", "status")) == [
        ("Espaces verts", "not_started"),
        ("État civil", "not_started"),
    ]


def test_open_copies_the_roles_of_the_chart_into_each_inventory(
    administrator, questionnaire, service_a, service_b
):
    campaign = create(administrator, questionnaire)
    campaign_open(actor=administrator, campaign=campaign)
    roles = InventoryRole.objects.filter(inventory__campaign=campaign)
    assert sorted(
        roles.values_list(
            "inventory__service__name", "title", "headcount", "fte", "isco_code", "added_by_head"
        )
    ) == [
        ("Espaces verts", "Jardinier", 20, Decimal("19.00"), "6113", False),
        ("État civil", "Agent d'accueil", 4, Decimal("4.00"), "", False),
        ("État civil", "Officier d'état civil", 6, Decimal("5.50"), "", False),
    ]
    jardinier = roles.get(title="Jardinier")
    assert jardinier.role == Role.objects.get(title="Jardinier")


def test_open_with_chosen_directorates_concerns_only_their_services(
    administrator, questionnaire, service_a, service_b
):
    campaign = create(administrator, questionnaire, directorates=[service_b.directorate])
    campaign_open(actor=administrator, campaign=campaign)
    assert list(campaign.inventories.values_list("service__name", flat=True)) == ["Espaces verts"]
    assert list(
        InventoryRole.objects.filter(inventory__campaign=campaign).values_list("title", flat=True)
    ) == ["Jardinier"]


def test_open_keeps_an_inventory_the_service_already_has(
    administrator, questionnaire, service_a, service_b
):
    campaign = create(administrator, questionnaire)
    existing = Inventory.objects.create(campaign=campaign, service=service_a, answers={"x": {}})
    campaign_open(actor=administrator, campaign=campaign)
    assert campaign.inventories.count() == 2
    existing.refresh_from_db()
    assert existing.answers == {"x": {}}
    assert not existing.roles.exists()


def test_opening_twice_is_refused_and_creates_no_duplicate(
    administrator, questionnaire, service_a, service_b
):
    campaign = create(administrator, questionnaire)
    campaign_open(actor=administrator, campaign=campaign)
    stale_copy = Campaign.objects.get(pk=campaign.pk)
    stale_copy.status = Campaign.Status.DRAFT  # as a second submit of the same page sees it
    with pytest.raises(ValidationError, match="celle-ci est ouverte"):
        campaign_open(actor=administrator, campaign=stale_copy)
    assert Inventory.objects.filter(campaign=campaign).count() == 2
    assert InventoryRole.objects.filter(inventory__campaign=campaign).count() == 3


def test_open_is_refused_when_no_service_is_concerned(administrator, questionnaire, organisation):
    empty = Directorate.objects.create(organisation=organisation, name="Direction vide")
    campaign = create(administrator, questionnaire, directorates=[empty])
    with pytest.raises(ValidationError, match="Aucun service n'est concerné"):
        campaign_open(actor=administrator, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_open_enqueues_the_invitations_only_after_commit(
    administrator, questionnaire, head_a, django_capture_on_commit_callbacks
):
    head_a.email = "anne@ville.example"
    head_a.save(update_fields=["email"])
    campaign = create(administrator, questionnaire)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        campaign_open(actor=administrator, campaign=campaign)
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    assert [message.to for message in mail.outbox] == [["anne@ville.example"]]


def test_a_head_cannot_open_a_campaign(head_a, administrator, questionnaire, service_a):
    campaign = create(administrator, questionnaire)
    with pytest.raises(PermissionDenied):
        campaign_open(actor=head_a, campaign=campaign)
    assert not Inventory.objects.exists()


def test_close_closes_an_open_campaign_and_keeps_its_inventories(
    administrator, questionnaire, service_a
):
    campaign = create(administrator, questionnaire)
    campaign_open(actor=administrator, campaign=campaign)
    campaign_close(actor=administrator, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert campaign.inventories.get().status == Inventory.Status.NOT_STARTED


def test_close_is_refused_for_a_draft(administrator, questionnaire):
    campaign = create(administrator, questionnaire)
    with pytest.raises(ValidationError, match="Seule une campagne ouverte peut être close"):
        campaign_close(actor=administrator, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
