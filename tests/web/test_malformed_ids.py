"""A malformed id, in a URL or in a form field, is a 404 or a form error: never a 500.

Every URL argument and every form field that carries an id gets the same hostile values,
sent by a persona that passes the access checks, so that the id itself is what is tested;
the database must be exactly as it was afterwards. A huge number is the case that differs
between databases: run this module on PostgreSQL too (CONTRIBUTING.md, ``make test-services``).
"""

import datetime
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from impact.scores.models import RescoreJob
from impact.scores.selectors import method_settings_get
from impact.studies.models import StudyJob
from services.models import Directorate
from services.web.ids import MAX_ID, is_id, parse_id, parse_optional_id
from surveys.models import Campaign, InventoryTask
from tests.helpers import make_version, write_comment

MALFORMED = ["abc", "1e3", "-1", "99999999999999999999", ""]
# Also refused in a URL: zero, and the first number past a 64-bit primary key.
MALFORMED_IN_URL = [*MALFORMED, "0", str(MAX_ID + 1), "١٢"]


def database_state() -> dict:
    """Every row of the project's own tables, to compare before and after a request."""
    models = (
        m for m in apps.get_models() if m._meta.app_label in {"services", "surveys", "impact"}
    )
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def unchanged(db):
    """Call with nothing to take the snapshot; the test ends by comparing with it."""
    method_settings_get()  # the settings row is written on first read, by any dashboard
    before = {}

    def snapshot():
        before.update(database_state())

    yield snapshot
    assert before, "the test never took its snapshot"
    assert database_state() == before


# --- The helper itself ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "42", "007", str(MAX_ID)])
def test_an_id_is_a_string_of_digits_in_range(value):
    assert is_id(value)
    assert parse_id(value) == int(value)


@pytest.mark.parametrize(
    "value",
    [
        *MALFORMED,
        "0",
        str(MAX_ID + 1),
        " 7",
        "7 ",
        "+7",
        "1_000",
        "1.0",
        "٣",
        "7\n",
        None,
        7,
        "9" * 5000,
    ],
)
def test_anything_else_is_a_404(value):
    from django.http import Http404

    assert not is_id(value)
    with pytest.raises(Http404):
        parse_id(value)


def test_an_optional_id_may_be_missing():
    from django.http import Http404

    assert parse_optional_id(None) is None
    assert parse_optional_id("") is None
    assert parse_optional_id("12") == 12
    with pytest.raises(Http404):
        parse_optional_id("abc")


# --- URL arguments -------------------------------------------------------------------------


