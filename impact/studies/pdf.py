"""HTML → PDF with WeasyPrint, fetching nothing but the app's own static and media files.

The document is rendered against a fictitious origin (``BASE_URL``). The URL fetcher
serves ``/static/…`` from the static files and ``/media/…`` from MEDIA_ROOT, and refuses
everything else: no network, no ``file://``, no path outside those folders.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join

BASE_URL = "https://impact.localhost/"
ORIGIN = urlsplit(BASE_URL)


class RefusedResourceError(ValueError):
    """A document asked for a resource outside the app's own files."""


def _local_path(url: str) -> Path:
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (ORIGIN.scheme, ORIGIN.netloc):
        raise RefusedResourceError(
            f"Refused to fetch {url!r}: only the app's own files are allowed."
        )
    path = unquote(parts.path)
    static_prefix, media_prefix = (
        "/" + settings.STATIC_URL.strip("/") + "/",
        "/" + settings.MEDIA_URL.strip("/") + "/",
    )
    try:
        if path.startswith(static_prefix):
            relative = path[len(static_prefix) :]
            found = finders.find(relative) or safe_join(settings.STATIC_ROOT, relative)
            return Path(found)
        if path.startswith(media_prefix):
            return Path(safe_join(settings.MEDIA_ROOT, path[len(media_prefix) :]))
    except Exception as error:  # safe_join refuses "..": SuspiciousFileOperation
        raise RefusedResourceError(f"Refused to fetch {url!r}: {error}") from error
    raise RefusedResourceError(f"Refused to fetch {url!r}: not a static or media file.")


def url_fetcher(url: str, timeout: int = 10, ssl_context=None, http_headers=None) -> dict:
    """WeasyPrint URL fetcher limited to the app's static and media files."""
    path = _local_path(url)
    if not path.is_file():
        raise RefusedResourceError(f"No such file for {url!r}.")
    return {
        "string": path.read_bytes(),
        "mime_type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "redirected_url": url,
    }


def render_pdf(html: str) -> tuple[bytes, int]:
    """Render an HTML document to PDF bytes; returns (bytes, number of pages)."""
    from weasyprint import HTML  # imported here: loading Pango is slow and workers only need it

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher).render()
    return document.write_pdf(), len(document.pages)
