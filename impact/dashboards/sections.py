"""The sections of a dashboard page: charts (``impact.charts``) and their tables.

Each function takes plain figures already shaped, and folded, by
``impact.dashboards.selectors`` and returns a ``Panel``: a heading, an optional chart with its
one-sentence reading, and tables of raw values that the page shows and the exports write.
No database access and no pandas here. The ladder and gradient charts are the studies' own
(``impact.scores.charts``), so a dashboard and a study of the same scope draw the same figures.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from impact import charts
from impact.charts import percent
from impact.dashboards.tables import Column, Panel, Table
from impact.scores import charts as score_charts
from impact.scores import labels
from impact.scores import sensitivity as score_sensitivity
from impact.scores.labels import data_class_labels, opportunity_formula
from impact.scoring import DATA_CLASSES, SCENARIOS
from impact.scoring.aggregates import LADDER_CONTEXT

TOP_ROLES = 10
OPPORTUNITIES_SHOWN = 20
TYPED_CODES = (*DATA_CLASSES, "unknown")


def _heading(kind: str) -> str:
    return {"directorate": _("Direction"), "service": _("Service")}.get(kind, _("Poste"))


def _by(kind: str) -> str:
    return {"directorate": _("par direction"), "service": _("par service")}.get(
        kind, _("par poste")
    )


# Coverage, ladder, gradients ---------------------------------------------------------------


def coverage_section(coverage: dict) -> Panel:
    rows = [
        {
            "label": _("États des lieux validés"),
            "value": coverage["inventories_validated"],
            "total": coverage["inventories_total"],
            "share": coverage["inventories_share"],
        },
        {
            "label": _("Agents couverts par un état des lieux validé"),
            "value": coverage["agents_covered"],
            "total": coverage["agents_in_scope"],
            "share": coverage["agents_share"],
        },
        {"label": _("Postes évalués"), "value": coverage["roles_scored"]},
    ]
    columns = [
        Column("label", _("Indicateur")),
        Column("value", _("Nombre"), "integer"),
        Column("total", _("Sur"), "integer"),
        Column("share", _("Part"), "share"),
    ]
    return Panel(
        "couverture",
        _("Couverture de la campagne"),
        _(
            "Les chiffres ci-dessous portent sur les états des lieux validés ; les agents "
            "couverts sont ceux des postes décrits, comparés à l'effectif de l'organigramme."
        ),
        tables=[Table("couverture", _("Couverture"), columns, rows)],
    )


def ladder_section(ladder: list[dict]) -> Panel:
    ladder = labels.localize_ladder(ladder)
    chart = score_charts.ladder_chart(ladder)
    columns = [
        Column("label", _("Définition")),
        Column("definition", _("Règle appliquée aux postes")),
        Column("share", _("Part des agents"), "share"),
        Column("p10", _("P10"), "share"),
        Column("p90", _("P90"), "share"),
        Column("reference", _("Chiffre publié")),
        Column("source", _("Source")),
    ]
    context = [
        Column("label", _("Chiffre publié")),
        Column("reference", _("Valeur")),
        Column("source", _("Source")),
    ]
    return Panel(
        "echelle",
        _("« De 40 % à 95 % des emplois » : tout dépend de la définition"),
        _(
            "Les chiffres publiés sur l'IA générative ne mesurent pas la même chose. Voici la "
            "part des agents concernés selon cinq définitions explicites, de la plus large à la "
            "plus stricte, avec l'intervalle P10–P90 d'une simulation qui refait le classement "
            "des tâches comme l'aurait fait un autre évaluateur, et le chiffre publié que "
            "chaque définition permet de comparer. L'exposition n'est pas une perte d'emploi."
        ),
        chart,
        [
            Table("echelle", _("Échelle des définitions"), columns, ladder),
            Table(
                "references",
                _("Autres chiffres publiés, à ne pas confondre"),
                context,
                [dict(item) for item in LADDER_CONTEXT],
            ),
        ],
    )


def gradients_section(gradients: list[dict]) -> Panel:
    rows = [row | {"label": labels.gradient_label(row["code"])} for row in gradients]
    columns = [
        Column("label", _("Gradient OIT 2025")),
        Column("headcount", _("Agents"), "integer"),
        Column("share", _("Part des agents"), "share"),
    ]
    return Panel(
        "gradients",
        _("Agents par gradient d'exposition de l'OIT (2025)"),
        _(
            "Le gradient classe un poste d'après l'intensité moyenne de ses tâches et sa "
            "dispersion, selon la méthode de l'Organisation internationale du travail."
        ),
        score_charts.gradients_chart(rows),
        [Table("gradients", _("Agents par gradient"), columns, rows, collapsed=True)],
    )


# Exposure by group ------------------------------------------------------------------------


def exposure_section(kind: str, groups: list[dict]) -> Panel:
    """Beta by directorate, service or role, the most exposed first."""
    rows = sorted(groups, key=lambda r: (bool(r.get("is_other")), -(r.get("beta") or 0.0)))
    reading = None
    top = max(
        (r for r in rows if not r.get("is_other")),
        key=lambda r: r.get("exposed_time_share") or 0.0,
        default=None,
    )
    if top is not None and top.get("exposed_time_share") is not None:
        reading = _(
            "« %(name)s » concentre %(share)s du temps exposé du périmètre, avec "
            "%(beta)s de son temps de travail exposé."
        ) % {
            "name": top["label"],
            "share": percent(top["exposed_time_share"]),
            "beta": percent(top["beta"]),
        }
    chart = charts.bar_chart(
        _("Part du temps de travail exposée (beta) %(by)s") % {"by": _by(kind)},
        reading,
        [(row["label"], row.get("beta")) for row in rows],
        max_value=1.0,
        label_heading=_heading(kind),
        value_heading=_("Part du temps exposée"),
    )
    columns = [
        Column("label", _heading(kind)),
        Column("headcount", _("Agents"), "integer"),
        Column("beta", _("Part du temps exposée (beta)"), "share"),
        Column("alpha", _("Exposition directe (alpha)"), "share"),
        Column("zeta", _("Avec outils (zeta)"), "share"),
        Column("auto", _("Automatisable"), "share"),
        Column("aug", _("Assisté"), "share"),
        Column("exposed_time_share", _("Part du temps exposé du périmètre"), "share"),
    ]
    return Panel(
        "exposition",
        _("Exposition %(by)s") % {"by": _by(kind)},
        _(
            "Beta est la part du temps de travail qu'un assistant d'IA générative pourrait "
            "modifier (tâches E1 en entier, E2 pour moitié), en moyenne pondérée par l'effectif."
        ),
        chart,
        [Table("exposition", _("Exposition %(by)s") % {"by": _by(kind)}, columns, rows)],
    )


def sensitivity_section(kind: str, by_class: list[dict], groups: list[dict]) -> Panel:
    """Exposed time by data class, for the scope and for each group."""
    names = data_class_labels()
    class_rows = [row | {"label": names[row["data_class"]]} for row in by_class]
    series = [(code, names[code]) for code in DATA_CLASSES]
    reading = None
    sensitive = [r["share"] for r in by_class if r["data_class"] in ("D2", "D3", "D4")]
    if any(value is not None for value in sensitive):
        reading = _(
            "%(share)s du temps exposé porte sur des données personnelles ou plus sensibles "
            "(D2 à D4) : ce temps-là ne peut pas être confié à un outil grand public."
        ) % {"share": percent(sum(v or 0.0 for v in sensitive))}
    chart = charts.stacked_bar_chart(
        _("Temps exposé selon la sensibilité des données, %(by)s") % {"by": _by(kind)},
        reading,
        [(row["label"], {code: row.get(code) for code in DATA_CLASSES}) for row in groups],
        series,
        label_heading=_heading(kind),
    )
    class_columns = [
        Column("label", _("Classe de données")),
        Column("share", _("Part du temps exposé"), "share"),
        Column("share_of_time", _("Part du temps de travail"), "share"),
    ]
    group_columns = [
        Column("label", _heading(kind)),
        Column("exposed_agents", _("Temps exposé (équivalents agents)"), "decimal"),
        *(Column(code, names[code], "share") for code in DATA_CLASSES),
    ]
    return Panel(
        "sensibilite",
        _("Exposition et sensibilité des données"),
        _(
            "Part du temps exposé selon la classe des données traitées par chaque tâche (D0 "
            "publiques à D4 secret protégé)."
        ),
        chart,
        [
            Table(
                "sensibilite", _("Temps exposé par classe de données"), class_columns, class_rows
            ),
            Table(
                "sensibilite_groupes",
                _("Temps exposé par classe de données, %(by)s") % {"by": _by(kind)},
                group_columns,
                groups,
                collapsed=True,
            ),
        ],
    )


def deployable_section(kind: str, summary: dict, groups: list[dict]) -> Panel:
    whole = {"label": _("Ensemble du périmètre"), **summary}
    rows = [whole, *groups]
    reading = None
    if summary.get("beta") is not None:
        reading = _(
            "Pour une exposition technique de %(beta)s du temps de travail, %(k1)s serait "
            "déployable avec des outils grand public sans contrat (k1), %(k2)s avec un outil "
            "sous contrat (k2) et %(k3)s sur les serveurs de la ville (k3)."
        ) % (
            {"beta": percent(summary["beta"])}
            | {k: percent(summary.get(f"beta_dep_{k}")) for k in SCENARIOS}
        )
    chart = charts.grouped_bar_chart(
        _("Exposition déployable selon le scénario d'outillage, %(by)s") % {"by": _by(kind)},
        reading,
        [
            (
                row["label"],
                {"beta": row.get("beta")} | {k: row.get(f"beta_dep_{k}") for k in SCENARIOS},
            )
            for row in rows
        ],
        [("beta", _("Exposition technique")), ("k1", "k1"), ("k2", "k2"), ("k3", "k3")],
        max_value=1.0,
        label_heading=_heading(kind),
    )
    columns = [
        Column("label", _heading(kind)),
        Column("headcount", _("Agents"), "integer"),
        Column("beta", _("Exposition technique (beta)"), "share"),
        *(Column(f"beta_dep_{k}", str(labels.SCENARIOS[k]), "share") for k in SCENARIOS),
    ]
    return Panel(
        "deployable",
        _("Exposition déployable selon les outils (k1, k2, k3)"),
        _(
            "Part du temps exposé que la ville pourrait confier à un outil compte tenu des "
            "données traitées : k1 outils grand public sans contrat, k2 outil sous contrat "
            "hébergé dans l'UE, k3 outil sur les serveurs de la ville après une AIPD. Les "
            "coefficients sont des choix de politique à confirmer par le délégué à la protection "
            "des données, pas des mesures."
        ),
        chart,
        [Table("deployable", _("Exposition déployable"), columns, rows, collapsed=True)],
    )


# Roles, opportunities, AI already in use ---------------------------------------------------


def top_roles_section(roles: list[dict], folded_note: str = "") -> Panel:
    rows = [
        role | {"gradient_label": labels.gradient_label(role.get("gradient_2025"))}
        for role in roles[:TOP_ROLES]
    ]
    reading = None
    if rows:
        reading = _(
            "« %(title)s » (%(service)s) a la plus forte part du temps exposée : "
            "%(beta)s, pour %(agents)s agents."
        ) % {
            "title": rows[0]["title"],
            "service": rows[0]["service"],
            "beta": percent(rows[0]["beta"]),
            "agents": charts.number(rows[0]["headcount"]),
        }
    chart = charts.bar_chart(
        _("Les %(n)s postes les plus exposés (beta)") % {"n": len(rows)},
        reading,
        [(f"{row['title']} ({row['service']})", row["beta"]) for row in rows],
        max_value=1.0,
        label_heading=_("Poste"),
        value_heading=_("Part du temps exposée"),
    )
    columns = [
        Column("title", _("Poste")),
        Column("service", _("Service")),
        Column("directorate", _("Direction")),
        Column("headcount", _("Agents"), "integer"),
        Column("beta", _("Part du temps exposée (beta)"), "share"),
        Column("beta_p10", _("P10"), "share"),
        Column("beta_p90", _("P90"), "share"),
        Column("gradient_label", _("Gradient OIT 2025")),
        Column("a_discuter", _("À discuter (écart à la référence OIT)")),
    ]
    return Panel(
        "postes",
        _("Les postes les plus exposés"),
        _(
            "Chaque poste mène à son reçu de calcul : ses tâches, leur classe, leur intensité "
            "et leur contribution."
        ),
        chart,
        [Table("postes", _("Postes les plus exposés"), columns, rows, note=folded_note)],
    )


def opportunities_section(ranked: list[dict], folded_note: str = "") -> Panel:
    rows = [
        item
        | {
            "scenario_label": str(labels.SCENARIOS[item["scenario"]])
            if item.get("scenario")
            else _("Aucun : moins de la moitié de l'exposition est déployable")
        }
        for item in ranked
    ]
    columns = [
        Column("rank", _("Rang"), "integer"),
        Column("name", _("Service")),
        Column("directorate", _("Direction")),
        Column("headcount", _("Agents"), "integer"),
        Column("beta", _("Part du temps exposée"), "share"),
        Column("low_sensitivity", _("Part du temps exposé sur données D0–D1"), "share"),
        Column("yearly_requests", _("Demandes par an"), "integer"),
        Column("score", _("Score"), "decimal"),
        Column("scenario_label", _("Scénario suffisant")),
    ]
    return Panel(
        "opportunites",
        _("Où l'IA générative pourrait d'abord améliorer le service public"),
        opportunity_formula(),
        tables=[
            Table(
                "opportunites",
                _("Services classés par opportunité"),
                columns,
                rows,
                note=folded_note,
                limit=OPPORTUNITIES_SHOWN,
            )
        ],
    )


def ai_use_section(counts: dict, rows: list[dict]) -> Panel:
    typed_labels = {code: data_class_labels().get(code, _("Ne sait pas")) for code in TYPED_CODES}
    typed = counts["public_chatbot_typed"]
    chart = charts.bar_chart(
        _("Services utilisant des assistants publics sans contrat, selon les données saisies"),
        _(
            "%(n)s services sur %(total)s déclarent que des agents utilisent des assistants "
            "publics sans contrat ; %(sensitive)s y ont saisi des données personnelles ou "
            "sensibles (D2 à D4)."
        )
        % {
            "n": counts["public_chatbot"],
            "total": counts["answered"],
            "sensitive": counts["public_chatbot_sensitive"],
        },
        [(typed_labels[code], typed.get(code, 0)) for code in TYPED_CODES],
        unit="",
        value_format=lambda value: charts.number(value),
        label_heading=_("Données saisies"),
        value_heading=_("Services"),
    )
    count_rows = [
        {"label": _("Services ayant répondu"), "value": counts["answered"]},
        {"label": _("Aucun outil d'IA générative"), "value": counts["none"]},
        {"label": _("Assistants publics sans contrat"), "value": counts["public_chatbot"]},
        {"label": _("… dont avec des données D2 à D4"), "value": counts["public_chatbot_sensitive"]},
        {"label": _("Outils fournis par la collectivité"), "value": counts["city_tool"]},
        {"label": _("Autres outils"), "value": counts["other"]},
    ] + [
        {"label": _("Assistants publics : données %(label)s") % {"label": typed_labels[code]},
         "value": typed.get(code, 0)}
        for code in TYPED_CODES
    ]  # fmt: skip
    service_columns = [
        Column("name", _("Service")),
        Column("directorate", _("Direction")),
        Column("tools", _("Outils déclarés")),
        Column("data_typed", _("Données saisies")),
        Column("sensitive", _("Données D2 à D4 saisies")),
    ]
    return Panel(
        "ia",
        _("L'IA déjà utilisée dans les services"),
        _(
            "Ce que les chefs de service déclarent de l'usage actuel, pour protéger les données "
            "des usagers et non pour reprocher quoi que ce soit aux agents."
        ),
        chart,
        [
            Table(
                "ia",
                _("Déclarations des services"),
                [Column("label", _("Indicateur")), Column("value", _("Services"), "integer")],
                count_rows,
            ),
            Table(
                "ia_services",
                _("Services qui utilisent des assistants publics sans contrat"),
                service_columns,
                rows,
            ),
        ],
    )


def _use_cells(use) -> dict:
    if use is None:
        return {"respondents": None, "share_using": None, "share_unsupervised": None,
                "share_consumer": None}  # fmt: skip
    return {
        "respondents": use.respondents,
        "share_using": use.share_using,
        "share_unsupervised": use.share_unsupervised,
        "share_consumer": use.by_kind.get("consumer", 0) / use.respondents,
    }


def layers_section(kind: str, summary: dict, groups: list[dict], use) -> Panel:
    """Three layers per scope: technical exposure (beta), deployable exposure (k1-k3), and
    the use the agents report (``impact.voice.selectors.ScopeUse``, folded below its
    threshold)."""

    def realised(row):
        if row.get("is_other"):  # a group folded by headcount: its answers are not split out
            return None
        return use.groups.get(row["label"] if kind == "role" else row.get("key"))

    whole = {"label": _("Ensemble du périmètre"), **summary, **_use_cells(use.whole)}
    rows = [whole, *(row | _use_cells(realised(row)) for row in groups)]
    reading = None
    if use.whole is not None and summary.get("beta") is not None:
        reading = _(
            "Exposition technique : %(beta)s du temps de travail ; déployable sur les serveurs de "
            "la ville (k3) : %(k3)s ; %(using)s des %(n)s agents qui ont répondu utilisent déjà "
            "l'IA générative au travail, %(unsupervised)s avec un outil grand public et des "
            "données personnelles (usage non encadré)."
        ) % {
            "beta": percent(summary["beta"]),
            "k3": percent(summary.get("beta_dep_k3")),
            "using": percent(use.whole.share_using),
            "n": charts.number(use.whole.respondents),
            "unsupervised": percent(use.whole.share_unsupervised),
        }
    chart = None
    if use.whole is not None:
        chart = charts.grouped_bar_chart(
            _("Du potentiel à l'usage réel, %(by)s") % {"by": _by(kind)},
            reading,
            [
                (
                    row["label"],
                    {
                        "beta": row.get("beta"),
                        "k3": row.get("beta_dep_k3"),
                        "using": row.get("share_using"),
                    },
                )
                for row in rows
            ],
            [
                ("beta", _("Exposition technique")),
                ("k3", _("Déployable (k3)")),
                ("using", _("Agents utilisant l'IA")),
            ],
            max_value=1.0,
            label_heading=_heading(kind),
        )
    columns = [
        Column("label", _heading(kind)),
        Column("beta", _("Exposition technique (beta)"), "share"),
        *(Column(f"beta_dep_{k}", str(labels.SCENARIOS[k]), "share") for k in SCENARIOS),
        Column("respondents", _("Agents ayant répondu"), "integer"),
        Column("share_using", _("Utilisent l'IA générative"), "share"),
        Column("share_consumer", _("… avec un outil grand public"), "share"),
        Column("share_unsupervised", _("Usage non encadré"), "share"),
    ]
    intro = _(
        "Ce que la méthode estime (exposition technique, puis déployable selon les outils) à "
        "côté de ce que les agents disent faire déjà, dans l'enquête anonyme. « Usage non "
        "encadré » : un outil grand public utilisé avec des données personnelles ou sensibles. "
        "Seules comptent les réponses des postes d'au moins %(threshold)s répondants, ici comme "
        "dans tout autre périmètre (« — » : aucun tel poste)."
    ) % {"threshold": use.threshold}
    if use.whole is None:
        intro += " " + _("Pas encore assez de réponses des agents pour ce périmètre.")
    return Panel(
        "usage_reel",
        _("Potentiel et usage réel"),
        intro,
        chart,
        [
            Table(
                "usage_reel",
                _("Potentiel et usage réel"),
                columns,
                rows,
                collapsed=chart is not None,
            )
        ],
    )


def studies_section(studies: list[dict]) -> Panel:
    columns = [
        Column("label", _("Étude")),
        Column("versions", _("Versions"), "integer"),
        Column("latest", _("Dernière version"), "integer"),
        Column("generated_on", _("Générée le")),
        Column("consultation", _("Consultation des représentants")),
        Column("opinions", _("Avis des organisations syndicales")),
    ]
    return Panel(
        "consultations",
        _("Études d'impact et consultation des représentants du personnel"),
        _(
            "Chaque étude est versionnée ; les représentants du personnel commentent une "
            "version et chaque organisation syndicale y rend son avis."
        ),
        tables=[Table("etudes", _("Études, versions et consultations"), columns, studies)],
    )


def method_sensitivity_section(table: dict | None, visible: set[str]) -> Panel | None:
    """How much the headline figures move when one choice of the method moves (method 2.0);
    none for a scope with no validated inventory. Folded services read "Autres services"."""
    summary = score_sensitivity.sensitivity_summary(table, visible)
    if summary is None:
        return None
    chart = score_sensitivity.sensitivity_charts(table).get("beta")
    rows = [
        {"figure": row["label"], "value": row["value"], "low": row["low"], "high": row["high"]}
        for row in summary["ranges"]
    ]
    columns = [
        Column("figure", _("Chiffre clé")),
        Column("value", _("Valeur déclarée")),
        Column("low", _("Plus basse")),
        Column("high", _("Plus haute")),
    ]
    return Panel(
        "robustesse",
        _("Sensibilité des chiffres aux choix de la méthode"),
        f"{summary['reading']} {summary['ranking']}",
        chart=chart,
        tables=[Table("robustesse", _("Plage de chaque chiffre clé"), columns, rows)],
    )
