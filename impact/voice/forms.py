"""The forms of the agents' survey: the agent's answer, the survey settings, the codes.

The agent's form is one page that works without JavaScript: for each task of the role as
the head described it, "do you do it?", its share of the agent's time (ten steps), and the
decision tree in plain words (three yes/no questions, asked in order; the first "yes" gives
the class, as in docs/methodology.md §9), then the share an assistant could do. The agent
may add up to ``ADDED_TASKS`` tasks the head forgot.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impact.voice.models import Does, Frequency, ToolKind
from services.web import personal_data
from services.web.forms import CONFIRM_FIELD, ActionErrorsMixin, DateInput, PersonalDataCheckMixin
from surveys.forms.inventories import task_type_choices
from surveys.models import ExposureClass, IntensityStep

ADDED_TASKS = 3
TEXT_MAX_LENGTH = 2000
YES_NO = [("yes", _("Oui")), ("no", _("Non"))]
# The ten steps of a share of working time, stored as their midpoints (as the intensity).
TIME_STEPS = [(step.value, step.label) for step in IntensityStep]
DATA_CHOICES = [
    ("D0", _("Des informations publiques")),
    ("D1", _("Des documents internes, sans données personnelles")),
    ("D2", _("Des données personnelles (nom, adresse, dossier d'un usager…)")),
    ("D3", _("Des données sensibles (santé, social, infractions, mineurs)")),
    ("D4", _("Des secrets protégés (médical, police, actes scellés)")),
    ("unknown", _("Je ne sais pas")),
]
TREE = {
    "q1": _(
        "Cette tâche est-elle surtout un travail physique, un soin ou une présence auprès des "
        "personnes, ou une décision que vous signez ou dont vous répondez ?"
    ),
    "q2": _(
        "Un assistant d'IA générale (comme ChatGPT), sans accès aux logiciels de la ville, "
        "ferait-il gagner au moins la moitié du temps de cette tâche, avec la même qualité ?"
    ),
    "q3": _(
        "Et s'il avait accès aux documents et aux logiciels de la ville (dossiers, "
        "délibérations, logiciel métier) ?"
    ),
}
INTENSITY_QUESTION = _("Quelle part de cette tâche un tel assistant pourrait-il faire ?")
TIME_QUESTION = _("Quelle part de votre temps de travail cette tâche prend-elle ?")


def tree_class(q1: str, q2: str, q3: str) -> tuple[str | None, str | None]:
    """The class the answers give, or (None, the first question left unanswered)."""
    if not q1:
        return None, "q1"
    if q1 == "yes":
        return ExposureClass.E0, None
    if not q2:
        return None, "q2"
    if q2 == "yes":
        return ExposureClass.E1, None
    if not q3:
        return None, "q3"
    return (ExposureClass.E2 if q3 == "yes" else ExposureClass.E0), None


def _radio(label, choices, required=False):
    return forms.ChoiceField(
        label=label, choices=choices, required=required, widget=forms.RadioSelect
    )


def _select(label, choices):
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False)


def _text(label, max_length=TEXT_MAX_LENGTH, rows=3):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
    )


class AgentAnswerForm(PersonalDataCheckMixin, forms.Form):
    """One agent's answer for ``tasks`` (the head's tasks of the role) and ``tools``; the free
    texts go through the personal-data check (``services.web.forms``)."""

    personal_data_reason = _("Vos réponses portent sur votre travail, pas sur des personnes.")

    uses_ai = _radio(
        _("Utilisez-vous déjà l'IA générative (ChatGPT, Copilot, Mistral…) pour votre travail ?"),
        YES_NO,
    )
    frequency = _select(
        _("À quelle fréquence ?"), [c for c in Frequency.choices if c[0] != "never"]
    )
    tool_kinds = forms.MultipleChoiceField(
        label=_("Avec quels autres outils ?"),
        choices=[
            (ToolKind.CONSUMER, ToolKind.CONSUMER.label),
            (ToolKind.OTHER, ToolKind.OTHER.label),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tools_other = forms.CharField(label=_("Lequel ?"), required=False, max_length=200)
    data_classes = forms.MultipleChoiceField(
        label=_("Quelles informations y mettez-vous ?"),
        choices=DATA_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    concerns = _text(_("Ce qui vous inquiète dans l'arrivée de l'IA générative dans votre travail"))
    training = _text(_("Les formations qui vous seraient utiles"))

    def __init__(self, *args, tasks, tools: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = list(tasks)
        self.fields["city_tools"] = forms.MultipleChoiceField(
            label=_("Avec quels outils fournis par la collectivité ?"),
            choices=[(name, name) for name in tools],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if not tools:
            self.fields["city_tools"].widget = forms.MultipleHiddenInput()
        self.fields["ai_task_ids"] = forms.MultipleChoiceField(
            label=_("Pour quelles tâches ?"),
            choices=[(str(task.pk), task.description) for task in self.tasks],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        for task in self.tasks:
            prefix = f"t{task.pk}_"
            self.fields[prefix + "does"] = _radio(_("Faites-vous cette tâche ?"), Does.choices)
            self._add_task_fields(prefix)
        types = task_type_choices()
        for number in range(1, ADDED_TASKS + 1):
            prefix = f"n{number}_"
            self.fields[prefix + "description"] = forms.CharField(
                label=_("Quelle tâche ?"), required=False, max_length=500
            )
            self.fields[prefix + "task_type"] = forms.ChoiceField(
                label=_("Elle ressemble à"), choices=types, required=False
            )
            self._add_task_fields(prefix)

    def _add_task_fields(self, prefix: str) -> None:
        self.fields[prefix + "time"] = _select(TIME_QUESTION, TIME_STEPS)
        for key, question in TREE.items():
            self.fields[prefix + key] = _radio(question, YES_NO)
        self.fields[prefix + "intensity"] = _select(INTENSITY_QUESTION, TIME_STEPS)

    def personal_data_field_names(self) -> tuple[str, ...]:
        added = tuple(f"n{number}_description" for number in range(1, ADDED_TASKS + 1))
        return ("concerns", "training", "tools_other", *added)

    def unconfirmed_personal_data(self) -> dict[str, list]:
        """The free texts, as typed, that seem to hold personal data, unless the writer ticked
        the confirmation (checked before anything is stored, drafts included)."""
        if self.data.get(self.add_prefix(CONFIRM_FIELD)):
            return {}
        found = {}
        for name in self.personal_data_field_names():
            value = str(self.data.get(self.add_prefix(name), "")).replace("\x00", "")
            if value.strip() and (findings := personal_data.find_personal_data(value)):
                found[name] = findings
        return found

    def show_only_personal_data_errors(self) -> None:
        """Validate, then keep only the personal-data errors: a draft is not refused for the
        answers it still lacks."""
        self.full_clean()
        kept = set(self.unconfirmed_personal_data())
        for name in list(self._errors):
            if name not in kept:
                del self._errors[name]

    # --- what the template shows --------------------------------------------------------

    def _block(self, prefix: str, names) -> dict:
        return {name: self[prefix + name] for name in names}

    @property
    def task_blocks(self) -> list[dict]:
        names = ("does", "time", "q1", "q2", "q3", "intensity")
        return [{"task": task, **self._block(f"t{task.pk}_", names)} for task in self.tasks]

    @property
    def added_blocks(self) -> list[dict]:
        names = ("description", "task_type", "time", "q1", "q2", "q3", "intensity")
        return [
            {"number": number, **self._block(f"n{number}_", names)}
            for number in range(1, ADDED_TASKS + 1)
        ]

    # --- drafts -------------------------------------------------------------------------

    def draft(self) -> dict:
        """What was typed, field by field, kept as a draft (no validation beyond lengths)."""
        data: dict = {}
        for name, field in self.fields.items():
            if name == CONFIRM_FIELD:
                continue
            if isinstance(field, forms.MultipleChoiceField):
                allowed = {str(value) for value, _label in field.choices}
                values = [v for v in self.data.getlist(name) if v in allowed][:200]
                if values:
                    data[name] = values
            else:
                limit = getattr(field, "max_length", None) or 20
                # No NUL byte (PostgreSQL refuses it in JSON); the form's own check reports it.
                value = str(self.data.get(name, "")).replace("\x00", "")[:limit]
                if value:
                    data[name] = value
        return data

    # --- submission ---------------------------------------------------------------------

    def _task(self, prefix: str, required: bool) -> dict | None:
        data = self.cleaned_data
        time, intensity = data.get(prefix + "time"), data.get(prefix + "intensity")
        exposure, missing = tree_class(*(data.get(prefix + key) for key in TREE))
        if not required and not (time or exposure or missing != "q1"):
            return None
        if not time:
            self.add_error(prefix + "time", _("Indiquez la part de votre temps."))
        if missing:
            self.add_error(prefix + missing, _("Répondez à cette question."))
        if exposure in {ExposureClass.E1, ExposureClass.E2} and not intensity:
            self.add_error(
                prefix + "intensity", _("Indiquez la part que l'assistant pourrait faire.")
            )
        return {
            "time_share": time,
            "exposure": exposure or "",
            "intensity": intensity if exposure != ExposureClass.E0 else "",
        }

    def clean(self):
        data = super().clean()
        tasks = []
        for task in self.tasks:
            prefix = f"t{task.pk}_"
            does = data.get(prefix + "does")
            if not does:
                self.add_error(prefix + "does", _("Dites si vous faites cette tâche."))
                continue
            if does == Does.NO:
                tasks.append({"task_id": task.pk, "does": does})
                continue
            answer = self._task(prefix, required=True)
            tasks.append({"task_id": task.pk, "does": does, **answer})
        for number in range(1, ADDED_TASKS + 1):
            prefix = f"n{number}_"
            description = (data.get(prefix + "description") or "").strip()
            answer = self._task(prefix, required=bool(description))
            if answer is None:
                continue
            if not description:
                self.add_error(prefix + "description", _("Décrivez la tâche en quelques mots."))
            tasks.append(
                {
                    "description": description,
                    "task_type": data.get(prefix + "task_type", ""),
                    **answer,
                }
            )
        if not data.get("uses_ai"):
            self.add_error("uses_ai", _("Répondez à cette question."))
        elif data["uses_ai"] == "yes":
            if not data.get("frequency"):
                self.add_error("frequency", _("Indiquez à quelle fréquence."))
            if not (data.get("city_tools") or data.get("tool_kinds")):
                self.add_error("tool_kinds", _("Indiquez au moins un outil."))
            if ToolKind.OTHER in (data.get("tool_kinds") or []) and not data.get("tools_other"):
                self.add_error("tools_other", _("Nommez l'outil."))
        data["tasks"] = tasks
        return data

    def answer(self) -> dict:
        """The answer as ``actions.agent_answer_submit`` stores it."""
        data = self.cleaned_data
        uses_ai = data["uses_ai"] == "yes"
        return {
            "uses_ai": uses_ai,
            "frequency": data.get("frequency", "") if uses_ai else Frequency.NEVER,
            "city_tools": data.get("city_tools", []) if uses_ai else [],
            "tool_kinds": data.get("tool_kinds", []) if uses_ai else [],
            "tools_other": data.get("tools_other", "") if uses_ai else "",
            "ai_task_ids": [int(pk) for pk in data.get("ai_task_ids", [])] if uses_ai else [],
            "data_classes": data.get("data_classes", []) if uses_ai else [],
            "concerns": data.get("concerns", ""),
            "training": data.get("training", ""),
            "tasks": list(data["tasks"]),
        }


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Votre code"),
        max_length=20,
        help_text=_("Dix lettres et chiffres, par exemple K7QX3-MTR9P."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AgentSurveyForm(ActionErrorsMixin, forms.Form):
    enabled = forms.BooleanField(label=_("Enquête activée"), required=False, initial=True)
    opens_on = forms.DateField(label=_("Ouverture"), widget=DateInput())
    closes_on = forms.DateField(label=_("Clôture"), widget=DateInput())
    tools = forms.CharField(
        label=_("Outils d'IA générative fournis par la collectivité"),
        help_text=_("Un par ligne. Les agents les retrouvent dans la liste des outils."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("La clôture doit suivre l'ouverture."))
        return data

    @classmethod
    def initial_for(cls, survey, campaign) -> dict:
        if survey is not None:
            return {
                "enabled": survey.enabled,
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "tools": survey.tools,
            }
        today = timezone.localdate()
        return {
            "enabled": True,
            "opens_on": today,
            "closes_on": max(campaign.closes_on, today) + datetime.timedelta(days=14),
        }


class AddressesForm(ActionErrorsMixin, forms.Form):
    addresses = forms.CharField(
        label=_("Adresses électroniques des agents du poste"),
        help_text=_(
            "Une par ligne. Chaque adresse reçoit un code différent ; la liste sert à cet envoi "
            "seulement : elle n'est enregistrée nulle part."
        ),
        max_length=40000,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
    )
