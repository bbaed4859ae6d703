"""A real IMAP server (Debian's ``dovecot-imapd``) with one passwd-file user, for the
mailbox that replies and bounces come back to.

``imap_server`` starts ``/usr/sbin/dovecot -F`` on a free port with its own configuration
in a temporary folder (plain IMAP on 127.0.0.1, maildir, the mail processes as the
``dovecot`` system user). Without dovecot the tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import imaplib
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers.ldap_server import free_port, unavailable

DOVECOT = "/usr/sbin/dovecot"
USER = "antwort@metropolregion.test"
PASSWORD = "imap-geheim"


@dataclass
class IMAPServer:
    port: int
    user: str = USER
    password: str = PASSWORD

    def connect(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(self.user, self.password)
        return conn

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        """Put a message into the mailbox (as the MTA would)."""
        conn = self.connect()
        try:
            conn.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
        finally:
            conn.logout()

    def count(self, folder: str) -> int:
        conn = self.connect()
        try:
            typ, data = conn.select(folder, readonly=True)
            return int(data[0]) if typ == "OK" else -1
        finally:
            conn.logout()


def _config(folder: Path, port: int) -> str:
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
instance_name = crm-test-{port}
log_path = {folder}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:{folder}/mail/%n
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={folder}/mail/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@pytest.fixture
def imap_server():
    """A running dovecot with the mailbox ``USER``; yields an ``IMAPServer``."""
    if not Path(DOVECOT).exists() or not Path("/usr/lib/dovecot/imap").exists():
        unavailable("dovecot-imapd is not installed")
    # not under pytest's 0700 temp folder: the mail processes run as the dovecot user
    folder = Path(tempfile.mkdtemp(prefix="crm-dovecot-"))
    folder.chmod(0o755)
    (folder / "mail").mkdir()
    shutil.chown(folder / "mail", "dovecot", "dovecot")
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    # the auth process reads it as the dovecot user
    shutil.chown(folder / "passwd", "dovecot", "dovecot")
    (folder / "passwd").chmod(0o600)
    port = free_port()
    conf = folder / "dovecot.conf"
    conf.write_text(_config(folder, port))
    errors = open(folder / "stderr.log", "wb")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stderr=errors)
    server = IMAPServer(port)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                server.connect().logout()
                break
            except (OSError, imaplib.IMAP4.error):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (
                        (folder / "dovecot.log").read_text()
                        if (folder / "dovecot.log").exists()
                        else ""
                    )
                    unavailable(
                        f"dovecot did not start: {(folder / 'stderr.log').read_text()} {log}"
                    )
                time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        errors.close()
        shutil.rmtree(folder, ignore_errors=True)
