"""Tests of the pure method (impact.scoring): no database, no request.

Shared builders are in tests/helpers.py; the published data sets are read through its
``reference_dir``/``ilo_scores`` (tests marked ``reference``)."""
