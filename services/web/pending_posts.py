"""What a user typed when their session ended, kept until they sign in again.

A form sent after the session ended (services.web.sessions) is not applied. Its fields are
kept server-side, in the new anonymous session of the same browser, with the user they
belong to. After signing in again as that user, the page the form was sent to shows them,
read only, in a form that sends them again to the same address with a fresh CSRF token
(« Reprendre votre saisie »): nothing is applied without the user seeing it and asking for
it, and the view checks everything as for any other post. Each kept form is used once
(sent again or abandoned) and forgotten after IMPACT_PENDING_POST_SECONDS; another user
signing in in that browser drops it unseen.

Kept: the fields of a form post (no files, no token, no password), at most
IMPACT_PENDING_POST_MAX_BYTES for all the forms of a session.
"""

from __future__ import annotations

import datetime
import secrets
import time
from html.parser import HTMLParser

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import SuspiciousOperation
from django.dispatch import receiver
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from services.web import posted

PENDING_KEY = "impact_pending_posts"
# Whose session ended in this browser, and when: a form sent meanwhile from another tab
# (anonymous by then) is kept for that user too.
OWNER_KEY = "impact_expired_owner"
RESUME_FIELD = "impact_pending"
ABANDON_FIELD = "impact_pending_abandon"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Sent by the page itself, never typed: sent again, not shown.
_BOOKKEEPING = ("revision", "submission")


def is_shown(name: str) -> bool:
    """Whether the resume page shows a kept field (it sends them all)."""
    return not (name in _BOOKKEEPING or posted.is_formset_counter(name) or name.endswith("-id"))


def _now() -> int:
    return int(time.time())


def _fresh(stamp: int) -> bool:
    return _now() - stamp <= settings.IMPACT_PENDING_POST_SECONDS


def _size(fields: list[list[str]]) -> int:
    return sum(len(name.encode()) + len(value.encode()) for name, value in fields)


def _form_fields(request) -> tuple[list[list[str]], bool] | None:
    """The posted fields (name, value), in order, and whether files came with them."""
    if request.content_type not in FORM_TYPES:
        return None
    try:
        items = list(request.POST.lists())
        with_files = bool(request.FILES)
    except (OSError, SuspiciousOperation, MultiPartParserError):  # unreadable, too big
        return None
    fields = [
        [name, value]
        for name, values in items
        if name not in (RESUME_FIELD, ABANDON_FIELD) and not posted.is_secret(name)
        for value in values
    ]
    if not fields or _size(fields) > settings.IMPACT_PENDING_POST_MAX_BYTES:
        return None
    return fields, with_files


def _csrf_valid(request) -> bool:
    """The post passes Django's CSRF check: a form from another site is never kept."""
    if getattr(request, "csrf_processing_done", False):
        return True
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


def _page_of_this_site(request) -> bool:
    """A page of Impact: the address the resume form will send to (never "//host/…")."""
    if request.path.startswith("//"):
        return False
    try:
        resolve(request.path_info)
    except Resolver404:
        return False
    return True


def capture(request, *, owner) -> dict | None:
    """The post of ``owner`` whose session is ending, to ``keep`` once it has ended.

    Called before the session is flushed: the CSRF check may need it.
    """
    if not _page_of_this_site(request):
        return None
    found = _form_fields(request)
    if found is None or not _csrf_valid(request):
        return None
    fields, with_files = found
    return {
        "key": secrets.token_urlsafe(16),
        "owner": str(owner),
        "path": request.path,
        "action": request.get_full_path(),
        "fields": fields,
        "with_files": with_files,
        "at": _now(),
    }


def entries(request) -> list[dict]:
    """The kept posts of this browser session still within their time."""
    return [e for e in request.session.get(PENDING_KEY, []) if _fresh(e["at"])]


def _store(request, kept: list[dict]) -> None:
    if kept:
        request.session[PENDING_KEY] = kept
    else:
        request.session.pop(PENDING_KEY, None)


def remember_owner(request, owner) -> None:
    """After a session ended: whose it was, for the forms still open in other tabs."""
    request.session[OWNER_KEY] = {"owner": str(owner), "at": _now()}


def _expired_owner(request) -> str | None:
    hint = request.session.get(OWNER_KEY)
    return hint["owner"] if hint and _fresh(hint["at"]) else None


def keep(request, entry: dict) -> None:
    """Keep ``entry`` (one per address, the newest), oldest dropped beyond the size cap."""
    kept = [e for e in entries(request) if e["path"] != entry["path"]] + [entry]
    while _size([f for e in kept for f in e["fields"]]) > settings.IMPACT_PENDING_POST_MAX_BYTES:
        kept.pop(0)
    _store(request, kept)


def kept_message() -> str:
    return _(
        "Votre session avait expiré : connectez-vous à nouveau, ce que vous aviez saisi a "
        "été gardé."
    )


def keep_anonymous_post(request, response) -> None:
    """A form sent from a tab left open after the session ended in another one: the login
    page answered it, kept for the user whose session ended in this browser."""
    owner = _expired_owner(request)
    if owner is None or not _answers_with_login(response):
        return
    entry = capture(request, owner=owner)
    if entry is not None:
        keep(request, entry)
        messages.info(request, kept_message())


def _login_url() -> str:
    return reverse(settings.LOGIN_URL)


def _answers_with_login(response) -> bool:
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    return location.split("?")[0] == _login_url()


def _owned(request) -> list[dict]:
    owner = str(request.user.pk)
    return [e for e in entries(request) if e["owner"] == owner]


def _find(request, *, path: str, key: str | None = None) -> dict | None:
    return next((e for e in _owned(request) if e["path"] == path and key in (None, e["key"])), None)


