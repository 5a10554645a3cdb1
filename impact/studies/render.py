"""The charts and the HTML of an impact study, drawn from its snapshot alone.

``study_charts(snapshot)`` draws the study's charts (``impact.charts``, the one chart module)
with a one-sentence reading computed from the figures; ``render_study_html`` renders
``templates/impact/study/document.html`` in the site's language. No database access and no
pandas here: everything comes from the JSON snapshot (``impact.studies.content``), so an old
version can be re-rendered exactly. The stylesheet is linked by its static URL
(``/static/css/study.css``), which the PDF renderer's URL fetcher resolves locally.

Texts people typed are printed without their explicit bidi controls (U+202E…,
``without_bidi_controls``), which could otherwise reorder the words and figures printed after
them.

The template library registered here (``{% load study %}``, filters ``pct``, ``num`` and
``band``) is made available to the study's templates only, by the engine of ``_engine``.
"""

from __future__ import annotations

import datetime
from functools import cache

from django import template
from django.conf import settings
from django.template import Context, Engine, engines
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from impact import charts
from impact.charts import Chart, percent
from impact.scores import charts as score_charts
from impact.scores import sensitivity as score_sensitivity
from impact.scoring import SCENARIOS
from services.web import text
from surveys.models import IntensityStep

DOCUMENT_TEMPLATE = "impact/study/document.html"
STYLESHEET = "css/study.css"

register = template.Library()


def without_bidi_controls(value):
    """The snapshot with the explicit bidi controls removed from its texts, for printing.

    A right-to-left override typed in a role title would otherwise reverse the words and
    figures printed after it on the line, and WeasyPrint, which lays out each line on its
    own, does not keep an isolate (FSI … PDI) reliably. Texts are printed in the order they
    were typed; right-to-left letters keep their natural direction. The stored snapshot is
    not changed.
    """
    if isinstance(value, str):
        return text.without_bidi_controls(value)
    if isinstance(value, dict):
        return {key: without_bidi_controls(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_bidi_controls(item) for item in value]
    return value


@register.filter
def pct(value, digits=0) -> str:
    """A share (0-1) as a French percentage: 0.125|pct:1 → "12,5 %"; "—" when missing."""
    return percent(value, int(digits))


@register.filter
def num(value, digits=0) -> str:
    """A number with French grouping: 1607.4|num → "1 607"; "—" when missing."""
    return charts.number(value, int(digits))


@register.filter
def band(value) -> str:
    """An intensity (0-1) as the 10 % step it falls in: 0.65 → "60 à 70 %", 0.43 → "40 à 50 %"."""
    try:
        return IntensityStep.label_of(value) or charts.DASH
    except ValueError:
        return charts.DASH


@register.filter
def isodate(value) -> str:
    """An ISO date of the snapshot in French: "2026-03-12"|isodate → "12 mars 2026"."""
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    return date_format(day, "j F Y")


# Charts -----------------------------------------------------------------------------------


def _groups(snapshot: dict) -> tuple[str, str, list[dict]]:
    """(kind, heading, rows) drawn by the comparison charts: directorates for the
    collectivité, services for a directorate, the roles of the service for a service."""
    if snapshot["by_directorate"]:
        rows = [row | {"label": row["directorate"]} for row in snapshot["by_directorate"]]
        return "directorate", _("Direction"), rows
    if len(snapshot["by_service"]) > 1 or not snapshot["services"]:
        rows = [row | {"label": row["service"]} for row in snapshot["by_service"]]
        return "service", _("Service"), rows
    roles = snapshot["services"][0]["roles"]
    exposed = sum(role["headcount"] * role["beta"] for role in roles)
    rows = [
        role
        | {
            "label": role["title"],
            "exposed_time_share": role["headcount"] * role["beta"] / exposed if exposed else None,
        }
        for role in roles
    ]
    return "role", _("Poste"), rows


def _by(kind: str) -> str:
    return {"directorate": _("par direction"), "service": _("par service")}.get(
        kind, _("par poste")
    )


def exposure_chart(snapshot: dict) -> Chart:
    kind, heading, rows = _groups(snapshot)
    rows = sorted(rows, key=lambda r: -(r["beta"] or 0.0))
    reading = None
    top = max(rows, key=lambda r: r["exposed_time_share"] or 0.0, default=None)
    if top is not None and top["exposed_time_share"] is not None:
        agents = sum(row["headcount"] for row in rows)
        subject = {
            "directorate": _("La direction « %(name)s »"),
            "service": _("Le service « %(name)s »"),
        }.get(kind, _("Le poste « %(name)s »")) % {"name": top["label"]}
        reading = _(
            "%(subject)s concentre %(share)s du temps exposé, pour %(agents)s des agents."
        ) % {
            "subject": subject,
            "share": percent(top["exposed_time_share"]),
            "agents": percent(top["headcount"] / agents if agents else None),
        }
    return charts.bar_chart(
        _("Part du temps de travail exposée (beta) %(by)s") % {"by": _by(kind)},
        reading,
        [(row["label"], row["beta"]) for row in rows],
        max_value=1.0,
        label_heading=heading,
        value_heading=_("Part du temps exposée"),
    )


def split_chart(snapshot: dict) -> Chart:
    kind, heading, rows = _groups(snapshot)
    summary = snapshot["summary"]
    reading = None
    if summary.get("aug") is not None:
        reading = _(
            "Sur l'ensemble du périmètre, %(aug)s du temps de travail pourrait être assisté et "
            "%(auto)s automatisé ; %(none)s n'est pas concerné par l'IA générative."
        ) % {
            "aug": percent(summary["aug"]),
            "auto": percent(summary["auto"]),
            "none": percent(summary["none"]),
        }
    series = [
        ("auto", _("Automatisable")),
        ("aug", _("Assisté")),
        ("low", _("Marginal")),
        ("none", _("Non concerné")),
    ]
    return charts.stacked_bar_chart(
        _("Répartition du temps de travail %(by)s") % {"by": _by(kind)},
        reading,
        [(row["label"], {key: row[key] for key, _label in series}) for row in rows],
        series,
        label_heading=heading,
    )


def deployable_chart(snapshot: dict) -> Chart:
    kind, heading, rows = _groups(snapshot)
    summary = snapshot["summary"]
    whole = {"label": _("Ensemble du périmètre"), **summary}
    items = [
        (row["label"], {"beta": row["beta"], **{k: row[f"beta_dep_{k}"] for k in SCENARIOS}})
        for row in [whole, *rows]
    ]
    reading = None
    if summary.get("beta") is not None:
        values = {k: percent(summary[f"beta_dep_{k}"]) for k in SCENARIOS}
        reading = _(
            "Pour une exposition technique de %(beta)s du temps de travail, %(k1)s serait "
            "déployable avec des outils grand public sans contrat (k1), %(k2)s avec un outil "
            "sous contrat (k2) et %(k3)s sur les serveurs de la ville (k3)."
        ) % ({"beta": percent(summary["beta"])} | values)
    series = [("beta", _("Exposition technique")), ("k1", "k1"), ("k2", "k2"), ("k3", "k3")]
    return charts.grouped_bar_chart(
        _("Exposition déployable selon le scénario d'outillage, %(by)s") % {"by": _by(kind)},
        reading,
        items,
        series,
        max_value=1.0,
        label_heading=heading,
    )


def study_charts(snapshot: dict) -> dict[str, Chart]:
    """The study's charts by name: ladder, gradients, exposure, split, deployable, and the
    sensitivity's tornado charts, ``sensitivity_<figure>`` (none for a version made before
    method 2.0)."""
    snapshot = without_bidi_controls(snapshot)
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "ladder": score_charts.ladder_chart(snapshot["ladder"]),
            "gradients": score_charts.gradients_chart(snapshot["gradients"]),
            "exposure": exposure_chart(snapshot),
            "split": split_chart(snapshot),
            "deployable": deployable_chart(snapshot),
            **{
                f"sensitivity_{name}": chart
                for name, chart in score_sensitivity.sensitivity_charts(
                    (snapshot.get("sensitivity") or {}).get("table")
                ).items()
            },
        }


