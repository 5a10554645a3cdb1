"""A form sent twice is handled once: one-time submission tokens.

A page that shows a form which creates something puts ``{% submission_token %}`` in it: a
hidden field holding a random token made for this display of the page. The view handling
the POST is wrapped in ``once_per_submission``, which claims the token (a row of
``FormSubmission``, unique) in the same transaction as the view's writes:

- the first request runs the view; when it redirects (the work is done), the claim keeps
  the page it led to; when it re-shows the form (errors), the claim is dropped so that the
  corrected form, which carries the same token, can be sent;
- a second request with the same token, sent meanwhile or later, does not run the view: it
  is sent to the page the first one led to. Two requests at the same instant meet at the
  database's unique index: the second waits for the first to commit, then redirects.

A POST without a token (an old page, a script) is handled as before.
"""

from __future__ import annotations

import datetime
import uuid
from functools import wraps

from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone

from services.models import FormSubmission

FIELD = "submission"
REDIRECTS = (301, 302, 303)


def new_token() -> str:
    return str(uuid.uuid4())


def _token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def _done(token: uuid.UUID, user) -> HttpResponseRedirect | None:
    """Where the first sending of ``token`` led, if it was handled already."""
    submission = FormSubmission.objects.filter(token=token, user=user).first()
    return redirect(submission.redirect_to) if submission else None


def once_per_submission(view):
    """Run ``view`` once per submission token (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _token(request) if request.method == "POST" else None
        if token is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if (earlier := _done(token, request.user)) is not None:
            return earlier
        try:
            with transaction.atomic():
                claim = FormSubmission.objects.create(
                    token=token, user=request.user, redirect_to=request.path
                )
                response = view(request, *args, **kwargs)
                if response.status_code in REDIRECTS:
                    claim.redirect_to = response["Location"][:500]
                    claim.save(update_fields=["redirect_to"])
                else:
                    claim.delete()
        except IntegrityError:
            earlier = _done(token, request.user)
            if earlier is not None:  # the same form, sent at the same instant, went first
                return earlier
            if FormSubmission.objects.filter(token=token).exists():
                # Another user's token (copied or forged): it proves nothing, run the view.
                return view(request, *args, **kwargs)
            raise  # the view's own integrity error
        return response

    return wrapper


def claim_once(request, *, redirect_to: str) -> bool:
    """For a view whose answer is a page, not a redirect (a sheet to print): claim the form's
    token for good. False when this token was sent before (the page must not be made again);
    True when it is claimed now, or when the form carries no token."""
    token = _token(request)
    if token is None or not request.user.is_authenticated:
        return True
    try:
        with transaction.atomic():
            FormSubmission.objects.create(
                token=token, user=request.user, redirect_to=redirect_to[:500]
            )
    except IntegrityError:
        return False
    return True


def submissions_purge(*, older_than: datetime.timedelta = datetime.timedelta(days=7)) -> int:
    """Forget the tokens of forms sent more than ``older_than`` ago (a page left open that
    long sends a fresh form); return how many."""
    cutoff = timezone.now() - older_than
    deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
