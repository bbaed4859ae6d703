"""A real SMTP server (aiosmtpd) on 127.0.0.1 for tests, and helpers to read what it got."""

from __future__ import annotations

import email
import socket
from email import policy
from email.message import EmailMessage

import icalendar
import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """Collects every message the server accepts."""

    def __init__(self):
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(msg)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def clear(self) -> None:
        self.messages.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SMTPServer:
    def __init__(self, port: int):
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app):
    """A running SMTP server; ``app`` is configured to deliver to it."""
    server = SMTPServer(free_port())
    server.start()
    old = app.config["MAIL_SERVER"], app.config["MAIL_PORT"]
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", server.port
    yield server
    server.stop()
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = old


def calendar_of(msg: EmailMessage) -> tuple[icalendar.Calendar, str]:
    """Return the parsed text/calendar attachment of a message and its Content-Type method."""
    for part in msg.walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_content()), part.get_param("method")
    raise AssertionError("no text/calendar part")


def text_of(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


def event_of(msg: EmailMessage):
    cal, _ = calendar_of(msg)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return cal, events[0]
