"""The comments of a consultation as CSV for French Excel (``;``, UTF-8 with a BOM).

An export leaves the application: like the published PDF, it names a delegate's union,
never the delegate, unless they consented to be named (``public_label``). A text that a
spreadsheet would run as a formula is neutralised.
"""

import csv
import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from impact import selectors_consultation as selectors
from impact.models import Consultation
from surveys.exports import neutralise

CSV = "text/csv; charset=utf-8"


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    with translation.override(settings.LANGUAGE_CODE):
        writer.writerow(_header())
        for item in selectors.public_comments(consultation):
            writer.writerow([neutralise(cell) for cell in _row(item)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
