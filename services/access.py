"""Who may see or change what: the one place that decides, for every app.

The rules follow the table of personas in docs/architecture.md:
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

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from impact.consultation.models import Comment, Consultation
from impact.scores.models import RoleScore
from impact.studies.models import Study, StudyJob, StudyVersion
from services.models import Directorate, Persona, Service, User
from surveys.models import Campaign, Inventory, InventoryRole

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


def can_read_records_in_admin(user: AnyUser) -> bool:
    """Staff administrators read studies, scores and consultations in the admin site.

    Nobody changes them there: they change only through the application's actions.
    """
    return is_administrator(user) and user.is_staff


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


# --- Consultation (impact) --------------------------------------------------------
# A consultation is read by whoever may read its study (``visible_studies``). Delegates
# comment and record their union's opinion; administrators open and close it and answer;
# any participant replies, except officials, who only follow it. The state rules (open,
# deadline passed) are the actions' business: here, only who may do what.


def visible_consultations(user: AnyUser) -> QuerySet[Consultation]:
    """The consultations on the versions of the studies the user may read."""
    return Consultation.objects.filter(
        version__study__in=visible_studies(user).values("pk")
    ).select_related(
        "version__study__campaign", "version__study__directorate",
        "version__study__service__directorate", "opened_by", "closed_by",
    )  # fmt: skip


def can_manage_consultations(user: AnyUser) -> bool:
    """Administrators open and close consultations, answer comments and mark them addressed."""
    return is_administrator(user)


def can_comment(user: AnyUser) -> bool:
    """Only union delegates write comments (top-level): the consultation is theirs."""
    return is_delegate(user)


def can_record_opinion(user: AnyUser) -> bool:
    """A delegate records the opinion of their own union (a delegate always has one)."""
    return is_delegate(user) and bool(user.union)


def can_reply_to_comment(user: AnyUser, comment: Comment) -> bool:
    """Who may reply in a comment's thread (the caller has checked they may read it).

    Administrators and delegates: any thread. A department head: the threads of a study
    of a service they head, whose sections and roles all describe their own service (a
    head never reads directorate or collectivité studies). Officials follow, never reply.
    """
    if is_administrator(user) or is_delegate(user):
        return True
    study = comment.consultation.version.study
    return (
        is_head(user) and study.scope == Study.Scope.SERVICE and heads_service(user, study.service)
    )


def can_edit_comment(user: AnyUser, comment: Comment) -> bool:
    """Only its author edits a comment or a reply (the actions say until when)."""
    return persona_of(user) is not None and comment.author_id == user.pk


def can_see_delegate_names(user: AnyUser) -> bool:
    """Union membership is sensitive (RGPD art. 9): delegates' names are shown to the
    consultation's participants, administrators and delegates. Department heads and
    officials read "a delegate of <union>", unless the delegate consented to be named."""
    return is_administrator(user) or is_delegate(user)


def get_consultation_for_user(user: AnyUser, pk: int) -> Consultation:
    """A consultation the user may read, or 404."""
    return get_object_or_404(visible_consultations(user), pk=pk)


def get_consultation_for_manager(user: AnyUser, pk: int) -> Consultation:
    """A consultation an administrator manages: 404 if unseen, 403 for other readers."""
    consultation = get_consultation_for_user(user, pk)
    if not can_manage_consultations(user):
        raise PermissionDenied
    return consultation


def get_consultation_for_commenter(user: AnyUser, pk: int) -> Consultation:
    """A consultation the user may comment on: 404 if unseen, 403 unless a delegate."""
    consultation = get_consultation_for_user(user, pk)
    if not can_comment(user):
        raise PermissionDenied
    return consultation


def get_consultation_for_opinion(user: AnyUser, pk: int) -> Consultation:
    """A consultation whose opinion the user records for their union: 404 or 403."""
    consultation = get_consultation_for_user(user, pk)
    if not can_record_opinion(user):
        raise PermissionDenied
    return consultation


def get_comment_for_user(user: AnyUser, consultation_pk: int, pk: int) -> Comment:
    """A comment (or reply) of a consultation the user may read, or 404."""
    consultation = get_consultation_for_user(user, consultation_pk)
    comment = get_object_or_404(
        consultation.comments.select_related("author", "parent__author"), pk=pk
    )
    comment.consultation = consultation
    return comment


def get_comment_for_replier(user: AnyUser, consultation_pk: int, pk: int) -> Comment:
    """A comment the user may reply to: 404 if unseen, 403 if not theirs to reply."""
    comment = get_comment_for_user(user, consultation_pk, pk)
    if not can_reply_to_comment(user, comment):
        raise PermissionDenied
    return comment


def get_comment_for_author(user: AnyUser, consultation_pk: int, pk: int) -> Comment:
    """A comment its author edits: 404 if unseen, 403 for anyone but its author."""
    comment = get_comment_for_user(user, consultation_pk, pk)
    if not can_edit_comment(user, comment):
        raise PermissionDenied
    return comment


def get_comment_for_manager(user: AnyUser, consultation_pk: int, pk: int) -> Comment:
    """A top-level comment an administrator answers: 404 if unseen or a reply, else 403."""
    comment = get_comment_for_user(user, consultation_pk, pk)
    if comment.is_reply:
        raise Http404
    if not can_manage_consultations(user):
        raise PermissionDenied
    return comment


def get_version_for_consultation(user: AnyUser, study_pk: int, number: int) -> StudyVersion:
    """A study version an administrator opens a consultation on: 404 if unseen, else 403."""
    version = get_study_version_for_user(user, study_pk, number)
    if not can_manage_consultations(user):
        raise PermissionDenied
    return version


def require_delegate(user: AnyUser) -> None:
    """Raise 403 unless the user is a delegate (their naming consent page)."""
    if not is_delegate(user):
        raise PermissionDenied


# --- End of consultation (impact) ---------------------------------------------------


# --- Dashboards (impact) -----------------------------------------------------------
# Administrators, delegates and officials read every dashboard: the collectivité's, each
# directorate's and service's, a role's receipt of calculation, and the comparison of two
# campaigns. A department head reads only the dashboards of the services they head and the
# receipts of their roles (404 for any other service); the overview, the directorates and the
# comparison describe services they do not head (403). Everyone but administrators sees small
# groups folded (``impact.scoring.folding``): a folded directorate, service or role has no page of
# its own for them (404), as if it did not exist.


def can_view_dashboards(user: AnyUser) -> bool:
    """Administrators, delegates and officials read the collectivité's dashboards."""
    return persona_of(user) in {Persona.ADMINISTRATOR, Persona.DELEGATE, Persona.OFFICIAL}


