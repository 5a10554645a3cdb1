"""Forms of the inventory pages. On a draft save they only check types; the rules of a
complete inventory are checked on submit by ``surveys.validation``."""

from decimal import Decimal

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from services.web.forms import PersonalDataCheckMixin
from services.web.ids import ModelIdChoiceField
from surveys.models import DataClass, ExposureClass, IntensityStep, InventoryTask
from surveys.task_types import load_task_types

YES_NO = [("yes", _("Oui")), ("no", _("Non"))]
# The justification is printed in every study of the service (table of changed defaults):
# bounded like the other texts people type, so that no study takes minutes to lay out.
JUSTIFICATION_MAX_LENGTH = 5000


class RevisionForm(forms.Form):
    """Carries the revision the page was drawn from, to refuse a stale overwrite."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _question_field(question: dict) -> forms.Field:
    kind = question["type"]
    common = {"label": question["label"], "required": False, "help_text": question.get("help", "")}
    if kind == "single_choice":
        return forms.ChoiceField(choices=question["choices"], widget=forms.RadioSelect, **common)
    if kind == "multiple_choice":
        return forms.MultipleChoiceField(
            choices=question["choices"], widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == "number":
        return forms.IntegerField(min_value=question.get("min"), max_value=10**9, **common)
    if kind == "percentage":
        return forms.DecimalField(
            min_value=Decimal(0), max_value=Decimal(100), decimal_places=1, **common
        )
    if kind == "yes_no":
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == "long_text":
        return forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 4}), **common)
    return forms.CharField(max_length=500, **common)


class SectionForm(PersonalDataCheckMixin, RevisionForm):
    """The questions of one section, built from the questionnaire definition; its free-text
    answers (short and long texts) go through the personal-data check."""

    def personal_data_field_names(self) -> tuple[str, ...]:
        return tuple(name for name, field in self.fields.items() if type(field) is forms.CharField)

    def __init__(self, *args, section: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        for question in section["questions"]:
            if question["type"] != "task_grid":
                self.fields[question["key"]] = _question_field(question)

    @classmethod
    def checked(cls, *, section: dict, answers: dict, revision: int, problems) -> "SectionForm":
        """A form bound to the stored answers, showing each submit problem next to its field."""
        data = MultiValueDict({"revision": [revision]})
        for key, value in answers.items():
            data.setlist(key, value if isinstance(value, list) else [value])
        # Bound to the stored answers as their initial values: stored texts, checked when they
        # were saved, are not flagged again by the personal-data check.
        form = cls(data, section=section, initial=answers)
        form.is_valid()
        for problem in problems:
            if problem.field in form.fields:
                form.add_error(problem.field, problem.message)
        return form

    def answers(self) -> dict:
        """The cleaned answers as JSON-ready values; empty answers are dropped."""
        result = {}
        for key, value in self.cleaned_data.items():
            if key == "revision" or value in (None, "", []):
                continue
            result[key] = float(value) if isinstance(value, Decimal) else value
        return result


def task_type_choices() -> list[tuple[str, str]]:
    return [("", _("— choisir —"))] + [(t.code, t.label) for t in load_task_types()]


class TaskForm(PersonalDataCheckMixin, forms.ModelForm):
    """One row of a role's task grid. Blank class and intensity mean "the type's default"."""

    personal_data_fields = ("description", "justification")

    class Meta:
        model = InventoryTask
        fields = [
            "description",
            "time_share",
            "task_type",
            "data_class",
            "accountable",
            "exposure",
            "intensity",
            "justification",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = False
        self.fields["justification"] = InventoryTask._meta.get_field("justification").formfield(
            max_length=JUSTIFICATION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
        )
        self.fields["task_type"] = forms.ChoiceField(
            label=_("Type de tâche"), choices=task_type_choices(), required=False
        )
        self.fields["data_class"].choices = [("", _("— choisir —")), *DataClass.choices]
        self.fields["exposure"].choices = [
            ("", _("Valeur par défaut du type")),
            *ExposureClass.choices,
        ]
        self.fields["intensity"].choices = [
            ("", _("Valeur par défaut du type")),
            *IntensityStep.choices,
        ]
        self.fields["intensity"].help_text = _(
            "Part de la tâche que l'IA générative pourrait réaliser, par tranche de 10 %."
        )

    def has_content(self) -> bool:
        """False for a row left entirely blank, which is dropped on save."""
        data = self.cleaned_data
        return any(
            data.get(name) not in (None, "", False)
            for name in ("description", "time_share", "task_type", "data_class", "justification")
        )


TASK_GONE = _(
    "Cette tâche n’existe plus (elle a peut-être été enregistrée entre-temps dans un autre "
    "onglet) : rechargez la page pour voir les tâches enregistrées."
)


class BaseTaskFormSet(forms.BaseModelFormSet):
    """The hidden id of each row names one of this role's tasks, parsed as every id is."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        form.fields[name] = ModelIdChoiceField(
            self.get_queryset(),
            initial=form.fields[name].initial,
            required=False,  # Django makes it required on the rows of existing tasks
            widget=forms.HiddenInput,
            error_messages={"invalid_choice": TASK_GONE, "required": TASK_GONE},
        )


TaskFormSet = forms.modelformset_factory(
    InventoryTask,
    form=TaskForm,
    formset=BaseTaskFormSet,
    extra=3,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


class AddRoleForm(PersonalDataCheckMixin, forms.Form):
    personal_data_fields = ("title", "note")
    title = forms.CharField(label=_("Intitulé du poste"), max_length=200)
    headcount = forms.IntegerField(label=_("Effectif"), min_value=0, max_value=100000)
    fte = forms.DecimalField(label=_("ETP"), min_value=Decimal(0), max_digits=8, decimal_places=2)
    note = forms.CharField(
        label=_("Pourquoi ce poste manque-t-il à l'organigramme ?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(PersonalDataCheckMixin, forms.Form):
    personal_data_fields = ("comment",)
    comment = forms.CharField(
        label=_("Ce qui est à corriger"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Le chef de service verra ce commentaire sur son état des lieux."),
    )
