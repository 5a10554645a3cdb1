"""Inventory pages: the head's list, the read view, the section and task forms, submit, review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from services import access
from services.web.database import DATABASE_ERRORS, UNSAVED_MESSAGE, drop_failed_connections
from services.web.ids import parse_id
from services.web.submissions import once_per_submission
from surveys import selectors
from surveys.actions import inventories as actions
from surveys.forms.inventories import (
    AddRoleForm,
    ReturnForm,
    RevisionForm,
    SectionForm,
    TaskFormSet,
)
from surveys.models import InventoryTask
from surveys.validation import GRID_SECTION, answer_problems, task_problems

STALE_MESSAGE = gettext_lazy(
    "Quelqu'un a enregistré cet état des lieux pendant que vous le modifiiez. Rien n'a été "
    "écrasé : votre saisie est conservée ci-dessous. Ouvrez la page dans un autre onglet pour "
    "voir la version enregistrée ; si vous enregistrez à nouveau, votre saisie la remplacera."
)


def _stale(request, form, inventory) -> None:
    """Keep the user's input and let a second, deliberate save replace the newer version."""
    messages.error(request, STALE_MESSAGE)
    inventory.refresh_from_db(fields=["revision"])
    form.data = form.data.copy()
    form.data[form.add_prefix("revision")] = inventory.revision


def _database_lost(request, inventory) -> None:
    """The save failed with the database: nothing was written (its transaction is lost), the
    page is drawn again with the user's input. If the database is still down, drawing it fails
    too and DatabaseUnavailableMiddleware answers 503."""
    drop_failed_connections()
    messages.error(request, UNSAVED_MESSAGE)
    inventory.refresh_from_db()  # the action may have changed it in memory before failing


def _read_only_redirect(request, inventory):
    messages.info(
        request,
        _("Cet état des lieux est %(status)s : il n'est plus modifiable.")
        % {"status": inventory.get_status_display().lower()},
    )
    return redirect(inventory)


@require_safe
@login_required
def inventory_list(request):
    access.require_organisation_reader(request.user)
    return render(
        request,
        "surveys/inventory_list.html",
        {"inventories": selectors.inventory_list_for(request.user)},
    )