def can_view_service_dashboard(user: AnyUser, service: Service) -> bool:
    """Dashboard readers read every service's dashboard; a head, those of their services."""
    return can_view_dashboards(user) or heads_service(user, service)


def sees_small_groups(user: AnyUser) -> bool:
    """Only administrators see, on their own, the roles and services with fewer agents than
    ``MethodSettings.small_group_threshold`` (default 3); everyone else sees them folded."""
    return is_administrator(user)


def study_version_folds_small_groups(version: StudyVersion) -> bool:
    """Whether a study version's document folds the small groups: every version made since
    studies fold them says so in its snapshot; an older one may name a small role."""
    meta = (version.snapshot or {}).get("meta") or {}
    return bool(meta.get("small_groups_folded"))


def can_read_study_version(user: AnyUser, version: StudyVersion) -> bool:
    """Whether ``user`` may download or compare ``version`` of a study they may read: any
    version that folds the small groups; an older one, which may name a small role, only if
    they see small groups (administrators). Its consultation's pages stay readable: they mask
    the comments' folded targets on their own (``impact.consultation.selectors``)."""
    return study_version_folds_small_groups(version) or sees_small_groups(user)


def sees_small_groups_of_service(user: AnyUser, service: Service) -> bool:
    """Who reads a service's own small roles on its inventory's score page, unfolded:
    administrators, and the heads of that service, who described those roles themselves (the
    figures come from their own answers, so showing them reveals nothing they do not know).
    Delegates, officials and the heads of other services see them folded; everywhere else
    (dashboards, exports, studies, consultations) only ``sees_small_groups`` applies, because
    those pages and documents are shared beyond the service's head."""
    return is_administrator(user) or heads_service(user, service)


def require_dashboard_reader(user: AnyUser) -> None:
    """403 unless the user reads the collectivité's dashboards (heads do not)."""
    require_organisation_reader(user)
    if not can_view_dashboards(user):
        raise PermissionDenied


