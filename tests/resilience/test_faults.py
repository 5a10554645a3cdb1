"""Faults: Redis stopped, a worker killed mid-render, PostgreSQL lost mid-save, two heads at once.

Tests marked ``services`` need the real PostgreSQL (and the ``redis-server`` binary): they run in
CI's second pass (IMPACT_REQUIRE_SERVICES=1, where a missing service fails them) and skip
elsewhere. The simulated variants run in both passes.

The broker tests start their own ``redis-server`` on a free loopback port, so stopping or
freezing it never touches the Redis other tests (or other people) use, and their own Celery
workers, on the database pytest-django created. Every process started here is ended by a
fixture finalizer, also when a test fails.
"""

import contextlib
import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from impact.celery import app as celery_app
from impact.scores import actions as impact_actions
from impact.studies import tasks
from impact.studies.actions import stale_after, study_job_claim, study_jobs_sweep
from impact.studies.models import Study, StudyJob, StudyVersion
from services.models import OutboxMessage, Persona, User
from services.web.database import UNSAVED_MESSAGE
from services.web.middleware import DatabaseUnavailableMiddleware
from surveys.actions import inventories as inventory_actions
from surveys.models import Campaign, Inventory, InventoryEvent
from surveys.views.inventories import STALE_MESSAGE
from tests.helpers import fill_inventory as _fill
from tests.helpers import require_service, section_post

ROOT = Path(__file__).resolve().parents[2]
MIDDLEWARE = "services.web.middleware.DatabaseUnavailableMiddleware"
STALE_SECONDS = 5  # the stale threshold of the killed-worker test, short to keep it quick
BROKER_DOWN = "momentanément indisponible"  # the study page, while its task waits
# What Celery beat sends every minute to re-send the waiting study jobs.
SWEEP_TASK = settings.CELERY_BEAT_SCHEDULE["sweep-study-jobs"]["task"]


# --- Helpers ----------------------------------------------------------------------------


def _require_postgresql() -> None:
    require_service("PostgreSQL", connection.vendor == "postgresql", "the tests run on SQLite")


def _admin_connection():
    """A connection of its own to the test database, outside Django (psycopg, autocommit)."""
    import psycopg

    db = connection.settings_dict
    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "dbname": db["NAME"],
    }
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    return psycopg.connect(**params, autocommit=True)


def _terminate_backend(pid: int) -> None:
    """Kill a PostgreSQL connection from outside, as a restart or a cut network would."""
    with _admin_connection() as admin:
        # The timeout makes the call wait until the backend has really exited.
        assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()[0]


def _stored_inventory(pk: int) -> tuple[dict, int]:
    """The inventory's answers and revision as committed, read on a fresh connection."""
    with _admin_connection() as fresh:
        return fresh.execute(
            "SELECT answers, revision FROM surveys_inventory WHERE id = %s", [pk]
        ).fetchone()


def _kill_connection_on(prefix: str, killed: list):
    """An execute wrapper that kills this connection once, just before a query starting with
    ``prefix`` is sent: that query then fails as it would on a lost database."""

    def wrapper(execute, sql, params, many, context):
        if not killed and sql.startswith(prefix):
            pid = context["connection"].connection.info.backend_pid
            _terminate_backend(pid)
            killed.append(pid)
        return execute(sql, params, many, context)

    return wrapper


def _with_database_middleware(settings) -> None:
    """Where it belongs: last but django-axes's, which asks to be last."""
    if MIDDLEWARE in settings.MIDDLEWARE:
        return
    middleware = list(settings.MIDDLEWARE)
    axes = "axes.middleware.AxesMiddleware"
    middleware.insert(middleware.index(axes) if axes in middleware else len(middleware), MIDDLEWARE)
    settings.MIDDLEWARE = middleware


def _wait_for_job(job: StudyJob, done, timeout: float, step: float = 0.2) -> StudyJob:
    """Poll the job until ``done(job)`` or the timeout; returns it refreshed."""
    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if done(job) or time.monotonic() > deadline:
            return job
        time.sleep(step)


