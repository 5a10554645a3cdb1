"""Reads of the consultation: its pages, the study page's panel, the news count, the annex.

Each page's data comes in a bounded number of queries, whatever the number of comments.
How a delegate is named depends on who reads (``services.access.can_see_delegate_names``)
and on the delegate's consent: see ``author_label`` and ``public_label``.

Small groups (docs/dashboards.md): a role folded in the study's campaign
(``impact.scores.selectors.small_group_plan``) is never a comment's target, and a comment
anchored on one (written on an older version) is labelled "Autres postes" for everyone but
administrators on the pages, and for everyone in the exports and the study annex.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.consultation.models import Comment, Consultation, ConsultationVisit, Opinion, Section
from impact.scores.models import RoleScore
from impact.scores.selectors import small_group_plan
from impact.studies.models import Study, StudyVersion
from services import access
from services.models import User

ROLE_PREFIX, SECTION_PREFIX = "role:", "section:"


# --- Names ---------------------------------------------------------------------------------


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def author_label(user: User, union: str, *, named: bool) -> str:
    """How a participant is shown to a reader.

    A delegate (``union`` set) is named with their union to administrators and delegates
    (``named``), or to everyone when they consented; otherwise only their union shows.
    Administrators and department heads are named with their function.
    """
    if union:
        if named or user.consents_to_be_named:
            return f"{_name(user)} ({union})"
        return _("Représentant du personnel (%(union)s)") % {"union": union}
    if access.is_administrator(user):
        return _("%(name)s (administration)") % {"name": _name(user)}
    if access.is_head(user):
        return _("%(name)s (chef de service)") % {"name": _name(user)}
    return _name(user)


def public_label(user: User, union: str) -> str:
    """The author as exports and the published PDF print them: the union, not the person,
    unless the delegate consented to be named."""
    if union:
        return f"{_name(user)} ({union})" if user.consents_to_be_named else union
    return _("Administration") if access.is_administrator(user) else _name(user)


# --- Targets -------------------------------------------------------------------------------


def folded_roles(campaign) -> set[tuple[str, str]]:
    """(service name, role title) of the roles folded in ``campaign``: two queries, once per
    campaign object (kept on it for the rest of the request)."""
    if not hasattr(campaign, "_folded_role_names"):
        plan = small_group_plan(campaign)
        campaign._folded_role_names = (
            set(
                RoleScore.objects.filter(pk__in=plan.roles).values_list(
                    "score__inventory__service__name", "title"
                )
            )
            if plan.roles
            else set()
        )
    return campaign._folded_role_names


def snapshot_roles(version: StudyVersion) -> list[tuple[int, int, str, str]]:
    """(service index, role index, service name, role title) of every role the version prints
    that may anchor a comment: never a role folded in the study's campaign (a version made
    before studies folded small groups may still print one)."""
    services = (version.snapshot or {}).get("services") or []
    roles = [
        (i, j, service.get("name", ""), role.get("title", ""))
        for i, service in enumerate(services)
        for j, role in enumerate(service.get("roles") or [])
        if role.get("title")
    ]
    if not roles:
        return roles
    hidden = folded_roles(version.study.campaign)
    return [role for role in roles if (role[2], role[3]) not in hidden]


def mask_folded_targets(comments, user: User | None, consultation: Consultation) -> None:
    """Label "Autres postes", in memory only (never saved), the comments anchored on a role
    folded in the study's campaign, unless ``user`` sees small groups (None: the exports and
    the annex, read by everyone). No query when no comment is anchored on a role."""
    anchored = [comment for comment in comments if comment.target == Comment.Target.ROLE]
    if not anchored or (user is not None and access.sees_small_groups(user)):
        return
    hidden = folded_roles(consultation.version.study.campaign)
    for comment in anchored:
        if (comment.role_service, comment.role_title) in hidden:
            comment.role_title = _("Autres postes")


def target_choices(version: StudyVersion) -> list:
    """The choices of a comment's target: the study, its sections, the version's roles."""
    choices = [(Comment.Target.STUDY.value, str(Comment.Target.STUDY.label))]
    choices.append(
        (
            _("Une partie de l'étude"),
            [(SECTION_PREFIX + key, str(label)) for key, label in Section.choices],
        )
    )
    roles = [
        (f"{ROLE_PREFIX}{i}:{j}", _("%(role)s (%(service)s)") % {"role": title, "service": service})
        for i, j, service, title in snapshot_roles(version)
    ]
    if roles:
        choices.append((_("Un poste"), roles))
    return choices


def decode_target(version: StudyVersion, value: str) -> dict | None:
    """The comment fields of a target choice, or None when it names nothing of the version."""
    if value == Comment.Target.STUDY:
        return {"target": Comment.Target.STUDY, "section": "", "role_service": "", "role_title": ""}
    if value.startswith(SECTION_PREFIX) and value[len(SECTION_PREFIX) :] in Section.values:
        section = value[len(SECTION_PREFIX) :]
        return {
            "target": Comment.Target.SECTION,
            "section": section,
            "role_service": "",
            "role_title": "",
        }
    if value.startswith(ROLE_PREFIX):
        for i, j, service, title in snapshot_roles(version):
            if value == f"{ROLE_PREFIX}{i}:{j}":
                return {
                    "target": Comment.Target.ROLE,
                    "section": "",
                    "role_service": service,
                    "role_title": title,
                }
    return None


def filter_by_target(comments: QuerySet[Comment], fields: dict) -> QuerySet[Comment]:
    return comments.filter(
        target=fields["target"],
        section=fields["section"],
        role_service=fields["role_service"],
        role_title=fields["role_title"],
    )


# --- Pages ---------------------------------------------------------------------------------


def last_seen(user: User, consultation: Consultation) -> datetime.datetime | None:
    """When the user last opened the consultation's page (None: never)."""
    visit = ConsultationVisit.objects.filter(consultation=consultation, user=user).first()
    return visit.last_seen_at if visit else None


