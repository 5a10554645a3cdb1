"""The consultation of union delegates on a study version, as named actions.

An administrator opens the consultation of a study's latest version with a deadline; the
delegates are e-mailed. Until the deadline, delegates comment (a question, an objection, a
proposal or a support, on the whole study, one section or one role) and record their
union's opinion; while it is open, every participant but officials replies in the threads.
The administration answers each comment in writing (answered, accepted or declined with
a reason) and closes the consultation once no objection waits for an answer.

Texts are stored as typed (stripped, line breaks normalised): the templates escape them.
E-mails leave after the commit through Celery tasks; a broker outage never undoes a write.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from impact.consultation import selectors
from impact.consultation.models import (
    Comment,
    CommentRevision,
    Consultation,
    ConsultationVisit,
    Opinion,
    OpinionRevision,
    Section,
)
from impact.studies.models import Study, StudyVersion
from services import access
from services.models import User
from services.web.outbox import outbox_send

ANSWER_STATUSES = (Comment.Status.ANSWERED, Comment.Status.ACCEPTED, Comment.Status.DECLINED)


def _notify(task_name: str, object_id: int) -> None:
    """Ask for an e-mail task in the write's own transaction (the outbox sends it after)."""
    outbox_send(f"impact.tasks.{task_name}", object_id)


def clean_text(text: str) -> str:
    """The text as typed, with Windows line breaks normalised and outer blanks removed."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _require(condition: bool, message: str, field: str | None = None) -> None:
    if not condition:
        raise ValidationError({field: message} if field else message)


def _require_open(consultation: Consultation) -> None:
    _require(
        consultation.is_open, _("La consultation est close : elle ne reçoit plus de contribution.")
    )


def _require_before_deadline(consultation: Consultation, what: str) -> None:
    """Refuse a delegate's contribution after the deadline day, with the date in the message."""
    _require_open(consultation)
    _require(
        not consultation.deadline_passed(),
        _("La date limite du %(date)s est passée : %(what)s.")
        % {"date": date_format(consultation.deadline, "DATE_FORMAT"), "what": what},
    )


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update()
        .select_related("version__study")
        .get(pk=consultation.pk)
    )


# --- Opening and closing ------------------------------------------------------------------


@transaction.atomic
def consultation_open(*, actor: User, version: StudyVersion, deadline) -> Consultation:
    """Open the consultation of a study version (administrators) and e-mail the delegates.

    Rules: one consultation per version, on the latest version of its study, never while
    another consultation of the same study is open; the deadline is today or later (the
    deadline day counts). The version itself is immutable, so what is consulted on never
    changes.
    """
    if not access.can_manage_consultations(actor):
        raise PermissionDenied
    study = Study.objects.select_for_update().get(pk=version.study_id)
    _require(
        not Consultation.objects.filter(version=version).exists(),
        _("Une consultation a déjà été ouverte sur cette version."),
    )
    latest = study.versions.aggregate(number=Max("number"))["number"]
    _require(
        version.number == latest,
        _(
            "Une version plus récente de l'étude existe : ouvrez la consultation sur la version "
            "%(number)s."
        )
        % {"number": latest},
    )
    running = Consultation.objects.filter(version__study=study, status=Consultation.Status.OPEN)
    running = running.select_related("version").first()
    _require(
        running is None,
        _(
            "La consultation sur la version %(number)s est encore en cours : clôturez-la avant "
            "d'en ouvrir une autre."
        )
        % {"number": running and running.version.number},
    )
    _require(
        deadline >= timezone.localdate(),
        _("La date limite ne peut pas être déjà passée."),
        "deadline",
    )
    consultation = Consultation(version=version, deadline=deadline, opened_by=actor)
    consultation.full_clean()
    consultation.save()
    _notify("send_consultation_opened", consultation.pk)
    return consultation


@transaction.atomic
def consultation_close(*, actor: User, consultation: Consultation) -> Consultation:
    """Close an open consultation (administrators), unless an objection waits for an answer."""
    if not access.can_manage_consultations(actor):
        raise PermissionDenied
    consultation = _locked(consultation)
    _require(consultation.is_open, _("Cette consultation est déjà close."))
    waiting = consultation.comments.filter(
        parent__isnull=True, kind=Comment.Kind.OBJECTION, status=Comment.Status.PENDING
    ).count()
    _require(
        not waiting,
        ngettext(
            "La consultation ne peut pas être close : %(count)d objection attend encore la "
            "réponse écrite de l'administration.",
            "La consultation ne peut pas être close : %(count)d objections attendent encore la "
            "réponse écrite de l'administration.",
            waiting,
        )
        % {"count": waiting},
    )
    consultation.status = Consultation.Status.CLOSED
    consultation.closed_at, consultation.closed_by = timezone.now(), actor
    consultation.full_clean()
    consultation.save(update_fields=["status", "closed_at", "closed_by"])
    return consultation


