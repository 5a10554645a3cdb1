"""Charts of a scope's figures that both the studies and the dashboards draw.

They take the figures themselves (the ladder's rungs, the gradients' rows), so that a
dashboard and a study of the same scope draw the same chart from the same numbers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from impact import charts
from impact.charts import Chart, percent


def ladder_chart(ladder: list[dict]) -> Chart:
    """The ladder of definitions: the share of agents each one counts, with its P10-P90."""
    items = [
        {
            "label": rung["label"],
            "value": rung["share"],
            "low": rung["p10"],
            "high": rung["p90"],
            "reference_text": rung["reference"],
        }
        for rung in ladder
    ]
    known = [rung for rung in ladder if rung["share"] is not None]
    reading = None
    if known:
        low = min(known, key=lambda r: r["share"])
        high = max(known, key=lambda r: r["share"])
        reading = _(
            "Selon la définition retenue, de %(low)s (« %(low_label)s ») à %(high)s "
            "(« %(high_label)s ») des agents sont concernés : c'est pourquoi chaque chiffre "
            "doit être cité avec sa définition."
        ) % {
            "low": percent(low["share"]),
            "low_label": low["label"],
            "high": percent(high["share"]),
            "high_label": high["label"],
        }
    notes = band_notes(ladder)
    if notes:
        reading = " ".join([reading or "", *notes]).strip()
    return charts.range_chart(
        _("Part des agents concernés selon la définition, avec l'intervalle P10–P90"),
        reading,
        items,
        label_heading=_("Définition"),
    )


def band_note(label: str, value, low, high) -> str:
    """A sentence when the band of the true value lies wholly above or below the value as
    labelled (METHOD.md "Uncertainty 2.0"), instead of a chart that seems to contradict
    itself; "" when the band contains it or is unknown."""
    if value is None or low is None or high is None:
        return ""
    values = {"label": label, "value": percent(value), "low": percent(low), "high": percent(high)}
    if low > value + 1e-9:
        return _("« %(label)s » : la valeur déclarée (%(value)s) sous-estime probablement la "
                 "valeur réelle, qui se situe vraisemblablement entre %(low)s et %(high)s.") % values  # fmt: skip
    if high < value - 1e-9:
        return _("« %(label)s » : la valeur déclarée (%(value)s) surestime probablement la "
                 "valeur réelle, qui se situe vraisemblablement entre %(low)s et %(high)s.") % values  # fmt: skip
    return ""


def band_notes(ladder: list[dict]) -> list[str]:
    """``band_note`` of every rung whose band excludes its labelled share."""
    notes = (band_note(r["label"], r["share"], r.get("p10"), r.get("p90")) for r in ladder)
    return [note for note in notes if note]


def gradients_chart(rows: list[dict]) -> Chart:
    """The share of agents in each ILO 2025 gradient (rows: code, label, share)."""
    share = {row["code"]: row["share"] for row in rows}
    reading = None
    if any(value is not None for value in share.values()):
        exposed = sum(share[c] or 0.0 for c in share if c.startswith("gradient_"))
        reading = _(
            "%(exposed)s des agents occupent un poste exposé au sens de l'OIT (gradients 1 à 4), "
            "dont %(top)s au gradient 4 ; %(none)s occupent un poste non exposé."
        ) % {
            "exposed": percent(exposed),
            "top": percent(share.get("gradient_4")),
            "none": percent(share.get("not_exposed")),
        }
    return charts.bar_chart(
        _("Répartition des agents par gradient d'exposition OIT 2025"),
        reading,
        [(row["label"], row["share"]) for row in rows],
        max_value=1.0,
        label_heading=_("Gradient OIT 2025"),
        value_heading=_("Part des agents"),
    )