def _is_new(moment, author_id: int | None, user: User, seen) -> bool:
    return moment is not None and author_id != user.pk and (seen is None or moment > seen)


def _decorate(comment: Comment, user: User, named: bool, seen) -> Comment:
    comment.author_label = author_label(comment.author, comment.author_union, named=named)
    changed = max(comment.created_at, comment.edited_at or comment.created_at)
    comment.is_new = _is_new(changed, comment.author_id, user, seen)
    comment.answer_is_new = _is_new(comment.answered_at, comment.answered_by_id, user, seen)
    comment.can_edit = access.can_edit_comment(user, comment)
    comment.answered_by_label = (
        author_label(comment.answered_by, "", named=named) if comment.answered_by_id else ""
    )
    return comment


def _threads_queryset(consultation: Consultation) -> QuerySet[Comment]:
    replies = Comment.objects.select_related("author").prefetch_related("revisions")
    return (
        consultation.comments.filter(parent__isnull=True)
        .select_related("author", "answered_by")
        .prefetch_related(Prefetch("replies", queryset=replies), "revisions")
    )


def consultation_threads(consultation: Consultation, user: User, seen) -> list[Comment]:
    """The comments with their replies and histories, labelled for this reader."""
    named = access.can_see_delegate_names(user)
    threads = list(_threads_queryset(consultation))
    mask_folded_targets(threads, user, consultation)
    for comment in threads:
        comment.consultation = consultation
        _decorate(comment, user, named, seen)
        comment.can_reply = access.can_reply_to_comment(user, comment)
        for reply in comment.replies.all():
            _decorate(reply, user, named, seen)
    return threads


def consultation_opinions(consultation: Consultation, user: User, seen) -> list[Opinion]:
    """The unions' opinions with their history, labelled for this reader."""
    named = access.can_see_delegate_names(user)
    opinions = list(
        consultation.opinions.select_related("recorded_by").prefetch_related(
            "revisions__recorded_by"
        )
    )
    for opinion in opinions:
        opinion.recorded_by_label = author_label(opinion.recorded_by, opinion.union, named=named)
        opinion.is_new = _is_new(opinion.recorded_at, opinion.recorded_by_id, user, seen)
        for revision in opinion.revisions.all():
            revision.recorded_by_label = author_label(
                revision.recorded_by, opinion.union, named=named
            )
    return opinions


