"""The campaign form: it cleans input; the actions apply the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from services.models import Directorate
from services.web.forms import DateInput
from services.web.ids import ModelIdChoiceField, ModelIdMultipleChoiceField
from surveys.models import Campaign, Questionnaire


def latest_questionnaires(*, keep: int | None = None):
    """The latest version of each questionnaire, plus the one a draft already uses."""
    newer = Questionnaire.objects.filter(slug=OuterRef("slug"), version__gt=OuterRef("version"))
    return Questionnaire.objects.filter(~Exists(newer) | Q(pk=keep)).order_by("title", "-version")


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    questionnaire = ModelIdChoiceField(
        label=_("Questionnaire"), queryset=Questionnaire.objects.none(), empty_label=None
    )
    opens_on = forms.DateField(label=_("Date d'ouverture"), widget=DateInput())
    closes_on = forms.DateField(label=_("Date limite de réponse"), widget=DateInput())
    reminder_days = forms.IntegerField(
        label=_("Relance (jours avant la date limite)"),
        min_value=0,
        max_value=90,
        initial=7,
        help_text=_(
            "Les chefs de service qui n'ont pas soumis leur état des lieux reçoivent un "
            "courriel de rappel ce nombre de jours avant la date limite."
        ),
    )
    directorates = ModelIdMultipleChoiceField(
        label=_("Directions concernées"),
        queryset=Directorate.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Laisser vide pour toutes les directions."),
    )

    def __init__(self, *args, campaign: Campaign | None = None, **kwargs):
        if campaign is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": campaign.title,
                "questionnaire": campaign.questionnaire_id,
                "opens_on": campaign.opens_on,
                "closes_on": campaign.closes_on,
                "reminder_days": campaign.reminder_days,
                "directorates": list(campaign.directorates.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        keep = campaign.questionnaire_id if campaign is not None else None
        self.fields["questionnaire"].queryset = latest_questionnaires(keep=keep)

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error(
                "closes_on",
                _("La date limite doit être le jour de l'ouverture ou une date ultérieure."),
            )
        return cleaned

    def add_action_error(self, error: ValidationError) -> None:
        """Show an action's refusal next to the field it names, or above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)
