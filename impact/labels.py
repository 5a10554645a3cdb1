"""French (translatable) labels of the engine's codes, for pages and documents."""

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
