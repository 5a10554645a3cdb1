"""WeasyPrint may fetch the app's own static and media files, and nothing else."""

import pytest

from impact.studies.pdf import BASE_URL, RefusedResourceError, render_pdf, url_fetcher


def test_static_file_is_served_from_the_app():
    result = url_fetcher(BASE_URL + "static/css/impact.css")
    assert b"focus-visible" in result["string"]
    assert result["mime_type"] == "text/css"


def test_media_file_is_served_from_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.svg").write_text("<svg/>")
    assert url_fetcher(BASE_URL + "media/logo.svg")["string"] == b"<svg/>"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/static/css/impact.css",
        "http://127.0.0.1:8000/static/css/impact.css",
        "file:///etc/passwd",
        BASE_URL + "static/../../../etc/passwd",
        BASE_URL + "media/../../etc/passwd",
        BASE_URL + "admin/",
        "ftp://impact.localhost/static/css/impact.css",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(RefusedResourceError):
        url_fetcher(url)


def test_a_document_pointing_elsewhere_still_renders_without_fetching_it():
    html = (
        '<html><body><img src="https://example.org/tracker.png">'
        '<link rel="stylesheet" href="file:///etc/passwd"><p>Bonjour</p></body></html>'
    )
    pdf, pages = render_pdf(html)
    assert pdf.startswith(b"%PDF") and pages == 1
