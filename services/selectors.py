"""Reads that feed the organisation pages, each in a bounded number of queries."""

from django.db.models import Count, QuerySet, Sum

from services.models import Directorate, Organisation, Role, Service


def organisation_get() -> Organisation | None:
    """The collectivité of this deployment (the first one, if several were created)."""
    return Organisation.objects.order_by("pk").first()


def directorates_with_totals() -> QuerySet[Directorate]:
    """Every directorate with its number of services and roles and its headcount."""
    return Directorate.objects.annotate(
        service_count=Count("services", distinct=True),
        role_count=Count("services__roles", distinct=True),
        headcount=Sum("services__roles__headcount"),
    ).order_by("name")


def directorate_services(directorate: Directorate) -> QuerySet[Service]:
    """The services of a directorate with their role counts and headcounts."""
    return directorate.services.annotate(
        role_count=Count("roles", distinct=True),
        headcount=Sum("roles__headcount"),
    ).order_by("name")


def service_roles(service: Service) -> QuerySet[Role]:
    """The roles of a service, in title order."""
    return service.roles.order_by("title")