def _finished(job: StudyJob) -> bool:
    return job.status in {StudyJob.Status.DONE, StudyJob.Status.FAILED}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test alone, on a free loopback port, that it may stop and start."""

    def __init__(self, executable: str, directory: Path):
        self.executable, self.directory = executable, directory
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        # argv[0] "redis-server" also runs the server when only redis-check-rdb is installed.
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--dir", str(self.directory),
             "--loglevel", "warning"],
            executable=self.executable,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the private redis-server on port {self.port} did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (SIGTERM: Redis shuts down as a service manager would stop it)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGCONT)  # in case it is frozen
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def freeze(self) -> None:
        """Suspend the server: connections stay open but nothing answers."""
        self.process.send_signal(signal.SIGSTOP)


def _use_broker(url: str, eager: bool) -> None:
    """Point this process's Celery app at another broker; drop the pooled connections."""
    kombu.pools.reset()  # closes and forgets every pool, so none is reused closed
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # The app reads the Django settings under the CELERY_ namespace: the keys are prefixed.
    celery_app.conf.CELERY_BROKER_URL = url
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = eager


def _test_database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


# --- Fixtures ---------------------------------------------------------------------------


@pytest.fixture
def private_redis(tmp_path, transactional_db):
    """A private redis-server, the test process's Celery pointed at it (not eager)."""
    _require_postgresql()  # the workers share the test database: PostgreSQL only
    executable = shutil.which("redis-server") or shutil.which("redis-check-rdb")
    require_service("redis-server", executable is not None, "no redis-server binary on PATH")
    if os.environ.get("CELERY_BROKER_URL"):  # it would win over the app's setting
        pytest.fail("unset CELERY_BROKER_URL: these tests choose their own broker")
    server = PrivateRedis(executable, tmp_path)
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    try:
        server.start()
        _use_broker(server.url, eager=False)
        yield server
    finally:
        server.stop()  # first: closing connections to a frozen server would wait for it
        _use_broker(*previous)


