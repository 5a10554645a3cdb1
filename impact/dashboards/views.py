"""Dashboards for elected officials, delegates and administrators, and their exports.

Pages: the collectivité (``/tableau-de-bord/``), a directorate, a service, a role's receipt of
calculation, and the comparison of two campaigns. Filters are GET parameters (``campagne``,
``direction``; ``de`` and ``a`` for the comparison) so that a view can be shared by its URL.
Every page exports its tables with ``?format=xlsx`` or ``?format=csv`` (``&table=<key>`` for one
table in CSV). Who sees what is decided by ``services.access`` ("Dashboards" section).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from impact.dashboards import selectors as selectors_dashboards
from impact.dashboards import tables as dashboard_tables
from impact.scores import selectors as score_selectors
from services import access
from services.web.ids import parse_optional_id

FORMATS = ("xlsx", "csv")


def _export(request, tables: list, heading: str, filename: str) -> HttpResponse:
    """The page's tables as XLSX, or as CSV (one table with ``table=<key>``, else all)."""
    fmt, key = request.GET.get("format"), request.GET.get("table")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Format d'export inconnu : choisissez xlsx ou csv."))
    if key:
        tables = [table for table in tables if table.key == key]
        if not tables:
            return HttpResponseBadRequest(_("Ce tableau n'existe pas sur cette page."))
    if fmt == "xlsx":
        body, content_type = dashboard_tables.tables_xlsx(tables, heading), dashboard_tables.XLSX_CONTENT_TYPE  # fmt: skip
    else:
        body, content_type = dashboard_tables.tables_csv(tables), dashboard_tables.CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    suffix = f"-{key}" if key else ""
    response["Content-Disposition"] = f'attachment; filename="{filename}{suffix}.{fmt}"'
    return response


def _respond(request, context: dict, heading: str, filename: str):
    if "format" in request.GET:
        if context["page"] is None:
            raise Http404
        return _export(request, _tables(context["page"]), heading, filename)
    context |= {"heading": heading, "export_base": request.path}
    return render(request, "impact/dashboards/dashboard.html", context)


def _tables(page: dict) -> list:
    return [table for section in page["sections"] for table in section.tables]


def _campaign(request):
    campaigns = list(access.visible_dashboard_campaigns(request.user))
    return campaigns, access.pick_dashboard_campaign(campaigns, request.GET.get("campagne"))


@require_safe
@login_required
def overview(request):
    user = request.user
    access.require_organisation_reader(user)
    if access.is_head(user):
        service = access.dashboard_home_service(user)
        if service is None:
            raise PermissionDenied
        url = reverse("impact-dashboard-service", args=[service.pk])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    access.require_dashboard_reader(user)
    campaigns, campaign = _campaign(request)
    if (directorate_pk := parse_optional_id(request.GET.get("direction"))) is not None:
        url = reverse("impact-dashboard-directorate", args=[directorate_pk])
        return redirect(f"{url}?{urlencode({'campagne': campaign.slug} if campaign else {})}")
    context = selectors_dashboards.dashboard_context(user, campaigns, campaign)
    name = context["page"]["organisation"] if context["page"] else ""
    slug = campaign.slug if campaign else "aucune-campagne"
    return _respond(request, context, name or _("Collectivité"), f"tableau-de-bord-{slug}")


@require_safe
@login_required
def directorate_detail(request, pk: int):
    access.require_dashboard_reader(request.user)
    campaigns, campaign = _campaign(request)
    threshold = score_selectors.method_settings_get().small_group_threshold
    plan = selectors_dashboards.folding_plan(request.user, campaign, threshold)
    directorate = access.get_dashboard_directorate_for_user(request.user, pk, plan)
    context = selectors_dashboards.dashboard_context(
        request.user, campaigns, campaign, directorate=directorate, plan=plan
    )
    slug = campaign.slug if campaign else "aucune-campagne"
    return _respond(request, context, directorate.name, f"tableau-de-bord-{slug}-direction-{pk}")


