#!/usr/bin/env bash
# `make load`: locust, headless, against gunicorn and PostgreSQL on the loopback.
#
# 1. (Re)creates a dedicated PostgreSQL database ($LOAD_DATABASE, impact_load by default),
#    migrates it, loads the demo and gives each editable inventory a head account
#    (loadtest/prepare_heads.py);
# 2. collects the static files and starts gunicorn with production settings (DJANGO_DEBUG=0,
#    a throw-away secret key, tasks in-process since REDIS_URL is unset) on a free port;
# 3. runs loadtest/locustfile.py for $LOAD_USERS users during $LOAD_SECONDS seconds;
# 4. prints the per-page tables of the ramp-up and of the steady state (scripts/load_report.py)
#    and exits non-zero if any request failed or the server logged a traceback.
#
# Settings (environment): LOAD_USERS (50), LOAD_SECONDS (60), LOAD_SPAWN_RATE (5 users/s),
# LOAD_WORKERS (4 gunicorn workers), LOAD_DATABASE (impact_load), LOAD_PGHOST (127.0.0.1),
# LOAD_PGPORT (5432), LOAD_PGUSER (postgres), LOAD_PORT (a free port), VENV (.venv).
# Output in var/load/: load_ramp_stats.csv (until every user has signed in) and load_stats.csv
# (the steady state after it), each with its _failures.csv, in locust's format and written by
# the locustfile; report.md (the tables), locust.log (locust's own summary, of the steady
# state only), gunicorn.log, heads.json, load_demo.log.
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

mkdir -p "$OUT"
rm -f "$OUT"/load_*.csv "$OUT/report.md" "$OUT/gunicorn.log"

# Production settings. Tasks run in-process: no Celery worker to start.
unset REDIS_URL
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

PORT=${LOAD_PORT:-$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
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
trap stop_gunicorn EXIT

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
echo "== Total $(($(date +%s) - started)) s; exit status $status"
exit "$status"
