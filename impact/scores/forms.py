"""Forms of the impact pages: they clean input, actions apply the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from impact.scores.models import MethodSettings
from impact.scoring.vocabulary import DATA_CLASSES, SCENARIOS
from surveys.models import Campaign, Inventory


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


class RescoreForm(forms.Form):
    """Which campaign to score again under the current method version."""

    campaign = forms.ModelChoiceField(
        label=_("Campagne"),
        queryset=Campaign.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choisissez une campagne de la liste.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = (
            Campaign.objects.filter(
                inventories__status__in=[Inventory.Status.SUBMITTED, Inventory.Status.VALIDATED]
            )
            .distinct()
            .order_by("-opens_on", "pk")
        )
