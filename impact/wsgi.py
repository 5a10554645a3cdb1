"""WSGI entry point, used by gunicorn in production: ``gunicorn impact.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impact.settings")

application = get_wsgi_application()
