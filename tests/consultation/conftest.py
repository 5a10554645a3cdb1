"""Fixtures of the consultation tests (the shared ones are in tests/fixtures/consultation.py)."""

import pytest

from services.models import Persona, User


@pytest.fixture
def other_delegate(db):
    return User.objects.create_user(
        username="autre.delegue", first_name="Olivier", persona=Persona.DELEGATE,
        union="Union Autre", email="olivier@ville.example",
    )  # fmt: skip
