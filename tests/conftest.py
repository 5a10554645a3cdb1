"""Shared fixtures: the personas, a small organisation, the network guard, Celery mode.

Helpers (builders, constants) are in tests/helpers.py; fixtures several topics use are in
tests/fixtures/, registered here.
"""

import ipaddress
import socket

import pytest

from impact.celery import app as celery_app
from services.models import Directorate, Organisation, Persona, Role, Service, User
from tests.helpers import PASSWORD, make_inventory

pytest_plugins = [
    "tests.fixtures.scores",
    "tests.fixtures.studies",
    "tests.fixtures.consultation",
    "tests.fixtures.dashboards",
    "tests.fixtures.workers",
    "tests.fixtures.voice",
]


_real_connect = socket.socket.connect


def _loopback_only_connect(sock, address):
    """Refuse any connection that would leave the machine: tests never reach the network."""
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if not loopback:
            raise RuntimeError(f"Test tried to open a network connection to {address!r}.")
    return _real_connect(sock, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network():
    socket.socket.connect = _loopback_only_connect
    yield
    socket.socket.connect = _real_connect


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters kept in the cache (the agents' survey throttle) start from zero in each test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Files written by a test (study PDFs, also those of ``load_demo``) stay out of var/."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _celery_in_process(request):
    """Tasks run in-process unless a test is marked as needing the real worker."""
    if request.node.get_closest_marker("services"):
        yield
        return
    # The app reads Django settings under the CELERY_ namespace: the key is the prefixed one.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = previous


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database; on PostgreSQL, connections left open are ended first.

    A request thread of the live server (browser tests) keeps its connection for
    CONN_MAX_AGE after the thread is gone; PostgreSQL then refuses to drop the test
    database while that session exists.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Ville de Test")


@pytest.fixture
def service_a(organisation):
    directorate = Directorate.objects.create(organisation=organisation, name="Population")
    service = Service.objects.create(directorate=directorate, name="État civil")
    Role.objects.create(service=service, title="Officier d'état civil", headcount=6, fte="5.50")
    Role.objects.create(service=service, title="Agent d'accueil", headcount=4, fte="4.00")
    return service


@pytest.fixture
def service_b(organisation):
    directorate = Directorate.objects.create(organisation=organisation, name="Cadre de vie")
    service = Service.objects.create(directorate=directorate, name="Espaces verts")
    Role.objects.create(
        service=service, title="Jardinier", headcount=20, fte="19.00", isco_code="6113"
    )
    return service


def _user(username: str, persona: str, **extra) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, persona=persona, **extra)


@pytest.fixture
def administrator(db):
    return _user("pilote", Persona.ADMINISTRATOR, first_name="Paule", is_staff=True)


@pytest.fixture
def head_a(service_a):
    user = _user("chef.a", Persona.HEAD, first_name="Anne")
    user.services.add(service_a)
    return user


@pytest.fixture
def head_b(service_b):
    user = _user("chef.b", Persona.HEAD, first_name="Bruno")
    user.services.add(service_b)
    return user


@pytest.fixture
def delegate(db):
    return _user("delegue", Persona.DELEGATE, first_name="Dalila", union="Syndicat Test")


@pytest.fixture
def official(db):
    return _user("elu", Persona.OFFICIAL, first_name="Étienne")


@pytest.fixture
def no_persona_user(db):
    return User.objects.create_user(username="sans.profil", password=PASSWORD)


@pytest.fixture
def client_as(client):
    """Log the test client in as the given user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def questionnaire(db):
    from surveys.actions.questionnaires import questionnaire_load
    from surveys.questionnaires import shipped_questionnaire_files

    questionnaire, _ = questionnaire_load(path=shipped_questionnaire_files()[0])
    return questionnaire


@pytest.fixture
def campaign(questionnaire):
    import datetime

    from surveys.models import Campaign

    return Campaign.objects.create(
        title="Campagne 2026",
        slug="campagne-2026",
        questionnaire=questionnaire,
        opens_on=datetime.date(2026, 11, 1),
        closes_on=datetime.date(2026, 12, 15),
        status=Campaign.Status.OPEN,
    )


@pytest.fixture
def inventory_a(campaign, service_a):
    return make_inventory(campaign, service_a)


@pytest.fixture
def inventory_b(campaign, service_b):
    return make_inventory(campaign, service_b)
