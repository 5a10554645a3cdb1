"""The content of an impact study: every figure and text its PDF prints, as one JSON dict.

``build_snapshot(study, params)`` reads the scope's figures (``impact.scores.figures``) and shapes
them for the document: French labels, the opportunities ranking, the confidentiality tables,
the heads' answers on concerns and needs, the defaults they changed, the parameters and the
glossary. The dict is stored in ``StudyVersion.snapshot``, so that a version can be reprinted
and two versions compared: floats are rounded to 4 decimals and every list has a fixed order,
so the same inputs give the same ``json.dumps(..., sort_keys=True)``. Text typed by users is
kept as typed (never escaped here: templates escape).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from impact.scores import figures as analytics
from impact.scores import labels
from impact.scores import sensitivity as score_sensitivity
from impact.scores.labels import PUBLIC_CHATBOT, data_class_labels, opportunity_formula
from impact.scores.selectors import method_settings_get, small_group_plan
from impact.scoring import (
    DATA_CLASSES,
    DEFAULT_PARAMETERS,
    DEPLOYABLE,
    EPSILON,
    FREED_HOURS,
    SCENARIOS,
    MethodParameters,
)
from impact.scoring.aggregates import LADDER_CONTEXT
from impact.scoring.folding import FoldPlan, fold_rows
from impact.studies.models import Study
from impact.voice.study import study_voice
from surveys.models import Campaign

DIGITS = 4
ROLE_FIGURES = (
    "headcount", "fte", "isco_code", "n_tasks", "alpha", "beta", "beta_p10", "beta_p50",
    "beta_p90", "zeta", "mean", "sd", "auto", "aug", "low", "none", *DEPLOYABLE, "hours",
    *FREED_HOURS, "ilo_mean", "ilo_sd", "a_discuter",
)  # fmt: skip


def study_figures(study: Study, params: MethodParameters) -> dict:
    """``scope_figures`` for a study's campaign and scope."""
    return analytics.scope_figures(
        study.campaign,
        directorate=study.directorate if study.scope == Study.Scope.DIRECTORATE else None,
        service=study.service if study.scope == Study.Scope.SERVICE else None,
        params=params,
    )


def _no_annex(study: Study) -> dict:
    return {"comments": [], "opinions": []}


_annex_builder: Callable[[Study], dict] = _no_annex


def annex_builder_set(builder: Callable[[Study], dict]) -> None:
    """Set the function that gives a study's annex (its latest consultation).

    The consultation sits above the studies (it comments on their versions), so the studies
    never import it: ``ImpactConfig.ready`` hands them ``impact.consultation.selectors.
    study_annex``. Without it, studies have an empty annex.
    """
    global _annex_builder
    _annex_builder = builder


def build_snapshot(study: Study, params: MethodParameters) -> dict:
    """Every figure and text of a study's PDF, JSON-serialisable, floats rounded to 4 decimals.

    ``params`` are the current method parameters: used for the ladder's P10-P90 band only when
    the scope's snapshots did not all use the same parameters (``parameters.note`` says so).
    Keys: meta, coverage, summary, ladder, ladder_context, gradients, categories,
    by_directorate (collectivité scope only, else empty), by_service, services,
    confidentiality, opportunities, concerns, changed_defaults, parameters, annex, glossary.
    ``annex`` carries over the study's latest consultation (open or closed): its comments
    with their answers and "addressed" flags, and the unions' opinions
    (set by ``annex_builder_set``); a delegate is named by their union unless they
    consented to be named.
    """
    if not Study._meta.get_field("campaign").is_cached(study):
        # One query for the campaign and its questionnaire (the small-group plan costs one).
        study.campaign = Campaign.objects.select_related("questionnaire").get(pk=study.campaign_id)
    with translation.override(settings.LANGUAGE_CODE):
        figures = study_figures(study, params)
        if figures["services"]:  # an empty scope has nothing to fold: no query
            figures = folded_figures(study, figures, small_group_plan(study.campaign))
        choices = _choices(study.campaign.questionnaire)
        ranked = analytics.rank_opportunities(_opportunity_inputs(figures["services"]))
        snapshot = {
            "meta": _meta(study, figures),
            "coverage": figures["coverage"],
            "summary": figures["summary"],
            "ladder": [_rung(rung) for rung in figures["ladder"]],
            "ladder_context": [dict(item) for item in LADDER_CONTEXT],
            "gradients": _with_labels(figures["gradients"], labels.gradient_label),
            "categories": _with_labels(figures["categories"], labels.category_label),
            "by_directorate": figures["by_directorate"]
            if study.scope == Study.Scope.COLLECTIVITE
            else [],
            "by_service": figures["by_service"],
            "services": [_service(service) for service in figures["services"]],
            "confidentiality": _confidentiality(figures, ranked, choices),
            "opportunities": _opportunities(ranked, figures["services"], choices),
            "concerns": [_concerns(service) for service in figures["services"]],
            "changed_defaults": figures["changed_defaults"],
            "sensitivity": _sensitivity(figures),
            "agents": _agents(study, figures),
            "parameters": _parameters(figures),
            "annex": _annex_builder(study),
            "glossary": glossary(),
        }
    return rounded(snapshot)


