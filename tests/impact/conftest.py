"""Fixtures of the impact tests."""

from tests.impact.consultation_fixtures import (  # noqa: F401
    consultation,
    emails,
    other_delegate,
    study,
    version,
)
from tests.impact.dashboard_fixtures import dashboard_campaign  # noqa: F401
from tests.impact.study_fixtures import scored_campaign  # noqa: F401
