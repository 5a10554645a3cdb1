"""Forms of the organisation pages: they clean input, actions apply the rules."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class OrgImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de l'organigramme (XLSX ou CSV)"),
        help_text=_(
            "Colonnes : Direction, Service, Intitulé du poste, Effectif, ETP, "
            "Famille de métiers (facultatif), Code ISCO (facultatif)."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Vérifier seulement, sans rien enregistrer"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPACT_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Le fichier pèse %(size)s ; la limite est de %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload
