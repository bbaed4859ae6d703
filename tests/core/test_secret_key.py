"""Without SECRET_KEY the app makes a random key once and keeps it (no known default)."""

import os

from flask import Flask

from crm import ensure_secret_key


def test_random_secret_key_is_created_once_and_private(tmp_path):
    first = Flask("first", instance_path=str(tmp_path))
    ensure_secret_key(first)
    key = first.config["SECRET_KEY"]
    assert len(key) == 64
    assert oct(os.stat(tmp_path / "secret_key").st_mode & 0o777) == "0o600"
    second = Flask("second", instance_path=str(tmp_path))
    ensure_secret_key(second)
    assert second.config["SECRET_KEY"] == key
    other = Flask("other", instance_path=str(tmp_path / "elsewhere"))
    ensure_secret_key(other)
    assert other.config["SECRET_KEY"] != key


def test_a_configured_key_is_kept(tmp_path):
    app = Flask("configured", instance_path=str(tmp_path))
    app.config["SECRET_KEY"] = "from-the-environment"
    ensure_secret_key(app)
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()