@transaction.atomic
def consultation_extend(*, actor: User, consultation: Consultation, deadline) -> Consultation:
    """Postpone the deadline of an open consultation (administrators); e-mail the delegates.

    The new date is later than the current one and not already past; a consultation whose
    deadline has passed but which is not closed yet may be given more time this way.
    """
    if not access.can_manage_consultations(actor):
        raise PermissionDenied
    consultation = _locked(consultation)
    _require(consultation.is_open, _("Cette consultation est déjà close."))
    _require(
        deadline > consultation.deadline,
        _("Choisissez une date postérieure à la date limite actuelle, le %(date)s.")
        % {"date": date_format(consultation.deadline, "DATE_FORMAT")},
        "deadline",
    )
    _require(
        deadline >= timezone.localdate(),
        _("La date limite ne peut pas être déjà passée."),
        "deadline",
    )
    consultation.deadline = deadline
    consultation.full_clean()
    consultation.save(update_fields=["deadline"])
    _notify("send_consultation_extended", consultation.pk)
    return consultation


# --- Comments -----------------------------------------------------------------------------


def _check_target(consultation: Consultation, target: str, section: str, role: tuple) -> None:
    """A section must be one of the study's; a role, one printed in the consulted version."""
    if target == Comment.Target.SECTION:
        _require(section in Section.values, _("Choisissez une partie de l'étude."), "target")
    if target == Comment.Target.ROLE:
        roles = {
            (service, title)
            for _i, _j, service, title in selectors.snapshot_roles(consultation.version)
        }
        _require(
            role in roles, _("Ce poste ne figure pas dans cette version de l'étude."), "target"
        )


@transaction.atomic
def comment_create(
    *,
    actor: User,
    consultation: Consultation,
    kind: str,
    target: str,
    body: str,
    section: str = "",
    role_service: str = "",
    role_title: str = "",
) -> Comment:
    """A delegate's comment on the study, a section or a role, until the deadline.

    The administrators are e-mailed after the commit. The comment records the union the
    delegate speaks for at the time of writing.
    """
    if not access.can_comment(actor):
        raise PermissionDenied
    consultation = _locked(consultation)
    _require_before_deadline(consultation, _("les commentaires ne sont plus reçus"))
    _check_target(consultation, target, section, (role_service, role_title))
    comment = Comment(
        consultation=consultation,
        author=actor,
        author_union=actor.union,
        kind=kind,
        target=target,
        section=section,
        role_service=role_service,
        role_title=role_title,
        body=clean_text(body),
    )
    comment.full_clean()
    comment.save()
    _notify("send_comment_created", comment.pk)
    return comment


@transaction.atomic
def comment_reply(*, actor: User, parent: Comment, body: str) -> Comment:
    """A reply in a comment's thread, while the consultation is open.

    A reply to a reply joins the same thread: threads are one level deep. The author of
    the thread's comment is e-mailed, unless they wrote the reply themselves.
    """
    root = parent.parent if parent.is_reply else parent
    root.consultation = parent.consultation
    if not access.can_reply_to_comment(actor, root):
        raise PermissionDenied
    consultation = _locked(root.consultation)
    _require(consultation.is_open, _("La consultation est close : on ne peut plus y répondre."))
    reply = Comment(
        consultation=consultation,
        parent=root,
        author=actor,
        author_union=actor.union if access.is_delegate(actor) else "",
        body=clean_text(body),
    )
    reply.full_clean()
    reply.save()
    if root.author_id != actor.pk:
        _notify("send_comment_reply", reply.pk)
    return reply


def _has_responses(comment: Comment) -> bool:
    """True once someone answered or replied: from then on, edits are kept in the history."""
    if comment.is_reply:
        later = Comment.objects.filter(parent=comment.parent_id, created_at__gt=comment.created_at)
        return later.exclude(author=comment.author_id).exists()
    return comment.is_answered or comment.replies.exclude(author=comment.author_id).exists()


