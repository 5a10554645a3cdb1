"""``manage.py load_demo`` and the demo data it loads (services/demo.py)."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from services.demo import ORGANISATION_NAME, load_demo
from services.demo_data import DIRECTORATES, JOB_FAMILIES
from services.isco import isco_unit_groups
from services.models import Directorate, Organisation, Persona, Role, Service, User


def _login(client, username: str, password: str) -> bool:
    """Sign in through the login form (django-axes needs the request): True when accepted."""
    client.logout()
    response = client.post("/connexion/", {"username": username, "password": password})
    return response.status_code == 302


DEMO_ACCOUNTS = [
    ("pilote", Persona.ADMINISTRATOR),
    ("chef.etatcivil", Persona.HEAD),
    ("chef.espacesverts", Persona.HEAD),
    ("delegue", Persona.DELEGATE),
    ("elu", Persona.OFFICIAL),
]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The demo load hashes five passwords per run; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def debug(settings):
    # pytest-django runs tests with DEBUG off; the command loads only in development.
    settings.DEBUG = True
    return settings


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[tuple]]:
    """Every stored value the demo writes, to compare two runs."""
    return {
        "organisations": list(Organisation.objects.values_list("pk", "name", "created_at")),
        "directorates": list(Directorate.objects.values_list("pk", "organisation_id", "name")),
        "services": list(Service.objects.values_list("pk", "directorate_id", "name")),
        "roles": list(
            Role.objects.order_by("pk").values_list(
                "pk", "service_id", "title", "headcount", "fte", "job_family", "isco_code"
            )
        ),
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "username", "password", "persona", "union", "email", "is_superuser"
            )
        ),
        "heads": list(User.services.through.objects.order_by("pk").values_list("pk", "user_id")),
    }


def test_demo_data_are_consistent_without_the_database():
    roles = [role for _, services in DIRECTORATES for _, rows in services for role in rows]
    service_names = [name for _, services in DIRECTORATES for name, _ in services]
    assert len(service_names) == len(set(service_names)) == 60
    assert {role[3] for role in roles} == set(JOB_FAMILIES)
    assert all(Decimal(fte) <= headcount for _, headcount, fte, _, _ in roles)
    assert all(Decimal(fte).as_tuple().exponent == -2 for _, _, fte, _, _ in roles)


@pytest.mark.django_db
def test_load_demo_creates_the_collectivite_at_its_announced_size():
    load_demo()

    organisation = Organisation.objects.get()
    assert organisation.name == "Ville de Clairval-sur-Loire (démo)"
    assert Directorate.objects.filter(organisation=organisation).count() == 19
    assert Service.objects.count() == 60
    assert Role.objects.count() == 197
    totals = Role.objects.aggregate(headcount=Sum("headcount"), fte=Sum("fte"))
    assert totals["headcount"] == 3000
    assert Decimal(totals["fte"]).quantize(Decimal("0.01")) == Decimal("2666.30")
    assert 2900 <= totals["headcount"] <= 3100


@pytest.mark.django_db
def test_load_demo_covers_the_services_of_a_town_hall():
    load_demo()

    etat_civil = Service.objects.select_related("directorate").get(name="État civil")
    assert etat_civil.directorate.name == "Direction de la population et de la citoyenneté"
    for name in [
        "Accueil – Relation usagers",
        "Accueil social et aides",
        "Carrières et paie",
        "Budget et comptabilité",
        "Commande publique",
        "Urbanisme réglementaire",
        "Écoles maternelles – ATSEM",
        "Restauration scolaire",
        "Crèches collectives",
        "Médiathèques",
        "Piscines",
        "Police municipale",
        "Espaces verts",
        "Propreté urbaine",
        "Voirie",
        "Régie bâtiments",
        "Support et infrastructures",
        "Communication et information",
        "Affaires juridiques",
        "Secrétariat général et assemblées",
    ]:
        assert Service.objects.filter(name=name).exists(), name
    officer = Role.objects.get(service=etat_civil, title="Officier d'état civil")
    assert (officer.headcount, officer.fte) == (14, Decimal("13.50"))
    assert (officer.job_family, officer.isco_code) == ("Citoyenneté et population", "3359")


@pytest.mark.django_db
def test_every_demo_isco_code_is_a_known_unit_group():
    load_demo()

    codes = set(Role.objects.exclude(isco_code="").values_list("isco_code", flat=True))
    assert len(codes) > 80
    assert codes <= set(isco_unit_groups())
    assert Role.objects.filter(isco_code="").count() == 3
    assert Role.objects.get(title="Jardinier").isco_code == "6113"
    assert Role.objects.get(title="Policier municipal").isco_code == "5412"
    assert Role.objects.get(title="ATSEM").isco_code == "5312"


@pytest.mark.django_db
def test_demo_roles_include_part_time_small_and_vacant_posts():
    load_demo()

    assert not Role.objects.filter(fte__gt=0, headcount=0).exists()
    assert all(role.fte <= role.headcount for role in Role.objects.all())
    vacant = Role.objects.get(headcount=0)
    assert vacant.title == "Chef de projet données et intelligence artificielle"
    assert vacant.fte == Decimal("0.00")
    assert Role.objects.filter(headcount=1).count() == 29
    assert Role.objects.filter(headcount=2).count() == 35
    animators = Role.objects.get(title="Animateur périscolaire")
    assert (animators.headcount, animators.fte) == (330, Decimal("198.40"))


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "persona"), DEMO_ACCOUNTS)
def test_demo_account_logs_in_with_the_demo_password(client, username, persona):
    load_demo()

    assert _login(client, username, "demo")
    user = User.objects.get(username=username)
    assert user.persona == persona
    assert user.email.endswith("@example.org")
    assert user.first_name and user.last_name


@pytest.mark.django_db
def test_only_the_pilote_may_use_the_django_admin(client):
    load_demo()

    staff = User.objects.filter(is_staff=True).values_list("username", flat=True)
    superusers = User.objects.filter(is_superuser=True).values_list("username", flat=True)
    assert list(staff) == list(superusers) == ["pilote"]
    assert _login(client, "pilote", "demo")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_demo_heads_head_their_services_and_the_delegate_has_a_union():
    load_demo()

    chef = User.objects.get(username="chef.etatcivil")
    assert sorted(chef.services.values_list("name", flat=True)) == [
        "Accueil – Relation usagers",
        "État civil",
    ]
    green = User.objects.get(username="chef.espacesverts")
    assert list(green.services.values_list("name", flat=True)) == ["Espaces verts"]
    assert User.objects.get(username="delegue").union == "Syndicat des agents territoriaux (démo)"
    assert not User.objects.get(username="elu").services.exists()
    assert not User.objects.get(username="pilote").services.exists()


@pytest.mark.django_db
def test_second_run_changes_nothing():
    first = load_demo()
    before = snapshot()

    second = load_demo()

    assert first["roles"] == {"created": 197}
    assert first["users"] == {"created": 5}
    assert second == {
        "organisation": {"unchanged": 1},
        "directorates": {"unchanged": 19},
        "services": {"unchanged": 60},
        "roles": {"unchanged": 197},
        "users": {"unchanged": 5},
    }
    assert snapshot() == before


@pytest.mark.django_db
def test_rerun_restores_edited_demo_rows_without_duplicates(client):
    load_demo()
    Role.objects.filter(title="Jardinier").update(headcount=7, fte=Decimal("6.50"), isco_code="")
    chef = User.objects.get(username="chef.etatcivil")
    chef.services.clear()
    chef.persona = Persona.OFFICIAL
    chef.set_password("autre")
    chef.save()

    report = load_demo()

    assert report["roles"] == {"updated": 1, "unchanged": 196}
    assert report["users"] == {"updated": 1, "unchanged": 4}
    gardener = Role.objects.get(title="Jardinier")
    assert (gardener.headcount, gardener.fte, gardener.isco_code) == (100, Decimal("98.50"), "6113")
    chef.refresh_from_db()
    assert chef.persona == Persona.HEAD
    assert chef.services.count() == 2
    assert _login(client, "chef.etatcivil", "demo")
    assert User.objects.count() == 5
    assert Role.objects.count() == 197


@pytest.mark.django_db
def test_command_prints_the_counts_and_the_logins(debug):
    output = run_command()

    assert "Ville de Clairval-sur-Loire (démo)" in output
    assert "  Postes             197         0          0" in output
    assert "mot de passe : demo" in output
    for username, _ in DEMO_ACCOUNTS:
        assert f"  {username} " in output
    assert "  Postes               0         0        197" in run_command()


@pytest.mark.django_db
def test_command_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        run_command()

    assert not Organisation.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_command_loads_with_force_when_debug_is_off(settings):
    settings.DEBUG = False

    run_command("--force")

    assert Organisation.objects.get().name == ORGANISATION_NAME
    assert Role.objects.count() == 197
    assert User.objects.count() == 5


@pytest.mark.django_db
def test_command_leaves_another_collectivite_alone_and_says_so(debug):
    Organisation.objects.create(name="Ville réelle")
    stderr = StringIO()

    call_command("load_demo", stdout=StringIO(), stderr=stderr)

    assert "autre collectivité" in stderr.getvalue()
    assert Organisation.objects.count() == 1
    assert not Directorate.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_password_setting_is_honoured_and_not_printed(client, debug):
    debug.IMPACT_DEMO_PASSWORD = "s3cret-de-demo"

    output = run_command()

    assert _login(client, "delegue", "s3cret-de-demo")
    assert not _login(client, "delegue", "demo")
    assert "s3cret-de-demo" not in output
    assert "IMPACT_DEMO_PASSWORD" in output


@pytest.mark.django_db
def test_changing_the_demo_password_updates_the_accounts(client, settings):
    load_demo()
    settings.IMPACT_DEMO_PASSWORD = "nouveau"

    report = load_demo()

    assert report["users"] == {"updated": 5}
    assert _login(client, "elu", "nouveau")
    assert not _login(client, "elu", "demo")
