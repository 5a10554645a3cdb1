"""Organisation pages: directions → services → postes."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from services import access, selectors


@require_safe
@login_required
def organisation_chart(request):
    access.require_organisation_reader(request.user)
    directorates = selectors.directorates_with_totals()
    return render(
        request,
        "services/organisation_chart.html",
        {
            "organisation": selectors.organisation_get(),
            "directorates": directorates,
            "total_headcount": sum(d.headcount or 0 for d in directorates),
        },
    )


@require_safe
@login_required
def directorate_detail(request, pk: int):
    directorate = access.get_directorate_for_user(request.user, pk)
    return render(
        request,
        "services/directorate_detail.html",
        {"directorate": directorate, "services": selectors.directorate_services(directorate)},
    )


@require_safe
@login_required
def service_detail(request, pk: int):
    service = access.get_service_for_user(request.user, pk)
    roles = selectors.service_roles(service)
    return render(
        request,
        "services/service_detail.html",
        {
            "service": service,
            "roles": roles,
            "heads": service.heads.order_by("last_name", "username"),
            "total_headcount": sum(role.headcount for role in roles),
            "total_fte": sum(role.fte for role in roles),
        },
    )
