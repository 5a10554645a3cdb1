"""Load test of Impact: the journeys of the four personas, run by ``make load``.

``scripts/load.sh`` prepares a PostgreSQL database with the demo, starts gunicorn on the
loopback and runs this file headless. Each simulated user signs in through the real login
form, then walks its persona's journey page after page, with a pause between pages, again
and again:

- department head (weight 4): home, inventory list, inventory detail, a section form, the
  draft save of that section (POST), the scores of a scored inventory;
- union delegate (weight 2): study list, study detail, consultation page, and now and then
  a comment (POST), whose text is unique so that ``loadtest/check_jobs.py`` can count the
  e-mails it caused;
- elected official (weight 2): the collectivité's dashboard, a directorate, a service, a
  role's receipt;
- administrator (weight 1): campaign list, campaign progress, study list, study detail (and
  now and then a new version of the study, POST: ``LOAD_STUDY_SHARE``), method parameters.

Comments and study requests are the journeys' background work: an e-mail task and a study
generation, each written to the outbox. With ``scripts/load.sh``'s broker outage, some are
asked for while Redis is stopped; ``loadtest/check_jobs.py`` checks afterwards that each was
done once. (The PDF rendering's own speed is measured by ``make bench``.) Requests are named by
page, so locust's statistics are per page. A response fails when its status is not the
one expected (redirects are not followed) or when the page lacks a marker of its content
(a link, a form field or an element id, never translated text).

Each simulated head claims its own head account from the file written by
``loadtest/prepare_heads.py`` (``LOAD_HEADS_FILE``), so it is the only one to save its
inventory and a save is never refused as stale by another simulated head's save; a stale
refusal is therefore a real error. When there are more simulated heads than accounts, the
extra ones read their pages but do not save.

Production settings are used (``DJANGO_DEBUG=0``): the server expects HTTPS behind a reverse
proxy. The load generator plays that proxy's part: it sends ``X-Forwarded-Proto: https``,
sends back the ``Secure`` cookies over the loopback and gives an ``Origin`` with each POST,
as a browser does.
"""

import csv
import itertools
import json
import os
import random
import re
import uuid
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, SequentialTaskSet, between, events, task
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

PASSWORD = os.environ.get("IMPACT_DEMO_PASSWORD", "demo")
HEADS_FILE = Path(
    os.environ.get(
        "LOAD_HEADS_FILE", Path(__file__).resolve().parent.parent / "var/load/heads.json"
    )
)
CAMPAIGN_SLUG = os.environ.get("LOAD_CAMPAIGN", "etat-des-lieux-ia-2026")
# Share of delegate journeys that end with a comment.
COMMENT_SHARE = float(os.environ.get("LOAD_COMMENT_SHARE", "0.2"))
# Share of administrator journeys that ask for a new version of the study they read.
STUDY_SHARE = float(os.environ.get("LOAD_STUDY_SHARE", "0.3"))
# Comments written by the load test carry this marker and a unique number.
COMMENT_MARKER = "question de charge"

# Prefix of the statistics files, in locust's CSV format: …_ramp_stats.csv and
# …_ramp_failures.csv for the ramp-up (every user signing in, then starting its journey),
# …_stats.csv and …_failures.csv for the steady state that follows, once every user runs.
# (Locust's own --csv files would mix both and miss the requests of the last second.)
STATS_PREFIX = os.environ.get("LOAD_STATS_PREFIX", "")

SIGNED_IN = 'action="/deconnexion/"'
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION_RE = re.compile(r'name="revision" value="(\d+)"')
SUBMISSION_RE = re.compile(r'name="submission" value="([^"]+)"')
REGENERATE_RE = re.compile(r'action="(/etudes/\d+/regenerer/)"')


def link(pattern: str) -> re.Pattern:
    """A marker: a link whose path matches ``pattern``, with any query string."""
    return re.compile(rf'href="({pattern}(?:\?[^"]*)?)"')


def links(html: str, marker: re.Pattern) -> list[str]:
    """The distinct links of a page that match a ``link`` marker, in page order."""
    return list(dict.fromkeys(unescape(url) for url in marker.findall(html)))


STUDY_LINK = link(r"/etudes/\d+/")
CONSULTATION_LINK = link(r"/consultations/\d+/")
DIRECTORATE_LINK = link(r"/tableau-de-bord/directions/\d+/")
SERVICE_LINK = link(r"/tableau-de-bord/services/\d+/")
ROLE_LINK = link(r"/tableau-de-bord/postes/\d+/")


