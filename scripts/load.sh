#!/usr/bin/env bash
# `make load`: locust, headless, against gunicorn and PostgreSQL on the loopback.
#
# 1. (Re)creates a dedicated PostgreSQL database ($LOAD_DATABASE, impact_load by default),
#    migrates it, loads the demo and gives each editable inventory a head account
#    (loadtest/prepare_heads.py);
# 2. starts a private redis-server on a free loopback port (append-only file on, as in
#    production: a restart keeps the queued messages), a Celery worker and Celery beat;
# 3. collects the static files and starts gunicorn with production settings (DJANGO_DEBUG=0,
#    a throw-away secret key, REDIS_URL the private Redis) on a free port;
# 4. runs loadtest/locustfile.py for $LOAD_USERS users during $LOAD_SECONDS seconds, and stops
#    Redis for the middle third of the run (from T/3 to 2T/3: the broker outage);
# 5. prints the per-page tables of the ramp-up and of the steady state (scripts/load_report.py),
#    then loadtest/check_jobs.py waits for the worker to finish and checks that every job asked
#    for during the run (comment e-mails, study versions) was done once;
# 6. exits non-zero if any request failed, the server logged a traceback or a job check failed.
#
# LOAD_BROKER_OUTAGE=0 runs without Redis, worker or beat (tasks in-process, as `make run`).
#
# Settings (environment): LOAD_USERS (50), LOAD_SECONDS (60), LOAD_SPAWN_RATE (5 users/s),
# LOAD_WORKERS (4 gunicorn workers), LOAD_DATABASE (impact_load), LOAD_PGHOST (127.0.0.1),
# LOAD_PGPORT (5432), LOAD_PGUSER (postgres), LOAD_PORT (a free port), VENV (.venv),
# LOAD_BROKER_OUTAGE (1), LOAD_DRAIN_SECONDS (240: how long the jobs check waits).
# Output in var/load/: load_ramp_stats.csv (until every user has signed in) and load_stats.csv
# (the steady state after it), each with its _failures.csv, in locust's format and written by
# the locustfile; report.md (the tables), locust.log (locust's own summary, of the steady
# state only), gunicorn.log, heads.json, load_demo.log; with the broker: outage.log (when Redis
# stopped and started), redis.log, worker.log, beat.log, mail/ (the e-mails), jobs.log.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
USERS=${LOAD_USERS:-50}
RUN_SECONDS=${LOAD_SECONDS:-60}
SPAWN_RATE=${LOAD_SPAWN_RATE:-5}
WORKERS=${LOAD_WORKERS:-4}
DB_NAME=${LOAD_DATABASE:-impact_load}
PG_HOST=${LOAD_PGHOST:-127.0.0.1}
PG_PORT=${LOAD_PGPORT:-5432}
PG_USER=${LOAD_PGUSER:-postgres}
OUT=var/load

# Never touch another database: the load run drops and recreates this one.
case "$DB_NAME" in
    *load*) ;;
    *) echo "LOAD_DATABASE must contain 'load' (it is dropped and recreated): $DB_NAME" >&2; exit 2 ;;
esac

OUTAGE=${LOAD_BROKER_OUTAGE:-1}
DRAIN_SECONDS=${LOAD_DRAIN_SECONDS:-240}

