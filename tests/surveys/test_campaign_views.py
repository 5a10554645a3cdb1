"""Campaign pages: administrators only; list, create, edit, follow, open, close, export."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from services.models import Directorate, Role, Service
from surveys.models import Campaign, Inventory, InventoryRole
from tests.helpers import make_inventory

FORM = {
    "title": "Campagne de printemps",
    "opens_on": "2026-03-01",
    "closes_on": "2026-04-15",
    "reminder_days": "5",
}
PAGES = ["surveys-campaign-list", "surveys-campaign-create"]
CAMPAIGN_PAGES = ["surveys-campaign-detail", "surveys-campaign-edit"]


def text(response) -> str:
    """The page's text with tags removed and spaces collapsed, as a reader would see it."""
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(page))


@pytest.fixture
def draft(campaign):
    campaign.status = Campaign.Status.DRAFT
    campaign.save(update_fields=["status"])
    return campaign


def url(name: str, campaign: Campaign | None = None, **kwargs) -> str:
    if campaign is not None:
        kwargs["slug"] = campaign.slug
    return reverse(name, kwargs=kwargs)


# --- Who may see what ------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_pages_require_login(client, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", [*CAMPAIGN_PAGES, "surveys-campaign-export"])
def test_campaign_pages_require_login(client, campaign, name):
    kwargs = {"fmt": "csv"} if name.endswith("export") else {}
    response = client.get(url(name, campaign, **kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["head_a", "delegate", "official", "no_persona_user"])
@pytest.mark.parametrize("name", ["surveys-campaign-open", "surveys-campaign-close"])
def test_other_personas_cannot_open_or_close(request, client_as, campaign, persona, name):
    client = client_as(request.getfixturevalue(persona))
    assert client.post(url(name, campaign)).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN


@pytest.mark.parametrize("persona", ["head_a", "delegate", "official"])
def test_other_personas_get_403_on_every_page(request, client_as, campaign, persona):
    client = client_as(request.getfixturevalue(persona))
    for address in [
        url("surveys-campaign-list"),
        url("surveys-campaign-create"),
        url("surveys-campaign-detail", campaign),
        url("surveys-campaign-edit", campaign),
        url("surveys-campaign-export", campaign, fmt="csv"),
    ]:
        assert client.get(address).status_code == 403, address


def test_a_head_cannot_create_a_campaign_by_posting(client_as, head_a, questionnaire):
    response = client_as(head_a).post(
        url("surveys-campaign-create"), FORM | {"questionnaire": questionnaire.pk}
    )
    assert response.status_code == 403
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("surveys-campaign-detail", {}),
        ("surveys-campaign-edit", {}),
        ("surveys-campaign-export", {"fmt": "xlsx"}),
    ],
)
def test_an_unknown_slug_gives_404(client_as, administrator, name, kwargs):
    response = client_as(administrator).get(reverse(name, kwargs={"slug": "inconnue", **kwargs}))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["surveys-campaign-open", "surveys-campaign-close"])
def test_open_and_close_refuse_get(client_as, administrator, campaign, name):
    assert client_as(administrator).get(url(name, campaign)).status_code == 405


def test_detail_refuses_post(client_as, administrator, campaign):
    assert (
        client_as(administrator).post(url("surveys-campaign-detail", campaign)).status_code == 405
    )


# --- List, create, edit ----------------------------------------------------------------


def test_list_shows_each_campaign_with_its_status_and_counts(
    client_as, administrator, campaign, inventory_a, inventory_b
):
    inventory_a.status = Inventory.Status.VALIDATED
    inventory_a.save(update_fields=["status"])
    response = client_as(administrator).get(url("surveys-campaign-list"))
    assert response.status_code == 200
    row = re.search(
        r"<tr>\s*<th[^>]*><a[^>]*>Campagne 2026.*?</tr>", response.content.decode(), re.S
    )
    row = row.group(0)
    assert re.findall(r'<td class="text-end">(\d+)</td>', row) == ["2", "1", "1"]
    assert "Ouverte" in row
    assert f'href="{campaign.get_absolute_url()}"' in row


