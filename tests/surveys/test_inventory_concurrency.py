"""Two people editing the same inventory cannot overwrite each other."""

from django.urls import reverse

from services.models import Persona, User
from tests.helpers import section_post, task_post, task_row


def test_second_save_from_a_stale_page_is_refused_and_input_kept(client, head_a, inventory_a):
    colleague = User.objects.create_user("chef.a2", persona=Persona.HEAD)
    colleague.services.add(inventory_a.service)
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "service"])

    client.force_login(head_a)
    assert client.post(url, section_post(0, missions="Version du premier chef")).status_code == 302

    client.force_login(colleague)
    response = client.post(url, section_post(0, missions="Version du second chef"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quelqu&#x27;un a enregistré cet état des lieux" in page
    assert "Version du second chef" in page
    inventory_a.refresh_from_db()
    assert inventory_a.answers["service"]["missions"] == "Version du premier chef"

    # The refused page now carries the current revision: a deliberate second save wins.
    assert 'name="revision" value="1"' in page
    assert client.post(url, section_post(1, missions="Version du second chef")).status_code == 302
    inventory_a.refresh_from_db()
    assert inventory_a.answers["service"]["missions"] == "Version du second chef"


def test_stale_task_grid_is_refused_and_rows_kept(client_as, head_a, inventory_a):
    client = client_as(head_a)
    role = inventory_a.roles.first()
    url = reverse("surveys-inventory-role-tasks", args=[inventory_a.pk, role.pk])
    client.post(url, task_post(0, [task_row("Première", 100)]))
    response = client.post(url, task_post(0, [task_row("Concurrente", 100)]))
    assert response.status_code == 200
    assert "Concurrente" in response.content.decode()
    assert list(role.tasks.values_list("description", flat=True)) == ["Première"]
