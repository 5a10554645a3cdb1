"""Every URL of the app, for every persona and for an anonymous visitor.

The matrix is the executable form of the table of personas in docs/architecture.md. A URL added to
the app without a row here fails ``test_every_url_is_in_the_matrix``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions.rows import campaigns, consultation, dashboards, impact, inventories, voice

PERSONAS = [
    "anonymous",
    "no_persona_user",
    "administrator",
    "head_a",
    "head_b",
    "delegate",
    "official",
]
LOGIN = "login"

# name → (kwargs builder, {persona: expected GET status}); "login" = redirect to the login page.
ALL_READ = {"anonymous": LOGIN, "no_persona_user": 403} | dict.fromkeys(
    ["administrator", "head_a", "head_b", "delegate", "official"], 200
)
ADMIN_ONLY = {"anonymous": LOGIN, "administrator": 200} | dict.fromkeys(
    ["no_persona_user", "head_a", "head_b", "delegate", "official"], 403
)
MATRIX = {
    "home": (
        lambda objs: {},
        {"anonymous": 302, "no_persona_user": 403}
        | {p: 200 for p in ["administrator", "head_a", "head_b", "delegate", "official"]},
    ),
    "health": (lambda objs: {}, dict.fromkeys(PERSONAS, 200)),
    # The language switch changes nothing on GET: it only sends the visitor back.
    "set_language": (lambda objs: {}, dict.fromkeys(PERSONAS, 302)),
    "login": (lambda objs: {}, {"anonymous": 200} | {p: 302 for p in PERSONAS[1:]}),
    "services-organisation-chart": (lambda objs: {}, ALL_READ),
    "services-directorate-detail": (
        lambda objs: {"pk": objs["service_a"].directorate_id},
        ALL_READ,
    ),
    "services-service-detail": (lambda objs: {"pk": objs["service_a"].pk}, ALL_READ),
    "services-org-import": (lambda objs: {}, ADMIN_ONLY),
}
ROW_MODULES = [campaigns, inventories, impact, consultation, dashboards, voice]
for _rows in ROW_MODULES:
    MATRIX |= _rows.ROWS
# URLs that only accept POST: GET must be refused for everyone (405), whoever asks.
POST_ONLY = {"logout"}.union(*(getattr(rows, "POST_ONLY", set()) for rows in ROW_MODULES))


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin has its own staff-only guard, tested below.
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    names = set(_url_names(get_resolver().url_patterns))
    assert names == set(MATRIX) | POST_ONLY


def _base_objects() -> dict:
    """What the fixtures of tests/conftest.py build, with the same names and links.

    ``organisation``, ``service_a``, ``service_b``, ``questionnaire``, ``campaign``,
    ``inventory_a``, ``inventory_b`` and the personas' users: those fixtures are
    function-scoped, the matrix builds them once for the module (see ``objects``).
    """
    import datetime

    from services.models import Directorate, Organisation, Persona, Role, Service, User
    from surveys.actions.questionnaires import questionnaire_load
    from surveys.models import Campaign
    from surveys.questionnaires import shipped_questionnaire_files
    from tests.helpers import PASSWORD, make_inventory

    organisation = Organisation.objects.create(name="Ville de Test")
    directorate = Directorate.objects.create(organisation=organisation, name="Population")
    service_a = Service.objects.create(directorate=directorate, name="État civil")
    Role.objects.create(service=service_a, title="Officier d'état civil", headcount=6, fte="5.50")
    Role.objects.create(service=service_a, title="Agent d'accueil", headcount=4, fte="4.00")
    directorate = Directorate.objects.create(organisation=organisation, name="Cadre de vie")
    service_b = Service.objects.create(directorate=directorate, name="Espaces verts")
    Role.objects.create(
        service=service_b, title="Jardinier", headcount=20, fte="19.00", isco_code="6113"
    )

    def user(username, persona, **extra):
        return User.objects.create_user(
            username=username, password=PASSWORD, persona=persona, **extra
        )

    users = {
        "administrator": user("pilote", Persona.ADMINISTRATOR, first_name="Paule", is_staff=True),
        "head_a": user("chef.a", Persona.HEAD, first_name="Anne"),
        "head_b": user("chef.b", Persona.HEAD, first_name="Bruno"),
        "delegate": user("delegue", Persona.DELEGATE, first_name="Dalila", union="Syndicat Test"),
        "official": user("elu", Persona.OFFICIAL, first_name="Étienne"),
        "no_persona_user": User.objects.create_user(username="sans.profil", password=PASSWORD),
    }
    users["head_a"].services.add(service_a)
    users["head_b"].services.add(service_b)

    questionnaire, _ = questionnaire_load(path=shipped_questionnaire_files()[0])
    campaign = Campaign.objects.create(
        title="Campagne 2026",
        slug="campagne-2026",
        questionnaire=questionnaire,
        opens_on=datetime.date(2026, 11, 1),
        closes_on=datetime.date(2026, 12, 15),
        status=Campaign.Status.OPEN,
    )
    return {
        "users": users,
        "service_a": service_a,
        "service_b": service_b,
        "campaign": campaign,
        "inventory_a": make_inventory(campaign, service_a),
        "inventory_b": make_inventory(campaign, service_b),
    }


@pytest.fixture(scope="module")
def objects(module_db):
    """Every object the matrix's URLs name, and the personas' users (``objects["users"]``).

    Built once for the module and committed (``module_db`` deletes them at its end); the
    tests only read them, each in its own rolled-back transaction (they request ``db``).
    """
    from django.core.files.base import ContentFile

    from impact.studies.models import Study, StudyJob, StudyVersion

    with module_db():
        objs = _base_objects()
        study = Study.objects.create(
            campaign=objs["campaign"], scope=Study.Scope.SERVICE, service=objs["service_a"]
        )
        version = StudyVersion(
            study=study, number=1, method_version="1.0", parameters={}, snapshot={"meta": {"small_groups_folded": True}},
            sha256="0" * 64, page_count=1,
        )  # fmt: skip
        version.pdf.save("etude.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        version.save()
        job = StudyJob.objects.create(study=study, status=StudyJob.Status.DONE, version=version)
        objs |= {"study_a": study, "job_a": job, "version_a": version}
        for rows in ROW_MODULES:
            if hasattr(rows, "build"):  # a rows module may add the objects its URLs need
                objs |= rows.build(objs)
    return objs


def _client_for(client, objects, persona):
    if persona != "anonymous":
        client.force_login(objects["users"][persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get_status_for_every_persona(db, client, objects, name, persona):
    build_kwargs, statuses = MATRIX[name]
    expected = statuses[persona]
    url = reverse(name, kwargs=build_kwargs(objects))
    response = _client_for(client, objects, persona).get(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["services-directorate-detail", "services-service-detail"])
def test_forged_id_gives_404_or_login(db, client, objects, name, persona):
    response = _client_for(client, objects, persona).get(reverse(name, kwargs={"pk": 987654}))
    expected = {"anonymous": 302, "no_persona_user": 403}.get(persona, 404)
    assert response.status_code == expected


def _forged(kwargs: dict) -> dict:
    """The same URL with every object reference replaced by one that exists nowhere."""
    return {
        key: 987654 if isinstance(value, int) else "nexiste-pas" for key, value in kwargs.items()
    }


FORGEABLE = sorted(name for name, (build, _s) in MATRIX.items() if build.__code__.co_names)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", FORGEABLE)
def test_forged_ids_reveal_nothing_anywhere(db, client, objects, name, persona):
    """A made-up id (or slug) in any URL answers 404, never 200, 403-then-leak or 500.

    The matrix above already asks that another service's objects answer 404 to a head
    (head_b's column): together, a head cannot tell another service's ids from missing
    ones. Here every URL gets ids that exist nowhere: the login page for the anonymous,
    405 for a POST-only URL, a 403 where the persona is refused that page whatever the
    object (an action they may not take on objects they may read), 404 otherwise.
    """
    build_kwargs, statuses = MATRIX[name]
    kwargs = build_kwargs(objects)
    if not kwargs:
        pytest.skip("no object in this URL")
    response = _client_for(client, objects, persona).get(reverse(name, kwargs=_forged(kwargs)))
    real = statuses[persona]
    if real == LOGIN or (persona == "anonymous" and real == 302):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif real == 405:
        assert response.status_code == 405
    elif real == 403:
        assert response.status_code in {403, 404}
    else:
        assert response.status_code == 404


POST_ONLY_KWARGS = {
    name: build
    for rows in ROW_MODULES
    for name, build in getattr(rows, "POST_ONLY_KWARGS", {}).items()
} | {
    "surveys-inventory-submit": lambda objs: {"pk": objs["inventory_a"].pk},
    "surveys-campaign-open": lambda objs: {"slug": objs["campaign"].slug},
    "surveys-campaign-close": lambda objs: {"slug": objs["campaign"].slug},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_post_only_urls_refuse_get(db, client, objects, persona, name):
    kwargs = POST_ONLY_KWARGS.get(name, lambda objs: {})(objects)
    response = _client_for(client, objects, persona).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 405


@pytest.mark.parametrize("name", ["services-organisation-chart", "services-service-detail"])
def test_read_only_pages_refuse_post(db, client, objects, name):
    client.force_login(objects["users"]["administrator"])
    kwargs = {"pk": objects["service_a"].pk} if name.endswith("detail") else {}
    assert client.post(reverse(name, kwargs=kwargs)).status_code == 405


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("head_a", 302),
        ("delegate", 302),
        ("official", 302),
        ("administrator", 200),
    ],
)
def test_admin_site_is_for_staff_administrators_only(db, client, objects, persona, expected):
    response = _client_for(client, objects, persona).get(reverse("admin:index"))
    assert response.status_code == expected
