"""Upgrade tests: a database built by an older revision, migrated forward by today's code.

They use no pytest-django database. Each test unpacks a committed fixture
(``data/legacy-<rev>.*``, built by ``scripts/build_legacy_database.py``) into its own
``tmp_path`` and drives ``manage.py`` in subprocesses pointed at that SQLite copy, so they
run the same whether the suite's own database is SQLite or PostgreSQL.
"""
