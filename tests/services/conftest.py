"""Tests of the organisation app: chart import, pages, access rules, the demo chart."""
