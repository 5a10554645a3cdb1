"""Texts people typed, shown without the characters that could disguise what follows them."""

import re

# Explicit bidi embeddings, overrides and isolates (LRE … RLO, LRI … PDI). A right-to-left
# override typed in a title would reverse the words and figures shown after it on the same
# line (a "Trojan source" for readers). Right-to-left letters keep their natural direction,
# and the marks LRM/RLM (U+200E, U+200F), which reorder nothing, are kept.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


class BidiControlsMiddleware:
    """Remove the explicit bidi controls from every HTML page served.

    Stored texts keep them (they are stored exactly as typed and exported as such); pages,
    e-mails and PDFs show the text in the order it was typed. No template of Impact uses
    these characters itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and response.content
        ):
            charset = response.charset or "utf-8"
            text = response.content.decode(charset, errors="surrogateescape")
            if BIDI_CONTROLS.search(text):
                response.content = without_bidi_controls(text).encode(
                    charset, errors="surrogateescape"
                )
        return response