# HTML -------------------------------------------------------------------------------------


@cache
def _engine() -> Engine:
    """The project's template engine, plus this module's ``study`` template library."""
    base = engines["django"].engine
    return Engine(
        dirs=base.dirs,
        app_dirs=base.app_dirs,
        libraries={**base.libraries, "study": __name__},
        debug=base.debug,
        string_if_invalid=base.string_if_invalid,
        file_charset=base.file_charset,
    )


def stylesheet_url() -> str:
    """The study stylesheet's static URL, e.g. "/static/css/study.css" (never a remote URL)."""
    return "/" + settings.STATIC_URL.strip("/") + "/" + STYLESHEET


def render_study_html(
    snapshot: dict,
    *,
    charts: dict[str, Chart],
    version_number: int | None = None,
    generated_on: datetime.date | None = None,
) -> str:
    """The study as one HTML document, in French, ready for WeasyPrint (``base_url`` given by
    the caller resolves the stylesheet). User text is escaped by the template engine."""
    if generated_on is None:
        generated_on = datetime.date.fromisoformat(snapshot["meta"]["generated_on"])
    context = {
        "snapshot": without_bidi_controls(snapshot),
        "charts": charts,
        "sensitivity_charts": [c for k, c in charts.items() if k.startswith("sensitivity_")],
        "version_number": version_number,
        "generated_on": generated_on,
        "stylesheet": stylesheet_url(),
        "scenarios": SCENARIOS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        document = _engine().get_template(DOCUMENT_TEMPLATE)
        return document.render(Context(context, autoescape=True))
