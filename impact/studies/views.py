"""Study pages: list and request, a study's versions and job, download, comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from impact.studies import actions
from impact.studies import diff as study_diff
from impact.studies.forms import CompareForm, StudyRequestForm
from services import access
from services.web.submissions import once_per_submission


@require_safe
@login_required
def study_list(request):
    access.require_organisation_reader(request.user)
    studies = access.visible_studies(request.user).prefetch_related("versions")
    can_request = access.is_administrator(request.user) or access.is_head(request.user)
    form = StudyRequestForm(user=request.user) if can_request else None
    return render(request, "impact/study_list.html", {"studies": studies, "form": form})


@require_POST
@login_required
@once_per_submission
def study_request(request):
    access.require_organisation_reader(request.user)
    form = StudyRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        studies = access.visible_studies(request.user)
        return render(request, "impact/study_list.html", {"studies": studies, "form": form})
    job = actions.study_request(actor=request.user, **form.cleaned_data)
    messages.success(
        request, _("La génération de l'étude est demandée ; suivez son avancement ci-dessous.")
    )
    return redirect(job.study)


def _latest_job(study):
    return study.jobs.select_related("version").first()


def _withheld_message(version) -> str:
    return _("La version %(number)s a été produite avant que les études regroupent les petits "
             "effectifs : elle peut nommer un poste de moins de trois agents, et seuls les "
             "administrateurs peuvent la lire. Demandez-leur d'en générer une nouvelle "
             "version.") % {"number": version.number}  # fmt: skip


def _readable_versions(study, user) -> list:
    """The study's versions, each marked ``withheld`` when ``user`` may not read it."""
    versions = list(study.versions.select_related("requested_by"))
    for version in versions:
        version.withheld = not access.can_read_study_version(user, version)
    return versions


def _job_context(job) -> dict:
    """What the job card says: its row, and whether it waits for a broker that is down."""
    waits = job is not None and actions.study_job_waits_for_broker(job)
    return {"job": job, "job_waits": actions.broker_down_message() if waits else ""}


@require_safe
@login_required
def study_detail(request, pk: int):
    study = access.get_study_for_user(request.user, pk)
    context = {
        "study": study,
        "versions": _readable_versions(study, request.user),
        **_job_context(_latest_job(study)),
        "can_request": access.can_request_study(request.user, study.scope, study.service),
        "compare_form": CompareForm(),
    }
    return render(request, "impact/study_detail.html", context)


@require_safe
@login_required
def study_job_status(request, pk: int, job_pk: int):
    job = access.get_study_job_for_user(request.user, pk, job_pk)
    context = {"study": job.study, **_job_context(job), "can_request": access.can_request_study(
        request.user, job.study.scope, job.study.service)}  # fmt: skip
    return render(request, "impact/_study_job.html", context)


@require_POST
@login_required
@once_per_submission
def study_job_retry(request, pk: int, job_pk: int):
    study = access.get_rw_study_for_user(request.user, pk)
    job = access.get_study_job_for_user(request.user, pk, job_pk)
    try:
        actions.study_job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La génération est relancée."))
    return redirect(study)


@require_POST
@login_required
@once_per_submission
def study_regenerate(request, pk: int):
    study = access.get_rw_study_for_user(request.user, pk)
    actions.study_request(
        actor=request.user, campaign=study.campaign, scope=study.scope,
        directorate=study.directorate, service=study.service,
    )  # fmt: skip
    messages.success(request, _("Une nouvelle version est demandée."))
    return redirect(study)


@require_safe
@login_required
def study_version_download(request, pk: int, number: int):
    version = access.get_study_version_for_user(request.user, pk, number)
    if not access.can_read_study_version(request.user, version):
        messages.error(request, _withheld_message(version))
        return redirect(version.study)
    try:
        handle = version.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    filename = f"etude-impact-{version.study_id}-v{version.number}.pdf"
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


@require_safe
@login_required
def study_compare(request, pk: int):
    study = access.get_study_for_user(request.user, pk)
    form = CompareForm(request.GET or None)
    diff = old = new = None
    if form.is_valid():
        versions = {v.number: v for v in study.versions.filter(
            number__in=[form.cleaned_data["old"], form.cleaned_data["new"]])}  # fmt: skip
        old, new = versions.get(form.cleaned_data["old"]), versions.get(form.cleaned_data["new"])
        if old is None or new is None:
            form.add_error(None, _("Ces versions n'existent pas pour cette étude."))
        elif withheld := [v for v in (old, new) if not access.can_read_study_version(
                request.user, v)]:  # fmt: skip
            form.add_error(None, _withheld_message(withheld[0]))
            old = new = None
        else:
            diff = study_diff.compare_snapshots(old.snapshot, new.snapshot)
    context = {"study": study, "form": form, "diff": diff, "old": old, "new": new}
    return render(request, "impact/study_compare.html", context)
