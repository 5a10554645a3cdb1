"""Who may see or change what: the one place that decides, for every app.

The rules follow PRODUCT.md's table of personas:
- administrator (pilote): everything;
- department head (chef de service): the organisation chart, and the inventories,
  scores and studies of the services they head;
- union delegate: the organisation chart, validated inventories and studies;
- elected official: the organisation chart, dashboards and studies, read only.

Predicates (``can_*``) answer yes or no. Fetchers (``get_*_for_user``) return the
object or raise ``Http404`` when the user may not know it exists, and
``PermissionDenied`` (403) when they may see it but not do what they asked. Views
call the fetchers; templates read ``get_abilities``; the server always decides here.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from impact.models import Study, StudyJob, StudyVersion
from services.models import Directorate, Persona, Service, User
from surveys.models import Campaign, Inventory

AnyUser = User | AnonymousUser


def persona_of(user: AnyUser) -> str | None:
    """The persona that decides a user's rights; superusers are administrators.

    An anonymous or deactivated user, or an account given no persona, has none and
    may see nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Persona.ADMINISTRATOR
    return user.persona or None


def is_administrator(user: AnyUser) -> bool:
    return persona_of(user) == Persona.ADMINISTRATOR


def is_head(user: AnyUser) -> bool:
    return persona_of(user) == Persona.HEAD


def is_delegate(user: AnyUser) -> bool:
    return persona_of(user) == Persona.DELEGATE


def is_official(user: AnyUser) -> bool:
    return persona_of(user) == Persona.OFFICIAL


def can_view_organisation(user: AnyUser) -> bool:
    """Every persona may read the organisation chart: it is not confidential."""
    return persona_of(user) is not None


def can_manage_organisation(user: AnyUser) -> bool:
    """Only administrators import or edit the organisation chart."""
    return is_administrator(user)


def headed_services(user: AnyUser) -> QuerySet[Service]:
    """The services whose inventories this user fills (none unless a head)."""
    if not is_head(user):
        return Service.objects.none()
    return user.services.all()


def heads_service(user: AnyUser, service: Service) -> bool:
    """True when the user is a department head assigned to this service."""
    return is_head(user) and user.services.filter(pk=service.pk).exists()


def require_organisation_reader(user: AnyUser) -> None:
    """Raise 403 for a signed-in account that has no persona."""
    if not can_view_organisation(user):
        raise PermissionDenied


def require_organisation_manager(user: AnyUser) -> None:
    """Raise 403 unless the user may change the organisation chart."""
    if not can_manage_organisation(user):
        raise PermissionDenied


def get_directorate_for_user(user: AnyUser, pk: int) -> Directorate:
    """A directorate the user may read, or 404 (403 for an account with no persona)."""
    require_organisation_reader(user)
    return get_object_or_404(Directorate.objects.select_related("organisation"), pk=pk)


def get_service_for_user(user: AnyUser, pk: int) -> Service:
    """A service the user may read, or 404 (403 for an account with no persona)."""
    require_organisation_reader(user)
    return get_object_or_404(Service.objects.select_related("directorate"), pk=pk)


# --- Campaigns and inventories (surveys) -------------------------------------------


def can_manage_campaigns(user: AnyUser) -> bool:
    """Administrators create, open, close and export campaigns, and review inventories."""
    return is_administrator(user)


def require_campaign_manager(user: AnyUser) -> None:
    if not can_manage_campaigns(user):
        raise PermissionDenied


def get_campaign_for_manager(user: AnyUser, slug: str) -> Campaign:
    """A campaign for its administration pages: 403 for other personas, 404 if unknown."""
    require_campaign_manager(user)
    return get_object_or_404(Campaign.objects.select_related("questionnaire"), slug=slug)


