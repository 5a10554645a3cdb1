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
