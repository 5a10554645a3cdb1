"""The permission matrix: every URL for every persona (rows by topic in rows/).

The matrix reads ~600 times the same objects: they are built once per module, committed
outside the per-test transaction (``module_db``), and removed at the module's end. Each test
still runs in its own rolled-back transaction (``db``), so what a request writes (a session,
a visit) is gone before the next test.
"""

import contextlib
import graphlib

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import override_settings

from impact.celery import app as celery_app

# What the autouse fixtures of tests/conftest.py give every test, which a module-scoped
# fixture cannot request (they are function-scoped): see _fast_password_hashing.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextlib.contextmanager
def _celery_in_process():
    """Tasks run in-process, as under the autouse ``_celery_in_process`` of tests/conftest.py."""
    previous = celery_app.conf.CELERY_TASK_ALWAYS_EAGER
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
    try:
        yield
    finally:
        celery_app.conf.CELERY_TASK_ALWAYS_EAGER = previous


def _all_models() -> list:
    """The models that own a table, the many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows() -> dict:
    """The primary keys of every table."""
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in _all_models()}


def _referrers_first() -> list:
    """Every model, each after the models whose foreign keys point to it.

    Deleting in this order never meets a PROTECT (or cascades into rows already gone).
    """
    referrers = {model: set() for model in _all_models()}
    for model in referrers:
        for field in model._meta.concrete_fields:
            target = field.related_model._meta.concrete_model if field.is_relation else None
            if target in referrers and target is not model:
                referrers[target].add(model)
    return list(graphlib.TopologicalSorter(referrers).static_order())


def _delete_rows_created_since(before: dict) -> None:
    """Delete the rows (and the stored files) that are not in ``before``."""
    with transaction.atomic():
        for model in _referrers_first():
            created = set(model._base_manager.values_list("pk", flat=True)) - before[model]
            if not created:
                continue
            rows = model._base_manager.filter(pk__in=created)
            file_fields = [
                f for f in model._meta.concrete_fields if isinstance(f, models.FileField)
            ]
            for row in rows if file_fields else ():
                for field in file_fields:
                    if getattr(row, field.name):
                        getattr(row, field.name).delete(save=False)
            rows.delete()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """A context in which a module-scoped fixture writes rows that the module's tests share.

    Inside it the database is open, the writes are committed, files go where every test
    reads them (the MEDIA_ROOT of ``_media_in_tmp``), passwords are hashed as in the tests
    and Celery tasks run in-process. At the module's end every row written since the
    fixture started is deleted, referrers first, with its files; the tables are then
    checked to be as they were, so no later module sees any of them. Tests reading the
    rows request ``db`` as usual (their own writes are rolled back).
    """
    media = tmp_path_factory.getbasetemp() / "media"

    @contextlib.contextmanager
    def writing():
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS),
            _celery_in_process(),
        ):
            yield

    with writing():
        before = _rows()
    try:
        yield writing
    finally:
        with writing():
            _delete_rows_created_since(before)
            left = _rows()
        assert left == before, "rows of the permission matrix outlived its module"
