"""Tests of impact.charts: server-side SVG, without a database."""
