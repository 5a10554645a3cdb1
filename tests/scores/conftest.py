"""Tests of impact.scores: snapshots, parameters, the figures of a scope.

The study campaign (``study_campaign``) is in tests/fixtures/scores.py, its builders in
tests/helpers.py; test_figures.py describes it."""