class HeadAccounts:
    """The prepared head accounts; each is lent to one simulated head at a time."""

    def __init__(self) -> None:
        self.free: list[dict] | None = None
        self.shared = None

    def _load(self) -> None:
        if self.free is None:
            accounts = json.loads(HEADS_FILE.read_text(encoding="utf-8"))
            if not accounts:
                raise RuntimeError(f"{HEADS_FILE} lists no head account")
            self.free = list(accounts)
            self.shared = itertools.cycle(accounts)

    def claim(self) -> tuple[dict, bool]:
        """An account, and whether this user owns it (and so may save its inventory)."""
        self._load()
        if self.free:
            return self.free.pop(0), True
        return next(self.shared), False

    def release(self, account: dict) -> None:
        self.free.append(account)


HEAD_ACCOUNTS = HeadAccounts()


def write_statistics(environment, suffix: str) -> None:
    """Write locust's statistics and failures CSV files under ``STATS_PREFIX``."""
    if not STATS_PREFIX:
        return
    Path(STATS_PREFIX).parent.mkdir(parents=True, exist_ok=True)
    writer = StatsCSV(environment, PERCENTILES_TO_REPORT)
    with open(f"{STATS_PREFIX}{suffix}_stats.csv", "w", newline="", encoding="utf-8") as handle:
        writer.requests_csv(csv.writer(handle))
    with open(f"{STATS_PREFIX}{suffix}_failures.csv", "w", newline="", encoding="utf-8") as handle:
        writer.failures_csv(csv.writer(handle))


class Ramp:
    """The ramp-up lasts until every user has signed in; its figures are then written
    apart and the statistics reset, so that the main table is the steady state's."""

    environment = None
    users: int | None = None  # known once locust has started every user
    signed_in = 0
    over = False

    @classmethod
    def user_signed_in(cls) -> None:
        cls.signed_in += 1
        cls.end_if_complete()

    @classmethod
    def end_if_complete(cls) -> None:
        if cls.over or cls.users is None or cls.signed_in < cls.users:
            return
        cls.over = True
        if cls.environment is not None and STATS_PREFIX:
            write_statistics(cls.environment, "_ramp")
            cls.environment.runner.stats.reset_all()


@events.init.add_listener
def remember_environment(environment, **_kwargs) -> None:
    Ramp.environment = environment


@events.spawning_complete.add_listener
def every_user_started(user_count: int, **_kwargs) -> None:
    Ramp.users = user_count
    Ramp.end_if_complete()


@events.test_stop.add_listener
def write_final_statistics(environment, **_kwargs) -> None:
    """Once every user has stopped: the steady state's figures (or the whole run's, when
    the run ended before every user had signed in)."""
    write_statistics(environment, "")


