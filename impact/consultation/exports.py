"""The comments of a consultation as CSV for French Excel (``;``, UTF-8 with a BOM).

An export leaves the application: like the published PDF, it names a delegate's union,
never the delegate, unless they consented to be named (``public_label``). A text that a
spreadsheet would run as a formula is neutralised.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from impact.consultation import selectors
from impact.consultation.models import Consultation
from services.web.spreadsheets import CSV_CONTENT_TYPE, csv_bytes, neutralise

CSV = CSV_CONTENT_TYPE


def _header() -> list[str]:
    return [
        _("N°"), _("Date"), _("Nature"), _("Objet"), _("Auteur"), _("Commentaire"),
        _("Modifié"), _("Réponses dans le fil"), _("État"), _("Réponse de l'administration"),
        _("Motif du refus"), _("Date de la réponse"), _("Pris en compte dans la version suivante"),
    ]  # fmt: skip


def _row(item: dict) -> list:
    yes, no = _("oui"), _("non")
    return [
        item["number"], item["created_on"], item["kind_label"], item["target_label"],
        item["author"], item["body"], yes if item["edited"] else no, item["replies"],
        item["status_label"], item["answer"], item["decline_reason"], item["answered_on"],
        yes if item["addressed"] else no,
    ]  # fmt: skip


def comments_csv(consultation: Consultation) -> bytes:
    """One line per comment (replies are counted, not exported), in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = [_header(), *(_row(item) for item in selectors.public_comments(consultation))]
        return csv_bytes([neutralise(cell) for cell in row] for row in rows)