def int_routes(resolver=None, prefix=""):
    """(route, URL name, names of its <int:…> arguments) of every URL outside the admin site."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from int_routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            ints = [k for k, c in pattern.pattern.converters.items() if isinstance(c, IntConverter)]
            if ints:
                yield prefix + str(pattern.pattern), pattern.name, ints


@pytest.fixture
def world(
    administrator, head_a, delegate, official, inventory_a, consultation, version, organisation
):
    """One real object behind every URL argument, and who may reach each URL."""
    role = inventory_a.roles.first()
    comment = write_comment(consultation, delegate)
    job = StudyJob.objects.create(study=version.study, requested_by=administrator)
    rescore = RescoreJob.objects.create(campaign=inventory_a.campaign, method_version="2.0")
    service = inventory_a.service
    ids = {
        "services-directorate-detail": {"pk": service.directorate_id},
        "services-service-detail": {"pk": service.pk},
        "surveys-inventory-detail": {"pk": inventory_a.pk},
        "surveys-inventory-section": {"pk": inventory_a.pk, "section": "service"},
        "surveys-inventory-roles": {"pk": inventory_a.pk},
        "surveys-inventory-role-tasks": {"pk": inventory_a.pk, "role_pk": role.pk},
        "surveys-inventory-submit": {"pk": inventory_a.pk},
        "surveys-inventory-review": {"pk": inventory_a.pk},
        "impact-inventory-scores": {"pk": inventory_a.pk},
        "impact-study-detail": {"pk": version.study_id},
        "impact-study-regenerate": {"pk": version.study_id},
        "impact-study-compare": {"pk": version.study_id},
        "impact-study-job": {"pk": version.study_id, "job_pk": job.pk},
        "impact-rescore-job": {"pk": rescore.pk},
        "impact-study-job-retry": {"pk": version.study_id, "job_pk": job.pk},
        "impact-study-download": {"pk": version.study_id, "number": version.number},
        "impact-consultation-open": {"pk": version.study_id, "number": version.number},
        "impact-consultation-detail": {"pk": consultation.pk},
        "impact-consultation-extend": {"pk": consultation.pk},
        "impact-consultation-close": {"pk": consultation.pk},
        "impact-consultation-comments": {"pk": consultation.pk},
        "impact-consultation-export": {"pk": consultation.pk},
        "impact-consultation-comment": {"pk": consultation.pk},
        "impact-consultation-reply": {"pk": consultation.pk, "comment_pk": comment.pk},
        "impact-consultation-edit": {"pk": consultation.pk, "comment_pk": comment.pk},
        "impact-consultation-answer": {"pk": consultation.pk, "comment_pk": comment.pk},
        "impact-consultation-addressed": {"pk": consultation.pk, "comment_pk": comment.pk},
        "impact-consultation-opinion": {"pk": consultation.pk},
        "impact-dashboard-directorate": {"pk": service.directorate_id},
        "impact-dashboard-service": {"pk": service.pk},
        "impact-dashboard-role": {"pk": 1},
        "voice-role": {"pk": inventory_a.pk, "role_pk": role.pk},
        "voice-role-sheet": {"pk": inventory_a.pk, "role_pk": role.pk},
        "voice-role-email": {"pk": inventory_a.pk, "role_pk": role.pk},
    }
    heads = {
        n for n in ids if n.startswith("surveys-inventory-") and n != "surveys-inventory-review"
    } | {"voice-role", "voice-role-sheet", "voice-role-email"}
    delegates = {"impact-consultation-comment", "impact-consultation-edit", "impact-consultation-opinion"}  # fmt: skip
    personas = {n: head_a if n in heads else delegate if n in delegates else administrator for n in ids}  # fmt: skip
    return {"ids": ids, "personas": personas}


def url_names() -> list[str]:
    return sorted({name for _route, name, _arguments in int_routes()})


def test_every_url_with_an_id_is_covered(world):
    names = {name for _route, name, _arguments in int_routes()}
    assert names == set(world["ids"]), "a URL carries an id: give it a row in world()"


def _url(name: str, kwargs: dict, argument: str, value: str) -> str:
    """The URL with one argument replaced by ``value`` (reverse() would refuse it)."""
    marker = 8_765_432_101
    url = reverse(name, kwargs=kwargs | {argument: marker})
    assert url.count(str(marker)) == 1
    return url.replace(str(marker), value)


@pytest.mark.parametrize("name", url_names())
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_malformed_id_in_a_url_is_a_404(client_as, world, unchanged, name, method):
    client = client_as(world["personas"][name])
    arguments = next(arguments for _route, n, arguments in int_routes() if n == name)
    unchanged()
    wrong = []
    for argument in arguments:
        for value in MALFORMED_IN_URL:
            url = _url(name, world["ids"][name], argument, value)
            response = getattr(client, method)(url)
            # Digits reach the view, which may refuse the method (405) before any lookup.
            allowed = {404, 405} if value.isascii() and value.isdigit() else {404}
            if response.status_code not in allowed:
                wrong.append((url, response.status_code))
    assert not wrong


def test_the_urls_answer_with_valid_ids(client_as, world):
    """The fixture's ids are real: each URL answers something else than 404 with them."""
    for name, kwargs in world["ids"].items():
        if name == "impact-dashboard-role":
            continue  # no role score in this small world
        response = client_as(world["personas"][name]).get(reverse(name, kwargs=kwargs))
        assert response.status_code in {200, 302, 403, 405}, (name, response.status_code)


# --- Form fields: the inventory's roles ------------------------------------------------------


@pytest.mark.parametrize("op", ["remove", "restore"])
@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_role_id_is_a_404(client_as, head_a, inventory_a, unchanged, op, value):
    client = client_as(head_a)
    url = reverse("surveys-inventory-roles", args=[inventory_a.pk])
    unchanged()
    response = client.post(url, {"op": op, "role": value, "revision": inventory_a.revision})
    assert response.status_code == 404


def test_a_missing_role_id_is_a_404(client_as, head_a, inventory_a, unchanged):
    client = client_as(head_a)
    url = reverse("surveys-inventory-roles", args=[inventory_a.pk])
    unchanged()
    response = client.post(url, {"op": "remove", "revision": inventory_a.revision})
    assert response.status_code == 404


