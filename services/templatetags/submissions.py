"""``{% submission_token %}``: the one-time token of a form (``services.web.submissions``)."""

from django import template
from django.utils.html import format_html

from services.web.submissions import FIELD, new_token

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context) -> str:
    """A hidden field with this form's token; a re-shown form keeps the token it was sent with."""
    request = context.get("request")
    sent = request.POST.get(FIELD) if request is not None and request.method == "POST" else None
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, sent or new_token())