def previous_consultation(consultation: Consultation) -> Consultation | None:
    """The consultation on the latest earlier version of the same study, if any."""
    version = consultation.version
    return (
        Consultation.objects.filter(
            version__study_id=version.study_id, version__number__lt=version.number
        )
        .select_related("version")
        .order_by("-version__number")
        .first()
    )


def carried_comments(previous: Consultation | None, user: User) -> list[Comment]:
    """The previous consultation's comments, carried over to this version with their flag."""
    if previous is None:
        return []
    named = access.can_see_delegate_names(user)
    comments = list(previous.comments.filter(parent__isnull=True).select_related("author"))
    mask_folded_targets(comments, user, previous)
    for comment in comments:
        comment.author_label = author_label(comment.author, comment.author_union, named=named)
    return comments


def consultation_page(consultation: Consultation, user: User) -> dict:
    """Everything the consultation's page shows to this user, new items marked."""
    seen = last_seen(user, consultation)
    threads = consultation_threads(consultation, user, seen)
    opinions = consultation_opinions(consultation, user, seen)
    previous = previous_consultation(consultation)
    news = sum(c.is_new + c.answer_is_new + sum(r.is_new for r in c.replies.all()) for c in threads)
    own_union = user.union if access.can_record_opinion(user) else ""
    return {
        "consultation": consultation,
        "study": consultation.version.study,
        "version": consultation.version,
        "threads": threads,
        "opinions": opinions,
        "own_opinion": next((o for o in opinions if o.union == own_union), None),
        "previous": previous,
        "carried": carried_comments(previous, user),
        "seen": seen,
        "news": news + sum(o.is_new for o in opinions),
        "accepts_contributions": consultation.accepts_contributions(),
    }


def comment_list(
    consultation: Consultation,
    user: User,
    *,
    kind: str = "",
    status: str = "",
    target: dict | None = None,
) -> list[Comment]:
    """The consultation's comments (not the replies), filtered, with their reply counts."""
    comments = (
        consultation.comments.filter(parent__isnull=True)
        .select_related("author")
        .annotate(reply_count=Count("replies"))
    )
    if kind:
        comments = comments.filter(kind=kind)
    if status:
        comments = comments.filter(status=status)
    if target:
        comments = filter_by_target(comments, target)
    named = access.can_see_delegate_names(user)
    comments = list(comments)
    mask_folded_targets(comments, user, consultation)
    for comment in comments:
        comment.consultation = consultation
        comment.author_label = author_label(comment.author, comment.author_union, named=named)
    return comments


# --- What is new, for the study page and the home page -------------------------------------


def news_counts(user: User, consultation_ids: list[int]) -> dict[int, int]:
    """Per consultation, the comments, replies, answers and opinions the user has not seen.

    New: written, edited, answered or recorded by someone else after the user's last visit
    (everything, before a first visit). Three queries whatever the number of consultations.
    """
    if not consultation_ids:
        return {}
    seen = Subquery(
        ConsultationVisit.objects.filter(consultation=OuterRef("consultation"), user=user).values(
            "last_seen_at"
        )[:1]
    )
    comments = Comment.objects.filter(consultation__in=consultation_ids).annotate(seen=seen)
    never = Q(seen__isnull=True)
    posts = comments.exclude(author=user).filter(
        never | Q(created_at__gt=F("seen")) | Q(edited_at__gt=F("seen"))
    )
    answers = comments.filter(answered_at__isnull=False).exclude(answered_by=user)
    answers = answers.filter(never | Q(answered_at__gt=F("seen")))
    opinions = Opinion.objects.filter(consultation__in=consultation_ids).annotate(seen=seen)
    opinions = opinions.exclude(recorded_by=user).filter(never | Q(recorded_at__gt=F("seen")))
    counts = dict.fromkeys(consultation_ids, 0)
    for queryset in (posts, answers, opinions):
        rows = queryset.order_by().values("consultation").annotate(n=Count("pk", distinct=True))
        for row in rows:
            counts[row["consultation"]] += row["n"]
    return counts


