"""Plain-text e-mails: how every e-mail of Impact is built and sent.

E-mails have no HTML part: the body is a plain-text template rendered with the user's texts
as typed. Bidirectional control characters are dropped (they would reverse what follows them
in a mail reader); the subject is one line (a line break in a header is refused by the SMTP
library). Links are absolute, built on ``IMPACT_BASE_URL``.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from services.web.text import without_bidi_controls

# What a Celery e-mail task retries on, with an exponential backoff: the SMTP server cannot
# be reached or refuses for a while. The sending actions make a retry safe (claims).
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)
MAIL_RETRY = {
    "autoretry_for": MAIL_ERRORS,
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 6,
}


def site_url(path: str = "/") -> str:
    """The absolute address of ``path`` on the site, as users reach it."""
    return settings.IMPACT_BASE_URL + path


def plain_email(*, template: str, subject: str, to: str, context: dict) -> EmailMessage:
    """One plain-text e-mail to ``to``: ``emails/<template>.txt`` rendered with ``context``.

    The caller renders in the language it wants (``translation.override``) and passes the
    translated subject; this function makes it one line and drops bidi controls from both.
    """
    body = render_to_string(f"emails/{template}.txt", context)
    return EmailMessage(
        subject=without_bidi_controls(" ".join(subject.split())),
        body=without_bidi_controls(body),
        to=[to],
    )


def send_all(messages: list[EmailMessage]) -> int:
    """Send ``messages`` over one SMTP connection; return how many were sent."""
    return (get_connection().send_messages(messages) or 0) if messages else 0
