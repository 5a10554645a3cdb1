"""Forms of the impact pages: they clean input, actions apply the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from impact.models import MethodSettings, Study
from services import access
from services.models import Directorate, Service
from surveys.models import Campaign

DATA_CLASSES = ("D0", "D1", "D2", "D3", "D4")
SCENARIOS = ("k1", "k2", "k3")


class MethodSettingsForm(forms.ModelForm):
    """The parameters, with the confidentiality matrix as one field per cell."""

    class Meta:
        model = MethodSettings
        fields = ["draws", "seed", "divergence_threshold", "small_group_threshold"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        matrix = self.instance.confidentiality or {}
        for data_class in DATA_CLASSES:
            for scenario in SCENARIOS:
                self.fields[f"c_{data_class}_{scenario}"] = forms.DecimalField(
                    label=_("%(data)s, scénario %(scenario)s")
                    % {"data": data_class, "scenario": scenario},
                    min_value=Decimal(0),
                    max_value=Decimal(1),
                    decimal_places=2,
                    initial=matrix.get(data_class, {}).get(scenario),
                )

    def matrix_rows(self):
        """The matrix cells as bound fields, one row per data class."""
        return [[self[f"c_{d}_{k}"] for k in SCENARIOS] for d in DATA_CLASSES]

    def values(self) -> dict:
        """Cleaned values for ``method_settings_update``."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["confidentiality"] = {
            d: {k: float(self.cleaned_data[f"c_{d}_{k}"]) for k in SCENARIOS} for d in DATA_CLASSES
        }
        return data


class StudyRequestForm(forms.Form):
    """Which study to generate: a campaign and a scope (heads: one of their services)."""

    campaign = forms.ModelChoiceField(label=_("Campagne"), queryset=Campaign.objects.none())
    scope = forms.ChoiceField(
        label=_("Périmètre"), choices=Study.Scope.choices, widget=forms.RadioSelect
    )
    directorate = forms.ModelChoiceField(
        label=_("Direction (pour une étude de direction)"),
        queryset=Directorate.objects.none(),
        required=False,
    )
    service = forms.ModelChoiceField(
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
    old = forms.IntegerField(label=_("Version de départ"), min_value=1)
    new = forms.IntegerField(label=_("Version d'arrivée"), min_value=1)
