"""Filters by campaign and directorate are GET parameters kept in the URL, so a view can be
shared; the default campaign is the latest open or closed one."""

import datetime

import pytest
from django.urls import reverse

from surveys.models import Campaign


@pytest.fixture
def other_campaigns(dashboard_campaign):
    questionnaire = dashboard_campaign["campaign"].questionnaire
    older = Campaign.objects.create(
        title="Campagne 2024", slug="campagne-2024", questionnaire=questionnaire,
        opens_on=datetime.date(2024, 3, 1), closes_on=datetime.date(2024, 4, 1),
        status=Campaign.Status.CLOSED,
    )  # fmt: skip
    draft = Campaign.objects.create(
        title="Campagne 2027", slug="campagne-2027", questionnaire=questionnaire,
        opens_on=datetime.date(2027, 3, 1), closes_on=datetime.date(2027, 4, 1),
    )  # fmt: skip
    return {"older": older, "draft": draft}


def test_default_campaign_is_the_latest_open_or_closed_one(client_as, official, other_campaigns):
    response = client_as(official).get(reverse("impact-dashboard"))
    assert response.context["campaign"].slug == "campagne-2026"
    assert [c.slug for c in response.context["campaigns"]] == ["campagne-2026", "campagne-2024"]


def test_campaign_is_chosen_by_its_slug_and_kept_in_links(client_as, official, other_campaigns):
    response = client_as(official).get(reverse("impact-dashboard"), {"campagne": "campagne-2024"})
    page = response.content.decode()
    assert response.context["campaign"].slug == "campagne-2024"
    assert response.context["page"]["coverage"]["inventories_validated"] == 0
    assert '<option value="campagne-2024" selected>' in page
    assert "?campagne=campagne-2024&amp;format=xlsx" in page


def test_draft_or_unknown_campaign_is_not_found(client_as, official, other_campaigns):
    client = client_as(official)
    for slug in ("campagne-2027", "nope"):
        assert client.get(reverse("impact-dashboard"), {"campagne": slug}).status_code == 404


def test_directorate_filter_leads_to_the_directorate_page_keeping_the_campaign(
    client_as,
    official,
    dashboard_campaign,
):
    pk = dashboard_campaign["population"].pk
    response = client_as(official).get(
        reverse("impact-dashboard"), {"campagne": "campagne-2026", "direction": pk}
    )
    assert response.status_code == 302
    expected = reverse("impact-dashboard-directorate", args=[pk]) + "?campagne=campagne-2026"
    assert response["Location"] == expected


def test_a_directorate_that_is_not_a_number_is_not_found(client_as, official, dashboard_campaign):
    response = client_as(official).get(reverse("impact-dashboard"), {"direction": "abc"})
    assert response.status_code == 404


def test_directorate_page_shows_only_its_services(client_as, administrator, dashboard_campaign):
    response = client_as(administrator).get(
        reverse("impact-dashboard-directorate", args=[dashboard_campaign["cadre_de_vie"].pk]),
        {"campagne": "campagne-2026"},
    )
    assert response.context["page"]["coverage"]["agents_covered"] == 20
    page = response.content.decode()
    assert "Espaces verts" in page and "État civil" not in page
    assert f'<option value="{dashboard_campaign["cadre_de_vie"].pk}" selected>' in page


def test_drill_down_links_keep_the_campaign(client_as, official, dashboard_campaign):
    page = client_as(official).get(reverse("impact-dashboard")).content.decode()
    url = reverse("impact-dashboard-directorate", args=[dashboard_campaign["population"].pk])
    assert f'href="{url}?campagne=campagne-2026"' in page


def test_head_is_sent_to_their_service_keeping_the_filters(client_as, head_a, dashboard_campaign):
    response = client_as(head_a).get(reverse("impact-dashboard"), {"campagne": "campagne-2026"})
    url = reverse("impact-dashboard-service", args=[dashboard_campaign["etat_civil"].pk])
    assert response["Location"] == f"{url}?campagne=campagne-2026"


def test_without_any_campaign_the_dashboard_says_so(client_as, official):
    response = client_as(official).get(reverse("impact-dashboard"))
    assert response.status_code == 200
    assert "Aucune campagne n’est ouverte ou close" in response.content.decode()
