"""Pages that belong to no single app: the home page of each persona and health check."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from impact.dashboards import selectors as dashboard_selectors
from impact.voice import selectors as voice_selectors
from services import access, selectors
from services.models import Persona
from services.web import outbox
from surveys.models import Campaign, Inventory

HOME_TEMPLATES = {
    Persona.ADMINISTRATOR: "home/administrator.html",
    Persona.HEAD: "home/head.html",
    Persona.DELEGATE: "home/delegate.html",
    Persona.OFFICIAL: "home/official.html",
}


@require_safe
def home(request):
    """Send visitors to the login page and each persona to what they have to do."""
    if not request.user.is_authenticated:
        return redirect("login")
    persona = access.persona_of(request.user)
    if persona is None:
        return render(request, "home/no_persona.html", status=403)
    inventories = access.visible_inventories(request.user)
    context = {
        "organisation": selectors.organisation_get(),
        "headed_services": access.headed_services(request.user).select_related("directorate"),
        "open_inventories": inventories.filter(campaign__status=Campaign.Status.OPEN).order_by(
            "campaign__closes_on", "service__name"
        ),
        "to_review": inventories.filter(status=Inventory.Status.SUBMITTED).order_by("submitted_at"),
        "validated_count": inventories.filter(status=Inventory.Status.VALIDATED).count(),
    }
    if persona == Persona.HEAD:
        context["agent_roles"] = voice_selectors.head_home_progress(context["headed_services"])
    if persona == Persona.OFFICIAL:
        # An elected official's home is the collectivité's dashboard.
        context |= dashboard_selectors.official_home_context(request.user)
    return render(request, HOME_TEMPLATES[persona], context)


@never_cache
@require_safe
def health(request):
    """For the city's monitoring: 200 when the database answers, then the outbox's state.

    The first line is ``ok``; the second says how many tasks wait to be sent to the workers
    and for how long the oldest has waited (a growing age means no worker or no broker).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    waiting, age = outbox.pending_summary()
    seconds = int(age.total_seconds()) if age else 0
    body = f"ok\noutbox: {waiting} pending, oldest {seconds} s\n"
    return HttpResponse(body, content_type="text/plain")
