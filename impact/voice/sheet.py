"""The printable sheet of a role's codes: one slip per code, with its link as a QR code.

The QR codes are drawn on the server (segno, SVG inlined in the page): nothing is fetched
from elsewhere when the sheet is shown or printed.
"""

import segno
from django.utils.safestring import mark_safe

from impact.voice import selectors
from services.web.mail import site_url


def qr_svg(text: str) -> str:
    """An SVG QR code of ``text`` (error correction M), to inline in a page."""
    return mark_safe(
        segno.make(text, error="m").svg_inline(scale=2, title=text, svgclass="qr", lineclass="")
    )


def sheet_slips(codes: list[str]) -> list[dict]:
    slips = []
    for code in codes:
        link = site_url(selectors.entry_path(code))
        slips.append({"code": code, "link": link, "qr": qr_svg(link)})
    return slips
