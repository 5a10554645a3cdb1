"""Score pages: an inventory's scores with each role's receipt, and the method parameters."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from impact import scoring
from impact.scores import actions, labels, selectors
from impact.scores import selectors as score_selectors
from impact.scores.forms import MethodSettingsForm, RescoreForm
from impact.scores.models import RescoreJob
from services import access
from services.web.submissions import once_per_submission


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
    context = {"form": form, "row": row, "scenarios": labels.SCENARIOS, **_rescore_context()}
    return render(request, "impact/method_settings.html", context)


def _rescore_context(form: RescoreForm | None = None) -> dict:
    return {
        "rescore_form": form or RescoreForm(),
        "rescore_jobs": RescoreJob.objects.select_related("campaign", "requested_by")[:5],
        "method_version": scoring.METHOD_VERSION,
    }


@require_POST
@login_required
@once_per_submission
def rescore_request(request):
    access.require_campaign_manager(request.user)
    form = RescoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("impact-method-settings")
    job = actions.campaign_rescore_request(
        actor=request.user, campaign=form.cleaned_data["campaign"]
    )
    messages.success(request, _("Le recalcul de « %(campaign)s » avec la méthode %(version)s est "
                                "demandé.") % {"campaign": job.campaign, "version": job.method_version})  # fmt: skip
    return redirect(reverse("impact-method-settings") + "#recalcul")


@require_safe
@login_required
def rescore_job_status(request, pk: int):
    access.require_campaign_manager(request.user)
    job = get_object_or_404(RescoreJob.objects.select_related("campaign", "requested_by"), pk=pk)
    return render(request, "impact/_rescore_job.html", {"job": job})
