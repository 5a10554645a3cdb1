"""Tests of questionnaires, campaigns and inventories (builders in tests/helpers.py)."""
