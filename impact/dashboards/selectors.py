"""Reads that feed the dashboards, in a bounded number of queries whatever the data size.

A dashboard reads the stored score snapshots of the validated inventories
(``impact.scores.figures.scope_figures``: five queries), the studies of the scope and the state of
their consultations (four queries); it never re-scores an answer. The caller passes the
campaign's small-group plan (``small_group_plan``: one query) for everyone but administrators,
who get ``dashboards.NO_FOLDING`` (the view asks ``services.access.sees_small_groups``). The
result is a page: plain values and ``Panel`` objects (charts and tables) ready for the
template and the exports.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from impact.charts import number, percent
from impact.consultation.models import Comment, Consultation, Opinion
from impact.dashboards import compare as dashboard_compare
from impact.dashboards import sections as dashboard_sections
from impact.dashboards.tables import Column, Table
from impact.scores import figures as analytics
from impact.scores import labels
from impact.scores.labels import PUBLIC_CHATBOT
from impact.scores.models import RoleScore
from impact.scores.selectors import (  # noqa: F401  (re-exported: the dashboards' API)
    DEFAULT_THRESHOLD,
    method_parameters,
    method_settings_get,
    small_group_plan,
    small_group_threshold,
)
from impact.scoring import DATA_CLASSES, DEPLOYABLE, MethodParameters
from impact.scoring import folding as dashboards
from impact.scoring.folding import NO_FOLDING, FoldPlan
from impact.studies.models import Study, StudyVersion
from impact.voice import selectors as voice_selectors
from services import access
from services.models import Directorate
from surveys.models import Campaign

SENSITIVE = ("D2", "D3", "D4")


# Campaigns, directorates, small groups ----------------------------------------------------


def directorate_choices() -> list[Directorate]:
    return list(Directorate.objects.order_by("name", "pk"))


def _query(campaign: Campaign | None, **extra) -> str:
    params = {"campagne": campaign.slug} if campaign else {}
    return urlencode(params | {k: v for k, v in extra.items() if v})


def _url(name: str, pk, campaign) -> str:
    return f"{reverse(name, args=[pk])}?{_query(campaign)}"


# Shaping the figures ----------------------------------------------------------------------


def _directorate_groups(figures: dict, plan: FoldPlan, campaign) -> list[dict]:
    rows = [
        row | {"label": row["directorate"], "_url": _url("impact-dashboard-directorate", row["key"], campaign)}
        for row in figures["by_directorate"]
    ]  # fmt: skip
    return dashboards.fold_rows(rows, plan.directorates, "key", {"label": _("Autres directions")})


def _service_groups(figures: dict, plan: FoldPlan, campaign) -> list[dict]:
    rows = [
        row | {"label": row["service"], "_url": _url("impact-dashboard-service", row["key"], campaign)}
        for row in figures["by_service"]
    ]  # fmt: skip
    return dashboards.fold_rows(rows, plan.services, "key", {"label": _("Autres services")})


def _role_groups(service: dict, plan: FoldPlan) -> list[dict]:
    rows = [
        role
        | {
            "key": role["role"],
            "label": role["title"],
            "_url": reverse("impact-dashboard-role", args=[role["role"]]),
        }
        for role in service["roles"]
    ]
    exposed = sum((r["headcount"] or 0) * (r["beta"] or 0.0) for r in rows)
    for row in rows:
        share = (row["headcount"] or 0) * (row["beta"] or 0.0)
        row["exposed_time_share"] = share / exposed if exposed else None
    return dashboards.fold_rows(rows, plan.roles, "key", {"label": _("Autres postes")})


def _with_exposed_agents(rows: list[dict]) -> list[dict]:
    return [row | {"exposed_agents": (row.get("headcount") or 0) * (row.get("beta") or 0.0)} for row in rows]  # fmt: skip


def _sensitivity_groups(kind: str, figures: dict, plan: FoldPlan, groups: list[dict]) -> list:
    """The whole scope, then each shown group: exposed time (agent-equivalents) and its split
    by data class (services' splits weighted by their exposed time)."""
    summary = figures["summary"]
    whole = {
        "key": None,
        "label": _("Ensemble du périmètre"),
        "exposed_agents": (summary["headcount"] or 0) * (summary["beta"] or 0.0),
    } | {row["data_class"]: row["share"] for row in figures["data_classes"]}
    if kind == "role":
        return [whole]
    exposed: dict = {}
    hidden = plan.directorates if kind == "directorate" else plan.services
    names = {row["key"]: row["label"] for row in groups if not row.get("is_other")}
    # Directorate names are unique in the collectivité: they lead to the directorate's id.
    directorate_ids = {row["directorate"]: row["key"] for row in figures["by_directorate"]}
    for service in figures["services"]:
        key = (
            directorate_ids.get(service["directorate"])
            if kind == "directorate"
            else service["service_id"]
        )
        key = None if key in hidden else key
        amount = (service["headcount"] or 0) * (service["beta"] or 0.0)
        totals = exposed.setdefault(key, dict.fromkeys(DATA_CLASSES, 0.0))
        for code in DATA_CLASSES:
            totals[code] += amount * (service["exposed_by_class"].get(code) or 0.0)
    rows = []
    for key, totals in exposed.items():
        label = names.get(key) if key is not None else _("Autres services") if kind == "service" else _("Autres directions")  # fmt: skip
        total = sum(totals.values())
        rows.append(
            {"key": key, "label": label or "—", "exposed_agents": total, "is_other": key is None}
            | {code: totals[code] / total if total else None for code in DATA_CLASSES}
        )
    return [whole, *sorted(rows, key=lambda r: (r["is_other"], -r["exposed_agents"]))]


def _top_roles(figures: dict, plan: FoldPlan) -> list[dict]:
    roles = [
        role | {
            "service": service["name"], "directorate": service["directorate"],
            "_url": reverse("impact-dashboard-role", args=[role["role"]]),
        }
        for service in figures["services"]
        for role in service["roles"]
        if role["role"] not in plan.roles and (role["beta"] or 0.0) > 0
    ]  # fmt: skip
    roles.sort(key=lambda r: (-r["beta"], -(r["headcount"] or 0), analytics.collate(r["title"])))
    return roles


def _opportunities(figures: dict, plan: FoldPlan) -> list[dict]:
    inputs = [
        {
            "service_id": s["service_id"], "name": s["name"], "directorate": s["directorate"],
            "headcount": s["headcount"], "beta": s["beta"], "low_sensitivity": s["low_sensitivity"],
            "yearly_requests": s["yearly_requests"], **{name: s[name] for name in DEPLOYABLE},
        }
        for s in figures["services"]
        if s["service_id"] not in plan.services
    ]  # fmt: skip
    return analytics.rank_opportunities(inputs)


def _listed(value) -> list:
    return value if isinstance(value, list) else [value] if value else []


def _ai_use(figures: dict, plan: FoldPlan, choices: dict) -> tuple[dict, list[dict]]:
    """Counts of what services declare about AI already in use, and the services using public
    chatbots (folded services merged into one row that says how many they are)."""
    counts = {"answered": 0, "none": 0, "public_chatbot": 0, "public_chatbot_sensitive": 0,
              "city_tool": 0, "other": 0, "public_chatbot_typed": {}}  # fmt: skip
    rows, folded = [], []
    tool_labels = choices.get("tools", {})
    for service in figures["services"]:
        ai_use = service["answers"].get("ai_use") or {}
        tools = _listed(ai_use.get("tools"))
        if not tools:
            continue
        counts["answered"] += 1
        for tool in ("none", "city_tool", "other"):
            counts[tool] += tool in tools
        if PUBLIC_CHATBOT not in tools:
            continue
        typed = [str(code) for code in _listed(ai_use.get("data_typed"))]
        sensitive = any(code in SENSITIVE for code in typed)
        counts["public_chatbot"] += 1
        counts["public_chatbot_sensitive"] += sensitive
        for code in typed:
            counts["public_chatbot_typed"][code] = counts["public_chatbot_typed"].get(code, 0) + 1
        if service["service_id"] in plan.services:
            folded.append(sensitive)
            continue
        rows.append(
            {
                "name": service["name"],
                "directorate": service["directorate"],
                "tools": [tool_labels.get(t, t) for t in tools],
                "data_typed": typed,
                "sensitive": sensitive,
                "_url": None,
            }
        )
    if folded:
        rows.append(
            {
                "name": _("Autres services (%(n)d)") % {"n": len(folded)},
                "directorate": "—",
                "sensitive": _("%(n)d sur %(total)d") % {"n": sum(folded), "total": len(folded)},
                "is_other": True,
            }
        )
    return counts, rows


def _choices(campaign: Campaign) -> dict:
    return {
        question["key"]: {str(key): label for key, label in question["choices"]}
        for section in campaign.questionnaire.sections
        for question in section["questions"]
        if question.get("choices")
    }


def _folded_note(plan: FoldPlan) -> str:
    if plan.is_empty:
        return ""
    return _(
        "Pour qu'aucun agent ne puisse être reconnu, les postes et les services de moins de "
        "%(n)s agents sont regroupés (« Autres postes », « Autres services ») et ne figurent "
        "pas dans ces listes."
    ) % {"n": plan.threshold}


# Studies and consultation -----------------------------------------------------------------


def consultation_state(studies: list[Study]) -> dict[int, dict]:
    """Per study pk, the state of the consultation on its latest consulted version: whether it
    is open and until when, how many comments await an answer, and each union's opinion.
    Two queries whatever the number of studies (consultations with their counts, opinions)."""
    latest = (
        Consultation.objects.filter(version__study__in=[s.pk for s in studies])
        .select_related("version")
        .annotate(
            n_comments=Count("comments", filter=Q(comments__parent__isnull=True)),
            n_pending=Count(
                "comments",
                filter=Q(comments__parent__isnull=True, comments__status=Comment.Status.PENDING),
            ),
        )
        .prefetch_related(Prefetch("opinions", queryset=Opinion.objects.order_by("union", "pk")))
        .order_by("version__study_id", "-version__number")
    )
    state: dict[int, dict] = {}
    for consultation in latest:
        if consultation.version.study_id in state:
            continue  # an older version's consultation
        state[consultation.version.study_id] = {
            "consultation": _consultation_label(consultation),
            "opinions": "; ".join(
                f"{opinion.union} : {opinion.get_stance_display()}"
                for opinion in consultation.opinions.all()
            )
            or _("aucun avis enregistré"),
        }
    return state


def _consultation_label(consultation: Consultation) -> str:
    values = {
        "number": consultation.version.number,
        "deadline": date_format(consultation.deadline, "j F Y"),
        "comments": consultation.n_comments,
        "pending": consultation.n_pending,
    }
    if consultation.status == Consultation.Status.OPEN:
        return (
            _(
                "version %(number)s : en cours jusqu'au %(deadline)s ; %(comments)s commentaire(s), "
                "%(pending)s en attente de réponse"
            )
            % values
        )
    return (
        _("version %(number)s : close ; %(comments)s commentaire(s), %(pending)s sans réponse")
        % values
    )


def _studies(campaign: Campaign, visible: QuerySet[Study], directorate, service) -> list[Study]:
    studies = visible.filter(campaign=campaign)
    if service is not None:
        studies = studies.filter(service=service)
    elif directorate is not None:
        studies = studies.filter(Q(directorate=directorate) | Q(service__directorate=directorate))
    versions = StudyVersion.objects.only("pk", "study_id", "number", "created_at").order_by("-number")  # fmt: skip
    return list(
        studies.select_related("directorate", "service__directorate")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("scope", "pk")
    )


def _study_rows(studies: list[Study], consultation: dict) -> list[dict]:
    rows = []
    for study in studies:
        versions = list(study.versions.all())
        row = {
            "label": study.scope_label,
            "versions": len(versions),
            "latest": versions[0].number if versions else None,
            "generated_on": date_format(versions[0].created_at, "j F Y") if versions else None,
            "_url": study.get_absolute_url(),
        }
        row |= consultation.get(
            study.pk, {"consultation": _("pas de consultation"), "opinions": ""}
        )
        rows.append(row)
    return rows


# Pages ------------------------------------------------------------------------------------


def dashboard(
    campaign: Campaign,
    *,
    params: MethodParameters,
    plan: FoldPlan,
    studies: QuerySet[Study],
    directorate=None,
    service=None,
) -> dict:
    """The dashboard of a campaign for the collectivité, a directorate or a service.

    ``plan`` is the campaign's ``small_group_plan`` for persons who see folded figures, or
    ``dashboards.NO_FOLDING``. Returns the figures shown as key numbers (coverage, summary,
    ladder) and the page's sections.
    """
    figures = analytics.scope_figures(
        campaign, directorate=directorate, service=service, params=params
    )
    kind = (
        "role" if service is not None else "service" if directorate is not None else "directorate"
    )
    if kind == "directorate":
        groups = _directorate_groups(figures, plan, campaign)
    elif kind == "service":
        groups = _service_groups(figures, plan, campaign)
    else:
        groups = _role_groups(figures["services"][0], plan) if figures["services"] else []
    note = _folded_note(plan)
    listed = _studies(campaign, studies, directorate, service)
    sections = _sections(kind, figures, plan, _with_exposed_agents(groups), note)
    sections.append(dashboard_sections.ai_use_section(*_ai_use(figures, plan, _choices(campaign))))
    use = voice_selectors.realised_use_by_scope(
        campaign.pk, directorate=directorate, service=service
    )
    sections.append(dashboard_sections.layers_section(kind, figures["summary"], groups, use))
    rows = _study_rows(listed, consultation_state(listed))
    sections.append(dashboard_sections.studies_section(rows))
    return {
        "organisation": figures["organisation"],
        "key_figures": _key_figures(figures),
        "coverage": figures["coverage"],
        "summary": figures["summary"],
        "method_version": figures["method_version"],
        "parameters_note": figures["parameters_note"],
        "folded_note": note,
        "sections": sections,
    }


def _sections(kind: str, figures: dict, plan: FoldPlan, groups: list[dict], note: str) -> list:
    """The sections drawn from the scope's figures, in reading order."""
    sensitivity = _sensitivity_groups(kind, figures, plan, groups)
    sections = [
        dashboard_sections.coverage_section(figures["coverage"]),
        dashboard_sections.ladder_section(figures["ladder"]),
        dashboard_sections.gradients_section(figures["gradients"]),
        dashboard_sections.exposure_section(kind, groups),
        dashboard_sections.sensitivity_section(kind, figures["data_classes"], sensitivity),
        dashboard_sections.deployable_section(kind, figures["summary"], groups),
        dashboard_sections.top_roles_section(_top_roles(figures, plan), note),
    ]
    if kind != "role":
        ranked = _opportunities(figures, plan)
        sections.append(dashboard_sections.opportunities_section(ranked, note))
        visible = {row["name"] for row in ranked}
        robustness = dashboard_sections.method_sensitivity_section(
            figures.get("sensitivity"), visible
        )
        if robustness is not None:
            sections.append(robustness)
    return sections


def _key_figures(figures: dict) -> list[dict]:
    """The few numbers printed at the top of a dashboard, formatted in the active language."""
    coverage, summary = figures["coverage"], figures["summary"]
    rungs = {rung["rung"]: rung for rung in figures["ladder"]}
    return [
        {
            "label": _("États des lieux validés"),
            "value": _("%(n)s sur %(total)s")
            % {
                "n": number(coverage["inventories_validated"]),
                "total": number(coverage["inventories_total"]),
            },
        },
        {
            "label": _("Agents couverts"),
            "value": _("%(n)s sur %(total)s agents de l'organigramme (%(share)s)")
            % {
                "n": number(coverage["agents_covered"]),
                "total": number(coverage["agents_in_scope"]),
                "share": percent(coverage["agents_share"]),
            },
        },
        {"label": _("Part du temps de travail exposée (beta)"), "value": percent(summary["beta"])},
        {
            "label": _("Agents dont au moins une tâche est exposée"),
            "value": percent(rungs.get("one_task", {}).get("share")),
        },
        {
            "label": _("Agents dont la moitié du temps ou plus est exposée"),
            "value": percent(rungs.get("half_of_time", {}).get("share")),
        },
        {"label": _("Version de la méthode"), "value": figures["method_version"] or "—"},
    ]


def comparison(
    before: Campaign,
    after: Campaign,
    *,
    params: MethodParameters,
    plans: tuple[FoldPlan, FoldPlan],
    directorate=None,
    versions: tuple[str | None, str | None] = (None, None),
) -> dict:
    """What moved between two campaigns, for the collectivité or one directorate (twice the
    five queries of ``scope_figures``). ``versions``: the method version whose snapshots each
    side reads (None: the current ones), so one campaign can be compared under two versions."""
    figures = [
        analytics.scope_figures(
            campaign, directorate=directorate, params=params, method_version=version
        )
        for campaign, version in zip((before, after), versions, strict=True)
    ]
    titles = tuple(
        _("%(campaign)s (méthode %(version)s)") % {"campaign": c.title, "version": v}
        if v else c.title
        for c, v in zip((before, after), versions, strict=True)
    )  # fmt: skip
    sections = dashboard_compare.comparison_sections(
        *figures, plans, titles, with_directorates=directorate is None
    )
    return {
        "organisation": figures[1]["organisation"] or figures[0]["organisation"],
        "folded_note": _folded_note(plans[1]) or _folded_note(plans[0]),
        "sections": sections,
    }


def role_receipt(role: RoleScore) -> dict:
    """A role's measures and receipt of calculation: ``scores`` shaped for
    ``_inventory_scores.html`` and the receipt as an exportable ``table``."""
    values = {name: getattr(role, name) for name in vars(role) if not name.startswith("_")}
    view = values | {
        "gradient_label": labels.gradient_label(role.gradient_2025),
        "category_label": labels.category_label(role.category_2023),
        "ilo_gradient_label": labels.gradient_label(role.ilo_gradient) if role.ilo_gradient else "",
    }
    columns = [
        Column("task", _("Tâche")),
        Column("share", _("Part du temps"), "share"),
        Column("exposure", _("Classe")),
        Column("intensity", _("Intensité"), "decimal"),
        Column("data_class", _("Données")),
        Column("accountable", _("Acte engageant")),
        Column("contribution_beta", _("Contribution à beta"), "decimal"),
        Column("contribution_mu", _("Contribution à l'intensité"), "decimal"),
    ]
    title = _("Reçu de calcul — %(title)s") % {"title": role.title}
    return {
        "scores": {"roles": [view], "snapshot": role.score, "live": False},
        "table": Table("recu", title, columns, [dict(line) for line in role.receipt]),
    }


__all__ = ["NO_FOLDING", "comparison", "dashboard", "role_receipt", "small_group_plan"]


# Pages ----------------------------------------------------------------------------------


def folding_plan(user, campaign, threshold: int, method_version=None) -> FoldPlan:
    """The small groups folded for ``user`` in ``campaign`` (none for administrators), in the
    snapshots the page reads (``method_version``: see ``chosen_snapshots``)."""
    if campaign is None or access.sees_small_groups(user):
        return NO_FOLDING
    return small_group_plan(campaign, threshold, method_version=method_version)


def dashboard_context(user, campaigns, campaign, *, directorate=None, service=None, plan=None):
    """The context of a dashboard page (also the official's home): filters, figures, sections.

    Used by the dashboard views and by the home page of elected officials.
    """
    row = method_settings_get()
    plan = plan if plan is not None else folding_plan(user, campaign, row.small_group_threshold)
    page = None
    if campaign is not None:
        page = dashboard(
            campaign, params=method_parameters(row), plan=plan,
            studies=access.visible_studies(user), directorate=directorate, service=service,
        )  # fmt: skip
    return {
        "campaigns": campaigns,
        "campaign": campaign,
        "directorates": directorate_choices() if access.can_view_dashboards(user) else [],
        "directorate": directorate,
        "service": service,
        "page": page,
        "query": urlencode({"campagne": campaign.slug}) if campaign else "",
        "overview_reader": access.can_view_dashboards(user),
        "export_base": reverse("impact-dashboard"),
    }


def official_home_context(user) -> dict:
    """The dashboard of the latest campaign, shown on an elected official's home page."""
    campaigns = list(access.visible_dashboard_campaigns(user))
    return dashboard_context(user, campaigns, campaigns[0] if campaigns else None)
