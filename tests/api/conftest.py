"""API fixtures: a user with a personal token, and requests that carry it."""

from __future__ import annotations

import pytest

from crm.api import tokens
from crm.extensions import db
from tests import factories


@pytest.fixture
def token_for(app):
    """``token_for("viewer")`` makes a user of that role and returns ``(user, secret)``."""

    def _make(role: str, groups=None):
        user = factories.make_user(role=role, groups=groups)
        _token, secret = tokens.create_token(user, f"Test {role}")
        db.session.commit()
        return user, secret

    return _make


def bearer(secret: str, **headers) -> dict:
    return {"Authorization": f"Bearer {secret}", **headers}