def visible_dashboard_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns with dashboards, the latest first: open or closed (a draft has no answers)."""
    if persona_of(user) is None:
        return Campaign.objects.none()
    return (
        Campaign.objects.exclude(status=Campaign.Status.DRAFT)
        .select_related("questionnaire")
        .order_by("-opens_on", "-pk")
    )


def pick_dashboard_campaign(campaigns: list[Campaign], slug: str | None) -> Campaign | None:
    """The campaign named by ``slug`` among the visible ones (404 if it is not one of them),
    or, without a slug, the latest (None when there is none)."""
    if not slug:
        return campaigns[0] if campaigns else None
    for campaign in campaigns:
        if campaign.slug == slug:
            return campaign
    raise Http404


def dashboard_home_service(user: AnyUser) -> Service | None:
    """The service whose dashboard a department head lands on: the first they head."""
    return headed_services(user).order_by("name", "pk").first()


def get_dashboard_directorate_for_user(user: AnyUser, pk: int, folded) -> Directorate:
    """A directorate's dashboard: 403 for heads, 404 if unknown or folded for this user.

    ``folded`` is the campaign's small-group plan (``impact.dashboards.FoldPlan``).
    """
    require_dashboard_reader(user)
    directorate = get_object_or_404(Directorate.objects.select_related("organisation"), pk=pk)
    if not sees_small_groups(user) and directorate.pk in folded.directorates:
        raise Http404
    return directorate


def get_dashboard_service_for_user(user: AnyUser, pk: int, folded) -> Service:
    """A service's dashboard: 404 if unknown, not one of a head's services, or folded."""
    require_organisation_reader(user)
    service = get_object_or_404(Service.objects.select_related("directorate"), pk=pk)
    if not can_view_service_dashboard(user, service):
        raise Http404
    if not sees_small_groups(user) and service.pk in folded.services:
        raise Http404
    return service


def get_dashboard_role_for_user(user: AnyUser, pk: int, folded_plan: Callable) -> RoleScore:
    """A role's receipt of calculation on the dashboards, or 404.

    Administrators read any stored role score. Others read the current scores of validated
    inventories of services whose dashboard they may read, unless the role is folded in
    ``folded_plan(campaign)``: the dashboards pass their small-group plan, so that access
    never imports the dashboards.
    """
    require_organisation_reader(user)
    roles = RoleScore.objects.select_related(
        "score__inventory__campaign", "score__inventory__service__directorate"
    )
    if not is_administrator(user):
        roles = roles.filter(
            score__is_current=True, score__inventory__status=Inventory.Status.VALIDATED
        )
    role = get_object_or_404(roles, pk=pk)
    inventory = role.score.inventory
    if not can_view_service_dashboard(user, inventory.service):
        raise Http404
    if not sees_small_groups(user) and role.pk in folded_plan(inventory.campaign).roles:
        raise Http404
    return role


# --- End of dashboards (impact) ----------------------------------------------------


# --- The agents' survey (impact.voice) ----------------------------------------------


def can_manage_agent_survey(user: AnyUser) -> bool:
    """Administrators turn the agents' survey of a campaign on or off and read every role's
    calibration (from the respondent threshold up, like everyone)."""
    return is_administrator(user)


def get_campaign_for_agent_survey(user: AnyUser, slug: str) -> Campaign:
    """A campaign for its survey settings: 403 for other personas, 404 if unknown."""
    if not can_manage_agent_survey(user):
        raise PermissionDenied
    return get_object_or_404(Campaign, slug=slug)


def get_role_for_agent_codes(user: AnyUser, inventory_pk: int, role_pk: int) -> InventoryRole:
    """A role whose agents' codes this user hands out and whose calibration they read: the
    head of its service or an administrator; 404 if the inventory or role is not theirs to
    see, 403 for a reader who may see it but not hand out codes."""
    inventory = get_inventory_for_user(user, inventory_pk)
    if not (is_administrator(user) or heads_service(user, inventory.service)):
        raise PermissionDenied
    return get_object_or_404(
        InventoryRole.objects.select_related("inventory__campaign", "inventory__service"),
        pk=role_pk,
        inventory=inventory,
    )


def agent_survey_services(user: AnyUser) -> QuerySet[Service] | None:
    """The services whose roles' survey pages a user reads: None for all (administrators),
    the services they head (heads), none for the other personas (they read the folded
    figures in studies and dashboards)."""
    if is_administrator(user):
        return None
    return headed_services(user)


def get_abilities(user: AnyUser) -> dict[str, bool]:
    """What the navigation and pages may offer this user (the server still checks)."""
    return {
        "view_organisation": can_view_organisation(user),
        "manage_organisation": can_manage_organisation(user),
        "manage_campaigns": can_manage_campaigns(user),
        "fill_inventories": is_head(user),
        "read_studies": persona_of(user) is not None,
        "read_dashboards": can_view_dashboards(user) or is_head(user),
        "use_admin_site": bool(user.is_authenticated and user.is_active and user.is_staff),
    }
