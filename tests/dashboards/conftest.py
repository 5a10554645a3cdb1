"""Tests of impact.dashboards: pages, folding, exports, comparison, queries.

``dashboard_campaign`` (36 agents, every figure computable by hand) is in
tests/fixtures/dashboards.py."""
