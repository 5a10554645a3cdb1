"""What moved between two campaigns, for the collectivité (or a directorate), each
directorate, service and role, matched by their names (a reorganised chart keeps its names).

Pure shaping: takes the two campaigns' figures (``impact.scores.figures.scope_figures``) and their
small-group plans, returns ``Panel`` objects. A group folded in either campaign is folded on
both sides (``impact.dashboards.fold_pairs``). Differences of shares are in percentage points.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from impact import charts
from impact.dashboards.tables import Column, Panel, Table
from impact.scoring.folding import FoldPlan, delta, fold_pairs, match

SHOWN_MOVES = 25
MEASURES = (
    ("beta", gettext_lazy("Part du temps exposée (beta)")),
    ("alpha", gettext_lazy("Exposition directe (alpha)")),
    ("zeta", gettext_lazy("Exposition avec outils (zeta)")),
    ("mean", gettext_lazy("Intensité moyenne")),
    ("auto", gettext_lazy("Part du temps automatisable")),
    ("aug", gettext_lazy("Part du temps assistée")),
    ("beta_dep_k1", gettext_lazy("Exposition déployable k1")),
    ("beta_dep_k2", gettext_lazy("Exposition déployable k2")),
    ("beta_dep_k3", gettext_lazy("Exposition déployable k3")),
)


def _status(old: dict | None, new: dict | None) -> str:
    if old is None:
        return _("nouveau")
    if new is None:
        return _("absent de la seconde campagne")
    return ""


def _pair_row(label_fields: dict, old: dict | None, new: dict | None) -> dict:
    old, new = old or {}, new or {}
    return label_fields | {
        "headcount_before": old.get("headcount"),
        "headcount_after": new.get("headcount"),
        "beta_before": old.get("beta"),
        "beta_after": new.get("beta"),
        "beta_delta": delta(new.get("beta"), old.get("beta")),
        "k3_before": old.get("beta_dep_k3"),
        "k3_after": new.get("beta_dep_k3"),
        "status": _status(old or None, new or None),
    }


def _columns(names: list[Column]) -> list[Column]:
    return [
        *names,
        Column("headcount_before", _("Agents (avant)"), "integer"),
        Column("headcount_after", _("Agents (après)"), "integer"),
        Column("beta_before", _("Beta (avant)"), "share"),
        Column("beta_after", _("Beta (après)"), "share"),
        Column("beta_delta", _("Évolution de beta"), "points"),
        Column("k3_before", _("Déployable k3 (avant)"), "share"),
        Column("k3_after", _("Déployable k3 (après)"), "share"),
        Column("status", _("Remarque")),
    ]


def _moves(rows: list[dict]) -> list[dict]:
    """Largest moves first; new and vanished groups after them; the folded row last."""
    return sorted(
        rows,
        key=lambda r: (
            bool(r.get("is_other")),
            r["beta_delta"] is None,
            -abs(r["beta_delta"] or 0.0),
        ),
    )


def summary_section(before: dict, after: dict, titles: tuple[str, str]) -> Panel:
    coverage_rows = [
        {
            "label": label,
            "before": before["coverage"][key],
            "after": after["coverage"][key],
            "delta": delta(after["coverage"][key], before["coverage"][key]),
        }
        for key, label in (
            ("inventories_validated", _("États des lieux validés")),
            ("agents_covered", _("Agents couverts")),
            ("roles_scored", _("Postes évalués")),
        )
    ]
    measure_rows = [
        {
            "label": str(label),
            "before": before["summary"].get(key),
            "after": after["summary"].get(key),
            "delta": delta(after["summary"].get(key), before["summary"].get(key)),
        }
        for key, label in MEASURES
    ]
    measure_rows += [
        {
            "label": _("Échelle : %(label)s") % {"label": old["label"]},
            "before": old["share"],
            "after": new["share"],
            "delta": delta(new["share"], old["share"]),
        }
        for old, new in zip(before["ladder"], after["ladder"], strict=True)
    ]
    chart = charts.grouped_bar_chart(
        _("Part des agents concernés selon la définition, dans les deux campagnes"),
        _comparison_reading(before, after, titles),
        [
            (old["label"], {"before": old["share"], "after": new["share"]})
            for old, new in zip(before["ladder"], after["ladder"], strict=True)
        ],
        [("before", titles[0]), ("after", titles[1])],
        max_value=1.0,
        label_heading=_("Définition"),
    )
    heads = [Column("before", titles[0]), Column("after", titles[1])]
    return Panel(
        "ensemble",
        _("Ce qui a bougé pour l'ensemble du périmètre"),
        _("Les évolutions des parts sont en points de pourcentage."),
        chart,
        [
            Table(
                "couverture",
                _("Couverture"),
                [
                    Column("label", _("Indicateur")),
                    *(Column(c.key, c.heading, "integer") for c in heads),
                    Column("delta", _("Évolution"), "integer"),
                ],
                coverage_rows,
            ),
            Table(
                "mesures",
                _("Mesures et échelle"),
                [
                    Column("label", _("Indicateur")),
                    *(Column(c.key, c.heading, "share") for c in heads),
                    Column("delta", _("Évolution"), "points"),
                ],
                measure_rows,
            ),
        ],
    )


def _comparison_reading(before: dict, after: dict, titles: tuple[str, str]) -> str:
    old, new = before["summary"].get("beta"), after["summary"].get("beta")
    if old is None or new is None:
        return _("Une des deux campagnes n'a aucun état des lieux validé.")
    return _(
        "La part du temps de travail exposée passe de %(old)s (%(first)s) à %(new)s "
        "(%(second)s), soit %(points)s points."
    ) % {
        "old": charts.percent(old),
        "new": charts.percent(new),
        "first": titles[0],
        "second": titles[1],
        "points": charts.number((new - old) * 100, 1),
    }


def _hidden(rows: list[dict], ids, key) -> set:
    return {key(row) for row in rows if row["id"] in ids}


def directorates_section(
    before: dict, after: dict, plans: tuple[FoldPlan, FoldPlan], titles: tuple[str, str]
) -> Panel:
    def rows(figures):
        return [r | {"id": r["key"]} for r in figures["by_directorate"]]

    old, new = rows(before), rows(after)
    pairs = match(old, new, key=lambda r: r["directorate"])
    hidden = _hidden(old, plans[0].directorates, lambda r: r["directorate"])
    hidden |= _hidden(new, plans[1].directorates, lambda r: r["directorate"])
    shown, other = fold_pairs(pairs, hidden, max(p.threshold for p in plans))
    table_rows = [_pair_row({"label": name}, o, n) for name, o, n in shown]
    if other is not None:
        table_rows.append(_pair_row({"label": _("Autres directions")}, *other) | {"is_other": True, "status": ""})  # fmt: skip
    chart = charts.grouped_bar_chart(
        _("Part du temps exposée par direction, dans les deux campagnes"),
        None,
        [(r["label"], {"before": r["beta_before"], "after": r["beta_after"]}) for r in table_rows],
        [("before", titles[0]), ("after", titles[1])],
        max_value=1.0,
        label_heading=_("Direction"),
    )
    return Panel(
        "directions",
        _("Par direction"),
        chart=chart,
        tables=[
            Table(
                "directions",
                _("Évolution par direction"),
                _columns([Column("label", _("Direction"))]),
                table_rows,
                collapsed=True,
            )
        ],
    )


def services_section(before: dict, after: dict, plans: tuple[FoldPlan, FoldPlan]) -> Panel:
    def rows(figures):
        return [r | {"id": r["key"]} for r in figures["by_service"]]

    def key(row):
        return (row["directorate"], row["service"])

    old, new = rows(before), rows(after)
    hidden = _hidden(old, plans[0].services, key) | _hidden(new, plans[1].services, key)
    shown, other = fold_pairs(match(old, new, key), hidden, max(p.threshold for p in plans))
    table_rows = [_pair_row({"directorate": d, "label": s}, o, n) for (d, s), o, n in shown]
    if other is not None:
        table_rows.append(_pair_row({"directorate": "—", "label": _("Autres services")}, *other) | {"is_other": True, "status": ""})  # fmt: skip
    return Panel(
        "services",
        _("Par service"),
        _("Les services dont l'exposition a le plus changé ; l'export contient tous les services."),
        tables=[
            Table(
                "services",
                _("Évolution par service"),
                _columns([Column("label", _("Service")), Column("directorate", _("Direction"))]),
                _moves(table_rows),
                limit=SHOWN_MOVES,
            )
        ],
    )


def _role_rows(figures: dict) -> list[dict]:
    return [
        role | {"id": role["role"], "service": s["name"], "directorate": s["directorate"]}
        for s in figures["services"]
        for role in s["roles"]
    ]


def roles_section(before: dict, after: dict, plans: tuple[FoldPlan, FoldPlan]) -> Panel:
    def key(row):
        return (row["directorate"], row["service"], row["title"])

    old, new = _role_rows(before), _role_rows(after)
    hidden = _hidden(old, plans[0].roles, key) | _hidden(new, plans[1].roles, key)
    shown, other = fold_pairs(match(old, new, key), hidden, max(p.threshold for p in plans))
    table_rows = [
        _pair_row({"directorate": d, "service": s, "label": t}, o, n) for (d, s, t), o, n in shown
    ]
    if other is not None:
        table_rows.append(_pair_row({"directorate": "—", "service": "—", "label": _("Autres postes")}, *other) | {"is_other": True, "status": ""})  # fmt: skip
    columns = _columns(
        [
            Column("label", _("Poste")),
            Column("service", _("Service")),
            Column("directorate", _("Direction")),
        ]
    )
    return Panel(
        "postes",
        _("Par poste"),
        _("Les postes dont l'exposition a le plus changé ; l'export contient tous les postes."),
        tables=[
            Table(
                "postes", _("Évolution par poste"), columns, _moves(table_rows), limit=SHOWN_MOVES
            )
        ],
    )


def comparison_sections(
    before: dict,
    after: dict,
    plans: tuple[FoldPlan, FoldPlan],
    titles: tuple[str, str],
    *,
    with_directorates: bool,
) -> list[Panel]:
    """The comparison page's sections, in reading order."""
    sections = [summary_section(before, after, titles)]
    if with_directorates:
        sections.append(directorates_section(before, after, plans, titles))
    sections += [services_section(before, after, plans), roles_section(before, after, plans)]
    return sections
