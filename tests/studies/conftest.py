"""Tests of impact.studies: requests, jobs, content, rendering, PDF, comparison.

``scored_campaign``, ``study`` and ``version`` are in tests/fixtures/studies.py."""
