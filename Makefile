# Impact: the single entry point. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# In CI the suite runs a second time against the real PostgreSQL, Redis and a Celery worker.
CI_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
CI_REDIS_URL ?= redis://127.0.0.1:6379/0

.DEFAULT_GOAL := help
.PHONY: help run migrate demo shell superuser worker beat test test-services lint format \
	messages bench load check-deploy system-check clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^##@/ {printf "\n%s\n", substr($$0, 5)} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis (commande '$(PYTHON)' introuvable). / Python 3.11 is required."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

system-check: | $(VENV)/.runtime
	@$(PY) scripts/check_system.py

##@ Run the application

run: $(VENV)/.runtime system-check ## Install, migrate, load the demo and serve on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Impact : http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

migrate: $(VENV)/.runtime ## Apply the database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demo collectivité and the demo accounts (idempotent)
	$(PY) manage.py load_demo

shell: $(VENV)/.runtime ## Open a Django shell
	$(PY) manage.py shell

superuser: migrate ## Create an administrator account (asks for its name and password)
	$(PY) manage.py createsuperuser

##@ Tests and checks

test: $(VENV)/.dev system-check ## Run the whole test suite (and, with CI=true, again on PostgreSQL + Redis + a worker)
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest
ifeq ($(CI),true)
	$(MAKE) test-services
endif

test-services: $(VENV)/.dev ## Run the suite against PostgreSQL, Redis and a real Celery worker
	DATABASE_URL=$(CI_DATABASE_URL) REDIS_URL=$(CI_REDIS_URL) IMPACT_REQUIRE_SERVICES=1 \
		$(VENV)/bin/pytest

lint: $(VENV)/.dev ## Check code, templates and import contracts (ruff, djLint, import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/lint-imports --no-cache

format: $(VENV)/.dev ## Format the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

##@ Background workers

worker: $(VENV)/.runtime ## Start a Celery worker (needs REDIS_URL)
	$(VENV)/bin/celery -A impact worker --loglevel=INFO --concurrency=2

beat: $(VENV)/.runtime ## Start Celery beat (daily campaign reminders; needs REDIS_URL)
	$(VENV)/bin/celery -A impact beat --loglevel=INFO --schedule var/celerybeat-schedule

##@ Performance

bench: $(VENV)/.dev ## Run the benchmarks (figures to copy into docs/benchmarks.md)
	$(PY) manage.py bench_scoring
	$(PY) manage.py bench_dashboards
	$(PY) manage.py bench_studies
	$(PY) manage.py bench_personal_data

load: $(VENV)/.dev ## Load test: locust against gunicorn + PostgreSQL on the loopback (LOAD_USERS, LOAD_SECONDS)
	VENV=$(VENV) bash scripts/load.sh

##@ Maintenance

messages: $(VENV)/.dev ## Extract and compile the translations (needs GNU gettext)
	$(PY) manage.py makemessages --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compilemessages --locale en --ignore '.venv/*'

check-deploy: $(VENV)/.runtime ## Run Django's deployment checks with production settings
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		DJANGO_ALLOWED_HOSTS=impact.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean: ## Remove the virtual environment (the database in var/ is kept)
	rm -rf $(VENV)
