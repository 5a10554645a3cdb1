"""Escaping tests in one place: hostile input in every free-text field, and the
consultation's texts. Payloads and checks are in tests/escaping/hostile.py."""