def test_a_role_of_another_inventory_is_a_404(client_as, head_a, inventory_a, inventory_b, unchanged):  # fmt: skip
    client = client_as(head_a)
    url = reverse("surveys-inventory-roles", args=[inventory_a.pk])
    other = inventory_b.roles.first()
    unchanged()
    response = client.post(
        url, {"op": "remove", "role": other.pk, "revision": inventory_a.revision}
    )
    assert response.status_code == 404


def test_a_valid_role_id_still_marks_the_role(client_as, head_a, inventory_a):
    role = inventory_a.roles.first()
    url = reverse("surveys-inventory-roles", args=[inventory_a.pk])
    response = client_as(head_a).post(
        url, {"op": "remove", "role": str(role.pk), "revision": inventory_a.revision}
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.no_longer_exists is True


# --- Form fields: a role's task grid ---------------------------------------------------------


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_task_id_is_a_form_error(client_as, head_a, inventory_a, unchanged, value):
    role = inventory_a.roles.first()
    InventoryTask.objects.create(
        inventory_role=role, description="Courriers", time_share=100,
        task_type="rediger-courrier", data_class="D2",
    )  # fmt: skip
    data = {
        "revision": inventory_a.revision,
        "tasks-TOTAL_FORMS": 1, "tasks-INITIAL_FORMS": 1,
        "tasks-MIN_NUM_FORMS": 0, "tasks-MAX_NUM_FORMS": 1000,
        "tasks-0-id": value, "tasks-0-description": "Courriers saisis à nouveau",
        "tasks-0-time_share": 100, "tasks-0-task_type": "rediger-courrier",
        "tasks-0-data_class": "D2",
    }  # fmt: skip
    client = client_as(head_a)
    url = reverse("surveys-inventory-role-tasks", args=[inventory_a.pk, role.pk])
    unchanged()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["id"]
    assert "Cette tâche n’existe plus" in response.text
    assert "Courriers saisis à nouveau" in response.text  # what was typed is still there


def test_a_task_of_another_role_is_a_form_error(client_as, head_a, inventory_a, unchanged):
    officer, clerk = inventory_a.roles.order_by("pk")[:2]
    other = InventoryTask.objects.create(
        inventory_role=clerk, description="Guichet", time_share=100,
        task_type="accueillir-guichet", data_class="D2",
    )  # fmt: skip
    data = {
        "revision": inventory_a.revision,
        "tasks-TOTAL_FORMS": 1, "tasks-INITIAL_FORMS": 0,
        "tasks-MIN_NUM_FORMS": 0, "tasks-MAX_NUM_FORMS": 1000,
        "tasks-0-id": other.pk, "tasks-0-description": "Courriers",
        "tasks-0-time_share": 100, "tasks-0-task_type": "rediger-courrier",
        "tasks-0-data_class": "D2",
    }  # fmt: skip
    client = client_as(head_a)
    url = reverse("surveys-inventory-role-tasks", args=[inventory_a.pk, officer.pk])
    unchanged()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["id"]


# --- Form fields: campaigns ------------------------------------------------------------------


@pytest.fixture
def draft_campaign(questionnaire, organisation):
    Directorate.objects.create(organisation=organisation, name="Population")
    return Campaign.objects.create(
        title="Campagne 2027", slug="campagne-2027", questionnaire=questionnaire,
        opens_on=datetime.date(2027, 11, 1), closes_on=datetime.date(2027, 12, 15),
    )  # fmt: skip


def _campaign_post(source, **changes) -> dict:
    data = {
        "title": "Campagne 2028", "questionnaire": source.pk,
        "opens_on": "2028-11-01", "closes_on": "2028-12-15", "reminder_days": 7,
    }  # fmt: skip
    return data | changes


@pytest.mark.parametrize("field", ["questionnaire", "directorates"])
@pytest.mark.parametrize("value", MALFORMED)
@pytest.mark.parametrize("page", ["create", "edit"])
def test_a_malformed_id_in_the_campaign_form_is_a_form_error(
    client_as, administrator, draft_campaign, unchanged, field, value, page
):
    url = (
        reverse("surveys-campaign-create")
        if page == "create"
        else reverse("surveys-campaign-edit", args=[draft_campaign.slug])
    )
    client = client_as(administrator)
    data = _campaign_post(draft_campaign.questionnaire, **{field: value})
    unchanged()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert "Campagne 2028" in response.text  # the typed title is kept


def test_several_directorates_with_one_malformed_is_a_form_error(
    client_as, administrator, draft_campaign, unchanged
):
    good = Directorate.objects.get().pk
    data = _campaign_post(draft_campaign.questionnaire)
    data["directorates"] = [str(good), "99999999999999999999"]
    client = client_as(administrator)
    unchanged()
    response = client.post(reverse("surveys-campaign-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["directorates"]


# --- Form fields: study requests and comparisons ---------------------------------------------


@pytest.mark.parametrize(
    ("field", "scope"),
    [("campaign", "service"), ("directorate", "directorate"), ("service", "service")],
)
@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_id_in_a_study_request_is_a_form_error(
    client_as, administrator, campaign, service_a, unchanged, field, scope, value
):
    data = {"campaign": campaign.pk, "scope": scope, "directorate": service_a.directorate_id}
    data |= {"service": service_a.pk, field: value}
    client = client_as(administrator)
    unchanged()
    response = client.post(reverse("impact-study-request"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]


def test_a_head_cannot_request_a_study_by_a_malformed_service(
    client_as, head_a, campaign, unchanged
):
    data = {"campaign": campaign.pk, "scope": "service", "service": "1e3"}
    client = client_as(head_a)
    unchanged()
    response = client.post(reverse("impact-study-request"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["service"]


@pytest.mark.parametrize("field", ["old", "new"])
@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_version_number_in_the_comparison_is_a_form_error(
    client_as, administrator, version, unchanged, field, value
):
    make_version(version.study, 2)
    query = {"old": "1", "new": "2", field: value}
    client = client_as(administrator)
    unchanged()
    response = client.get(reverse("impact-study-compare", args=[version.study_id]), query)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert response.context["diff"] is None


# --- Form fields: the consultation's targets -------------------------------------------------


def _targets(value: str) -> list[str]:
    return [value, f"role:{value}:0", f"role:0:{value}", f"section:{value}"]


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_comment_target_is_a_form_error(
    client_as, delegate, consultation, unchanged, value
):
    client = client_as(delegate)
    url = reverse("impact-consultation-comment", args=[consultation.pk])
    unchanged()
    for target in _targets(value):
        response = client.post(url, {"kind": "question", "target": target, "body": "Ma question"})
        assert response.status_code == 200, target
        assert response.context["form"].errors["target"], target
        assert "Ma question" in response.text


@pytest.mark.parametrize("value", [v for v in MALFORMED if v])
def test_a_malformed_comment_filter_is_a_form_error(
    client_as, administrator, consultation, unchanged, value
):
    client = client_as(administrator)
    url = reverse("impact-consultation-comments", args=[consultation.pk])
    unchanged()
    for target in _targets(value):
        response = client.get(url, {"target": target})
        assert response.status_code == 200, target
        assert response.context["form"].errors["target"], target


# --- GET filters: the dashboards' directorate ------------------------------------------------


@pytest.fixture
def two_campaigns(campaign, questionnaire):
    """The comparison needs a campaign before the open one."""
    return Campaign.objects.create(
        title="Campagne 2025", slug="campagne-2025", questionnaire=questionnaire,
        opens_on=datetime.date(2025, 11, 1), closes_on=datetime.date(2025, 12, 15),
        status=Campaign.Status.CLOSED,
    )  # fmt: skip


@pytest.mark.parametrize("persona", ["administrator", "official"])
@pytest.mark.parametrize("page", ["impact-dashboard", "impact-dashboard-compare"])
@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_directorate_filter_is_a_404(
    request, client_as, two_campaigns, service_a, unchanged, persona, page, value
):
    client = client_as(request.getfixturevalue(persona))
    unchanged()
    response = client.get(reverse(page), {"direction": value})
    # An empty filter is no filter: the page itself.
    assert response.status_code == (200 if value == "" else 404)


def test_a_valid_directorate_filter_still_opens_the_directorate(
    client_as, administrator, campaign, service_a
):
    response = client_as(administrator).get(
        reverse("impact-dashboard"), {"direction": str(service_a.directorate_id)}
    )
    assert response.status_code == 302
    assert re.search(rf"/directions/{service_a.directorate_id}/", response["Location"])