# Small groups -----------------------------------------------------------------------------
# A study is read by delegates and officials, and administrators read the same document: its
# snapshot folds the campaign's small groups (``small_group_plan``, docs/dashboards.md) for
# everyone, with the dashboards' rules (``impact.scoring.folding``).

OTHER_ROLE = {
    "isco_code": "", "n_tasks": None, "beta_p10": None, "beta_p50": None, "beta_p90": None,
    "ilo_mean": None, "ilo_sd": None, "a_discuter": False, "gradient_2025": "",
    "category_2023": "", "ilo_gradient": "", "data_classes": [], "top_tasks": [],
}  # fmt: skip


def folded_figures(study: Study, figures: dict, plan: FoldPlan) -> dict:
    """``figures`` with the groups of ``plan`` folded: the roles of each service into one
    "Autres postes" row, services and directorates into "Autres services" / "Autres
    directions" in the group tables, folded services left out of the per-service sections
    (a service study keeps its own service: it is the scope), and the changed defaults of
    folded roles and services named by their group."""
    if plan.is_empty:
        return figures
    own = study.service_id if study.scope == Study.Scope.SERVICE else None
    other_role, other_service = _("Autres postes"), _("Autres services")
    services = [
        service | {"roles": _folded_roles(service["roles"], plan, other_role)}
        for service in figures["services"]
        if service["service_id"] not in plan.services or service["service_id"] == own
    ]
    hidden = {
        (service["name"], role["title"])
        for service in figures["services"]
        for role in service["roles"]
        if role["role"] in plan.roles
    }
    hidden_services = {s["name"] for s in figures["services"] if s["service_id"] in plan.services}
    return figures | {
        "services": services,
        "by_service": fold_rows(figures["by_service"], plan.services - {own}, "key",
                                {"service": other_service, "directorate": ""}),
        "by_directorate": fold_rows(figures["by_directorate"], plan.directorates, "key",
                                    {"directorate": _("Autres directions")}),
        "changed_defaults": [
            row | ({"role": other_role} if (row["service"], row["role"]) in hidden else {})
            | ({"service": other_service} if row["service"] in hidden_services else {})
            for row in figures["changed_defaults"]
        ],
    }  # fmt: skip


def _folded_roles(roles: list[dict], plan: FoldPlan, title: str) -> list[dict]:
    rows = fold_rows(roles, plan.roles, "role", {"title": title})
    return [OTHER_ROLE | row if row.get("is_other") else row for row in rows]


def rounded(value, digits: int = DIGITS):
    """The value with every float rounded to ``digits`` decimals (-0.0 becomes 0.0)."""
    if isinstance(value, float):
        return round(value, digits) + 0.0
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item, digits) for item in value]
    return value


# Sections ---------------------------------------------------------------------------------


def _meta(study: Study, figures: dict) -> dict:
    return {
        "organisation": figures["organisation"],
        "campaign": study.campaign.title,
        "scope": str(study.scope),
        "scope_kind": str(Study.Scope(study.scope).label),
        "scope_label": study.scope_label,
        "directorate": _service_directorate(study, figures),
        "method_version": figures["method_version"],
        "generated_on": timezone.localdate().isoformat(),
        # Read by services.access.can_read_study_version: older versions lack it.
        "small_groups_folded": True,
    }


