"""Writes to the organisation chart, as named actions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from services.importing import (
    ImportProblem,
    ImportReport,
    OrgChartRow,
    ParsedOrgChart,
    parse_org_chart,
)
from services.models import Directorate, Organisation, Role, Service

DEFAULT_ORGANISATION_NAME = "Ma collectivité"


@transaction.atomic
def org_chart_import(
    *,
    content: bytes,
    filename: str,
    dry_run: bool = False,
    organisation: Organisation | None = None,
) -> ImportReport:
    """Import an organisation chart file (XLSX or CSV): all of it, or nothing.

    Rules (the file format itself is described in ``services/importing.py``):
    - The file is read and every row checked, then compared with the database; the
      directorates, services and roles it names are matched with the stored ones without
      regard to case (the stored spelling is kept). Every problem is listed; if there is
      one, nothing is written.
    - A new directorate, service or role is created; an existing role whose headcount,
      FTE, job family or ISCO code differs is updated (an absent optional column leaves
      that field alone; an empty cell in a present column clears it); the rest is
      reported unchanged, so importing the same file twice changes nothing.
    - Nothing is ever deleted: what the file does not name stays in place.
    - ``organisation`` defaults to the deployment's single collectivité; when none
      exists, one is created, named by ``settings.IMPACT_ORGANISATION_NAME`` or
      "Ma collectivité". With several, the caller must say which one.
    - A dry run checks everything the same way and reports what would change, writing
      nothing.
    - Access is the callers' business: the upload page admits administrators only, and
      ``manage.py import_org`` is run by whoever operates the server.
    """
    report = ImportReport(dry_run=dry_run)
    parsed = parse_org_chart(
        content=content, filename=filename, max_bytes=settings.IMPACT_IMPORT_MAX_BYTES
    )
    report.notes.extend(parsed.notes)
    if parsed.problems:
        report.problems = parsed.problems
        return report
    organisation = organisation or _single_organisation(report)
    if not report.ok:
        return report
    plan = _plan_import(parsed, organisation, report)
    if report.ok and not dry_run and (plan.new_objects or plan.updates):
        _apply_import(plan, report)
    if not report.ok:
        report.created, report.updated, report.unchanged = [], [], []
    else:
        report.notes.append(
            _(
                "Rien n'est supprimé : les directions, services et postes absents du fichier "
                "restent en place."
            )
        )
    return report


def _single_organisation(report: ImportReport) -> Organisation | None:
    """The only collectivité, a new unsaved one when there is none, or a problem."""
    organisations = list(Organisation.objects.order_by("pk")[:2])
    if len(organisations) == 1:
        return organisations[0]
    if organisations:
        report.problems.append(
            ImportProblem(
                None,
                None,
                _(
                    "Plusieurs collectivités existent : précisez laquelle reçoit "
                    "l'organigramme (option --organisation de la commande import_org)."
                ),
            )
        )
        return None
    name = getattr(settings, "IMPACT_ORGANISATION_NAME", "") or DEFAULT_ORGANISATION_NAME
    organisation = Organisation(name=name)
    organisation.full_clean()
    report.created.append(_("Collectivité « %(name)s »") % {"name": name})
    return organisation


@dataclass
class ImportPlan:
    """What an import would save, in saving order, and the fields each update changes."""

    organisation: Organisation
    new_objects: list[models.Model] = field(default_factory=list)
    updates: list[tuple[Role, list[str]]] = field(default_factory=list)


@dataclass
class StoredChart:
    """The stored chart of a collectivité, keyed by case-folded names (then the new objects)."""

    directorates: dict[str, Directorate] = field(default_factory=dict)
    services: dict[tuple[str, str], Service] = field(default_factory=dict)
    roles: dict[tuple[str, str, str], Role] = field(default_factory=dict)
    visited: set[tuple[str, ...]] = field(default_factory=set)


def _plan_import(
    parsed: ParsedOrgChart, organisation: Organisation, report: ImportReport
) -> ImportPlan:
    """Match each row with the stored chart, validate every change, describe it in the report."""
    plan = ImportPlan(organisation=organisation)
    chart = _stored_chart(organisation)
    for row in parsed.rows:
        directorate_key = (row.directorate.casefold(),)
        service_key = (*directorate_key, row.service.casefold())
        role_key = (*service_key, row.title.casefold())
        directorate = chart.directorates.get(directorate_key[0])
        if directorate is None:
            directorate = Directorate(organisation=organisation, name=row.directorate)
            chart.directorates[directorate_key[0]] = directorate
            _plan_creation(directorate, row, parsed, report, plan)
        elif directorate_key not in chart.visited:
            report.unchanged.append(_describe(directorate))
        chart.visited.add(directorate_key)
        service = chart.services.get(service_key)
        if service is None:
            service = Service(directorate=directorate, name=row.service)
            chart.services[service_key] = service
            _plan_creation(service, row, parsed, report, plan)
        elif service_key not in chart.visited:
            report.unchanged.append(_describe(service))
        chart.visited.add(service_key)
        role = chart.roles.get(role_key)
        if role is None:
            role = Role(
                service=service,
                title=row.title,
                headcount=row.headcount,
                fte=row.fte,
                job_family=row.job_family or "",
                isco_code=row.isco_code or "",
            )
            _plan_creation(role, row, parsed, report, plan)
        else:
            _plan_role_update(role, row, parsed, report, plan)
    return plan


def _stored_chart(organisation: Organisation) -> StoredChart:
    """Load a collectivité's chart in three queries; the oldest object wins a name clash."""
    chart = StoredChart()
    if organisation.pk is None:
        return chart
    # Two imports of the same collectivité wait for each other (SQLite locks anyway).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
    directorates = {d.pk: d for d in organisation.directorates.order_by("pk")}
    for directorate in directorates.values():
        chart.directorates.setdefault(directorate.name.casefold(), directorate)
    service_keys = {}
    for service in Service.objects.filter(directorate__organisation=organisation).order_by("pk"):
        service.directorate = directorates[service.directorate_id]
        key = (service.directorate.name.casefold(), service.name.casefold())
        if chart.services.setdefault(key, service) is service:
            service_keys[service.pk] = key
    for role in Role.objects.filter(service__directorate__organisation=organisation).order_by("pk"):
        key = service_keys.get(role.service_id)
        if key is None:  # a service whose name clashes with an older one's (SQLite only)
            continue
        role.service = chart.services[key]
        chart.roles.setdefault((*key, role.title.casefold()), role)
    return chart


