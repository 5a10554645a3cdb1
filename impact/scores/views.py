"""Score pages: an inventory's scores with each role's receipt, and the method parameters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from impact.scores import actions, labels, selectors
from impact.scores import selectors as score_selectors
from impact.scores.forms import MethodSettingsForm
from services import access


@require_safe
@login_required
def inventory_scores(request, pk: int):
    inventory = access.get_inventory_for_user(request.user, pk)
    template = (
        "impact/_inventory_scores.html"
        if request.headers.get("HX-Request")
        else ("impact/inventory_scores.html")
    )
    context = {
        "inventory": inventory,
        "scores": selectors.inventory_scores_for(request.user, inventory),
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@login_required
def method_settings(request):
    access.require_campaign_manager(request.user)
    row = score_selectors.method_settings_get()
    form = MethodSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        actions.method_settings_update(actor=request.user, values=form.values())
        messages.success(
            request, _("Paramètres enregistrés. Les calculs déjà faits gardent les leurs.")
        )
        return redirect("impact-method-settings")
    context = {"form": form, "row": row, "scenarios": labels.SCENARIOS}
    return render(request, "impact/method_settings.html", context)
