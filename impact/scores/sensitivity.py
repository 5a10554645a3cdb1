"""The sensitivity table as readers see it: labelled rows, one tornado chart per headline
figure, and the sentences saying which conclusions hold under every variation.

The table itself is computed by ``impact.scoring.sensitivity`` (in ``scope_figures``, once per
set of snapshots); a study stores it in its snapshot, a dashboard reads it from the figures.
Service names a reader may not see (a folded service) read "Autres services".
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from impact import charts
from impact.charts import Chart, number, percent


def figure_labels() -> dict[str, str]:
    return {
        "beta": _("Part du temps exposée (beta)"),
        "beta_dep_k1": _("Part déployable avec des outils grand public (k1)"),
        "beta_dep_k2": _("Part déployable avec un outil sous contrat (k2)"),
        "beta_dep_k3": _("Part déployable avec un outil hébergé par la ville (k3)"),
        "freed_hours_k2": _("Heures indicatives libérées par an (k2)"),
        "exposed": _("Agents dont le métier est exposé (gradients OIT 1 à 4)"),
    }


def _decimal(value) -> str:
    return number(value, 2)


def parameter_label(row: dict) -> str:
    """What was moved, with its range and the value the method uses."""
    values = {"low": _decimal(row["low"]), "high": _decimal(row["high"]),
              "used": _decimal(row["baseline"])}  # fmt: skip
    if row["code"] == "confidentiality":
        return _("Coefficient c(%(d)s, %(k)s) de %(low)s à %(high)s (retenu : %(used)s)") % (
            values | {"d": row["data_class"], "k": row["scenario"]}
        )
    if row["code"] == "e2_weight":
        return (
            _("Poids d'une tâche E2 dans beta de %(low)s à %(high)s (retenu : %(used)s)") % values
        )
    if row["code"] == "intensity_step":
        return _("Chaque intensité d'une tranche de 10 % en moins, puis en plus")
    return _("Poids par défaut d'une tâche principale : 3 puis 1, au lieu de 2 (tableaux sans "
             "part de temps)")  # fmt: skip


def _format(name: str):
    return (lambda v: number(v)) if name == "freed_hours_k2" else percent


def sensitivity_charts(table: dict | None) -> dict[str, Chart]:
    """One tornado chart per headline figure, by figure (none for an empty scope)."""
    if not table or not table.get("baseline"):
        return {}
    labels = figure_labels()
    result = {}
    for name, label in labels.items():
        items = [(parameter_label(row), *row["figures"][name]) for row in table["rows"]]
        unit = _("h") if name == "freed_hours_k2" else "%"
        fmt = _format(name)
        reading = _("Valeur déclarée : %(value)s ; selon les paramètres, de %(low)s à "
                    "%(high)s.") % {"value": fmt(table["baseline"]["figures"][name]),
                                    "low": fmt(table["ranges"][name][0]),
                                    "high": fmt(table["ranges"][name][1])}  # fmt: skip
        result[name] = charts.tornado_chart(
            label,
            reading,
            items,
            table["baseline"]["figures"][name],
            unit=unit,
            value_format=fmt if name == "freed_hours_k2" else None,
        )
    return result


def _shown(name: str, visible: set[str] | None) -> str:
    return name if visible is None or name in visible else _("Autres services")


def sensitivity_summary(table: dict | None, visible: set[str] | None = None) -> dict | None:
    """The sentences of the sensitivity section: each figure's range, and whether the first
    five services of « où commencer » hold. ``visible``: the service names this reader may
    see (None: all)."""
    if not table or not table.get("baseline"):
        return None
    labels = figure_labels()
    ranges = []
    for name, label in labels.items():
        low, high = table["ranges"][name]
        fmt = _format(name)
        ranges.append({
            "label": label, "value": fmt(table["baseline"]["figures"][name]),
            "low": fmt(low), "high": fmt(high),
        })  # fmt: skip
    top = list(dict.fromkeys(_shown(n, visible) for n in table["baseline"]["top"]))
    changed = sorted({_shown(n, visible) for n in table["rank_changes"]})
    if not top:
        ranking = _("Aucun service validé : pas de classement « où commencer ».")
    elif not changed:
        ranking = _("Les premiers services de « où commencer » (%(top)s) gardent leur rang sous "
                    "chacune des variations.") % {"top": ", ".join(top)}  # fmt: skip
    else:
        ranking = _("Le rang de ces services dans les cinq premiers de « où commencer » change "
                    "selon les paramètres : %(names)s. Les autres conclusions sur le "
                    "classement sont à lire avec prudence.") % {"names": ", ".join(changed)}  # fmt: skip
    return {
        "ranges": ranges,
        "top": top,
        "rank_changes": changed,
        "ranking": ranking,
        "reading": _(
            "Chaque chiffre clé est recalculé en déplaçant un seul paramètre à la fois "
            "aux deux bouts de sa plage plausible ; les autres restent ceux de la "
            "méthode. Une conclusion qui tient pour toutes les lignes ne dépend pas "
            "de ces choix."
        ),
    }