def _plan_creation(
    obj: models.Model,
    row: OrgChartRow,
    parsed: ParsedOrgChart,
    report: ImportReport,
    plan: ImportPlan,
) -> None:
    """Validate a new object; its parent is checked too unless it is new as well."""
    parent = {Directorate: "organisation", Service: "directorate", Role: "service"}[type(obj)]
    exclude = [parent] if getattr(obj, parent).pk is None else None
    if _full_clean(obj, row, parsed, report, exclude=exclude):
        plan.new_objects.append(obj)
        report.created.append(_describe(obj, with_values=True))


def _plan_role_update(
    role: Role,
    row: OrgChartRow,
    parsed: ParsedOrgChart,
    report: ImportReport,
    plan: ImportPlan,
) -> None:
    """Take the file's values; an optional column absent from the file changes nothing."""
    values = {"headcount": row.headcount, "fte": row.fte}
    if row.job_family is not None:
        values["job_family"] = row.job_family
    if row.isco_code is not None:
        values["isco_code"] = row.isco_code
    changed = [name for name, value in values.items() if getattr(role, name) != value]
    if not changed:
        report.unchanged.append(_describe(role))
        return
    before = {name: getattr(role, name) for name in changed}
    for name in changed:
        setattr(role, name, values[name])
    if _full_clean(role, row, parsed, report):
        plan.updates.append((role, changed))
        changes = [
            _("%(field)s %(before)s → %(after)s")
            % {
                "field": Role._meta.get_field(name).verbose_name,
                "before": _display(before[name]),
                "after": _display(values[name]),
            }
            for name in changed
        ]
        report.updated.append(f"{_describe(role)} : {' ; '.join(changes)}")


def _full_clean(
    obj: models.Model,
    row: OrgChartRow,
    parsed: ParsedOrgChart,
    report: ImportReport,
    exclude: list[str] | None = None,
) -> bool:
    """Run the model's own validation; report its errors at the row's line and column."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        name_field = {Directorate: "directorate", Service: "service", Role: "title"}[type(obj)]
        for field_name, messages in error.message_dict.items():
            key = name_field if field_name in {"name", NON_FIELD_ERRORS} else field_name
            column = parsed.columns.get(key)
            report.problems.extend(ImportProblem(row.line, column, msg) for msg in messages)
        return False
    return True


def _apply_import(plan: ImportPlan, report: ImportReport) -> None:
    """Save the plan, parents first; a clash with a concurrent change saves nothing."""
    try:
        with transaction.atomic():
            if plan.organisation.pk is None:
                plan.organisation.save()
            for obj in plan.new_objects:
                obj.save()
            for role, changed in plan.updates:
                role.save(update_fields=changed)
    except IntegrityError:
        report.problems.append(
            ImportProblem(
                None,
                None,
                _(
                    "L'organigramme a été modifié pendant l'import : rien n'a été enregistré. "
                    "Relancez l'import."
                ),
            )
        )


def _describe(obj: models.Model, *, with_values: bool = False) -> str:
    """How the report names a directorate, service or role, in French."""
    if isinstance(obj, Directorate):
        return _("Direction « %(name)s »") % {"name": obj.name}
    if isinstance(obj, Service):
        return _("Service « %(name)s » (direction %(directorate)s)") % {
            "name": obj.name,
            "directorate": obj.directorate.name,
        }
    text = _("Poste « %(title)s » (%(directorate)s › %(service)s)") % {
        "title": obj.title,
        "directorate": obj.service.directorate.name,
        "service": obj.service.name,
    }
    if with_values:
        text += _(" : effectif %(headcount)s, ETP %(fte)s") % {
            "headcount": obj.headcount,
            "fte": _display(obj.fte),
        }
    return text


def _display(value: object) -> str:
    """A value as the report shows it: decimals with a comma, an empty value as a dash."""
    if isinstance(value, Decimal):
        value = value.normalize()
        exponent = value.as_tuple().exponent
        return number_format(value, decimal_pos=max(0, -exponent))
    return str(value) if value not in {"", None} else "—"