def _agents(study: Study, figures: dict) -> dict:
    """« Ce que disent les agents » (``impact.voice.study``), with the scope's group names."""
    if study.scope == Study.Scope.COLLECTIVITE:
        names = {row["key"]: row["directorate"] for row in figures["by_directorate"]}
    else:
        names = {row["key"]: row["service"] for row in figures["by_service"]}
    section = study_voice(
        study.campaign,
        directorate=study.directorate if study.scope == Study.Scope.DIRECTORATE else None,
        service=study.service if study.scope == Study.Scope.SERVICE else None,
        group_names=names,
    )
    # The scores' own Monte-Carlo used the city's matrix when theirs is not the method's.
    used = (figures.get("parameters") or {}).get("confusion")
    default = DEFAULT_PARAMETERS.to_dict()["confusion"]
    own = bool(used) and any(
        abs(float(a) - float(b)) > 1e-6
        for label in default
        for a, b in zip(used.get(label, default[label]), default[label], strict=False)
    )
    row = method_settings_get() if own else None
    section["own_matrix"] = own
    section["confusion_source"] = row.confusion_source if row is not None else ""
    return section


def _sensitivity(figures: dict) -> dict:
    """The sensitivity table with the services a folded study does not show named "Autres
    services", and the sentences that read it (``impact.scores.sensitivity``)."""
    table = figures.get("sensitivity") or {}
    visible = {service["name"] for service in figures["services"]}
    if table.get("baseline"):
        other = _("Autres services")

        def shown(names):
            return list(dict.fromkeys(n if n in visible else other for n in names))

        table = table | {
            "baseline": table["baseline"] | {"top": shown(table["baseline"]["top"])},
            "rows": [row | {"top": [shown(t) for t in row["top"]]} for row in table["rows"]],
            "rank_changes": sorted(set(shown(table["rank_changes"]))),
        }
    return {"table": table, "summary": score_sensitivity.sensitivity_summary(table, visible)}


def _service_directorate(study: Study, figures: dict) -> str:
    """A service study's directorate, read from its figures when it has any (saves the query
    that the small-group plan costs)."""
    if study.scope != Study.Scope.SERVICE:
        return ""
    names = [s["directorate"] for s in figures["services"] if s["service_id"] == study.service_id]
    return names[0] if names else study.service.directorate.name


def _rung(rung: dict) -> dict:
    return {
        "key": rung["rung"],
        **{name: rung[name] for name in ("label", "definition", "share", "p10", "p50", "p90")},
        "reference": rung["reference"],
        "source": rung["source"],
    }


def _with_labels(rows: list[dict], label) -> list[dict]:
    return [row | {"label": label(row["code"])} for row in rows]


def _service(service: dict) -> dict:
    answers = service["answers"]
    return {
        "name": service["name"],
        "directorate": service["directorate"],
        "missions": (answers.get("service") or {}).get("missions", ""),
        "comment": (answers.get("comments") or {}).get("free", ""),
        "headcount": service["headcount"],
        "beta": service["beta"],
        "roles": [_role(role) for role in service["roles"]],
    }


def _role(role: dict) -> dict:
    classes = data_class_labels()
    return {
        "title": role["title"],
        **{name: role[name] for name in ROLE_FIGURES},
        "gradient_2025": role["gradient_2025"],
        "gradient_label": labels.gradient_label(role["gradient_2025"]),
        "category_2023": role["category_2023"],
        "category_label": labels.category_label(role["category_2023"]),
        "ilo_gradient": role["ilo_gradient"] or "",
        "ilo_gradient_label": labels.gradient_label(role["ilo_gradient"])
        if role["ilo_gradient"]
        else "",
        "data_classes": [
            item | {"label": classes.get(item["data_class"], item["data_class"])}
            for item in role["data_classes"]
        ],
        "top_tasks": [
            {
                "task": task["task"],
                "share": task["time_share"],
                "exposure": task["exposure"],
                "intensity": task["intensity"],
                "data_class": task["data_class"],
                "contribution_beta": task["contribution_beta"],
            }
            for task in role["top_tasks"]
        ],
    }


def _choices(questionnaire) -> dict[str, dict[str, str]]:
    """Labels of the choice questions, by question key (e.g. improvements, tools, data_typed)."""
    return {
        question["key"]: dict(question["choices"])
        for section in questionnaire.sections
        for question in section["questions"]
        if question.get("choices")
    }


