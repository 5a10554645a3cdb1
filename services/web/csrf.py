"""The page of a form refused by the CSRF check (``CSRF_FAILURE_VIEW``).

A form refused this way was usually left open past the session's end, or sent again after
signing in elsewhere: the page says so in plain French and shows what the user typed, read
only, so that nothing is lost when they reload the page and send the form again.
"""

from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from services.web import posted, submissions


def _is_secret(name: str) -> bool:
    """Tokens and passwords, and the one-time submission token: never shown again."""
    return name == submissions.FIELD or posted.is_secret(name)


def typed_fields(request) -> list[tuple[str, str]]:
    """The non-empty text fields of the refused post, in order: no token, no password."""
    try:
        items = list(request.POST.lists())
    except (OSError, SuspiciousOperation):  # an unreadable or oversized body
        return []
    return [
        (name, value)
        for name, values in items
        if not _is_secret(name) and not posted.is_formset_counter(name)
        for value in values
        if value.strip()
    ]


def _from_this_site(reason: str) -> bool:
    """True when the post came from one of this site's pages, its token being what failed.

    Django checks the Origin (or, over HTTPS, the Referer) before the token; the reasons of
    its token checks all start with "CSRF " (django.middleware.csrf). A post from another
    site fails the first check: its content is not echoed back on this site's page.
    """
    return reason.startswith("CSRF ")


def _back_url(request) -> str:
    """The page the form was on (its Referer, when it is on this site), else nothing."""
    referer = request.headers.get("Referer", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if safe else ""


def csrf_failure(request, reason: str = ""):
    fields = typed_fields(request) if _from_this_site(reason) else []
    context = {"typed_fields": fields, "back_url": _back_url(request)}
    return render(request, "403_csrf.html", context, status=403)
