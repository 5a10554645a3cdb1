"""Fixtures of the impact tests."""

from tests.impact.study_fixtures import scored_campaign  # noqa: F401
