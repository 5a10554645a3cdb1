"""``{% load consultation %}``: the consultation panel of the study page and the home page's
list of open consultations, each with the reader's count of new items."""

from django import template

from impact.consultation import selectors

register = template.Library()


@register.inclusion_tag("impact/consultation/_study_panel.html", takes_context=True)
def consultation_panel(context, study):
    """The study's consultations, and the button that opens one (administrators)."""
    user = context["request"].user
    return {"study": study, **selectors.study_consultations(user, study)}


@register.inclusion_tag("impact/consultation/_home_news.html", takes_context=True)
def consultation_news(context):
    """The open consultations the reader follows, with what is new for them."""
    return {"consultations": selectors.home_consultations(context["request"].user)}