@pytest.fixture
def start_worker(private_redis, tmp_path):
    """Start real Celery workers on the private Redis and the test database."""
    workers: list[subprocess.Popen] = []
    overriding = {"CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"}  # they would win over REDIS_URL
    env = {k: v for k, v in os.environ.items() if k not in overriding} | {
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": private_redis.url,
        "MEDIA_ROOT": str(tmp_path / "worker-media"),
    }

    def start(name: str, **extra_env: str) -> subprocess.Popen:
        node = f"{name}@impact-tests"
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "impact", "worker", "--pool=solo",
             "--concurrency=1", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-n", node],
            cwd=ROOT, env=env | extra_env,
        )  # fmt: skip
        workers.append(worker)
        deadline = time.monotonic() + 60
        while not celery_app.control.ping(destination=[node], timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker {node} did not start")
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()


@pytest.fixture
def scored_campaign(campaign, inventory_a):
    """inventory_a validated and scored: enough for a short study of the collectivité."""
    _fill(inventory_a)
    Inventory.objects.filter(pk=inventory_a.pk).update(status=Inventory.Status.VALIDATED)
    inventory_a.refresh_from_db()
    impact_actions.inventory_score(inventory=inventory_a, trigger="validated")
    return campaign


def _request_study(client, campaign, follow=False):
    return client.post(
        reverse("impact-study-request"),
        {"campaign": campaign.pk, "scope": Study.Scope.COLLECTIVITE},
        follow=follow,
    )


def _request_study_within(limit: float, client, campaign):
    """Request a study from a thread: fail, rather than hang the suite, if it never returns.
    Returns the response and the seconds it took."""
    result = {}

    def post():
        try:
            result["response"] = _request_study(client, campaign)
        finally:
            connection.close()  # the thread's connection

    started = time.monotonic()
    thread = threading.Thread(target=post, daemon=True)  # a hung one is unblocked at teardown
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        pytest.fail(f"the study request still hangs after {limit} s")
    return result["response"], time.monotonic() - started


# --- Redis stopped when a study is requested --------------------------------------------


def _generation_row(job: StudyJob):
    return OutboxMessage.objects.get(task="impact.tasks.generate_study", args=[job.pk])


@pytest.mark.services
def test_study_requested_while_redis_is_stopped_leaves_once_it_is_back(
    private_redis, start_worker, client_as, administrator, scored_campaign
):
    client = client_as(administrator)
    celery_app.control.ping(timeout=0.2)  # the process holds a broker connection, then…
    private_redis.stop()

    started = time.monotonic()
    response = _request_study(client, scored_campaign, follow=True)
    elapsed = time.monotonic() - started

    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert elapsed < 5, f"the request took {elapsed:.1f} s with Redis stopped"
    job = StudyJob.objects.get()
    assert job.status == StudyJob.Status.PENDING and job.attempts == 0
    row = _generation_row(job)
    assert row.sent_at is None and row.attempts == 0  # the request never tried the broker
    # Once its task has waited a while, the page says the request will leave later.
    OutboxMessage.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = client.get(reverse("impact-study-detail", args=[job.study_id])).content.decode()
    assert BROKER_DOWN in page and "dès son retour" in page

    # A sweep while Redis is still down adds nothing: the outbox row already waits.
    StudyJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    assert study_jobs_sweep() == 0
    assert StudyJob.objects.get().status == StudyJob.Status.PENDING

    private_redis.start()
    _use_broker(private_redis.url, eager=False)  # this process never noticed the outage
    start_worker("faults-broker")  # its relay thread publishes the waiting row

    job = _wait_for_job(job, _finished, timeout=90)
    assert job.status == StudyJob.Status.DONE, job.message
    assert job.attempts == 1 and job.message == ""
    assert StudyVersion.objects.filter(study=job.study).count() == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1
    page = client.get(reverse("impact-study-detail", args=[job.study_id])).content.decode()
    assert "Télécharger la version 1" in page and BROKER_DOWN not in page


@pytest.mark.services
def test_study_requested_while_redis_is_frozen_returns_at_once(
    private_redis, client_as, administrator, scored_campaign
):
    client = client_as(administrator)
    celery_app.control.ping(timeout=0.2)
    private_redis.freeze()  # the TCP connection stays open, nothing answers

    response, elapsed = _request_study_within(30, client, scored_campaign)

    assert response.status_code == 302
    assert elapsed < 5, f"the request took {elapsed:.1f} s with Redis frozen"
    job = StudyJob.objects.get()
    assert job.status == StudyJob.Status.PENDING and _generation_row(job).sent_at is None


# --- A worker killed in the middle of a render ------------------------------------------


@pytest.mark.services
def test_worker_killed_mid_render_the_job_is_retried_and_one_version_exists(
    private_redis, start_worker, client_as, administrator, settings
):
    from impact.bench.synthetic import synthetic_collectivite_create

    settings.IMPACT_STUDY_STALE_SECONDS = STALE_SECONDS
    synthetic_collectivite_create(agents=150, seed=1)  # a render of a few seconds
    stale = {"IMPACT_STUDY_STALE_SECONDS": str(STALE_SECONDS)}
    first = start_worker("faults-first", **stale)
    client = client_as(administrator)
    assert _request_study(client, Campaign.objects.get()).status_code == 302

    job = _wait_for_job(
        StudyJob.objects.get(), lambda j: j.progress >= 50 or _finished(j), timeout=60, step=0.02
    )
    assert job.status == StudyJob.Status.RUNNING, job.message  # WeasyPrint is laying out
    first.kill()  # SIGKILL: no shutdown, no failure recorded, the message never acked
    first.wait()
    job.refresh_from_db()
    assert job.status == StudyJob.Status.RUNNING and job.version is None and job.attempts == 1, (
        "the render ended before the worker was killed: give the study more content"
    )
    # Until the threshold, a running job is not taken from its worker (it may be alive).
    assert study_job_claim(job.pk) is None
    assert study_jobs_sweep() == 0

    start_worker("faults-second", **stale)
    time.sleep(max(0.0, (job.started_at + stale_after() - timezone.now()).total_seconds()) + 0.5)
    celery_app.send_task(SWEEP_TASK)

    job = _wait_for_job(job, _finished, timeout=90)
    assert job.status == StudyJob.Status.DONE, job.message
    assert job.attempts == 2 and job.version.number == 1
    assert StudyVersion.objects.filter(study=job.study).count() == 1

    # The first worker's message, delivered again (Redis does so after its visibility
    # timeout), finds the job done: still one version.
    tasks.generate_study(job.pk)
    assert StudyVersion.objects.filter(study=job.study).count() == 1
    page = client.get(reverse("impact-study-detail", args=[job.study_id])).content.decode()
    assert "Terminée" in page and "Télécharger la version 1" in page


def test_worker_overtaken_while_rendering_stores_no_second_version(
    administrator, scored_campaign, django_capture_on_commit_callbacks, monkeypatch
):
    """A worker so slow that its job was claimed again (it looked dead) finishes last: its
    version is dropped, the job stays done by the other claim, no failure is recorded."""
    from impact.studies import pdf
    from impact.studies.actions import study_request

    with django_capture_on_commit_callbacks(execute=False):
        job = study_request(
            actor=administrator, campaign=scored_campaign, scope=Study.Scope.COLLECTIVITE
        )
    renders = []

    def render_pdf(html):
        renders.append(html)
        if len(renders) == 1:  # the first worker is still rendering when…
            StudyJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - stale_after() * 2)
            tasks.generate_study(job.pk)  # …the sweeper's message reaches a second worker
        return b"%PDF-1.7 fake", 3

    monkeypatch.setattr(pdf, "render_pdf", render_pdf)
    tasks.generate_study(job.pk)

    job.refresh_from_db()
    assert len(renders) == 2
    assert job.status == StudyJob.Status.DONE and job.attempts == 2 and job.message == ""
    assert list(StudyVersion.objects.values_list("number", flat=True)) == [1]
    assert job.version.number == 1


