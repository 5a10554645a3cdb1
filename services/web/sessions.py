"""Session expiry (after inactivity, and after a working day), and the client address used by
login throttling."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from services.web import pending_posts

LAST_SEEN_KEY = "impact_last_seen"
SIGNED_IN_KEY = "impact_signed_in_at"
# The timestamp is written at most once a minute, so that reading pages does not write
# the session on every request.
TOUCH_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    """Sign out a user who has not sent a request for IMPACT_SESSION_IDLE_SECONDS, or who
    signed in more than SESSION_COOKIE_AGE seconds ago however active since.

    The user lands on the login page with a message saying why, and returns to the page
    they asked for after signing in again. A form they sent is not applied, but what they
    typed is kept until they sign in again (services.web.pending_posts). (Django slides a
    session's expiry each time the session is saved, which the activity clock does: the cap
    on its life is kept here.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.IMPACT_SESSION_IDLE_SECONDS:
                return self._expire(request, self._idle_message())
            signed_in = request.session.get(SIGNED_IN_KEY)
            if signed_in is not None and now - signed_in > settings.SESSION_COOKIE_AGE:
                return self._expire(request, self._too_long_message())
            if last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
            return self._signed_in_response(request)
        if (login_page := pending_posts.login_with_next(request)) is not None:
            return login_page
        response = self.get_response(request)
        if request.method == "POST" and not request.user.is_authenticated:
            pending_posts.keep_anonymous_post(request, response)
        return response

    def _signed_in_response(self, request):
        """The view's answer, unless a form kept at the end of the session is resumed."""
        if (page := pending_posts.resume_page(request, self.get_response)) is not None:
            return page
        if (resumed := pending_posts.resume(request, self.get_response)) is not None:
            return resumed
        return self.get_response(request)

    @staticmethod
    def process_view(request, view_func, view_args, view_kwargs):
        # After Django's CSRF check (an earlier middleware's process_view).
        if request.user.is_authenticated:
            return pending_posts.abandon(request)
        return None

    @staticmethod
    def _idle_message() -> str:
        return _(
            "Votre session a expiré après %(minutes)d minutes sans activité : "
            "reconnectez-vous pour continuer."
        ) % {"minutes": settings.IMPACT_SESSION_IDLE_SECONDS // 60}

    @staticmethod
    def _too_long_message() -> str:
        return _(
            "Par sécurité, une session dure au plus %(hours)d heures : reconnectez-vous pour "
            "continuer."
        ) % {"hours": max(1, settings.SESSION_COOKIE_AGE // 3600)}

    @staticmethod
    def _expire(request, message: str):
        owner = request.user.pk
        kept = pending_posts.capture(request, owner=owner) if request.method == "POST" else None
        logout(request)
        pending_posts.remember_owner(request, owner)
        messages.info(request, message)
        if kept is not None:
            pending_posts.keep(request, kept)
            messages.info(request, pending_posts.kept_message())
        login_url = reverse(settings.LOGIN_URL)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            login_url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            # htmx follows a redirect inside the fragment; ask it to load the page instead.
            response = redirect(login_url)
            response["HX-Redirect"] = login_url
            return response
        return redirect(login_url)


@receiver(user_logged_in)
def _start_activity_clock(sender, request, user, **kwargs):
    """Signing in counts as activity, so the first page after it writes no session."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LAST_SEEN_KEY] = now
        request.session[SIGNED_IN_KEY] = now


def client_ip(request) -> str:
    """The client's address for login throttling.

    Behind IMPACT_TRUSTED_PROXIES reverse proxies, the address is read from the
    X-Forwarded-For entries those proxies appended (never from the entries a client could
    forge in front of them); otherwise REMOTE_ADDR.
    """
    proxies = settings.IMPACT_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def login_locked(request, original_response=None, credentials=None):
    """The page shown, with HTTP 429, while a username and address pair is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked.html", {"cooloff_minutes": minutes}, status=429)
