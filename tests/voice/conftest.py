"""Tests of the agents' survey (fixtures in tests/fixtures/voice.py)."""