@require_safe
@login_required
def service_detail(request, pk: int):
    access.require_organisation_reader(request.user)
    campaigns, campaign = _campaign(request)
    threshold = score_selectors.method_settings_get().small_group_threshold
    plan = selectors_dashboards.folding_plan(request.user, campaign, threshold)
    service = access.get_dashboard_service_for_user(request.user, pk, plan)
    context = selectors_dashboards.dashboard_context(
        request.user, campaigns, campaign, service=service, plan=plan
    )
    context["headed_services"] = list(access.headed_services(request.user).order_by("name"))
    slug = campaign.slug if campaign else "aucune-campagne"
    return _respond(request, context, service.name, f"tableau-de-bord-{slug}-service-{pk}")


@require_safe
@login_required
def role_detail(request, pk: int):
    role = access.get_dashboard_role_for_user(
        request.user, pk, folded_plan=selectors_dashboards.small_group_plan
    )
    receipt = selectors_dashboards.role_receipt(role)
    if "format" in request.GET:
        return _export(request, [receipt["table"]], role.title, f"recu-de-calcul-poste-{pk}")
    inventory = role.score.inventory
    context = {"role": role, "inventory": inventory, "scores": receipt["scores"],
               "query": urlencode({"campagne": inventory.campaign.slug}),
               "overview_reader": access.can_view_dashboards(request.user)}  # fmt: skip
    return render(request, "impact/dashboards/role.html", context)


COMPARISON_FILTERS = ("de", "a", "direction", "methode_de", "methode_a")


def _compared_versions(request, before, after, known: dict) -> tuple[str | None, str | None]:
    """The method version each side reads (None: the current snapshots). A version the
    campaign has no snapshot under is ignored; one campaign on both sides compares its
    oldest version with its newest by default. ``known``: campaign id → its versions."""
    chosen = []
    for campaign, key in ((before, "methode_de"), (after, "methode_a")):
        value = request.GET.get(key) or None
        chosen.append(value if campaign and value in known.get(campaign.pk, []) else None)
    if before is not None and before == after and chosen == [None, None]:
        versions = known.get(before.pk, [])
        if len(versions) > 1:
            chosen = [versions[0], versions[-1]]
    return chosen[0], chosen[1]


@require_safe
@login_required
def comparison(request):
    user = request.user
    access.require_dashboard_reader(user)
    campaigns = list(access.visible_dashboard_campaigns(user))
    # By default, the latest campaign against the one before it.
    first = request.GET.get("de") or (campaigns[1].slug if len(campaigns) > 1 else None)
    before = access.pick_dashboard_campaign(campaigns, first) if first else None
    after = access.pick_dashboard_campaign(campaigns, request.GET.get("a"))
    known = score_selectors.method_versions_by_campaign(campaigns)
    versions = _compared_versions(request, before, after, known)
    row = score_selectors.method_settings_get()
    plans = tuple(
        selectors_dashboards.folding_plan(user, c, row.small_group_threshold, version)
        for c, version in zip((before, after), versions, strict=True)
    )
    directorate = None
    directorate_pk = parse_optional_id(request.GET.get("direction"))
    if directorate_pk is not None and before and after:
        for plan in plans:
            directorate = access.get_dashboard_directorate_for_user(user, directorate_pk, plan)
    page = None
    if before is not None and after is not None and (before, versions[0]) != (after, versions[1]):
        page = selectors_dashboards.comparison(
            before, after, params=score_selectors.method_parameters(row), plans=plans,
            directorate=directorate, versions=versions,
        )  # fmt: skip
    if "format" in request.GET:
        if page is None:
            raise Http404
        return _export(request, _tables(page), _("Comparaison"), f"comparaison-{before.slug}-{after.slug}")  # fmt: skip
    query = urlencode({k: v for k, v in request.GET.items() if k in COMPARISON_FILTERS})
    context = {"campaigns": campaigns, "before": before, "after": after, "page": page,
               "versions": versions, "method_versions": sorted({v for vs in known.values() for v in vs}),
               "directorate": directorate, "directorates": selectors_dashboards.directorate_choices(),
               "query": query, "export_base": request.path}  # fmt: skip
    return render(request, "impact/dashboards/comparison.html", context)