@require_safe
@login_required
def inventory_detail(request, pk: int):
    inventory = access.get_inventory_for_user(request.user, pk)
    context = selectors.inventory_page(inventory, request.user)
    context["problems"] = request.session.pop(f"inventory-{pk}-problems", None)
    return render(request, "surveys/inventory_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def inventory_section_edit(request, pk: int, section: str):
    inventory = access.get_rw_inventory_for_user(request.user, pk)
    definition = inventory.campaign.questionnaire.section(section)
    if definition is None:
        raise Http404
    if section == GRID_SECTION:
        return redirect("surveys-inventory-roles", pk=pk)
    if not inventory.is_editable:
        return _read_only_redirect(request, inventory)
    form = _section_form(request, inventory, definition)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.inventory_save_section(
                actor=request.user,
                inventory=inventory,
                section_key=section,
                answers=form.answers(),
                revision=form.cleaned_data["revision"],
            )
        except actions.StaleInventoryError:
            _stale(request, form, inventory)
        except DATABASE_ERRORS:
            _database_lost(request, inventory)
            status = 503
        else:
            messages.success(request, _("Brouillon enregistré."))
            return redirect(selectors.next_step_url(inventory, section))
    context = selectors.inventory_nav(inventory, section) | {"form": form, "section": definition}
    return render(request, "surveys/inventory_section.html", context, status=status)


def _section_form(request, inventory, definition) -> SectionForm:
    """The section form: posted data, or the stored answers (checked after a failed submit)."""
    stored = inventory.answers.get(definition["key"], {})
    if request.method == "POST":
        # The stored answers as initial values: only texts the head changed are checked for
        # personal data (a confirmed false alarm is not flagged again on the next save).
        return SectionForm(request.POST, section=definition, initial=stored)
    if request.GET.get("verifier"):
        problems = answer_problems(inventory.campaign.questionnaire, inventory.answers)
        return SectionForm.checked(
            section=definition,
            answers=stored,
            revision=inventory.revision,
            problems=[p for p in problems if p.section == definition["key"]],
        )
    return SectionForm(section=definition, initial={"revision": inventory.revision, **stored})


@require_http_methods(["GET", "POST"])
@login_required
@once_per_submission
def inventory_roles(request, pk: int):
    inventory = access.get_rw_inventory_for_user(request.user, pk)
    if not inventory.is_editable:
        return _read_only_redirect(request, inventory)
    add_form = AddRoleForm(request.POST if request.POST.get("op") == "add" else None)
    revision = RevisionForm(request.POST or None)
    status = 200
    if request.method == "POST" and revision.is_valid():
        try:
            done = _roles_post(request, inventory, add_form, revision.cleaned_data["revision"])
        except actions.StaleInventoryError:
            _stale(request, revision, inventory)
        except ValidationError as error:
            add_form.add_error(None, error)
        except DATABASE_ERRORS:
            _database_lost(request, inventory)
            status = 503
        else:
            if done:
                return redirect("surveys-inventory-roles", pk=pk)
    context = selectors.inventory_nav(inventory, GRID_SECTION) | {
        "add_form": add_form,
        "roles": selectors.role_summaries(inventory),
    }
    return render(request, "surveys/inventory_roles.html", context, status=status)


def _roles_post(request, inventory, add_form, revision: int) -> bool:
    """Apply the add-role or mark-role form; False when the add form has errors."""
    if request.POST.get("op") == "add":
        if not add_form.is_valid():
            return False
        role = actions.inventory_add_role(
            actor=request.user, inventory=inventory, revision=revision, **add_form.cleaned_data
        )
        messages.success(
            request, _("Poste « %s » ajouté ; le pilote en sera informé.") % role.title
        )
        return True
    role = get_object_or_404(inventory.roles, pk=parse_id(request.POST.get("role")))
    exists = request.POST.get("op") == "restore"
    actions.inventory_set_role_exists(
        actor=request.user, inventory=inventory, role=role, exists=exists, revision=revision
    )
    messages.success(request, _("Poste « %s » mis à jour.") % role.title)
    return True


@require_http_methods(["GET", "POST"])
@login_required
def inventory_role_tasks(request, pk: int, role_pk: int):
    inventory = access.get_rw_inventory_for_user(request.user, pk)
    role = get_object_or_404(inventory.roles, pk=role_pk)
    if not inventory.is_editable:
        return _read_only_redirect(request, inventory)
    queryset = InventoryTask.objects.filter(inventory_role=role).order_by("position", "pk")
    formset = TaskFormSet(request.POST or None, queryset=queryset, prefix="tasks")
    revision = RevisionForm(request.POST or None, initial={"revision": inventory.revision})
    status = 200
    if request.method == "POST" and formset.is_valid() and revision.is_valid():
        try:
            actions.inventory_save_role_tasks(
                actor=request.user,
                inventory=inventory,
                role=role,
                tasks=selectors.task_rows(formset),
                revision=revision.cleaned_data["revision"],
            )
        except actions.StaleInventoryError:
            _stale(request, revision, inventory)
        except DATABASE_ERRORS:
            _database_lost(request, inventory)
            status = 503
        else:
            messages.success(request, _("Tâches de « %s » enregistrées.") % role.title)
            return redirect("surveys-inventory-roles", pk=pk)
    context = selectors.inventory_nav(inventory, GRID_SECTION) | {
        "role": role,
        "formset": formset,
        "revision_form": revision,
        "task_types": selectors.task_type_rows(),
        "problems": task_problems(role) if request.GET.get("verifier") else [],
    }
    return render(request, "surveys/inventory_role_tasks.html", context, status=status)


@require_POST
@login_required
def inventory_submit(request, pk: int):
    inventory = access.get_rw_inventory_for_user(request.user, pk)
    revision = RevisionForm(request.POST)
    if not revision.is_valid() or not inventory.is_editable:
        return _read_only_redirect(request, inventory)
    try:
        actions.inventory_submit(
            actor=request.user, inventory=inventory, revision=revision.cleaned_data["revision"]
        )
    except actions.StaleInventoryError:
        messages.error(request, STALE_MESSAGE)
    except actions.InventoryIncompleteError as error:
        request.session[f"inventory-{pk}-problems"] = selectors.problems_for_session(error.problems)
        messages.error(
            request, _("L'état des lieux n'a pas été soumis : corrigez les points listés.")
        )
    else:
        messages.success(request, _("État des lieux soumis au pilote. Merci !"))
    return redirect(inventory)


@require_http_methods(["GET", "POST"])
@login_required
def inventory_review(request, pk: int):
    inventory = access.get_inventory_for_reviewer(request.user, pk)
    form = ReturnForm(request.POST if request.POST.get("op") == "return" else None)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "validate":
                actions.inventory_validate(actor=request.user, inventory=inventory)
                messages.success(request, _("État des lieux validé."))
                return redirect(inventory)
            if form.is_valid():
                actions.inventory_return(
                    actor=request.user, inventory=inventory, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("État des lieux renvoyé au chef de service."))
                return redirect(inventory)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    context = selectors.inventory_page(inventory, request.user) | {"return_form": form}
    return render(request, "surveys/inventory_review.html", context)
