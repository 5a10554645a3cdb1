"""The head's whole journey through the views: draft, come back, submit, fix, review."""

from django.urls import reverse

from surveys.models import Inventory, InventoryTask
from tests.helpers import section_post, task_post, task_row


def _section_url(inventory, key):
    return reverse("surveys-inventory-section", args=[inventory.pk, key])


def _tasks_url(inventory, role):
    return reverse("surveys-inventory-role-tasks", args=[inventory.pk, role.pk])


def _submit(client, inventory):
    inventory.refresh_from_db()
    return client.post(
        reverse("surveys-inventory-submit", args=[inventory.pk]),
        {"revision": inventory.revision},
        follow=True,
    )


def test_head_saves_a_partial_draft_and_finds_it_again(client_as, head_a, inventory_a):
    client = client_as(head_a)
    response = client.post(
        _section_url(inventory_a, "service"), section_post(0, missions="Tenir les registres.")
    )
    assert response.status_code == 302
    assert response["Location"] == _section_url(inventory_a, "roles")
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.DRAFT
    assert inventory_a.answers == {"service": {"missions": "Tenir les registres."}}
    assert inventory_a.events.get().actor == head_a
    page = client.get(_section_url(inventory_a, "service")).content.decode()
    assert "Tenir les registres." in page


def test_submit_lists_every_problem_and_keeps_the_draft(client_as, head_a, inventory_a):
    client = client_as(head_a)
    client.post(_section_url(inventory_a, "service"), section_post(0, missions="Registres"))
    page = _submit(client, inventory_a).content.decode()
    assert "n&#x27;a pas été soumis" in page or "n'a pas été soumis" in page
    assert "« Public servi » : cette question est obligatoire." in page
    assert "Le poste « Officier d&#x27;état civil » n&#x27;a aucune tâche." in page
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.DRAFT
    assert inventory_a.answers["service"] == {"missions": "Registres"}


def test_problem_is_shown_next_to_its_field(client_as, head_a, inventory_a):
    client = client_as(head_a)
    client.post(_section_url(inventory_a, "service"), section_post(0, missions="Registres"))
    page = client.get(_section_url(inventory_a, "service") + "?verifier=1").content.decode()
    assert "« Public servi » : cette question est obligatoire." in page
    assert "Registres</textarea>" in page


def test_tasks_that_do_not_make_100_percent_are_refused_on_submit(client_as, head_a, inventory_a):
    client = client_as(head_a)
    officer = inventory_a.roles.get(title="Officier d'état civil")
    response = client.post(
        _tasks_url(inventory_a, officer),
        task_post(0, [task_row("Dresser les actes", 60), task_row("Répondre aux courriers", 25)]),
    )
    assert response.status_code == 302
    assert list(officer.tasks.values_list("description", "time_share")) == [
        ("Dresser les actes", 60),
        ("Répondre aux courriers", 25),
    ]
    page = _submit(client, inventory_a).content.decode()
    assert (
        "Les tâches de « Officier d&#x27;état civil » font 85 %, elles doivent faire 100 %." in page
    )


def test_changed_default_needs_a_justification(client_as, head_a, inventory_a):
    client = client_as(head_a)
    officer = inventory_a.roles.get(title="Officier d'état civil")
    client.post(
        _tasks_url(inventory_a, officer),
        task_post(0, [task_row("Dresser les actes", 100, exposure="E0")]),
    )
    page = _submit(client, inventory_a).content.decode()
    assert "tâche 1 : justifiez le changement de classe ou d&#x27;intensité" in page


def _fill_everything(client, inventory):
    client.post(
        _section_url(inventory, "service"),
        section_post(0, missions="Registres", public=["habitants"], yearly_requests="12000"),
    )
    client.post(_section_url(inventory, "ai_use"), section_post(1, tools=["none"]))
    client.post(_section_url(inventory, "concerns"), section_post(2, agents_consulted="yes"))
    revision = 3
    for role in inventory.roles.all():
        client.post(
            _tasks_url(inventory, role),
            task_post(
                revision, [task_row("Courriers", 60), task_row("Accueil", 40, "accueillir-guichet")]
            ),
        )
        revision += 1


def test_full_journey_submit_return_resubmit_validate(
    client_as, head_a, administrator, delegate, inventory_a
):
    head = client_as(head_a)
    _fill_everything(head, inventory_a)
    page = _submit(head, inventory_a).content.decode()
    assert "État des lieux soumis au pilote." in page
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.SUBMITTED
    assert InventoryTask.objects.filter(inventory_role__inventory=inventory_a).count() == 4

    admin = client_as(administrator)
    review = reverse("surveys-inventory-review", args=[inventory_a.pk])
    admin.post(review, {"op": "return", "comment": "Précisez les tâches d'accueil."})
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.RETURNED

    head = client_as(head_a)
    page = head.get(inventory_a.get_absolute_url()).content.decode()
    assert "Précisez les tâches d&#x27;accueil." in page
    assert "Renvoyé par le pilote pour correction" in page
    _submit(head, inventory_a)
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.SUBMITTED

    admin = client_as(administrator)
    admin.post(review, {"op": "validate"})
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.VALIDATED
    assert [e.to_status for e in inventory_a.events.order_by("at", "pk")] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "validated",
    ]
    delegate_page = client_as(delegate).get(inventory_a.get_absolute_url())
    assert delegate_page.status_code == 200
    assert "Courriers" in delegate_page.content.decode()


def test_return_needs_a_comment(client_as, administrator, inventory_a):
    from tests.helpers import complete

    complete(inventory_a)
    inventory_a.status = Inventory.Status.SUBMITTED
    inventory_a.save()
    client = client_as(administrator)
    response = client.post(
        reverse("surveys-inventory-review", args=[inventory_a.pk]), {"op": "return", "comment": ""}
    )
    assert response.status_code == 200
    inventory_a.refresh_from_db()
    assert inventory_a.status == Inventory.Status.SUBMITTED


def test_submitted_inventory_is_read_only_for_its_head(client_as, head_a, inventory_a):
    inventory_a.status = Inventory.Status.SUBMITTED
    inventory_a.save()
    client = client_as(head_a)
    response = client.post(_section_url(inventory_a, "service"), section_post(0, missions="X"))
    assert response.status_code == 302
    inventory_a.refresh_from_db()
    assert inventory_a.answers == {}


def test_head_adds_a_missing_role_and_marks_one_gone(client_as, head_a, inventory_a):
    client = client_as(head_a)
    roles_url = reverse("surveys-inventory-roles", args=[inventory_a.pk])
    client.post(
        roles_url,
        {"op": "add", "revision": 0, "title": "Médiateur numérique", "headcount": 1, "fte": "1"},
    )
    added = inventory_a.roles.get(title="Médiateur numérique")
    assert added.added_by_head and added.role is None
    clerk = inventory_a.roles.get(title="Agent d'accueil")
    client.post(roles_url, {"op": "remove", "revision": 1, "role": clerk.pk})
    clerk.refresh_from_db()
    assert clerk.no_longer_exists
    page = client.get(roles_url).content.decode()
    assert "Médiateur numérique" in page and "n’existe plus" in page
