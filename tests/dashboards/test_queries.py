"""The dashboards run the same bounded number of SQL queries whatever the data size: each page
is read at two sizes of synthetic collectivité (``generate_synthetic``) under one bound."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from impact.dashboards.selectors import small_group_plan
from impact.scores.models import RoleScore
from services.models import Persona, User
from surveys.models import Campaign

SIZES = [300, 1500]
MAX_QUERIES = 20  # measured: 19 for the comparison of a directorate, the largest page


@pytest.fixture(params=SIZES, ids=[f"{n}-agents" for n in SIZES])
def synthetic(request, db):
    call_command("generate_synthetic", agents=request.param, seed=11, campaigns=2, stdout=None)
    campaign = Campaign.objects.order_by("-opens_on").first()
    plan = small_group_plan(campaign)
    role = (
        RoleScore.objects.filter(score__is_current=True, score__inventory__campaign=campaign)
        .exclude(pk__in=plan.roles)
        .select_related("score__inventory__service__directorate")
        .order_by("pk")
        .first()
    )
    service = role.score.inventory.service  # not folded, since one of its roles is not
    head = User.objects.create_user(username="chef.synthetique", persona=Persona.HEAD)
    head.services.add(service)
    return {
        "size": request.param,
        "directorate": service.directorate,
        "service": service,
        "role": role,
        "head": head,
    }


def _urls(objs) -> list[str]:
    directorate = objs["directorate"].pk
    return [
        reverse("home"),
        reverse("impact-dashboard"),
        reverse("impact-dashboard") + "?format=xlsx",
        reverse("impact-dashboard") + "?format=csv",
        reverse("impact-dashboard-directorate", args=[directorate]),
        reverse("impact-dashboard-service", args=[objs["service"].pk]),
        reverse("impact-dashboard-role", args=[objs["role"].pk]),
        reverse("impact-dashboard-compare"),
        reverse("impact-dashboard-compare") + f"?direction={directorate}",
    ]


@pytest.mark.parametrize("persona", ["official", "administrator", "delegate"])
def test_every_dashboard_page_runs_a_bounded_number_of_queries(
    request, client_as, django_assert_max_num_queries, synthetic, persona
):
    client = client_as(request.getfixturevalue(persona))
    for url in _urls(synthetic):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url


def test_head_service_dashboard_runs_a_bounded_number_of_queries(
    client_as, django_assert_max_num_queries, synthetic
):
    client = client_as(synthetic["head"])
    for url in (
        reverse("impact-dashboard-service", args=[synthetic["service"].pk]),
        reverse("impact-dashboard-role", args=[synthetic["role"].pk]),
    ):
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200