# --- PostgreSQL connection lost during an inventory save --------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_connection_lost_during_a_draft_save_keeps_the_input_and_the_previous_draft(
    client_as, head_a, inventory_a, settings
):
    _require_postgresql()
    _with_database_middleware(settings)
    client = client_as(head_a)
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "service"])
    assert client.post(url, section_post(0, missions="Brouillon d'hier")).status_code == 302
    events = InventoryEvent.objects.count()

    # The connection dies after the revision is claimed, when the answers are written.
    killed = []
    answers_write = _kill_connection_on('UPDATE "surveys_inventory" SET "answers"', killed)
    with connection.execute_wrapper(answers_write):
        response = client.post(url, section_post(1, missions="Saisie de ce matin"))

    assert killed, "the save never wrote the answers"
    assert response.status_code == 503
    page = response.content.decode()
    assert escape(str(UNSAVED_MESSAGE)) in page
    assert "Saisie de ce matin" in page and 'name="revision" value="1"' in page
    answers, revision = _stored_inventory(inventory_a.pk)  # as committed, fresh connection
    assert answers["service"]["missions"] == "Brouillon d'hier" and revision == 1
    assert InventoryEvent.objects.count() == events

    # Django now uses a new connection: the page works and the same save goes through.
    assert connection.connection.info.backend_pid != killed[0]
    again = client.get(url)
    assert again.status_code == 200 and "Brouillon d&#x27;hier" in again.content.decode()
    assert client.post(url, section_post(1, missions="Saisie de ce matin")).status_code == 302
    assert _stored_inventory(inventory_a.pk)[0]["service"]["missions"] == "Saisie de ce matin"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_connection_lost_on_any_page_answers_503_and_the_next_request_works(
    client_as, head_a, inventory_a, settings
):
    _require_postgresql()
    _with_database_middleware(settings)
    client = client_as(head_a)
    url = reverse("surveys-inventory-list")

    killed = []
    with connection.execute_wrapper(_kill_connection_on('SELECT "surveys_inventory"', killed)):
        response = client.get(url)

    assert killed and response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "La base de données ne répond pas" in response.content.decode()
    following = client.get(url)
    assert following.status_code == 200 and inventory_a.service.name in following.content.decode()


