"""The fictional demo collectivité and its demo accounts, loaded by ``manage.py load_demo``.

Everything here is invented: the town, its people and its numbers. (The name
"Belleville-sur-Loire" was avoided: it is a real commune of the Cher.) The organisation
chart is shaped like a French town of about 110,000 inhabitants (some 3,000 agents),
with the titles and job families (familles de métiers, after the CNFPT répertoire)
that collectivités use, and an ISCO-08 unit group wherever one fits. The data are
plain literals so that the load is deterministic and needs no network.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext

from services.demo_data import DIRECTORATES, RoleRow
from services.models import Directorate, Organisation, Persona, Role, Service, User

ORGANISATION_NAME = "Ville de Clairval-sur-Loire (démo)"
DEMO_UNION = "Syndicat des agents territoriaux (démo)"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
KINDS = ("organisation", "directorates", "services", "roles", "users")


@dataclass(frozen=True)
class DemoAccount:
    """A demo login; ``services`` names the services a head fills the inventory of."""

    username: str
    first_name: str
    last_name: str
    persona: Persona
    services: tuple[str, ...] = ()
    union: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


ACCOUNTS = (
    DemoAccount("pilote", "Camille", "Lefèvre", Persona.ADMINISTRATOR),
    # Two services in one directorate, so that the demo shows a head switching between them.
    DemoAccount(
        "chef.etatcivil",
        "Nadia",
        "Benali",
        Persona.HEAD,
        services=("État civil", "Accueil – Relation usagers"),
    ),
    DemoAccount("chef.espacesverts", "Julien", "Moreau", Persona.HEAD, services=("Espaces verts",)),
    DemoAccount("delegue", "Marc", "Girard", Persona.DELEGATE, union=DEMO_UNION),
    DemoAccount("elu", "Hélène", "Rousseau", Persona.OFFICIAL),
)


class DemoConflictError(Exception):
    """The database already holds another collectivité: the demo would mix with it."""


@transaction.atomic
def load_demo() -> dict[str, Counter[str]]:
    """Create or bring back in line the demo collectivité and accounts.

    Rows are matched by name (title for roles, username for accounts); a row that
    already matches is left untouched, so a second run writes nothing. Returns, for
    each kind of row, how many were created, updated and unchanged.
    """
    if Organisation.objects.exclude(name=ORGANISATION_NAME).exists():
        raise DemoConflictError(
            gettext(
                "La base contient déjà une autre collectivité : "
                "la démonstration n'y est pas chargée."
            )
        )
    report = {kind: Counter() for kind in KINDS}
    organisation, status = _find_and_sync(Organisation, {"name": ORGANISATION_NAME})
    report["organisation"][status] += 1
    services = _load_chart(organisation, report)
    for account in ACCOUNTS:
        heads = [services[name] for name in account.services]
        report["users"][_sync_account(account, heads, settings.IMPACT_DEMO_PASSWORD)] += 1
    return report


def _load_chart(organisation: Organisation, report: dict[str, Counter[str]]) -> dict[str, Service]:
    services = {}
    for directorate_name, service_rows in DIRECTORATES:
        directorate, status = _find_and_sync(
            Directorate, {"organisation": organisation, "name": directorate_name}
        )
        report["directorates"][status] += 1
        for service_name, role_rows in service_rows:
            service, status = _find_and_sync(
                Service, {"directorate": directorate, "name": service_name}
            )
            report["services"][status] += 1
            services[service_name] = service
            _load_roles(service, role_rows, report)
    return services


def _load_roles(
    service: Service, role_rows: tuple[RoleRow, ...], report: dict[str, Counter[str]]
) -> None:
    existing = {role.title: role for role in service.roles.all()}
    for title, headcount, fte, job_family, isco_code in role_rows:
        values = {
            "headcount": headcount,
            "fte": Decimal(fte),
            "job_family": job_family,
            "isco_code": isco_code,
        }
        _, status = _sync(existing.get(title), Role, {"service": service, "title": title}, values)
        report["roles"][status] += 1


def _find_and_sync(model: type[models.Model], key: dict) -> tuple[models.Model, str]:
    return _sync(model.objects.filter(**key).first(), model, key, {})


def _sync(
    found: models.Model | None, model: type[models.Model], key: dict, values: dict
) -> tuple[models.Model, str]:
    """Create the row ``key`` + ``values`` unless ``found``; else set the values that differ."""
    if found is None:
        instance = model(**key, **values)
        instance.full_clean()
        instance.save()
        return instance, CREATED
    changed = [field for field, value in values.items() if getattr(found, field) != value]
    if not changed:
        return found, UNCHANGED
    for field in changed:
        setattr(found, field, values[field])
    found.full_clean()
    found.save(update_fields=changed)
    return found, UPDATED


def _sync_account(account: DemoAccount, services: list[Service], password: str) -> str:
    """Create the demo user or restore its names, persona, rights, password and services."""
    is_administrator = account.persona == Persona.ADMINISTRATOR
    values = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "persona": account.persona,
        "union": account.union,
        "is_active": True,
        "is_staff": is_administrator,
        "is_superuser": is_administrator,
    }
    user = User.objects.filter(username=account.username).first()
    status = UNCHANGED if user else CREATED
    user = user or User(username=account.username)
    changed = [field for field, value in values.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, values[field])
    if not user.check_password(password):
        # Demo passwords are short on purpose: set directly, without the validators.
        user.set_password(password)
        changed.append("password")
    if changed:
        user.full_clean()
        user.save(update_fields=None if status == CREATED else changed)
        status = status if status == CREATED else UPDATED
    if {service.pk for service in services} != set(user.services.values_list("pk", flat=True)):
        user.services.set(services)
        status = status if status == CREATED else UPDATED
    return status
