"""The session's clock for the page (static/js/session-warning.js), and the forms kept when
it ended (services.web.pending_posts)."""

import time

from django import template
from django.conf import settings

from services.web import pending_posts
from services.web.sessions import LAST_SEEN_KEY, SIGNED_IN_KEY

register = template.Library()


@register.simple_tag
def session_idle_seconds() -> int:
    return settings.IMPACT_SESSION_IDLE_SECONDS


@register.simple_tag(takes_context=True)
def session_seconds_left(context) -> int:
    """Seconds before the signed-in user's session ends without activity: the first of the
    idle delay since the last recorded request and the cap since signing in."""
    request = context.get("request")
    session = getattr(request, "session", None)
    if session is None:
        return settings.IMPACT_SESSION_IDLE_SECONDS
    now = int(time.time())
    left = settings.IMPACT_SESSION_IDLE_SECONDS - (now - session.get(LAST_SEEN_KEY, now))
    left = min(left, settings.SESSION_COOKIE_AGE - (now - session.get(SIGNED_IN_KEY, now)))
    return max(0, left)


@register.simple_tag(takes_context=True)
def pending_post_elsewhere(context) -> dict | None:
    """A form kept for the signed-in user at the end of a session, for another page."""
    request = context.get("request")
    if getattr(request, "session", None) is None:
        return None
    return pending_posts.first_elsewhere(request)