class ImpactUser(HttpUser):
    """A signed-in user of one persona; subclasses give the account and the journey."""

    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        self.client.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "fr"})
        self.origin = "https://" + urlsplit(self.host).netloc
        self.sign_in()
        Ramp.user_signed_in()

    # Requests ---------------------------------------------------------------------------

    def _loopback_cookies(self) -> None:
        """Let the ``Secure`` cookies go back over plain HTTP: TLS ends at the (simulated)
        proxy. (A cookie policy on the session's jar would not do: requests copies the
        cookies into a jar with the default policy for each request.)"""
        for cookie in self.client.cookies:
            cookie.secure = False

    def page(self, name: str, url: str, *markers: str | re.Pattern, signed_in: bool = True) -> str:
        """GET a page that must answer 200 and hold every marker (a text, or a regular
        expression that must match); return its HTML, or "" when the page failed."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            self._loopback_cookies()
            html = response.text or ""
            if response.status_code != 200:
                response.failure(f"status {response.status_code} on {url}, expected 200")
                return ""
            expected = (SIGNED_IN, *markers) if signed_in else markers
            missing = [
                getattr(marker, "pattern", marker)
                for marker in expected
                if (
                    marker.search(html) is None
                    if isinstance(marker, re.Pattern)
                    else marker not in html
                )
            ]
            if missing:
                response.failure(f"{url} lacks {missing}")
                return ""
            response.success()
            return html

    def post(
        self, name: str, url: str, data: dict, redirect_prefix: str, exact: bool = False
    ) -> bool:
        """POST a form that must redirect under ``redirect_prefix`` (to it, if ``exact``)."""
        headers = {"Origin": self.origin, "Referer": self.origin + url}
        with self.client.post(
            url,
            data=data,
            headers=headers,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            self._loopback_cookies()
            location = response.headers.get("Location", "")
            expected = (
                location == redirect_prefix if exact else location.startswith(redirect_prefix)
            )
            if response.status_code != 302 or not expected:
                response.failure(
                    f"status {response.status_code} to {location!r} on POST {url}, "
                    f"expected 302 to {redirect_prefix}…"
                )
                return False
            response.success()
            return True

    def sign_in(self) -> None:
        html = self.page(
            "login: form",
            "/connexion/",
            'name="username"',
            'name="password"',
            CSRF_RE,
            signed_in=False,
        )
        token = CSRF_RE.search(html)
        if token is None:
            return
        self.post(
            "login: sign in (POST)",
            "/connexion/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": self.username,
                "password": PASSWORD,
            },
            redirect_prefix="/",
            exact=True,
        )


class HeadJourney(SequentialTaskSet):
    user: "HeadUser"

    def on_start(self) -> None:
        self.form = None

    @task
    def home(self) -> None:
        self.user.page("head: home", "/", f'href="/etats-des-lieux/{self.user.inventory}/"')

    @task
    def inventory_list(self) -> None:
        self.user.page(
            "head: inventory list",
            "/etats-des-lieux/",
            f'href="/etats-des-lieux/{self.user.inventory}/"',
            f'href="/etats-des-lieux/{self.user.scored_inventory}/"',
        )

    @task
    def inventory_detail(self) -> None:
        pk = self.user.inventory
        self.user.page(
            "head: inventory detail",
            f"/etats-des-lieux/{pk}/",
            f'href="/etats-des-lieux/{pk}/sections/service/"',
            f'action="/etats-des-lieux/{pk}/soumettre/"',
        )

    @task
    def section_form(self) -> None:
        html = self.user.page(
            "head: inventory section",
            self.user.section_url,
            'name="missions"',
            'name="public"',
            CSRF_RE,
            REVISION_RE,
        )
        token, revision = CSRF_RE.search(html), REVISION_RE.search(html)
        self.form = (token.group(1), revision.group(1)) if token and revision else None

    @task
    def section_save(self) -> None:
        if not self.user.owns_inventory or self.form is None:
            return
        token, revision = self.form
        self.form = None
        self.user.saves += 1
        self.user.post(
            "head: save section (POST)",
            self.user.section_url,
            {
                "csrfmiddlewaretoken": token,
                "revision": revision,
                "missions": (
                    "Accueil des usagers, instruction des demandes et tenue des registres "
                    f"(saisie de charge n° {self.user.saves})."
                ),
                "public": random.sample(["habitants", "entreprises", "agents", "elus"], k=2),
                "yearly_requests": str(random.randint(1_000, 90_000)),
                "opening_hours": "Du lundi au vendredi, 8 h 30 – 17 h",
            },
            redirect_prefix=f"/etats-des-lieux/{self.user.inventory}/",
        )

    @task
    def scores(self) -> None:
        self.user.page(
            "head: scores",
            f"/etats-des-lieux/{self.user.scored_inventory}/scores/",
            'id="scores"',
        )


class HeadUser(ImpactUser):
    weight = 4
    tasks = [HeadJourney]

    def on_start(self) -> None:
        self.account, self.owns_inventory = HEAD_ACCOUNTS.claim()
        self.username = self.account["username"]
        self.inventory = self.account["inventory"]
        self.scored_inventory = self.account["scored_inventory"]
        self.section_url = f"/etats-des-lieux/{self.inventory}/sections/service/"
        self.saves = 0
        super().on_start()

    def on_stop(self) -> None:
        if self.owns_inventory:
            HEAD_ACCOUNTS.release(self.account)
            self.owns_inventory = False


class DelegateJourney(SequentialTaskSet):
    user: "DelegateUser"

    def on_start(self) -> None:
        self.study = self.consultation = self.form_token = None

    @task
    def study_list(self) -> None:
        html = self.user.page("delegate: study list", "/etudes/", STUDY_LINK)
        studies = links(html, STUDY_LINK)
        self.study = random.choice(studies) if studies else None

    @task
    def study_detail(self) -> None:
        if self.study is None:
            return
        html = self.user.page(
            "delegate: study detail", self.study, 'id="study-job"', CONSULTATION_LINK
        )
        consultations = links(html, CONSULTATION_LINK)
        self.consultation = consultations[0] if consultations else None

    @task
    def consultation_page(self) -> None:
        if self.consultation is None:
            return
        html = self.user.page(
            "delegate: consultation",
            self.consultation,
            f'action="{self.consultation}commenter/"',
            'id="commentaires"',
            CSRF_RE,
        )
        token = CSRF_RE.search(html)
        self.form_token = token.group(1) if token else None

    @task
    def comment(self) -> None:
        if self.form_token is None or random.random() >= COMMENT_SHARE:
            return
        self.user.post(
            "delegate: comment (POST)",
            f"{self.consultation}commenter/",
            {
                "csrfmiddlewaretoken": self.form_token,
                "kind": "question",
                "target": "study",
                "body": (
                    "Combien d'agents du service seront formés avant l'arrivée de l'outil ? "
                    f"({COMMENT_MARKER} {uuid.uuid4().hex})"
                ),
            },
            redirect_prefix=self.consultation,
        )
        self.form_token = None


class DelegateUser(ImpactUser):
    weight = 2
    username = "delegue"
    tasks = [DelegateJourney]


class OfficialJourney(SequentialTaskSet):
    user: "OfficialUser"

    def on_start(self) -> None:
        self.directorates = self.services = self.roles = []

    @task
    def dashboard(self) -> None:
        html = self.user.page(
            "official: dashboard", "/tableau-de-bord/", DIRECTORATE_LINK, ROLE_LINK
        )
        self.directorates = links(html, DIRECTORATE_LINK)
        self.roles = links(html, ROLE_LINK)

    @task
    def directorate(self) -> None:
        if not self.directorates:
            return
        html = self.user.page(
            "official: directorate",
            random.choice(self.directorates),
            SERVICE_LINK,
        )
        self.services = links(html, SERVICE_LINK)

    @task
    def service(self) -> None:
        if not self.services:
            return
        html = self.user.page(
            "official: service", random.choice(self.services), 'id="filtre-campagne"'
        )
        self.roles = links(html, ROLE_LINK) or self.roles

    @task
    def role_receipt(self) -> None:
        if not self.roles:
            return
        self.user.page("official: role receipt", random.choice(self.roles), 'id="scores"')


class OfficialUser(ImpactUser):
    weight = 2
    username = "elu"
    tasks = [OfficialJourney]


class AdministratorJourney(SequentialTaskSet):
    user: "AdministratorUser"

    def on_start(self) -> None:
        self.studies = []

    @task
    def campaign_list(self) -> None:
        self.user.page(
            "administrator: campaign list",
            "/campagnes/",
            f'href="/campagnes/{CAMPAIGN_SLUG}/"',
        )

    @task
    def campaign_progress(self) -> None:
        self.user.page(
            "administrator: campaign progress",
            f"/campagnes/{CAMPAIGN_SLUG}/",
            'id="avancement"',
            'href="/etats-des-lieux/',
        )

    @task
    def study_list(self) -> None:
        html = self.user.page("administrator: study list", "/etudes/", STUDY_LINK)
        self.studies = links(html, STUDY_LINK)

    @task
    def study_detail(self) -> None:
        if not self.studies:
            return
        study = random.choice(self.studies)
        html = self.user.page("administrator: study detail", study, 'id="study-job"')
        regenerate, token = REGENERATE_RE.search(html), CSRF_RE.search(html)
        if regenerate is None or token is None or random.random() >= STUDY_SHARE:
            return
        submission = SUBMISSION_RE.search(html)
        self.user.post(
            "administrator: new study version (POST)",
            regenerate.group(1),
            {
                "csrfmiddlewaretoken": token.group(1),
                "submission": submission.group(1) if submission else "",
            },
            redirect_prefix=study,
            exact=True,
        )

    @task
    def method(self) -> None:
        self.user.page(
            "administrator: method parameters",
            "/methode/parametres/",
            'name="small_group_threshold"',
        )


class AdministratorUser(ImpactUser):
    weight = 1
    username = "pilote"
    tasks = [AdministratorJourney]
