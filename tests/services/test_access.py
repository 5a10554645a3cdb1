"""The predicates of services/access.py, persona by persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from services import access
from services.models import Persona, User


def test_superuser_is_an_administrator_whatever_persona_says(db):
    user = User.objects.create_superuser("root", password="x", persona=Persona.OFFICIAL)
    assert access.persona_of(user) == Persona.ADMINISTRATOR
    assert access.can_manage_organisation(user)


def test_deactivated_user_has_no_persona(administrator):
    administrator.is_active = False
    assert access.persona_of(administrator) is None
    assert not access.can_view_organisation(administrator)


def test_anonymous_visitor_may_see_nothing():
    anonymous = AnonymousUser()
    assert access.persona_of(anonymous) is None
    assert not access.can_view_organisation(anonymous)
    assert access.get_abilities(anonymous) == {
        "view_organisation": False,
        "manage_organisation": False,
        "manage_campaigns": False,
        "fill_inventories": False,
        "read_studies": False,
        "read_dashboards": False,
        "use_admin_site": False,
    }


@pytest.mark.parametrize(
    ("persona", "manages"),
    [("administrator", True), ("head_a", False), ("delegate", False), ("official", False)],
)
def test_only_administrators_manage_the_organisation(request, persona, manages):
    user = request.getfixturevalue(persona)
    assert access.can_view_organisation(user)
    assert access.can_manage_organisation(user) is manages


def test_head_heads_only_their_own_services(head_a, service_a, service_b):
    assert access.heads_service(head_a, service_a)
    assert not access.heads_service(head_a, service_b)
    assert list(access.headed_services(head_a)) == [service_a]


def test_services_assigned_to_a_non_head_do_not_count(delegate, service_a):
    delegate.services.add(service_a)
    assert not access.heads_service(delegate, service_a)
    assert list(access.headed_services(delegate)) == []
