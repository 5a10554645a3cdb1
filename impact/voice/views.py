"""Pages of the agents' survey.

The agent's pages need no account: the code, typed or read from the link, is turned into
its hash at once and kept in the (anonymous) session until the answer is sent. Every page
works on a phone and without JavaScript. The pages of heads and administrators hand out
codes and show the calibration, from the respondent threshold up.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from impact.voice import actions, calibration, selectors, throttle
from impact.voice.codes import code_digest
from impact.voice.forms import AddressesForm, AgentAnswerForm, AgentSurveyForm, CodeEntryForm
from impact.voice.sheet import sheet_slips
from services import access
from services.web.mail import site_url
from services.web.submissions import claim_once, once_per_submission

GET_POST = require_http_methods(["GET", "POST"])
SESSION_KEY = "voice_code"
REFUSAL_STATUS = {
    selectors.REFUSED_UNKNOWN: 404,
    selectors.REFUSED_USED: 410,
    selectors.REFUSED_CLOSED: 410,
    selectors.REFUSED_NOT_OPEN: 403,
    selectors.REFUSED_PAUSED: 403,
}


def _refused(request, reason: str, code=None):
    if reason != selectors.REFUSED_PAUSED:
        request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "impact/voice/refused.html",
        {"reason": reason, "survey": code.survey if code else None},
        status=REFUSAL_STATUS[reason],
    )


def _too_many(request):
    return render(request, "impact/voice/too_many.html", status=429)


# --- The agent's pages (no account) -------------------------------------------------


@never_cache
@GET_POST
def voice_entry(request):
    """Type a code (or arrive from its link, the code filled in)."""
    initial = {"code": request.GET.get("code", "")[:20]}
    form = CodeEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        limit = settings.IMPACT_AGENT_CODE_ATTEMPTS_PER_MINUTE
        if not throttle.allowed(request, "code", limit):
            return _too_many(request)
        digest = code_digest(form.cleaned_data["code"])
        code = selectors.code_find(digest)
        if code is None:
            form.add_error(
                "code",
                _(
                    "Ce code n'existe pas. Vérifiez-le : il a dix lettres et chiffres, sans 0, O, 1 ni I."
                ),
            )
        elif reason := selectors.code_refusal(code):
            return _refused(request, reason, code)
        else:
            if request.user.is_authenticated:
                # An agent answers with no account: a signed-in visitor (a head trying the
                # page) is signed out, so that no session holds a code beside a user.
                logout(request)
            request.session.cycle_key()
            request.session[SESSION_KEY] = digest
            return redirect("voice-answer")
    return render(request, "impact/voice/entry.html", {"form": form})


def _draft_initial(draft: dict) -> dict:
    """A draft as the initial values of an unbound form (shown without errors)."""
    return {name: value for name, value in (draft or {}).items() if isinstance(name, str)}


@never_cache
@GET_POST
def voice_answer(request):
    """The agent's questionnaire: save a draft and come back, or send the answer."""
    digest = request.session.get(SESSION_KEY)
    code = selectors.code_find(digest)
    if code is None:
        return redirect("voice-entry")
    if reason := selectors.code_refusal(code):
        return _refused(request, reason, code)
    role = code.inventory_role
    tasks = selectors.role_tasks(role)
    kwargs = {"tasks": tasks, "tools": code.survey.tool_names}
    if request.method == "GET":
        form = AgentAnswerForm(initial=_draft_initial(code.draft), **kwargs)
        return _answer_page(request, form, code)
    form = AgentAnswerForm(request.POST, **kwargs)
    # A free text that seems to hold personal data is not stored, not even in the draft, until
    # it is changed or confirmed: the draft keeps what it held before for that field.
    flagged = form.unconfirmed_personal_data()
    draft = form.draft()
    for name in flagged:
        draft.pop(name, None)
        if name in code.draft:
            draft[name] = code.draft[name]
    try:
        actions.agent_draft_save(digest=digest, data=draft)
        if request.POST.get("action") != "submit" and flagged:
            form.show_only_personal_data_errors()
            messages.warning(
                request,
                _(
                    "Vos réponses sont enregistrées, sauf les textes signalés ci-dessous : ils semblent contenir des données personnelles."
                ),
            )
            return _answer_page(request, form, code, status=400)
        if request.POST.get("action") != "submit":
            messages.success(
                request,
                _(
                    "Vos réponses sont enregistrées. Revenez quand vous voulez avec le même code, jusqu'au %(date)s."
                )
                % {"date": code.survey.closes_on.strftime("%d/%m/%Y")},
            )
            return redirect("voice-answer")
        if not form.is_valid():
            messages.warning(
                request,
                _(
                    "Vos réponses sont enregistrées comme brouillon, mais il en manque : voir les questions signalées."
                ),
            )
            return _answer_page(request, form, code, status=400)
        if not throttle.allowed(request, "submit", settings.IMPACT_AGENT_SUBMISSIONS_PER_MINUTE):
            return _too_many(request)
        actions.agent_answer_submit(digest=digest, answer=form.answer())
    except actions.CodeRefusedError as refused:
        return _refused(request, refused.reason, code)
    except actions.TasksChangedError:
        messages.warning(
            request,
            _(
                "Votre chef de service vient de modifier les tâches du poste : vos réponses sont "
                "gardées comme brouillon ; vérifiez-les puis envoyez-les de nouveau."
            ),
        )
        return redirect("voice-answer")
    request.session.pop(SESSION_KEY, None)
    return redirect("voice-thanks")


