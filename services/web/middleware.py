"""Middleware of the whole site."""

import logging
import sys

from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

from services.web.database import DATABASE_ERRORS, drop_failed_connections

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain French page, not a 500, when the database cannot be reached.

    The page renders without a request context (no user, no session, no query), so it shows
    even while the database is down; the broken connection is closed for the next request.
    """

    retry_after_seconds = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error(
            "Database unavailable on %s %s", request.method, request.path, exc_info=exception
        )
        return database_unavailable()


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in user.

    Pages, exports and PDF downloads of a signed-in user hold the collectivité's data: no
    browser cache (a shared office computer, its back button) nor proxy may keep them. The
    header replaces whatever the view set. Responses to visitors who are not signed in
    keep their own headers (the login page, the health check), and static files never get
    here: WhiteNoise answers them before any session is read.
    """

    cache_control = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in(request):
            response["Cache-Control"] = self.cache_control
        return response


def _signed_in(request) -> bool:
    """Whether the response goes to a signed-in user (asked after the view, which may have
    signed them in or out). When the session cannot be read because the database is down,
    the answer is "yes": better not stored than stored."""
    user = getattr(request, "user", None)
    try:
        return user is not None and user.is_authenticated
    except DATABASE_ERRORS:
        return True


def database_unavailable() -> HttpResponse:
    drop_failed_connections()
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DatabaseUnavailableMiddleware.retry_after_seconds)
    return response


def server_error(request):
    """handler500: the 503 page when the database failed before any view ran.

    A database that is down makes the session or authentication middleware fail before
    the view (where DatabaseUnavailableMiddleware would answer); Django then calls this
    handler while the exception is being handled.
    """
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable()
    return HttpResponseServerError(render_to_string("500.html"))
