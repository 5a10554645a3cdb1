"""Browser tests: Playwright drives the system Chromium against the live test server.

No browser is downloaded: Chromium comes from the system (`apt-get install chromium`,
done by .ci/run), found at IMPACT_CHROMIUM or on the PATH. Without it the tests skip,
except in CI where they fail. A failing test leaves a screenshot and the page's HTML in
var/e2e-artifacts/ (README, "Tests").
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import REQUIRE_SERVICES

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "e2e-artifacts"
# Chromium flags for a closed network: no background calls to Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def _chromium() -> str | None:
    return os.environ.get("IMPACT_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI") == "true" or REQUIRE_SERVICES:
            pytest.fail("Chromium is required in CI (.ci/run installs the chromium package)")
        pytest.skip("Chromium not found: install the chromium package or set IMPACT_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, live_server, request, settings):
    """A fresh browser context in French, whose console errors fail the test."""
    settings.IMPACT_BASE_URL = live_server.url
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", accept_downloads=True, viewport=None
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(f"console {message.type}: {message.text}")
        if message.type == "error"
        else None,
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    # Nothing may leave the loopback: any request to another host fails the test.
    page.route(
        re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/]).*"),
        lambda route: (problems.append(f"outbound request: {route.request.url}"), route.abort()),
    )
    page.problems = problems
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        from django.db import connection

        # Prefixed by the database, so that CI's two passes keep their own screenshots.
        test = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        name = f"{connection.vendor}-{test}"
        try:
            page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content())
        except Exception as error:  # the page may be gone; the report still has the failure
            print(f"no screenshot: {error}")
    context.close()
    # CSP violations and script errors show as console errors.
    assert not problems, problems


@pytest.fixture
def submitted_inventory(head_a, inventory_a):
    """The head's inventory, complete and submitted (its score computed in-process)."""
    from surveys.actions.inventories import inventory_submit
    from tests.helpers import complete

    complete(inventory_a)
    inventory_a.refresh_from_db()
    return inventory_submit(actor=head_a, inventory=inventory_a, revision=inventory_a.revision)


@pytest.fixture
def study_backend(request, settings):
    """In CI's services pass, studies are rendered by a real Celery worker through Redis;
    elsewhere, in-process. Returns "worker" or "in-process"."""
    from impact.celery import app as celery_app

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or not (
        settings.REDIS_URL
    ):
        yield "in-process"
        return
    request.getfixturevalue("celery_worker_process")
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    yield "worker"
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
