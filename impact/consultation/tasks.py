"""Celery tasks of the consultation's e-mails: thin, ids in, one action called.

Task names stay those of the module they were first defined in (``impact.tasks``).
"""

from celery import shared_task

from impact.consultation import emails
from impact.consultation.models import Comment, Consultation
from services.web.mail import MAIL_RETRY


@shared_task(name="impact.tasks.send_consultation_opened", **MAIL_RETRY)
def send_consultation_opened(consultation_id: int) -> int:
    """E-mail the delegates that a consultation opened (a second delivery sends nothing)."""
    consultation = (
        Consultation.objects.select_related("version__study__campaign")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None:  # deleted since it was enqueued
        return 0
    return emails.consultation_send_opening(consultation=consultation)


@shared_task(name="impact.tasks.send_consultation_extended", **MAIL_RETRY)
def send_consultation_extended(consultation_id: int) -> int:
    """E-mail the delegates a postponed deadline (a second delivery sends nothing)."""
    consultation = (
        Consultation.objects.select_related("version__study__campaign")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None:
        return 0
    return emails.consultation_send_extension(consultation=consultation)


def _comment(comment_id: int) -> Comment | None:
    return (
        Comment.objects.select_related(
            "author", "parent__author", "consultation__version__study__campaign"
        )
        .filter(pk=comment_id)
        .first()
    )


@shared_task(name="impact.tasks.send_comment_created", **MAIL_RETRY)
def send_comment_created(comment_id: int) -> int:
    """E-mail the administrators about a new comment."""
    comment = _comment(comment_id)
    return emails.comment_send_created(comment=comment) if comment else 0


@shared_task(name="impact.tasks.send_comment_reply", **MAIL_RETRY)
def send_comment_reply(comment_id: int) -> int:
    """E-mail the author of a thread's comment about a reply."""
    reply = _comment(comment_id)
    return emails.comment_send_reply(reply=reply) if reply else 0


@shared_task(name="impact.tasks.send_comment_answer", **MAIL_RETRY)
def send_comment_answer(comment_id: int) -> int:
    """E-mail a comment's author the administration's answer."""
    comment = _comment(comment_id)
    return emails.comment_send_answer(comment=comment) if comment else 0
