"""Consultation pages: open and close, comment, reply, answer, give the union's opinion.

Every page works without JavaScript: each form is also a page of its own (GET), which
re-renders with the action's errors next to the fields.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from impact.consultation import actions, selectors
from impact.consultation import exports as exports_consultation
from impact.consultation.forms import (
    AnswerForm,
    CommentEditForm,
    CommentFilterForm,
    CommentForm,
    ConsentForm,
    ConsultationExtendForm,
    ConsultationOpenForm,
    OpinionForm,
    ReplyForm,
)
from impact.consultation.models import Consultation
from services import access
from services.web.submissions import once_per_submission

GET_POST = require_http_methods(["GET", "POST"])


def _bound(form_class, request, **kwargs):
    return form_class(request.POST if request.method == "POST" else None, **kwargs)


@GET_POST
@login_required
@once_per_submission
def consultation_open(request, pk: int, number: int):
    version = access.get_version_for_consultation(request.user, pk, number)
    existing = Consultation.objects.filter(version=version).first()
    if existing is not None:
        messages.info(request, _("Une consultation a déjà été ouverte sur cette version."))
        return redirect(existing)
    form = _bound(ConsultationOpenForm, request)
    if form.is_bound and form.is_valid():
        try:
            consultation = actions.consultation_open(
                actor=request.user, version=version, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(
                request,
                _(
                    "La consultation est ouverte ; les représentants du "
                    "personnel sont prévenus par courriel."
                ),
            )
            return redirect(consultation)
    context = {"study": version.study, "version": version, "form": form}
    return render(request, "impact/consultation/open.html", context)


@require_safe
@login_required
def consultation_detail(request, pk: int):
    consultation = access.get_consultation_for_user(request.user, pk)
    context = selectors.consultation_page(consultation, request.user)
    actions.consultation_visit_record(user=request.user, consultation=consultation)
    context |= {
        "comment_form": CommentForm(version=consultation.version),
        "reply_form": ReplyForm(),
        "consent_form": ConsentForm(initial={"consents": request.user.consents_to_be_named}),
        "extend_form": ConsultationExtendForm(),
        "can_comment": access.can_comment(request.user),
        "can_manage": access.can_manage_consultations(request.user),
        "can_record_opinion": access.can_record_opinion(request.user),
    }
    return render(request, "impact/consultation/detail.html", context)


@require_safe
@login_required
def comment_list(request, pk: int):
    consultation = access.get_consultation_for_user(request.user, pk)
    form = CommentFilterForm(request.GET or None, version=consultation.version)
    filters = form.filters() if form.is_bound else {}
    comments = selectors.comment_list(consultation, request.user, **filters)
    context = {
        "consultation": consultation,
        "study": consultation.version.study,
        "form": form,
        "comments": comments,
    }
    return render(request, "impact/consultation/comment_list.html", context)


@require_safe
@login_required
def consultation_export(request, pk: int):
    consultation = access.get_consultation_for_user(request.user, pk)
    response = HttpResponse(
        exports_consultation.comments_csv(consultation), content_type=exports_consultation.CSV
    )
    filename = f"consultation-{consultation.pk}-commentaires.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@GET_POST
@login_required
@once_per_submission
def comment_create(request, pk: int):
    consultation = access.get_consultation_for_commenter(request.user, pk)
    initial = {"target": request.GET.get("target", "study")}
    form = _bound(CommentForm, request, version=consultation.version, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            comment = actions.comment_create(
                actor=request.user, consultation=consultation, **form.values()
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("Votre commentaire est publié."))
            return redirect(comment)
    context = {"consultation": consultation, "study": consultation.version.study, "form": form}
    return render(request, "impact/consultation/comment_form.html", context)


@GET_POST
@login_required
@once_per_submission
def comment_reply(request, pk: int, comment_pk: int):
    comment = access.get_comment_for_replier(request.user, pk, comment_pk)
    form = _bound(ReplyForm, request)
    if form.is_bound and form.is_valid():
        try:
            reply = actions.comment_reply(actor=request.user, parent=comment, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("Votre réponse est publiée."))
            return redirect(reply)
    return _comment_page(request, comment, form, "impact/consultation/reply_form.html")


@GET_POST
@login_required
def comment_edit(request, pk: int, comment_pk: int):
    comment = access.get_comment_for_author(request.user, pk, comment_pk)
    initial = {"body": comment.body}
    form = _bound(CommentEditForm, request, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            actions.comment_edit(actor=request.user, comment=comment, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("Le texte est modifié."))
            return redirect(comment)
    return _comment_page(request, comment, form, "impact/consultation/edit_form.html")


@GET_POST
@login_required
@once_per_submission
def comment_answer(request, pk: int, comment_pk: int):
    comment = access.get_comment_for_manager(request.user, pk, comment_pk)
    initial = {
        "status": comment.status if comment.is_answered else None,
        "answer": comment.answer,
        "decline_reason": comment.decline_reason,
    }
    form = _bound(AnswerForm, request, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            actions.comment_answer(actor=request.user, comment=comment, **form.cleaned_data)
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("La réponse est enregistrée ; son auteur est prévenu."))
            return redirect(comment)
    return _comment_page(request, comment, form, "impact/consultation/answer_form.html")


def _comment_page(request, comment, form, template: str):
    """A form page about one comment, the comment shown as its readers see it."""
    named = access.can_see_delegate_names(request.user)
    comment.author_label = selectors.author_label(comment.author, comment.author_union, named=named)
    context = {
        "consultation": comment.consultation,
        "study": comment.consultation.version.study,
        "comment": comment,
        "form": form,
    }
    return render(request, template, context)


@require_POST
@login_required
def comment_addressed(request, pk: int, comment_pk: int):
    comment = access.get_comment_for_manager(request.user, pk, comment_pk)
    addressed = request.POST.get("addressed") == "yes"
    try:
        actions.comment_set_addressed(actor=request.user, comment=comment, addressed=addressed)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Le commentaire est marqué « pris en compte »")
            if addressed
            else _("Le commentaire est marqué « non pris en compte »"),
        )
    return _redirect_back(request, comment.get_absolute_url())


@require_POST
@login_required
@once_per_submission
def consultation_extend(request, pk: int):
    """Postpone the deadline (administrators); errors come back as a message on the page."""
    consultation = access.get_consultation_for_manager(request.user, pk)
    form = ConsultationExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez une date limite valide, par exemple 31/12/2026."))
        return redirect(consultation)
    try:
        actions.consultation_extend(
            actor=request.user, consultation=consultation, deadline=form.cleaned_data["deadline"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("La date limite est reportée au %(date)s ; les représentants sont prévenus.")
            % {"date": date_format(form.cleaned_data["deadline"], "DATE_FORMAT")},
        )
    return redirect(consultation)


@require_POST
@login_required
def consultation_close(request, pk: int):
    consultation = access.get_consultation_for_manager(request.user, pk)
    try:
        actions.consultation_close(actor=request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La consultation est close."))
    return redirect(consultation)


@GET_POST
@login_required
@once_per_submission
def opinion_record(request, pk: int):
    consultation = access.get_consultation_for_opinion(request.user, pk)
    current = consultation.opinions.filter(union=request.user.union).first()
    initial = {"stance": current.stance, "reasoning": current.reasoning} if current else {}
    form = _bound(OpinionForm, request, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            actions.opinion_record(
                actor=request.user, consultation=consultation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_action_error(error)
        else:
            messages.success(request, _("L'avis de votre organisation syndicale est enregistré."))
            return redirect(f"{consultation.get_absolute_url()}#avis")
    context = {
        "consultation": consultation,
        "study": consultation.version.study,
        "form": form,
        "current": current,
    }
    return render(request, "impact/consultation/opinion_form.html", context)


@GET_POST
@login_required
def naming_consent(request):
    access.require_delegate(request.user)
    initial = {"consents": request.user.consents_to_be_named}
    form = _bound(ConsentForm, request, initial=initial)
    if form.is_bound and form.is_valid():
        actions.naming_consent_update(actor=request.user, consents=form.cleaned_data["consents"])
        messages.success(request, _("Votre choix est enregistré."))
        return _redirect_back(request, request.path)
    return render(request, "impact/consultation/consent_form.html", {"form": form})


def _redirect_back(request, default: str):
    """Back to the page named by ``next`` when it is on this site, else to ``default``."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe and target else default)
