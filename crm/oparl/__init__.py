"""Public, read-only OParl 1.1 (built next)."""

from flask import Flask


def init_app(app: Flask) -> None:
    pass
