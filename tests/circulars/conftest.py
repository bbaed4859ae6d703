from tests.mail.smtp_server import smtp  # noqa: F401
