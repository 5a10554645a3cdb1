"""The organisation pages: directions → services → postes."""

from django.urls import reverse


def test_chart_lists_directorates_with_their_counts(client_as, official, service_a, service_b):
    response = client_as(official).get(reverse("services-organisation-chart"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Population" in page and "Cadre de vie" in page
    assert "2 directions, 30 agents au total." in page
    rows = {d.name: d for d in response.context["directorates"]}
    assert (rows["Population"].service_count, rows["Population"].role_count) == (1, 2)
    assert rows["Population"].headcount == 10


def test_chart_queries_do_not_grow_with_directorates(
    client_as, official, organisation, django_assert_max_num_queries
):
    from services.models import Directorate, Role, Service

    client = client_as(official)
    for size in (2, 20):
        for i in range(size):
            directorate = Directorate.objects.create(organisation=organisation, name=f"D{size}-{i}")
            service = Service.objects.create(directorate=directorate, name="S")
            Role.objects.create(service=service, title="R", headcount=1)
        with django_assert_max_num_queries(6):
            assert client.get(reverse("services-organisation-chart")).status_code == 200


def test_directorate_page_lists_its_services(client_as, delegate, service_a):
    url = reverse("services-directorate-detail", args=[service_a.directorate_id])
    page = client_as(delegate).get(url).content.decode()
    assert "État civil" in page
    assert 'aria-current="page">Population<' in page


def test_service_page_shows_roles_totals_and_heads(client_as, head_b, head_a, service_a):
    page = client_as(head_b).get(reverse("services-service-detail", args=[service_a.pk])).content
    page = page.decode()
    assert "Officier d&#x27;état civil" in page
    assert "Anne" in page  # the head of the service is named
    assert '<td class="text-end">10</td>' in page
    assert '<td class="text-end">9.50</td>' in page or '<td class="text-end">9,50</td>' in page


def test_empty_chart_invites_the_administrator_to_import(client_as, administrator):
    page = client_as(administrator).get(reverse("services-organisation-chart")).content.decode()
    assert "organigramme est vide." in page
    assert reverse("services-org-import") in page
