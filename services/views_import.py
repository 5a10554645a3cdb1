"""Upload page for the organisation chart: the same code path as ``manage.py import_org``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from services import access, actions
from services.forms import OrgImportForm
from services.web.submissions import once_per_submission


@require_http_methods(["GET", "POST"])
@login_required
@once_per_submission
def org_import(request):
    access.require_organisation_manager(request.user)
    form = (
        OrgImportForm(request.POST, request.FILES) if request.method == "POST" else OrgImportForm()
    )
    report = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        report = actions.org_chart_import(
            content=upload.read(), filename=upload.name, dry_run=form.cleaned_data["dry_run"]
        )
        if report.ok and not report.dry_run:
            messages.success(request, _("L'organigramme a été importé."))
        elif report.ok:
            messages.info(request, _("Le fichier est valide ; rien n'a été enregistré."))
        else:
            messages.error(request, _("Le fichier contient des erreurs : rien n'a été importé."))
    return render(request, "services/org_import.html", {"form": form, "report": report})