@transaction.atomic
def comment_edit(*, actor: User, comment: Comment, body: str) -> Comment:
    """Its author changes a comment's text.

    Until someone else responds (a reply, or the administration's answer) the text is
    simply replaced; after that, the replaced text is kept as a revision that everyone
    sees, so that an answer never seems to answer something it did not. A comment is
    edited until the deadline, a reply while the consultation is open.
    """
    if not access.can_edit_comment(actor, comment):
        raise PermissionDenied
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    consultation = _locked(Consultation(pk=comment.consultation_id))
    if comment.is_reply:
        _require_open(consultation)
    else:
        _require_before_deadline(consultation, _("les commentaires ne peuvent plus être modifiés"))
    text = clean_text(body)
    if text == comment.body:
        return comment
    if _has_responses(comment):
        revision = CommentRevision(
            comment=comment, body=comment.body, written_at=comment.edited_at or comment.created_at
        )
        revision.full_clean()
        revision.save()
    comment.body, comment.edited_at = text, timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_answer(
    *, actor: User, comment: Comment, status: str, answer: str, decline_reason: str = ""
) -> Comment:
    """The administration's written answer to a comment: answered, accepted or declined.

    "Accepted" means the next version of the study will change; "declined" requires a
    reason. An answer may be given again (it replaces the previous one), also after the
    consultation is closed. The comment's author is e-mailed.
    """
    if not access.can_manage_consultations(actor):
        raise PermissionDenied
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _require(not comment.is_reply, _("Seuls les commentaires reçoivent une réponse."))
    _require(status in ANSWER_STATUSES, _("Choisissez la suite donnée."), "status")
    _require(bool(clean_text(answer)), _("Écrivez la réponse de l'administration."), "answer")
    reason = clean_text(decline_reason) if status == Comment.Status.DECLINED else ""
    _require(
        status != Comment.Status.DECLINED or bool(reason),
        _("Un refus doit être motivé : indiquez le motif."),
        "decline_reason",
    )
    comment.status, comment.answer, comment.decline_reason = status, clean_text(answer), reason
    comment.answered_by, comment.answered_at = actor, timezone.now()
    comment.full_clean()
    comment.save(update_fields=["status", "answer", "decline_reason", "answered_by", "answered_at"])
    _notify("send_comment_answer", comment.pk)
    return comment


@transaction.atomic
def comment_set_addressed(*, actor: User, comment: Comment, addressed: bool) -> Comment:
    """The administrator marks a comment as addressed, or not, by the study's next version.

    Without a choice, a comment counts as addressed when it was accepted. The next version
    generated prints the flag in its annex.
    """
    if not access.can_manage_consultations(actor):
        raise PermissionDenied
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _require(
        not comment.is_reply, _("Seuls les commentaires sont repris dans la version suivante.")
    )
    comment.addressed = addressed
    comment.full_clean()
    comment.save(update_fields=["addressed"])
    return comment


# --- Opinions, visits, consent ------------------------------------------------------------


@transaction.atomic
def opinion_record(
    *, actor: User, consultation: Consultation, stance: str, reasoning: str
) -> Opinion:
    """Record or change the formal opinion of the actor's union, until the deadline.

    One opinion per union and consultation: any delegate of the union may change it; the
    former stance and reasoning, with who recorded them and when, are kept as a revision.
    """
    if not access.can_record_opinion(actor):
        raise PermissionDenied
    consultation = _locked(consultation)
    _require_before_deadline(
        consultation,
        _("l'avis de votre organisation syndicale ne peut plus être enregistré ni modifié"),
    )
    opinion = (
        Opinion.objects.select_for_update()
        .filter(consultation=consultation, union=actor.union)
        .first()
    )
    text = clean_text(reasoning)
    if opinion is None:
        opinion = Opinion(
            consultation=consultation,
            union=actor.union,
            stance=stance,
            reasoning=text,
            recorded_by=actor,
        )
        opinion.full_clean()
        opinion.save()
        return opinion
    if (opinion.stance, opinion.reasoning) == (stance, text):
        return opinion
    revision = OpinionRevision(
        opinion=opinion,
        stance=opinion.stance,
        reasoning=opinion.reasoning,
        recorded_by_id=opinion.recorded_by_id,
        recorded_at=opinion.recorded_at,
    )
    revision.full_clean()
    revision.save()
    opinion.stance, opinion.reasoning = stance, text
    opinion.recorded_by, opinion.recorded_at = actor, timezone.now()
    opinion.full_clean()
    opinion.save(update_fields=["stance", "reasoning", "recorded_by", "recorded_at"])
    return opinion


@transaction.atomic
def consultation_visit_record(*, user: User, consultation: Consultation) -> None:
    """Remember that the user has just seen the consultation: what follows is new for them."""
    if access.persona_of(user) is None:
        raise PermissionDenied
    ConsultationVisit.objects.update_or_create(
        consultation=consultation, user=user, defaults={"last_seen_at": timezone.now()}
    )


@transaction.atomic
def naming_consent_update(*, actor: User, consents: bool) -> User:
    """A delegate accepts, or refuses, to be named beyond the consultation's participants."""
    access.require_delegate(actor)
    actor.consents_to_be_named = consents
    actor.full_clean()
    actor.save(update_fields=["consents_to_be_named"])
    return actor