def visible_inventories(user: AnyUser) -> QuerySet[Inventory]:
    """The inventories a user may read.

    Administrators: all. Department heads: those of the services they head, in any
    state. Delegates and officials: validated ones only (never drafts). Others: none.
    """
    inventories = Inventory.objects.select_related("campaign", "service__directorate")
    persona = persona_of(user)
    if persona == Persona.ADMINISTRATOR:
        return inventories
    if persona == Persona.HEAD:
        return inventories.filter(service__in=user.services.all())
    if persona in {Persona.DELEGATE, Persona.OFFICIAL}:
        return inventories.filter(status=Inventory.Status.VALIDATED)
    return inventories.none()


def can_edit_inventory(user: AnyUser, inventory: Inventory) -> bool:
    """Only a head of the inventory's service fills it, and only while it is editable."""
    return heads_service(user, inventory.service) and inventory.is_editable


def get_inventory_for_user(user: AnyUser, pk: int) -> Inventory:
    """An inventory the user may read, or 404 so that its existence does not leak."""
    return get_object_or_404(visible_inventories(user), pk=pk)


def get_rw_inventory_for_user(user: AnyUser, pk: int) -> Inventory:
    """An inventory the user may fill: 404 if they may not see it, 403 if not theirs to edit.

    A head's own inventory that is submitted or validated is visible but read-only: the
    view redirects to it with a message rather than raising.
    """
    inventory = get_inventory_for_user(user, pk)
    if not heads_service(user, inventory.service):
        raise PermissionDenied
    return inventory


def get_inventory_for_reviewer(user: AnyUser, pk: int) -> Inventory:
    """An inventory an administrator validates or returns (403 for everyone else)."""
    require_campaign_manager(user)
    return get_object_or_404(visible_inventories(user), pk=pk)


# --- Impact studies (impact) ------------------------------------------------------


def visible_studies(user: AnyUser) -> QuerySet[Study]:
    """The studies a user may read and download.

    Administrators, delegates and officials: all. Department heads: the studies of the
    services they head (never another service's, nor a directorate's or the whole
    collectivité's, which describe services they do not head). Others: none.
    """
    studies = Study.objects.select_related("campaign", "directorate", "service__directorate")
    persona = persona_of(user)
    if persona in {Persona.ADMINISTRATOR, Persona.DELEGATE, Persona.OFFICIAL}:
        return studies
    if persona == Persona.HEAD:
        return studies.filter(scope=Study.Scope.SERVICE, service__in=user.services.all())
    return studies.none()


def can_request_study(user: AnyUser, scope: str, service: Service | None = None) -> bool:
    """Administrators request any study; a department head, those of their own services."""
    if is_administrator(user):
        return True
    return scope == Study.Scope.SERVICE and service is not None and heads_service(user, service)


def get_study_for_user(user: AnyUser, pk: int) -> Study:
    """A study the user may read, or 404."""
    return get_object_or_404(visible_studies(user), pk=pk)


def get_study_version_for_user(user: AnyUser, study_pk: int, number: int) -> StudyVersion:
    """A version of a study the user may read, or 404 (never a 403 that would leak it)."""
    study = get_study_for_user(user, study_pk)
    return get_object_or_404(study.versions.all(), number=number)


def get_study_job_for_user(user: AnyUser, study_pk: int, job_pk: int) -> StudyJob:
    """A generation job of a study the user may read, or 404."""
    study = get_study_for_user(user, study_pk)
    return get_object_or_404(study.jobs.select_related("version"), pk=job_pk)


def get_rw_study_for_user(user: AnyUser, pk: int) -> Study:
    """A study the user may regenerate: 404 if unseen, 403 if they may only read it."""
    study = get_study_for_user(user, pk)
    if not can_request_study(user, study.scope, study.service):
        raise PermissionDenied
    return study


def get_abilities(user: AnyUser) -> dict[str, bool]:
    """What the navigation and pages may offer this user (the server still checks)."""
    return {
        "view_organisation": can_view_organisation(user),
        "manage_organisation": can_manage_organisation(user),
        "manage_campaigns": can_manage_campaigns(user),
        "fill_inventories": is_head(user),
        "read_studies": persona_of(user) is not None,
        "use_admin_site": bool(user.is_authenticated and user.is_active and user.is_staff),
    }
