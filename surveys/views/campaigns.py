"""Campaign pages, for administrators: list, create, edit, follow, open, close, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from services import access
from services.web import spreadsheets
from services.web.submissions import once_per_submission
from surveys import exports, selectors
from surveys.actions import campaigns as actions
from surveys.forms.campaigns import CampaignForm
from surveys.models import Campaign

EXPORTS = {
    "xlsx": (exports.campaign_xlsx, spreadsheets.XLSX_CONTENT_TYPE),
    "csv": (exports.campaign_csv, spreadsheets.CSV_CONTENT_TYPE),
}


@require_safe
@login_required
def campaign_list(request):
    access.require_campaign_manager(request.user)
    return render(
        request, "surveys/campaign_list.html", {"campaigns": selectors.campaigns_with_counts()}
    )


@require_http_methods(["GET", "POST"])
@login_required
@once_per_submission
def campaign_create(request):
    access.require_campaign_manager(request.user)
    form = CampaignForm(request.POST) if request.method == "POST" else CampaignForm()
    if form.is_bound and form.is_valid():
        try:
            campaign = actions.campaign_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("La campagne a été créée. Elle n'est pas encore ouverte."))
            return redirect(campaign)
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": None})


@require_http_methods(["GET", "POST"])
@login_required
def campaign_edit(request, slug: str):
    campaign = access.get_campaign_for_manager(request.user, slug)
    if campaign.status != Campaign.Status.DRAFT:
        messages.info(request, _("Une campagne ouverte ou close ne peut plus être modifiée."))
        return redirect(campaign)
    form = (
        CampaignForm(request.POST, campaign=campaign)
        if request.method == "POST"
        else CampaignForm(campaign=campaign)
    )
    if form.is_bound and form.is_valid():
        try:
            actions.campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("La campagne a été modifiée."))
            return redirect(campaign)
    return render(request, "surveys/campaign_form.html", {"form": form, "campaign": campaign})


@require_safe
@login_required
def campaign_detail(request, slug: str):
    campaign = access.get_campaign_for_manager(request.user, slug)
    context = {
        "campaign": campaign,
        "chosen_directorates": list(campaign.directorates.all()),
        **selectors.campaign_progress(campaign),
    }
    return render(request, "surveys/campaign_detail.html", context)


@require_POST
@login_required
def campaign_open(request, slug: str):
    campaign = access.get_campaign_for_manager(request.user, slug)
    try:
        campaign = actions.campaign_open(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "La campagne est ouverte : les chefs de service concernés vont recevoir une invitation."
            ),
        )
    return redirect(campaign)


@require_POST
@login_required
def campaign_close(request, slug: str):
    campaign = access.get_campaign_for_manager(request.user, slug)
    try:
        campaign = actions.campaign_close(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La campagne est close."))
    return redirect(campaign)


@require_safe
@login_required
def campaign_export(request, slug: str, fmt: str):
    campaign = access.get_campaign_for_manager(request.user, slug)
    if fmt not in EXPORTS:
        raise Http404
    build, content_type = EXPORTS[fmt]
    response = HttpResponse(build(campaign), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}.{fmt}"'
    return response
