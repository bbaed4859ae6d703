"""The outbox: e-mails are queued in the database and sent by ``flask mail send``."""