def study_consultations(user: User, study: Study) -> dict:
    """The study page's panel: its consultations, what is new, and where one may open."""
    consultations = list(
        access.visible_consultations(user).filter(version__study=study).order_by("-version__number")
    )
    counts = news_counts(user, [c.pk for c in consultations])
    for consultation in consultations:
        consultation.news = counts[consultation.pk]
    latest = study.versions.order_by("-number").first()
    can_open = (
        access.can_manage_consultations(user)
        and latest is not None
        and not any(c.version_id == latest.pk or c.is_open for c in consultations)
    )
    return {"consultations": consultations, "open_on": latest if can_open else None}


def home_consultations(user: User) -> list[Consultation]:
    """The open consultations the user follows, each with its count of new items."""
    consultations = list(
        access.visible_consultations(user)
        .filter(status=Consultation.Status.OPEN)
        .order_by("deadline", "pk")
    )
    counts = news_counts(user, [c.pk for c in consultations])
    for consultation in consultations:
        consultation.news = counts[consultation.pk]
    return consultations


# --- Exports and the study's annex --------------------------------------------------------


def _day(moment: datetime.datetime | None) -> str:
    """The local (Europe/Paris) date of a moment, ISO formatted; "" when there is none."""
    return timezone.localdate(moment).isoformat() if moment else ""


def _comment_row(number: int, comment: Comment) -> dict:
    return {
        "number": number,
        "kind": comment.kind,
        "kind_label": str(comment.get_kind_display()),
        "target": comment.target,
        "section": comment.section,
        "role_service": comment.role_service,
        "role_title": comment.role_title,
        "target_label": str(comment.target_label),
        "author": public_label(comment.author, comment.author_union),
        "body": comment.body,
        "created_on": _day(comment.created_at),
        "edited": comment.edited_at is not None,
        "status": comment.status,
        "status_label": str(comment.get_status_display()),
        "answer": comment.answer,
        "decline_reason": comment.decline_reason,
        "answered_on": _day(comment.answered_at),
        "addressed": comment.is_addressed,
        "replies": comment.reply_count,
    }


def public_comments(consultation: Consultation) -> list[dict]:
    """The comments as exports and the annex print them, numbered, in order of writing."""
    comments = (
        consultation.comments.filter(parent__isnull=True)
        .select_related("author")
        .annotate(reply_count=Count("replies"))
        .order_by("created_at", "pk")
    )
    comments = list(comments)
    mask_folded_targets(comments, None, consultation)
    return [_comment_row(number, comment) for number, comment in enumerate(comments, start=1)]


def public_opinions(consultation: Consultation) -> list[dict]:
    """The unions' opinions as the annex prints them (the union names the opinion)."""
    return [
        {
            "union": opinion.union,
            "stance": opinion.stance,
            "stance_label": str(opinion.get_stance_display()),
            "body": opinion.reasoning,
            "created_on": _day(opinion.recorded_at),
            "changes": opinion.revision_count,
        }
        for opinion in consultation.opinions.annotate(revision_count=Count("revisions"))
    ]


def study_annex(study: Study) -> dict:
    """The annex of the study's next version: its latest consultation, open or closed.

    ``{"comments": [], "opinions": []}`` when the study was never consulted on; otherwise
    also ``consultation`` (the version consulted on, its dates and state).
    """
    if study.pk is None:  # render_study renders a study that is not stored
        return {"comments": [], "opinions": []}
    consultation = (
        Consultation.objects.filter(version__study=study)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    if consultation is None:
        return {"comments": [], "opinions": []}
    return {
        "consultation": {
            "version": consultation.version.number,
            "status": consultation.status,
            "status_label": str(consultation.get_status_display()),
            "opened_on": _day(consultation.opened_at),
            "deadline": consultation.deadline.isoformat(),
            "closed_on": _day(consultation.closed_at),
        },
        "comments": public_comments(consultation),
        "opinions": public_opinions(consultation),
    }
