"""Forms of the study pages: they clean input, actions apply the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from impact.studies.models import Study
from services import access
from services.models import Directorate, Service
from services.web.ids import IdField, ModelIdChoiceField
from surveys.models import Campaign


class StudyRequestForm(forms.Form):
    """Which study to generate: a campaign and a scope (heads: one of their services)."""

    campaign = ModelIdChoiceField(label=_("Campagne"), queryset=Campaign.objects.none())
    scope = forms.ChoiceField(
        label=_("Périmètre"), choices=Study.Scope.choices, widget=forms.RadioSelect
    )
    directorate = ModelIdChoiceField(
        label=_("Direction (pour une étude de direction)"),
        queryset=Directorate.objects.none(),
        required=False,
    )
    service = ModelIdChoiceField(
        label=_("Service (pour une étude de service)"),
        queryset=Service.objects.none(),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.exclude(status=Campaign.Status.DRAFT)
        if access.is_administrator(user):
            self.fields["directorate"].queryset = Directorate.objects.all()
            self.fields["service"].queryset = Service.objects.select_related("directorate")
        else:
            self.fields["scope"].choices = [(Study.Scope.SERVICE, Study.Scope.SERVICE.label)]
            self.fields["scope"].initial = Study.Scope.SERVICE
            self.fields.pop("directorate")
            self.fields["service"].queryset = access.headed_services(user)

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == Study.Scope.DIRECTORATE and not data.get("directorate"):
            self.add_error("directorate", _("Choisissez la direction étudiée."))
        if scope == Study.Scope.SERVICE and not data.get("service"):
            self.add_error("service", _("Choisissez le service étudié."))
        data["directorate"] = data.get("directorate") if scope == Study.Scope.DIRECTORATE else None
        data["service"] = data.get("service") if scope == Study.Scope.SERVICE else None
        return data


class CompareForm(forms.Form):
    old = IdField(label=_("Version de départ"))
    new = IdField(label=_("Version d'arrivée"))