def test_draft_save_failing_on_the_database_keeps_the_input(
    client_as, head_a, inventory_a, monkeypatch
):
    """The same fault, simulated (both passes): the action fails as on a lost connection."""
    client = client_as(head_a)
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "service"])
    assert client.post(url, section_post(0, missions="Brouillon d'hier")).status_code == 302

    def lost(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(inventory_actions, "inventory_save_section", lost)
    response = client.post(url, section_post(1, missions="Saisie de ce matin"))

    assert response.status_code == 503
    page = response.content.decode()
    assert escape(str(UNSAVED_MESSAGE)) in page and "Saisie de ce matin" in page
    assert 'name="revision" value="1"' in page
    inventory_a.refresh_from_db()
    assert inventory_a.answers["service"]["missions"] == "Brouillon d'hier"
    assert inventory_a.revision == 1


def test_database_error_in_any_view_answers_503_without_a_query(
    client_as, head_a, inventory_a, settings, monkeypatch, rf, django_assert_num_queries
):
    """Simulated (both passes): the middleware turns a lost database into a French 503."""
    from surveys import selectors

    _with_database_middleware(settings)

    def lost(user):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(selectors, "inventory_list_for", lost)
    response = client_as(head_a).get(reverse("surveys-inventory-list"))
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="fr">' in page and "Service momentanément indisponible" in page

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with django_assert_num_queries(0):
        page = middleware.process_exception(rf.get("/"), OperationalError("down"))
    assert page.status_code == 503
    assert middleware.process_exception(rf.get("/"), ValueError("other")) is None


# --- Two heads saving at the same moment -------------------------------------------------


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_heads_saving_at_the_same_moment_one_is_refused_nothing_lost(head_a, inventory_a):
    _require_postgresql()
    colleague = User.objects.create_user("chef.a2", persona=Persona.HEAD, first_name="Paul")
    colleague.services.add(inventory_a.service)  # two heads of one service
    url = reverse("surveys-inventory-section", args=[inventory_a.pk, "service"])
    texts = {
        head_a.username: "Version du premier chef",
        colleague.username: "Version du second chef",
    }
    clients = {}
    for user in (head_a, colleague):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    barrier = threading.Barrier(2, timeout=20)
    responses, errors = {}, []

    def hold_at_the_claim(execute, sql, params, many, context):
        # Both saves reach the revision check, then send it at the same moment.
        if sql.startswith('UPDATE "surveys_inventory" SET "revision"'):
            barrier.wait()
        return execute(sql, params, many, context)

    def save(username):
        try:
            with connection.execute_wrapper(hold_at_the_claim):
                responses[username] = clients[username].post(
                    url, section_post(0, missions=texts[username])
                )
        except Exception as error:  # reported below, with the thread's name
            errors.append((username, error))
        finally:
            connection.close()  # this thread's connection

    threads = [threading.Thread(target=save, args=[name]) for name in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and not barrier.broken

    statuses = {name: response.status_code for name, response in responses.items()}
    assert sorted(statuses.values()) == [200, 302], statuses
    winner = next(name for name, status in statuses.items() if status == 302)
    loser = next(name for name, status in statuses.items() if status == 200)
    page = responses[loser].content.decode()
    assert escape(str(STALE_MESSAGE)) in page  # refused…
    assert escape(texts[loser]) in page and 'name="revision" value="1"' in page  # …input kept
    inventory_a.refresh_from_db()
    assert inventory_a.answers["service"]["missions"] == texts[winner]
    assert inventory_a.revision == 1
    event = InventoryEvent.objects.get(inventory=inventory_a)
    assert event.to_status == Inventory.Status.DRAFT and event.actor.username == winner


# --- Redis stopped while work is asked for: the outbox keeps it ---------------------------


def _post_within(client, limit: float, url: str, data: dict):
    started = time.monotonic()
    response = client.post(url, data)
    elapsed = time.monotonic() - started
    assert response.status_code == 302, (url, response.status_code)
    assert elapsed < limit, f"{url} took {elapsed:.1f} s with Redis stopped"
    return response


def _wait_until(done, timeout: float, step: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(step)
    return done()


@pytest.mark.services
def test_work_asked_while_redis_is_stopped_is_done_once_when_it_is_back(
    private_redis, start_worker, client_as, administrator, head_a, delegate, inventory_a,
    service_b, questionnaire,
):  # fmt: skip
    """Submit, validate, open a campaign, comment: all answer at once, all is done later, once."""
    from impact.consultation.actions import consultation_open
    from impact.consultation.models import Comment
    from impact.scores.models import InventoryScore
    from tests.helpers import complete, make_version

    for user in (administrator, head_a):
        user.email = f"{user.username}@ville.example"
        user.save(update_fields=["email"])
    head_b = User.objects.create_user("chef.b", persona=Persona.HEAD, email="b@ville.example")
    head_b.services.add(service_b)
    study = Study.objects.create(campaign=inventory_a.campaign, scope=Study.Scope.COLLECTIVITE)
    consultation = consultation_open(
        actor=administrator,
        version=make_version(study, 1),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
    )
    draft = Campaign.objects.create(
        title="Campagne 2027", slug="campagne-2027", questionnaire=questionnaire,
        opens_on="2027-01-04", closes_on="2027-02-15", status=Campaign.Status.DRAFT,
    )  # fmt: skip
    complete(inventory_a)
    celery_app.control.ping(timeout=0.2)  # the process holds a broker connection, then…
    private_redis.stop()

    head, admin, union = client_as(head_a), Client(), Client()
    admin.force_login(administrator)
    union.force_login(delegate)
    inventory_a.refresh_from_db()
    _post_within(head, 5, reverse("surveys-inventory-submit", args=[inventory_a.pk]),
                 {"revision": inventory_a.revision})  # fmt: skip
    _post_within(admin, 5, reverse("surveys-inventory-review", args=[inventory_a.pk]),
                 {"op": "validate"})  # fmt: skip
    _post_within(admin, 5, reverse("surveys-campaign-open", args=[draft.slug]), {})
    _post_within(union, 5, reverse("impact-consultation-comment", args=[consultation.pk]),
                 {"kind": "question", "target": "study", "body": "Pendant la panne ?"})  # fmt: skip
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert sorted(waiting.values_list("task", flat=True)) == [
        "impact.tasks.score_inventory",
        "impact.tasks.score_inventory",
        "impact.tasks.send_comment_created",
        "impact.tasks.send_consultation_opened",
        "surveys.tasks.send_campaign_invitations",
    ]
    assert not InventoryScore.objects.filter(inventory=inventory_a).exists()

    private_redis.start()
    _use_broker(private_redis.url, eager=False)  # this process never noticed the outage
    start_worker("faults-outbox")  # its relay thread publishes what waited
    comment = Comment.objects.get(body="Pendant la panne ?")
    assert _wait_until(
        lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
        and InventoryScore.objects.filter(inventory=inventory_a).count() == 2
        and Campaign.objects.get(pk=draft.pk).invitations_sent_at is not None
        and Comment.objects.get(pk=comment.pk).notified_at is not None,
        timeout=90,
    ), list(OutboxMessage.objects.values_list("task", "sent_at", "last_error"))
    time.sleep(2)  # a second publication would show now
    assert InventoryScore.objects.filter(inventory=inventory_a).count() == 2
    triggers = InventoryScore.objects.filter(inventory=inventory_a).values_list(
        "trigger", flat=True
    )
    assert sorted(triggers) == sorted(
        [InventoryScore.Trigger.SUBMITTED, InventoryScore.Trigger.VALIDATED]
    )
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
