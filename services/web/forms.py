"""Form helpers shared by every app: a date widget, an action's errors next to their fields,
and the personal-data check of free texts."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from services.web import personal_data


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActionErrorsMixin:
    """Show an action's refusal next to the field it names, or above the form."""

    def add_action_error(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)


CONFIRM_FIELD = "confirm_personal_data"
# The longest piece of matched text quoted back in a message.
QUOTED_MAX_CHARS = 60

NAME_CHECK_OFF = _(
    "La vérification des noms de personnes est désactivée sur ce serveur : seules les "
    "adresses, numéros et dates sont repérés."
)
INVENTORY_REASON = _("Les états des lieux portent sur des postes, pas sur des personnes.")
REMOVE_OR_CONFIRM = _(
    "Retirez-la du texte, ou cochez la case de confirmation si c'est une fausse alerte."
)


def _quoted(findings: list) -> str:
    texts = dict.fromkeys(f.text[:QUOTED_MAX_CHARS] for f in findings)  # once each, in order
    return ", ".join(f"« {text} »" for text in texts)


def _kind_sentence(kind: str, findings: list) -> str:
    count = len({f.text for f in findings})
    quoted = _quoted(findings)
    sentences = {
        "name": ngettext(
            "Ce texte semble contenir le nom d'une personne : %(found)s.",
            "Ce texte semble contenir des noms de personnes : %(found)s.",
            count,
        ),
        "email": ngettext(
            "Ce texte semble contenir une adresse électronique : %(found)s.",
            "Ce texte semble contenir des adresses électroniques : %(found)s.",
            count,
        ),
        "phone": ngettext(
            "Ce texte semble contenir un numéro de téléphone : %(found)s.",
            "Ce texte semble contenir des numéros de téléphone : %(found)s.",
            count,
        ),
        "nir": ngettext(
            "Ce texte semble contenir un numéro de sécurité sociale : %(found)s.",
            "Ce texte semble contenir des numéros de sécurité sociale : %(found)s.",
            count,
        ),
        "birth_date": ngettext(
            "Ce texte semble contenir une date de naissance : %(found)s.",
            "Ce texte semble contenir des dates de naissance : %(found)s.",
            count,
        ),
    }
    return sentences[kind] % {"found": quoted}


def personal_data_message(findings: list, reason: str = INVENTORY_REASON) -> str:
    """The error shown under a field: what was found, by kind, why it matters, what to do."""
    sentences = [
        _kind_sentence(kind, [f for f in findings if f.kind == kind])
        for kind in personal_data.KINDS
        if any(f.kind == kind for f in findings)
    ]
    return " ".join([*sentences, str(reason), str(REMOVE_OR_CONFIRM)])


def confirm_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Je confirme que ce texte ne contient pas de donnée personnelle (fausse alerte)"),
        required=False,
    )


class PersonalDataCheckMixin:
    """Refuse free texts that seem to hold personal data, unless the writer confirms.

    ``personal_data_fields`` lists the free-text fields to check (``personal_data_field_names``
    may compute them). On clean, each listed field whose value changed from its initial value
    (a stored text, checked or confirmed when it was saved, is not checked again) and has no
    other error is run through ``personal_data.find_personal_data``. When something is found
    and the ``confirm_personal_data`` box is not ticked, the field gets an error saying what
    was found, and the box is added to the form so that it shows with the error; ticked, the
    text is accepted as typed. The box never reaches ``cleaned_data``: actions that take
    ``**cleaned_data`` are unchanged. ``name_check_off`` tells templates to show
    ``name_check_notice`` (``templates/_personal_data_notice.html``).
    """

    personal_data_fields: tuple[str, ...] = ()
    personal_data_reason = INVENTORY_REASON

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_data_findings: dict[str, list] = {}
        self.personal_data_confirmed = False
        # A box ticked on the page it was shown on is bound again, so it shows ticked.
        if self.is_bound and self.add_prefix(CONFIRM_FIELD) in self.data:
            self.fields[CONFIRM_FIELD] = confirm_field()

    def personal_data_field_names(self) -> tuple[str, ...]:
        return tuple(name for name in self.personal_data_fields if name in self.fields)

    @property
    def name_check_off(self) -> bool:
        return not personal_data.name_check_available()

    @property
    def name_check_notice(self) -> str:
        return NAME_CHECK_OFF if self.name_check_off else ""

    @property
    def personal_data_confirmation(self):
        """The bound confirmation box when the form shows it, else None (for templates that
        lay out their fields one by one)."""
        return self[CONFIRM_FIELD] if CONFIRM_FIELD in self.fields else None

    def clean(self):
        cleaned_data = super().clean()
        self.personal_data_confirmed = bool(self.cleaned_data.pop(CONFIRM_FIELD, False))
        self.personal_data_findings = self._personal_data_found()
        if self.personal_data_findings and not self.personal_data_confirmed:
            if CONFIRM_FIELD not in self.fields:
                self.fields[CONFIRM_FIELD] = confirm_field()
            for name, findings in self.personal_data_findings.items():
                self.add_error(name, personal_data_message(findings, self.personal_data_reason))
        if CONFIRM_FIELD in self.fields:  # last, under the texts it is about
            self.fields[CONFIRM_FIELD] = self.fields.pop(CONFIRM_FIELD)
        return cleaned_data

    def _personal_data_found(self) -> dict[str, list]:
        found = {}
        changed = set(self.changed_data)
        for name in self.personal_data_field_names():
            value = self.cleaned_data.get(name)
            if name not in changed or name in self.errors or not isinstance(value, str):
                continue
            if findings := personal_data.find_personal_data(value):
                found[name] = findings
        return found
