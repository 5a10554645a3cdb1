"""Settings for Impact, read from the environment.

Every setting has a default that runs on a laptop (SQLite in ``var/``, tasks run
in-process, e-mails printed on the console). Production sets ``DJANGO_DEBUG=0`` and
must then give ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``, or the app refuses
to start. README.md lists every variable.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    """Return an environment variable with surrounding spaces removed."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean: 1/true/yes/on and 0/false/no/off, any case."""
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    try:
        return int(raw) if raw else default
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from error


def env_list(name: str) -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in env_str(name).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
elif not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "With DJANGO_DEBUG=0, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A refused form (expired session, page left open): a French page that keeps what was typed.
CSRF_FAILURE_VIEW = "services.web.csrf.csrf_failure"

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "services",
    "surveys",
    "impact",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # What a signed-in user sees is never stored by a browser or a proxy.
    "services.web.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "services.web.text.BidiControlsMiddleware",
    "services.web.sessions.IdleTimeoutMiddleware",
    # A database error in a view: a 503 page saying nothing was saved (not a 500).
    "services.web.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "impact.urls"
WSGI_APPLICATION = "impact.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "services.web.context_processors.persona",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise (postgres://… in production).
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'impact.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE takes the write lock at the start of a transaction, so two writers
    # wait for each other instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "services.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A session lasts at most a working day, and ends after half an hour without a request
# (services/sessions.py): a shared office computer left open does not stay signed in.
SESSION_COOKIE_AGE = env_int("IMPACT_SESSION_SECONDS", 8 * 3600)
IMPACT_SESSION_IDLE_SECONDS = env_int("IMPACT_SESSION_IDLE_SECONDS", 30 * 60)
# A form sent after the session ended is kept (server-side, in the browser's new session)
# until its user signs in again, for at most an hour and 200 KB (services/web/pending_posts.py).
IMPACT_PENDING_POST_SECONDS = 3600
IMPACT_PENDING_POST_MAX_BYTES = 200 * 1024

# Login throttling (django-axes): after IMPACT_LOGIN_FAILURES failed attempts for the same
# username from the same address, that pair is locked for IMPACT_LOGIN_COOLOFF_MINUTES.
# Locking the pair, not the account alone, keeps a typo-prone colleague elsewhere from
# locking someone out; locking the pair, not the address alone, keeps an office behind
# one NAT address working.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("IMPACT_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("IMPACT_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "services.web.sessions.login_locked"
AXES_CLIENT_IP_CALLABLE = "services.web.sessions.client_ip"
AXES_VERBOSE = False
# Number of reverse proxies in front of the app whose X-Forwarded-For is to be trusted.
IMPACT_TRUSTED_PROXIES = env_int("IMPACT_TRUSTED_PROXIES", 0)

# Languages: French by default, English complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static and uploaded files, served locally (WhiteNoise); nothing from a CDN.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development (and tests) WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed on the console unless an SMTP host (or a folder) is given.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# EMAIL_FILE_PATH (no SMTP host): each message is written to a file of that folder instead.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "impact@localhost")
# Seconds before an unanswering SMTP server is given up (a request waits on it for the
# agents' codes, which never go through the task queue).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# Celery: a Redis broker when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Time limits stay well under the broker's visibility timeout, so a message is never
# handed to a second worker while the first one is still allowed to run it.
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TASK_TIME_LIMIT = 600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# WeasyPrint keeps a whole document in memory: recycle child processes.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 20
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Periodic tasks, run by `celery -A impact beat` (without beat, cron runs
# `manage.py send_campaign_reminders` instead). Times are Paris times.
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Every hour of the working day: a reminder is claimed once per campaign, so a run missed
    # while the broker was down is made up by the next one.
    "send-due-campaign-reminders": {
        "task": "surveys.tasks.send_due_campaign_reminders",
        "schedule": crontab(hour="8-18", minute=0),
    },
    # The outbox rows that no worker's relay thread published (services.web.outbox).
    "relay-outbox": {"task": "services.tasks.relay_outbox", "schedule": 30.0},
    # Sent outbox rows and old form tokens are forgotten (services.tasks.purge_sent_records).
    "purge-sent-records": {
        "task": "services.tasks.purge_sent_records",
        "schedule": crontab(hour=3, minute=30),
    },
    # Study jobs requested while the broker was down are sent again once it is back.
    "sweep-study-jobs": {"task": "impact.tasks.sweep_study_jobs", "schedule": 60.0},
    # The agents' survey: the last waiting answers of closed surveys are released, and a
    # campaign that reached 300 double-rated tasks gets the city's own matrix (impact.voice).
    "voice-hourly": {"task": "impact.tasks.voice_hourly", "schedule": crontab(minute=15)},
}

# Impact's own settings.
IMPACT_DEMO_PASSWORD = env_str("IMPACT_DEMO_PASSWORD", "demo")
# The agents' survey (impact/voice): at most this many answers sent, and code attempts made,
# a minute from one address (counted in the cache under a keyed hash, never stored); sent
# answers are published together, in a random order, once this many wait (docs/confidentiality.md).
IMPACT_AGENT_SUBMISSIONS_PER_MINUTE = env_int("IMPACT_AGENT_SUBMISSIONS_PER_MINUTE", 10)
IMPACT_AGENT_CODE_ATTEMPTS_PER_MINUTE = env_int("IMPACT_AGENT_CODE_ATTEMPTS_PER_MINUTE", 20)
IMPACT_AGENT_RELEASE_BATCH = env_int("IMPACT_AGENT_RELEASE_BATCH", 3)
# Address of the site as users reach it: e-mails carry absolute links built on it.
IMPACT_BASE_URL = env_str("IMPACT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Name given to the collectivité when the first organisation chart is imported.
IMPACT_ORGANISATION_NAME = env_str("IMPACT_ORGANISATION_NAME", "Ma collectivité")
IMPACT_IMPORT_MAX_BYTES = env_int("IMPACT_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# The personal-data check of free texts looks for person names with a local NER model
# (services.web.personal_data); 0 turns the model off (the rules for addresses, numbers and
# dates still run), for example on a server short of memory.
IMPACT_NAME_CHECK = env_bool("IMPACT_NAME_CHECK", True)
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPACT_IMPORT_MAX_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A study job still "running" after this many seconds was left by a dead worker: the sweeper
# sends it again and another worker claims it (longer than the task's hard time limit).
IMPACT_STUDY_STALE_SECONDS = env_int("IMPACT_STUDY_STALE_SECONDS", CELERY_TASK_TIME_LIMIT + 60)
# A stopped or frozen Redis must not hang the web request that sends a task: sockets time out
# and a publish is retried twice (about 0.5 s when Redis is stopped, 8 s when it is frozen),
# then the caller's fallback applies (a study job waits for the sweeper).
CELERY_BROKER_TRANSPORT_OPTIONS |= {"socket_connect_timeout": 2, "socket_timeout": 2}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}

# Security headers; the HTTPS ones apply in production only.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this server
# only, no inline script or style, no eval, no framing, forms post to this site only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs every login at INFO; lockouts are logged at WARNING.
        "axes": {"level": "WARNING"},
    },
}