def test_campaigns_link_appears_in_the_navigation_of_administrators_only(
    client_as, administrator, head_a
):
    link = f'href="{url("surveys-campaign-list")}"'
    assert link in client_as(administrator).get(reverse("home")).content.decode()
    assert link not in client_as(head_a).get(reverse("home")).content.decode()


def test_create_form_lists_latest_questionnaires_and_directorates_as_checkboxes(
    client_as, administrator, questionnaire, service_a
):
    response = client_as(administrator).get(url("surveys-campaign-create"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{questionnaire.pk}"' in page
    assert re.search(
        rf'<input type="checkbox"[^>]*name="directorates" value="{service_a.directorate_id}"', page
    )
    assert "Laisser vide pour toutes les directions." in page


def test_create_stores_a_draft_and_goes_to_its_page(
    client_as, administrator, questionnaire, service_a
):
    data = FORM | {"questionnaire": questionnaire.pk, "directorates": [service_a.directorate_id]}
    response = client_as(administrator).post(url("surveys-campaign-create"), data, follow=True)
    campaign = Campaign.objects.get()
    assert response.redirect_chain == [(campaign.get_absolute_url(), 302)]
    assert (campaign.slug, campaign.status, campaign.reminder_days) == (
        "campagne-de-printemps",
        Campaign.Status.DRAFT,
        5,
    )
    assert campaign.closes_on == datetime.date(2026, 4, 15)
    assert list(campaign.directorates.all()) == [service_a.directorate]
    assert "La campagne a été créée." in text(response)


def test_create_with_a_deadline_before_the_opening_shows_the_error_and_stores_nothing(
    client_as, administrator, questionnaire
):
    data = FORM | {"questionnaire": questionnaire.pk, "closes_on": "2026-02-01"}
    response = client_as(administrator).post(url("surveys-campaign-create"), data)
    assert response.status_code == 200
    assert "La date limite doit être le jour de l'ouverture ou une date ultérieure." in text(
        response
    )
    assert 'value="Campagne de printemps"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_edit_changes_a_draft(client_as, administrator, draft, questionnaire):
    data = FORM | {"questionnaire": questionnaire.pk}
    response = client_as(administrator).post(url("surveys-campaign-edit", draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.slug, draft.reminder_days) == (
        "Campagne de printemps",
        "campagne-2026",
        5,
    )


def test_edit_form_shows_the_current_values(client_as, administrator, draft):
    page = client_as(administrator).get(url("surveys-campaign-edit", draft)).content.decode()
    assert 'value="Campagne 2026"' in page
    assert 'value="2026-12-15"' in page


def test_edit_of_an_open_campaign_sends_back_to_its_page_unchanged(
    client_as, administrator, campaign, questionnaire
):
    data = FORM | {"questionnaire": questionnaire.pk}
    response = client_as(administrator).post(
        url("surveys-campaign-edit", campaign), data, follow=True
    )
    assert response.redirect_chain == [(campaign.get_absolute_url(), 302)]
    assert "ne peut plus être modifiée" in text(response)
    campaign.refresh_from_db()
    assert campaign.title == "Campagne 2026"


# --- Open, close -----------------------------------------------------------------------


def test_open_creates_the_inventories_and_says_so(
    client_as, administrator, draft, service_a, service_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_as(administrator).post(url("surveys-campaign-open", draft), follow=True)
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "La campagne est ouverte" in text(response)
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.OPEN
    assert draft.inventories.count() == 2
    assert InventoryRole.objects.filter(inventory__campaign=draft).count() == 3
    assert len(callbacks) == 1


def test_a_second_open_is_refused_with_a_message_and_no_duplicate(
    client_as, administrator, draft, service_a
):
    client = client_as(administrator)
    client.post(url("surveys-campaign-open", draft))
    response = client.post(url("surveys-campaign-open", draft), follow=True)
    assert "Seule une campagne en préparation peut être ouverte" in text(response)
    assert draft.inventories.count() == 1


def test_close_closes_the_campaign(client_as, administrator, campaign):
    response = client_as(administrator).post(url("surveys-campaign-close", campaign), follow=True)
    assert "La campagne est close." in text(response)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED


def test_closing_a_draft_is_refused_with_a_message(client_as, administrator, draft):
    response = client_as(administrator).post(url("surveys-campaign-close", draft), follow=True)
    assert "Seule une campagne ouverte peut être close" in text(response)
    draft.refresh_from_db()
    assert draft.status == Campaign.Status.DRAFT


# --- Detail: progress ------------------------------------------------------------------


def test_detail_shows_progress_by_directorate_with_links(
    client_as, administrator, campaign, inventory_a, inventory_b
):
    inventory_a.status = Inventory.Status.SUBMITTED
    inventory_a.save(update_fields=["status"])
    response = client_as(administrator).get(url("surveys-campaign-detail", campaign))
    assert response.status_code == 200
    page, words = response.content.decode(), text(response)
    assert "Population : 1 sur 1 soumis ou validés" in words
    assert "Cadre de vie : 0 sur 1 soumis ou validés" in words
    assert '<th scope="row">État civil</th> <td>Soumis</td>' in re.sub(r"\s+", " ", page)
    assert f'href="{reverse("surveys-inventory-detail", args=[inventory_a.pk])}"' in page
    assert f'href="{reverse("surveys-inventory-review", args=[inventory_a.pk])}"' in page
    assert f'href="{reverse("surveys-inventory-review", args=[inventory_b.pk])}"' not in page


def test_detail_counts_inventories_per_status_and_agents_covered(
    client_as, administrator, campaign, inventory_a, inventory_b
):
    inventory_a.status = Inventory.Status.VALIDATED  # 10 agents (6 + 4)
    inventory_a.save(update_fields=["status"])
    inventory_b.status = Inventory.Status.SUBMITTED  # 20 agents
    inventory_b.save(update_fields=["status"])
    InventoryRole.objects.create(
        inventory=inventory_b, title="Ancien poste", headcount=5, no_longer_exists=True
    )
    response = client_as(administrator).get(url("surveys-campaign-detail", campaign))
    counts = dict(response.context["status_counts"])
    assert [counts[label] for label in Inventory.Status.labels] == [0, 0, 1, 0, 1]
    assert (
        "Agents couverts : 10 par des états des lieux validés, 30 par des états des lieux "
        "soumis ou validés." in text(response)
    )


def _grow(campaign, organisation, size: int) -> None:
    """Add ``size`` directorates, each with a service, two roles and an inventory."""
    for number in range(size):
        name = f"D{size}-{number:03}"
        directorate = Directorate.objects.create(organisation=organisation, name=name)
        service = Service.objects.create(directorate=directorate, name=f"S{number:03}")
        Role.objects.bulk_create(
            Role(service=service, title=title, headcount=2) for title in ("Agent", "Chef")
        )
        inventory = make_inventory(campaign, service)
        if number % 2:
            inventory.status = Inventory.Status.SUBMITTED
            inventory.save(update_fields=["status"])


@pytest.mark.parametrize(
    ("name", "bound"),
    # session, user, (campaign, chosen directorates,) then one query for the rows
    [("surveys-campaign-detail", 5), ("surveys-campaign-list", 3)],
)
def test_pages_run_the_same_number_of_queries_at_two_sizes(
    client_as, administrator, campaign, organisation, django_assert_max_num_queries, name, bound
):
    client = client_as(administrator)
    address = url(name, campaign) if name.endswith("detail") else url(name)
    for size in (2, 30):
        _grow(campaign, organisation, size)
        with django_assert_max_num_queries(bound):
            response = client.get(address)
        assert response.status_code == 200
    if name.endswith("detail"):
        assert response.context["inventory_count"] == 32
        assert response.context["agents"]["done"] == 16 * 4


# --- Export ----------------------------------------------------------------------------


def test_export_csv_is_an_attachment(client_as, administrator, campaign, inventory_a):
    response = client_as(administrator).get(url("surveys-campaign-export", campaign, fmt="csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="campagne-2026.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfDirection;Service;Poste;")


def test_export_xlsx_is_a_workbook(client_as, administrator, campaign, inventory_a):
    response = client_as(administrator).get(url("surveys-campaign-export", campaign, fmt="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="campagne-2026.xlsx"'
    assert response.content.startswith(b"PK")


def test_export_in_another_format_gives_404(client_as, administrator, campaign):
    response = client_as(administrator).get(url("surveys-campaign-export", campaign, fmt="pdf"))
    assert response.status_code == 404