def _choice_labels(values, labels_by_key: dict[str, str]) -> list[str]:
    values = values if isinstance(values, list) else [values] if values else []
    return [labels_by_key.get(str(value), str(value)) for value in values]


def _section(service: dict, key: str) -> dict:
    return service["answers"].get(key) or {}


def _opportunity_inputs(services: list[dict]) -> list[dict]:
    return [
        {
            "service_id": service["service_id"],
            "name": service["name"],
            "directorate": service["directorate"],
            "beta": service["beta"],
            "low_sensitivity": service["low_sensitivity"],
            "yearly_requests": service["yearly_requests"],
            **{name: service[name] for name in DEPLOYABLE},
        }
        for service in services
    ]


def _scenario_label(scenario: str | None) -> str:
    if scenario is None:
        return _("Aucun : moins de la moitié de l'exposition est déployable")
    return str(labels.SCENARIOS[scenario])


def _opportunities(ranked: list[dict], services: list[dict], choices: dict) -> dict:
    """Services ranked as opportunities, with what their heads declared they could improve."""
    answers = {s["service_id"]: _section(s, "opportunities") for s in services}
    rows = []
    for item in ranked:
        declared = answers[item["service_id"]]
        rows.append(
            {
                "rank": item["rank"],
                "service": item["name"],
                "directorate": item["directorate"],
                "beta": item["beta"],
                "low_sensitivity": item["low_sensitivity"],
                "yearly_requests": item["yearly_requests"],
                "score": item["score"],
                "scenario": item["scenario"],
                "scenario_label": _scenario_label(item["scenario"]),
                "improvements": _choice_labels(
                    declared.get("improvements"), choices.get("improvements", {})
                ),
                "improvement_details": declared.get("improvement_details", ""),
                "needs": declared.get("needs", ""),
            }
        )
    return {"formula": opportunity_formula(), "services": rows}


def _confidentiality(figures: dict, ranked: list[dict], choices: dict) -> dict:
    classes = data_class_labels()
    services = figures["services"]
    sensitive = sorted(
        (s for s in services if (s["sensitive"] or 0.0) > EPSILON),
        key=lambda s: (
            -s["sensitive"],
            analytics.collate(s["directorate"]),
            analytics.collate(s["name"]),
        ),
    )
    return {
        "by_data_class": [
            row | {"label": classes[row["data_class"]]} for row in figures["data_classes"]
        ],
        "sensitive_services": [
            {
                "service": s["name"],
                "directorate": s["directorate"],
                "beta": s["beta"],
                "sensitive_share": s["sensitive"],
                "by_class": [
                    {"data_class": d, "label": classes[d], "share": s["exposed_by_class"][d]}
                    for d in DATA_CLASSES
                ],
            }
            for s in sensitive
        ],
        "chatbots": [_chatbot(s, choices) for s in services if _uses_public_chatbot(s)],
        "scenarios": [
            {
                "service": item["name"],
                "directorate": item["directorate"],
                "beta": item["beta"],
                **{k: item[f"beta_dep_{k}"] for k in SCENARIOS},
                "scenario": item["scenario"],
                "scenario_label": _scenario_label(item["scenario"]),
            }
            for item in ranked
        ],
    }


def _uses_public_chatbot(service: dict) -> bool:
    tools = _section(service, "ai_use").get("tools") or []
    return PUBLIC_CHATBOT in (tools if isinstance(tools, list) else [tools])


def _chatbot(service: dict, choices: dict) -> dict:
    ai_use = _section(service, "ai_use")
    typed = ai_use.get("data_typed") or []
    typed = typed if isinstance(typed, list) else [typed]
    labels_by_key = choices.get("data_typed", {})
    return {
        "service": service["name"],
        "directorate": service["directorate"],
        "tools": _choice_labels(ai_use.get("tools"), choices.get("tools", {})),
        "tools_other": ai_use.get("tools_other", ""),
        "tasks_with_ai": ai_use.get("tasks_with_ai", ""),
        "data_typed": [
            {"code": str(code), "label": labels_by_key.get(code, code)} for code in typed
        ],
        "sensitive_data_typed": any(code in ("D2", "D3", "D4") for code in typed),
    }


