"""Tests against the real services (PostgreSQL, Redis, a Celery worker) and their faults.

They skip without the services, and fail instead in CI (IMPACT_REQUIRE_SERVICES=1). The worker
fixture is in tests/fixtures/workers.py."""