mkdir -p "$OUT"
rm -rf "$OUT"/load_*.csv "$OUT/report.md" "$OUT"/*.log "$OUT/mail" "$OUT/redis" "$OUT/beat-schedule"*

# Production settings. The database is prepared with tasks in-process (REDIS_URL unset); the
# server, the worker and beat then share the private Redis.
unset REDIS_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
export DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DB_NAME"
export DJANGO_DEBUG=0
DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_LOG_LEVEL=${DJANGO_LOG_LEVEL:-WARNING}
export LOAD_HEADS_FILE="$OUT/heads.json"
export LOAD_STATS_PREFIX="$OUT/load"

started=$(date +%s)
echo "== Database $DB_NAME on $PG_HOST:$PG_PORT (dropped and recreated)"
dropdb --if-exists --force -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$DB_NAME"
createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$DB_NAME"
"$PY" manage.py migrate --noinput >/dev/null
# --force: the demo accounts' password is public, which DJANGO_DEBUG=0 refuses by default.
"$PY" manage.py load_demo --force >"$OUT/load_demo.log"
"$PY" loadtest/prepare_heads.py "$LOAD_HEADS_FILE"
# DJANGO_DEBUG=0 serves the hashed, compressed files of STATIC_ROOT (8 s to build): rebuild
# them only when a source may have changed.
manifest=var/static/staticfiles.json
if [ ! -f "$manifest" ] || [ -n "$(find static requirements.txt -newer "$manifest" -print -quit)" ]; then
    "$PY" manage.py collectstatic --noinput >/dev/null
fi

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
CHILDREN=()
stop_children() {
    for pid in "${CHILDREN[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${CHILDREN[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    CHILDREN=()
}

if [ "$OUTAGE" = 1 ]; then
    REDIS_PORT=$(free_port)
    mkdir -p "$OUT/redis" "$OUT/mail"
    redis_start() {
        redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
            --appendonly yes --appendfsync always --dir "$PWD/$OUT/redis" \
            --pidfile "$PWD/$OUT/redis/redis.pid" --logfile "$PWD/$OUT/redis.log"
        for _ in $(seq 50); do
            redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
            sleep 0.1
        done
        echo "redis-server did not start; see $OUT/redis.log" >&2
        return 1
    }
    redis_stop() {  # SHUTDOWN flushes the append-only file: the queued messages survive
        redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
        for _ in $(seq 50); do
            redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || return 0
            sleep 0.1
        done
    }
    redis_start
    export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    export EMAIL_FILE_PATH="$PWD/$OUT/mail"
    echo "== Redis on 127.0.0.1:$REDIS_PORT, a Celery worker and beat"
    "$VENV/bin/celery" -A impact worker --concurrency 2 --loglevel WARNING \
        --logfile "$OUT/worker.log" -n "load@%h" &
    CHILDREN+=($!)
    "$VENV/bin/celery" -A impact beat --loglevel WARNING --logfile "$OUT/beat.log" \
        --schedule "$OUT/beat-schedule" &
    CHILDREN+=($!)
fi

PORT=${LOAD_PORT:-$(free_port)}
HOST_URL="http://127.0.0.1:$PORT"
echo "== gunicorn on $HOST_URL ($WORKERS workers, DJANGO_DEBUG=0)"
"$VENV/bin/gunicorn" impact.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --error-logfile "$OUT/gunicorn.log" --capture-output &
GUNICORN_PID=$!
stop_gunicorn() {
    if kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID"
        wait "$GUNICORN_PID" || true
    fi
}
stop_all() {
    stop_gunicorn
    if [ -n "${OUTAGE_PID:-}" ]; then kill "$OUTAGE_PID" 2>/dev/null || true; fi
    stop_children
    if [ "$OUTAGE" = 1 ]; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
}
trap stop_all EXIT

# The server sits behind a TLS proxy in production: say the request came over HTTPS.
healthy() {
    "$PY" -c 'import sys, urllib.request as u
u.urlopen(u.Request(sys.argv[1], headers={"X-Forwarded-Proto": "https"}), timeout=5)' \
        "$HOST_URL/sante/" 2>/dev/null
}
for _ in $(seq 60); do
    healthy && break
    kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn died; see $OUT/gunicorn.log" >&2; exit 1; }
    sleep 0.5
done
healthy || { echo "gunicorn does not answer $HOST_URL/sante/; see $OUT/gunicorn.log" >&2; exit 1; }
echo "== Ready after $(($(date +%s) - started)) s; locust: $USERS users (+$SPAWN_RATE/s) for ${RUN_SECONDS}s"
# The machine may be shared: its load before the run tells whether the figures are clean.
echo "   load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

run_started=$("$PY" -c 'import datetime; print(datetime.datetime.now(datetime.timezone.utc).isoformat())')
if [ "$OUTAGE" = 1 ]; then
    # The broker outage: Redis stopped for the middle third of the run, then started again.
    third=$((RUN_SECONDS / 3))
    (
        sleep "$third"
        redis_stop
        echo "$(date -u +%H:%M:%S) Redis stopped at +${third} s" >>"$OUT/outage.log"
        sleep "$third"
        redis_start
        echo "$(date -u +%H:%M:%S) Redis started again at +$((2 * third)) s" >>"$OUT/outage.log"
    ) &
    OUTAGE_PID=$!
    echo "   Redis is stopped from +${third} s to +$((2 * third)) s of the run"
fi

status=0
"$VENV/bin/locust" -f loadtest/locustfile.py --headless --host "$HOST_URL" \
    --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "${RUN_SECONDS}s" \
    --only-summary --exit-code-on-error 1 --loglevel WARNING >"$OUT/locust.log" 2>&1 || status=$?
# Locust's own summary (steady state only) stays in the log; show its warnings and errors.
grep -E "/(WARNING|ERROR|CRITICAL)/|Traceback" "$OUT/locust.log" >&2 || true

stop_gunicorn
if grep -q "Traceback" "$OUT/gunicorn.log"; then
    echo "The server logged errors: see $OUT/gunicorn.log" >&2
    status=1
fi
echo
"$PY" scripts/load_report.py "$LOAD_STATS_PREFIX" --output "$OUT/report.md" || status=1
if [ "$OUTAGE" = 1 ]; then
    wait "$OUTAGE_PID" || true
    OUTAGE_PID=
    echo
    echo "== Broker outage"
    cat "$OUT/outage.log"
    echo "== Jobs asked for during the run (waiting at most ${DRAIN_SECONDS} s for the worker)"
    "$PY" loadtest/check_jobs.py --since "$run_started" --mail "$OUT/mail" \
        --drain "$DRAIN_SECONDS" 2>&1 | tee "$OUT/jobs.log"
    [ "${PIPESTATUS[0]}" = 0 ] || status=1
    # A broker outage makes the worker log reconnection warnings; a task that failed is an error.
    if grep -q "raised unexpected" "$OUT/worker.log"; then
        echo "A task failed in the worker: see $OUT/worker.log" >&2
        status=1
    fi
fi
echo "== Total $(($(date +%s) - started)) s; exit status $status"
exit "$status"