def _concerns(service: dict) -> dict:
    concerns = _section(service, "concerns")
    consulted = concerns.get("agents_consulted")
    share = concerns.get("share_consulted")
    return {
        "service": service["name"],
        "directorate": service["directorate"],
        "agents_concerns": concerns.get("agents_concerns", ""),
        "training": concerns.get("training", ""),
        "stay_human": concerns.get("stay_human", ""),
        "agents_consulted": {"yes": _("Oui"), "no": _("Non")}.get(consulted, ""),
        "share_consulted": float(share) / 100 if isinstance(share, int | float) else None,
    }


def _parameters(figures: dict) -> dict:
    params = figures["parameters"]
    classes = data_class_labels()
    return {
        "params": params,
        "confidentiality_matrix": [
            {"data_class": d, "label": classes[d], **params["confidentiality"][d]}
            for d in DATA_CLASSES
        ],
        "scenarios": [{"key": k, "label": str(labels.SCENARIOS[k])} for k in SCENARIOS],
        "note": figures["parameters_note"] or "",
    }


def glossary() -> list[dict]:
    """The terms of the study, in French, in alphabetical order."""
    terms = [
        (_("AIPD"), _("Analyse d'impact relative à la protection des données (RGPD, art. 35), "
                      "préalable au scénario k3.")),
        (_("Alpha"), _("Part du temps de travail passée sur des tâches de classe E1.")),
        (_("Beta (part du temps exposée)"), _(
            "Part du temps de travail qu'un assistant d'IA générative pourrait modifier : tâches "
            "E1 comptées en entier, tâches E2 pour moitié (Eloundou et al., 2024).")),
        (_("Catégorie OIT 2023"), _(
            "Classement du métier par l'OIT en 2023 : non concerné, potentiel d'assistance, "
            "incertain ou potentiel d'automatisation.")),
        (_("Classe d'exposition"), _(
            "E0 : pas d'exposition ; E1 : un assistant conversationnel seul divise le temps de la "
            "tâche par deux ; E2 : il faut un logiciel intégré aux documents ou métiers de la "
            "ville.")),
        (_("Classe de données"), _(
            "D0 publiques ; D1 internes sans données personnelles ; D2 personnelles ; D3 "
            "sensibles (santé, social, infractions, mineurs) ; D4 secret protégé.")),
        (_("Effectif, ETP"), _(
            "Nombre d'agents d'un poste, et équivalents temps plein.")),
        (_("Exposition déployable"), _(
            "Part du temps exposée que la ville peut confier à un outil dans un scénario donné, "
            "compte tenu des données traitées (matrice de confidentialité).")),
        (_("Gradient OIT 2025"), _(
            "Classement du métier par l'OIT en 2025, de « non exposé » à « exposé, gradient 4 », "
            "selon la moyenne et l'écart-type de l'intensité de ses tâches.")),
        (_("Heures indicatives"), _(
            "ETP × 1 607 heures × intensité des tâches déployables : un ordre de grandeur du "
            "temps qui pourrait être réinvesti, jamais converti en emplois.")),
        (_("Intensité"), _(
            "Part d'une tâche que l'IA générative pourrait réaliser, déclarée par tranche de "
            "10 % (de « 0 à 10 % » à « 90 à 100 % ») ; par défaut, la moyenne des scores OIT "
            "des tâches de référence du type ; la moyenne et l'écart-type du poste suivent la "
            "méthode de l'OIT.")),
        # xgettext:no-python-format
        (_("Intervalle P10–P90"), _(
            "Fourchette où se trouve la valeur dans 80 % des 1 000 tirages d'une simulation qui "
            "refait le classement des tâches comme l'aurait fait un autre évaluateur.")),
        (_("Poste « à discuter »"), _(
            "Poste dont l'intensité moyenne s'écarte de plus de 0,25 de la référence OIT de son "
            "métier (code ISCO-08) : un écart à examiner avec les représentants.")),
        (_("Scénarios k1, k2, k3"), _(
            "k1 : outils grand public sans contrat ; k2 : outil souverain ou hébergé dans l'UE "
            "sous contrat ; k3 : outil sur les serveurs de la ville après une AIPD.")),
        (_("Temps exposé"), _(
            "Somme, sur les agents, de la part du temps exposée de leur poste (effectif × beta)."
        )),
        (_("Zeta"), _("Part du temps de travail passée sur des tâches de classe E1 ou E2.")),
    ]  # fmt: skip
    return [{"term": str(term), "definition": str(text)} for term, text in terms]