def drop(request, key: str) -> None:
    _store(request, [e for e in entries(request) if e["key"] != key])


def first_elsewhere(request) -> dict | None:
    """A post kept for the signed-in user, for another page than this one."""
    return next((e for e in _owned(request) if e["path"] != request.path), None)


def login_with_next(request):
    """The login page asked without ``next`` while a post is kept: ask it with the kept
    post's address, so that signing in leads back to it."""
    if (
        request.method != "GET"
        or request.path != _login_url()
        or "next" in request.GET
        or _expired_owner(request) is None
    ):
        return None
    kept = entries(request)
    if not kept:
        return None
    return redirect(_login_url() + "?" + urlencode({"next": kept[-1]["action"]}))


class _FormLabels(HTMLParser):
    """The labels of a page's form fields: the question of each field name, and the text of
    each choice (name, value), so that the resume page speaks the form's words."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self._label_of: dict[str, str] = {}  # label text by the id it is for
        self._ids: list[tuple[str, str, str | None]] = []  # (id, name, choice value)
        self._legend = ""
        self._in: str | None = None  # "label", "legend" or "option"
        self._label_for = ""
        self._text: list[str] = []
        self._select = ""
        self._option = ""
        self.questions: dict[str, str] = {}
        self.choices: dict[tuple[str, str], str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        name, kind = attrs.get("name", ""), attrs.get("type", "text")
        if tag in ("label", "legend", "option"):
            self._in, self._text = tag, []
            self._label_for, self._option = attrs.get("for", ""), attrs.get("value", "")
        elif tag == "fieldset":
            self._legend = ""
        elif tag == "select":
            self._select = name
            self._ids.append((attrs.get("id", ""), name, None))
        elif tag in ("input", "textarea") and name and kind != "hidden":
            choice = attrs.get("value", "") if kind in ("checkbox", "radio") else None
            if choice is not None and self._legend:
                self.questions.setdefault(name, self._legend)
            self._ids.append((attrs.get("id", ""), name, choice))

    def handle_data(self, data):
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != self._in:
            return
        text = " ".join("".join(self._text).split())
        if tag == "label" and self._label_for:
            self._label_of[self._label_for] = text
        elif tag == "legend":
            self._legend = text
        elif tag == "option" and self._select:
            self.choices[(self._select, self._option)] = text
        self._in = None

    def close(self):
        super().close()
        for field_id, name, choice in self._ids:
            label = self._label_of.get(field_id)
            if label and choice is None:
                self.questions.setdefault(name, label)
            elif label:
                self.choices.setdefault((name, choice), label)


def _labels(response) -> _FormLabels:
    """The labels of the form on the page the post was kept for (none when it has no page)."""
    labels = _FormLabels()
    if (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    ):
        labels.feed(response.content.decode(response.charset or "utf-8", errors="replace"))
        labels.close()
    return labels


def _shown(entry: dict, labels: _FormLabels) -> list[tuple[str, str]]:
    """The typed fields, one per question, in the form's words (their values one a line)."""
    grouped: dict[str, list[str]] = {}
    for name, value in entry["fields"]:
        if is_shown(name) and value.strip():
            grouped.setdefault(name, []).append(labels.choices.get((name, value), value))
    return [(labels.questions.get(name, name), "\n".join(v)) for name, v in grouped.items()]


def resume_page(request, get_response):
    """On the page a post was kept for, its owner first sees it, to send it or abandon it.

    The page itself is drawn (not sent) for the labels of its form.
    """
    if request.method != "GET" or request.headers.get("HX-Request"):
        return None
    entry = _find(request, path=request.path)
    if entry is None:
        return None
    context = {
        "entry": entry,
        "shown": _shown(entry, _labels(get_response(request))),
        "typed_at": timezone.localtime(datetime.datetime.fromtimestamp(entry["at"], datetime.UTC)),
        "resume_field": RESUME_FIELD,
        "abandon_field": ABANDON_FIELD,
    }
    return render(request, "registration/pending_post.html", context)


def _posted(request, field: str) -> str | None:
    if request.method != "POST" or request.content_type not in FORM_TYPES:
        return None
    try:
        return request.POST.get(field)
    except (OSError, SuspiciousOperation, MultiPartParserError):
        return None  # the view answers an unreadable post as it always did


def resume(request, get_response):
    """The resume form, sent: the kept post goes to the view, and is forgotten once the view
    has answered without an error. A second sending finds nothing to resume."""
    key = _posted(request, RESUME_FIELD)
    if key is None:
        return None
    if _find(request, path=request.path, key=key) is None:
        messages.warning(request, _("Cette saisie a déjà été reprise ou abandonnée."))
        return redirect(request.get_full_path())
    data = request.POST.copy()
    del data[RESUME_FIELD]
    request.POST = data  # the view sees the form as it was first sent
    response = get_response(request)
    if response.status_code < 400:
        drop(request, key)
    return response


def abandon(request):
    """The resume page's « Abandonner » (after the CSRF check): the kept post is forgotten."""
    key = _posted(request, ABANDON_FIELD)
    if key is None:
        return None
    if _find(request, path=request.path, key=key) is not None:
        drop(request, key)
        messages.info(request, _("Ce que vous aviez saisi a été abandonné."))
    return redirect(request.get_full_path())


@receiver(user_logged_in)
def _keep_only_the_owners_posts(sender, request, user, **kwargs):
    """Signing in: the posts kept for someone else are dropped unseen."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(OWNER_KEY, None)
    _store(request, [e for e in entries(request) if e["owner"] == str(user.pk)])
