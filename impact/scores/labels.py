"""French (translatable) labels of the engine's codes, for pages and documents."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

GRADIENT_2025 = {
    "not_exposed": _("Non exposé"),
    "minimal": _("Exposition minimale"),
    "gradient_1": _("Exposé — gradient 1"),
    "gradient_2": _("Exposé — gradient 2"),
    "gradient_3": _("Exposé — gradient 3"),
    "gradient_4": _("Exposé — gradient 4"),
}
CATEGORY_2023 = {
    "not_affected": _("Non concerné"),
    "augmentation": _("Potentiel d'assistance"),
    "big_unknown": _("Incertain (« big unknown »)"),
    "automation": _("Potentiel d'automatisation"),
}
SCENARIOS = {
    "k1": _("k1 — outils grand public sans contrat"),
    "k2": _("k2 — outil souverain ou hébergé dans l'UE, sous contrat"),
    "k3": _("k3 — outil sur les serveurs de la ville, après AIPD"),
}


def gradient_label(code: str) -> str:
    return str(GRADIENT_2025.get(code, code or "—"))


def category_label(code: str) -> str:
    return str(CATEGORY_2023.get(code, code or "—"))


# The ladder's texts, translatable: the pure engine (impact/aggregates.py) holds them in
# French only; pages in another language look them up here by rung code.
LADDER_TEXTS = {
    "one_task": {
        "label": _("Au moins une tâche exposée"),
        "definition": _("zeta > 0 : au moins une tâche du poste est de classe E1 ou E2"),
        "reference": _(
            "95 % (étiquettes GPT-4) à 97,5 % (étiquettes humaines) des actifs américains"
        ),
    },
    "tenth_of_time": {
        "label": _("10 % du temps de travail ou plus"),
        "definition": _("beta ≥ 0,10"),
        "reference": _("environ 80 % des actifs américains"),
    },
    "exposed_occupation": {
        "label": _("Métier exposé"),
        "definition": _("gradient OIT 2025 de 1 à 4"),
        "reference": _("25 % de l'emploi mondial, 34 % dans les pays à revenu élevé"),
    },
    "half_of_time": {
        "label": _("La moitié du temps de travail ou plus"),
        "definition": _("beta ≥ 0,50"),
        "reference": _("environ 19 % des actifs américains"),
    },
    "highest_gradient": {
        "label": _("Gradient d'exposition le plus élevé"),
        "definition": _("gradient OIT 2025 = 4"),
        "reference": _("3,3 % de l'emploi mondial"),
    },
}


def localize_ladder(ladder: list[dict]) -> list[dict]:
    """The ladder rows with their texts in the active language (French stays as computed)."""
    return [
        rung | {name: str(text) for name, text in LADDER_TEXTS.get(rung.get("rung"), {}).items()}
        for rung in ladder
    ]


# The answer code of the questionnaire's AI-tools question for a public chatbot.
PUBLIC_CHATBOT = "public_chatbot"


def data_class_labels() -> dict[str, str]:
    """Short French names of the data classes D0-D4 , for tables and charts."""
    return {
        "D0": gettext("D0 — publiques"),
        "D1": gettext("D1 — internes, non personnelles"),
        "D2": gettext("D2 — personnelles"),
        "D3": gettext("D3 — sensibles"),
        "D4": gettext("D4 — secret protégé"),
    }


def opportunity_formula() -> str:
    """The sentence the PDF prints to explain the ranking (``figures.opportunity_score``)."""
    return gettext(
        "Score = part du temps exposée (beta) × (1 + part du temps exposé portant sur des "
        "données publiques ou internes D0–D1) ÷ 2 × log10(1 + nombre de demandes traitées par "
        "an) : l'exposition compte le plus, des données sensibles divisent au plus le score par "
        "deux, et le volume compte sur une échelle logarithmique ; un service qui n'a pas déclaré "
        "son volume de demandes obtient un score nul."
    )
