"""The consultation's e-mails: what the delegates, the administrators and authors are sent.

Each sending function is called by one Celery task (``impact.consultation.tasks``) after the
write that asks for it has committed. A claim (a conditional update of a timestamp) makes a
second delivery of the task send nothing; a failure releases the claim so the retry sends.
"""

import copy
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from impact.consultation import selectors
from impact.consultation.models import Comment, Consultation
from services import access
from services.models import Persona, User
from services.web.mail import plain_email, send_all, site_url


def _administrators():
    """Active administrators (superusers included) who have an e-mail address."""
    users = User.objects.filter(is_active=True).filter(
        Q(persona=Persona.ADMINISTRATOR) | Q(is_superuser=True)
    )
    return users.exclude(email="").order_by("username")


def _delegates():
    """Active delegates (never a superuser, who counts as an administrator) with an e-mail."""
    users = User.objects.filter(is_active=True, is_superuser=False, persona=Persona.DELEGATE)
    return users.exclude(email="").order_by("username")


def _quoted(text: str) -> str:
    """A user's text quoted line by line, as plain text (the e-mails have no HTML part)."""
    return "\n".join(f"> {line}" for line in text.splitlines())


def _email(template: str, subject: str, recipient: User, context: dict) -> EmailMessage:
    """One plain-text e-mail, in the site's language, with absolute links."""
    with translation.override(settings.LANGUAGE_CODE):
        consultation = context["consultation"]
        study = consultation.version.study
        context = context | {
            "recipient": recipient,
            "name": recipient.get_full_name() or recipient.username,
            "study": study.scope_label,
            "campaign": study.campaign.title,
            "number": consultation.version.number,
            "site_url": site_url(),
        }
        subject = subject % {"study": study.scope_label, "number": consultation.version.number}
        return plain_email(template=template, subject=subject, to=recipient.email, context=context)


def _send(messages: list[EmailMessage]) -> int:
    return send_all(messages)


def _link(comment: Comment) -> str:
    return site_url(comment.get_absolute_url())


def _mail_delegates(consultation: Consultation, template: str, subject: str, release: dict) -> int:
    """E-mail every delegate about a consultation (a claim is already taken by the caller).

    ``subject`` is translated and may name the deadline; on failure, ``release`` undoes the
    caller's claim so that the task's retry sends the e-mails.
    """
    with translation.override(settings.LANGUAGE_CODE):
        deadline = date_format(consultation.deadline, "DATE_FORMAT")
    context = {
        "consultation": consultation,
        "deadline": deadline,
        "url": site_url(consultation.get_absolute_url()),
    }
    # _email fills in the study and the version number.
    subject = subject.replace("%(deadline)s", deadline)
    try:
        return _send([_email(template, subject, user, context) for user in _delegates()])
    except Exception:
        Consultation.objects.filter(pk=consultation.pk).update(**release)
        raise


def consultation_send_opening(*, consultation: Consultation) -> int:
    """E-mail every delegate that a consultation opened; return how many were sent.

    Claimed with a conditional update, so a second delivery of the task sends nothing;
    released if sending fails, so that the task's retry sends them.
    """
    claimed = Consultation.objects.filter(
        pk=consultation.pk, status=Consultation.Status.OPEN, delegates_notified_at__isnull=True
    ).update(delegates_notified_at=timezone.now())
    if not claimed:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Impact] Consultation ouverte : étude d'impact %(study)s, version %(number)s")
    return _mail_delegates(
        consultation, "consultation_opened", subject, {"delegates_notified_at": None}
    )


def consultation_send_extension(*, consultation: Consultation) -> int:
    """E-mail every delegate the postponed deadline, once per new date (same claim rule)."""
    claimed = (
        Consultation.objects.filter(pk=consultation.pk, status=Consultation.Status.OPEN)
        .exclude(extension_notified_for=consultation.deadline)
        .update(extension_notified_for=consultation.deadline)
    )
    if not claimed:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(
            "[Impact] Consultation prolongée jusqu'au %(deadline)s : étude d'impact %(study)s, "
            "version %(number)s"
        )
    return _mail_delegates(
        consultation, "consultation_extended", subject, {"extension_notified_for": None}
    )


def _as_read_by(comment: Comment, recipient: User) -> Comment:
    """``comment`` as ``recipient`` may read it: a copy whose target says "Autres postes" when
    it is a role folded in the study's campaign and the recipient does not see small groups
    (the same rule as the pages, ``selectors.mask_folded_targets``). The row is not touched."""
    shown = copy.copy(comment)
    selectors.mask_folded_targets([shown], recipient, comment.consultation)
    return shown


def _comment_context(comment: Comment, recipient: User) -> dict:
    named = access.can_see_delegate_names(recipient)
    comment = _as_read_by(comment, recipient)
    return {
        "consultation": comment.consultation,
        "comment": comment,
        "author": selectors.author_label(comment.author, comment.author_union, named=named),
        "kind": comment.get_kind_display().lower(),
        "target": comment.target_label,
        "quoted": _quoted(comment.body),
        "url": _link(comment),
    }


@contextmanager
def _claimed(comment: Comment, field: str, pending: Q):
    """Send a comment's e-mail at most once: claim ``field`` with a conditional update.

    Yields whether this delivery holds the claim; if sending fails, the claim is released
    so that the task's retry sends the e-mail.
    """
    previous = getattr(comment, field)
    claimed = Comment.objects.filter(pending, pk=comment.pk).update(**{field: timezone.now()}) == 1
    try:
        yield claimed
    except Exception:
        if claimed:
            Comment.objects.filter(pk=comment.pk).update(**{field: previous})
        raise


def comment_send_created(*, comment: Comment) -> int:
    """E-mail the administrators that a delegate commented; return how many were sent."""
    with _claimed(comment, "notified_at", Q(notified_at__isnull=True)) as claimed:
        if not claimed:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[Impact] Nouveau commentaire sur l'étude d'impact %(study)s")
            messages = [
                _email("consultation_comment", subject, user, _comment_context(comment, user))
                for user in _administrators()
                if user.pk != comment.author_id
            ]
        return _send(messages)


def _reachable(user: User) -> bool:
    return user.is_active and bool(user.email)


def comment_send_reply(*, reply: Comment) -> int:
    """E-mail the author of the thread's comment that someone replied."""
    root = reply.parent
    if root is None or root.author_id == reply.author_id or not _reachable(root.author):
        return 0
    with _claimed(reply, "notified_at", Q(notified_at__isnull=True)) as claimed:
        if not claimed:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[Impact] Réponse à votre commentaire sur l'étude d'impact %(study)s")
            context = _comment_context(reply, root.author) | {
                "root": _as_read_by(root, root.author)
            }
            return _send([_email("consultation_reply", subject, root.author, context)])


def comment_send_answer(*, comment: Comment) -> int:
    """E-mail a comment's author the administration's answer."""
    if comment.is_reply or not comment.is_answered or not _reachable(comment.author):
        return 0
    # The answer given at answered_at is sent once; a later change of answer is sent again.
    pending = Q(answer_notified_at__isnull=True) | Q(answer_notified_at__lt=F("answered_at"))
    with _claimed(comment, "answer_notified_at", pending) as claimed:
        if not claimed:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("[Impact] L'administration a répondu à votre commentaire (%(study)s)")
            context = _comment_context(comment, comment.author) | {
                "status": comment.get_status_display(),
                "answer": _quoted(comment.answer),
                "reason": _quoted(comment.decline_reason),
            }
            return _send([_email("consultation_answer", subject, comment.author, context)])