def _answer_page(request, form, code, status=200):
    return render(
        request,
        "impact/voice/answer.html",
        {
            "form": form,
            "role": code.inventory_role,
            "service": code.inventory_role.inventory.service,
            "survey": code.survey,
        },
        status=status,
    )


@never_cache
def voice_thanks(request):
    return render(request, "impact/voice/thanks.html")


# --- Administrators: the survey of a campaign ---------------------------------------


@GET_POST
@login_required
def voice_survey(request, slug: str):
    campaign = access.get_campaign_for_agent_survey(request.user, slug)
    survey = selectors.survey_of_campaign(campaign.pk)
    form = AgentSurveyForm(
        request.POST or None, initial=AgentSurveyForm.initial_for(survey, campaign)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.agent_survey_set(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Les réglages de l'enquête auprès des agents sont enregistrés.")
            )
            return redirect("voice-survey", slug=campaign.slug)
    progress = selectors.roles_progress(survey, selectors.survey_roles(survey)) if survey else []
    return render(
        request,
        "impact/voice/survey.html",
        {"campaign": campaign, "survey": survey, "form": form, "progress": progress},
    )


# --- Heads and administrators: a role's codes ---------------------------------------


def _role_page(request, role, addresses_form=None, status=200):
    survey = selectors.survey_of_campaign(role.inventory.campaign_id)
    progress = selectors.roles_progress(survey, [role])[0] if survey else None
    found = calibration.role_calibration(role) if progress and progress.visible else None
    return render(
        request,
        "impact/voice/role.html",
        {
            "role": role,
            "inventory": role.inventory,
            "survey": survey,
            "progress": progress,
            "open_to_agents": selectors.role_open_to_agents(role),
            "addresses_form": addresses_form or AddressesForm(),
            "entry_url": site_url(selectors.entry_path()),
            "calibration": found if found and found.result else None,
        },
        status=status,
    )


@login_required
def voice_role(request, pk: int, role_pk: int):
    role = access.get_role_for_agent_codes(request.user, pk, role_pk)
    return _role_page(request, role)


@require_POST
@login_required
def voice_role_sheet(request, pk: int, role_pk: int):
    """Make the role's codes and show the printable sheet (the codes are shown this once)."""
    role = access.get_role_for_agent_codes(request.user, pk, role_pk)
    back = reverse("voice-role", args=[pk, role_pk])
    if not claim_once(request, redirect_to=back):
        # The same form sent again (a reload): a new sheet would cancel the one just printed.
        messages.info(
            request,
            _(
                "Cette feuille a déjà été préparée : ses codes restent valables. Préparez-en une "
                "nouvelle seulement si elle est perdue."
            ),
        )
        return redirect(back)
    try:
        codes = actions.agent_codes_renew(actor=request.user, inventory_role=role)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("voice-role", pk=pk, role_pk=role_pk)
    return render(
        request,
        "impact/voice/sheet.html",
        {
            "role": role,
            "service": role.inventory.service,
            "survey": selectors.survey_of_campaign(role.inventory.campaign_id),
            "slips": sheet_slips(codes),
            "entry_url": site_url(selectors.entry_path()),
        },
    )


@require_POST
@login_required
@once_per_submission
def voice_role_email(request, pk: int, role_pk: int):
    role = access.get_role_for_agent_codes(request.user, pk, role_pk)
    form = AddressesForm(request.POST)
    if form.is_valid():
        try:
            addresses = actions.parse_addresses(form.cleaned_data["addresses"])
            outcome = actions.agent_codes_email(
                actor=request.user, inventory_role=role, addresses=addresses
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(
                request,
                _("%(count)s codes envoyés. Les adresses n'ont pas été enregistrées.")
                % {"count": outcome["sent"]},
            )
            if outcome["failed"]:
                messages.warning(
                    request,
                    _(
                        "Le serveur de messagerie a refusé %(count)s envois : ces codes ont été "
                        "annulés. Vérifiez ces adresses et renvoyez-leur un code."
                    )
                    % {"count": outcome["failed"]},
                )
            return redirect("voice-role", pk=pk, role_pk=role_pk)
    # The pasted list is not shown back either: the agent's addresses leave no trace.
    form.data = form.data.copy()
    form.data["addresses"] = ""
    return _role_page(request, role, addresses_form=form, status=400)


# --- Calibration: how far heads and agents agree ------------------------------------


@login_required
def voice_calibration(request, slug: str):
    campaign = access.get_campaign_for_agent_survey(request.user, slug)
    survey = selectors.survey_of_campaign(campaign.pk)
    context = {"campaign": campaign, "survey": survey}
    if survey is not None:
        context["calibration"] = calibration.campaign_calibration(survey)
    return render(request, "impact/voice/calibration.html", context)


@require_POST
@login_required
@once_per_submission
def voice_posterior_apply(request, slug: str):
    """Use the city's own uncertainty matrix from its double ratings, and re-score."""
    campaign = access.get_campaign_for_agent_survey(request.user, slug)
    survey = selectors.survey_of_campaign(campaign.pk)
    if survey is None:
        return redirect("voice-survey", slug=slug)
    found = calibration.campaign_calibration(survey)
    try:
        actions.city_posterior_apply(
            actor=request.user,
            survey=survey,
            posterior=found.posterior,
            tasks=found.summary.double_rated_tasks,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "La matrice de la collectivité est enregistrée ; les scores de la campagne sont en cours de recalcul."
            ),
        )
    return redirect("voice-calibration", slug=slug)
