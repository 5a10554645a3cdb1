"""Filters of the agents' survey pages: shares, agreement figures and class labels."""

from django import template
from django.utils.translation import gettext as _

from impact.charts import percent
from impact.charts.svg import number

register = template.Library()

REASONS = {
    "beta_difference": lambda: _("l'exposition du poste diffère de plus de 15 points"),
    "class_agreement": lambda: _("moins de 60 % des tâches dans la même classe"),
    "task_not_done": lambda: _("une tâche d'au moins 20 % du temps que la plupart ne font pas"),
}


@register.filter
def share(value) -> str:
    """0.423 → « 42 % »; « — » when missing."""
    return "—" if value is None else percent(value)


@register.filter
def figure(value, digits: int = 2) -> str:
    """A coefficient (kappa, ICC) in the active language, « — » when undefined."""
    return "—" if value is None else number(value, digits)


@register.filter
def interval(result) -> str:
    """The 95 % interval of a Kappa or ICC result: « [0,21 ; 0,64] »."""
    if result is None or result.ci_low is None or result.ci_high is None:
        return "—"
    return f"[{number(result.ci_low, 2)} ; {number(result.ci_high, 2)}]"


@register.filter
def reasons(result) -> str:
    return " ; ".join(REASONS[key]() for key in getattr(result, "reasons", ()) if key in REASONS)
