"""A real OpenLDAP server (Debian's ``slapd``) with its own directory, for directory logins.

``slapd_server`` starts ``/usr/sbin/slapd`` on a free port with a generated ``slapd.conf``
(mdb backend) in a temporary folder and loads the people and groups below with ``ldapadd``.
Without slapd the tests skip, except in CI (``CRM_REQUIRE_BROWSER=1`` or ``CI`` set), where
a missing or broken server fails them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SLAPD = "/usr/sbin/slapd"
SUFFIX = "dc=example,dc=org"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "admin-secret"
SERVICE_DN = f"cn=crm-service,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "service-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
SECRETARIAT_GROUP = f"cn=crm-sekretariat,{GROUPS}"
VIEWER_GROUP = f"cn=crm-lesen,{GROUPS}"
ADMIN_GROUP = f"cn=crm-admin,{GROUPS}"
#: the directory's people: uid → (mail, display name, password)
USERS = {
    "anna": ("anna.schmidt@example.org", "Anna Schmidt", "Verzeichnis-Passwort-1"),
    "bernd": ("bernd.keller@example.org", "Bernd Keller", "Verzeichnis-Passwort-2"),
    "carla": ("carla.vogt@example.org", "Carla Vogt", "Verzeichnis-Passwort-3"),
}


def must_run() -> bool:
    """Return whether the real servers are required (CI), so a missing one fails the run."""
    return os.environ.get("CRM_REQUIRE_BROWSER") == "1" or bool(os.environ.get("CI"))


def unavailable(message: str):
    if must_run():
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _slapd_conf(folder: Path) -> str:
    return f"""
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args

database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PASSWORD}
directory {folder}/data
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by * none
"""


def _entries() -> str:
    people = "".join(
        f"""
dn: uid={uid},{PEOPLE}
objectClass: inetOrgPerson
uid: {uid}
cn: {name}
sn: {name.split()[-1]}
displayName: {name}
mail: {mail}
userPassword: {password}
"""
        for uid, (mail, name, password) in USERS.items()
    )
    return f"""dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ou=people,{SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: ou=services,{SUFFIX}
objectClass: organizationalUnit
ou: services

dn: {SERVICE_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: crm-service
userPassword: {SERVICE_PASSWORD}
{people}
dn: {SECRETARIAT_GROUP}
objectClass: groupOfNames
cn: crm-sekretariat
member: {SERVICE_DN}
member: uid=anna,{PEOPLE}

dn: {VIEWER_GROUP}
objectClass: groupOfNames
cn: crm-lesen
member: {SERVICE_DN}
member: uid=carla,{PEOPLE}

# a group of names needs a member: the service account (no mail, never logs in) keeps each
dn: {ADMIN_GROUP}
objectClass: groupOfNames
cn: crm-admin
member: {SERVICE_DN}
"""


@dataclass
class Directory:
    url: str

    def modify(self, ldif: str) -> None:
        """Change the directory as its administrator would (``ldapmodify``)."""
        subprocess.run(
            ["ldapmodify", "-x", "-H", self.url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD],
            input=ldif,
            text=True,
            check=True,
            capture_output=True,
        )

    def move_member(self, uid: str, from_group: str, to_group: str) -> None:
        dn = f"uid={uid},{PEOPLE}"
        self.modify(
            f"dn: {from_group}\nchangetype: modify\ndelete: member\nmember: {dn}\n\n"
            f"dn: {to_group}\nchangetype: modify\nadd: member\nmember: {dn}\n"
        )

    def config(self) -> dict[str, str]:
        """Return the app settings that point at this directory."""
        import json

        return {
            "LDAP_URL": self.url,
            "LDAP_BIND_DN": SERVICE_DN,
            "LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
            "LDAP_USER_BASE": PEOPLE,
            "LDAP_USER_FILTER": "(&(objectClass=inetOrgPerson)(mail={email}))",
            "LDAP_GROUP_ROLES": json.dumps(
                {
                    SECRETARIAT_GROUP: "secretariat",
                    VIEWER_GROUP: "viewer",
                    ADMIN_GROUP: "admin",
                }
            ),
        }


@pytest.fixture(scope="session")
def slapd_server(tmp_path_factory):
    """A running slapd with the entries above; yields a ``Directory``."""
    if not Path(SLAPD).exists() or shutil.which("ldapadd") is None:
        unavailable("slapd or ldap-utils not installed (apt-get install slapd ldap-utils)")
    folder = tmp_path_factory.mktemp("slapd")
    (folder / "data").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text(_slapd_conf(folder))
    port = free_port()
    url = f"ldap://127.0.0.1:{port}"
    # -d 0: stay in the foreground (so the fixture owns the process) without debug output
    process = subprocess.Popen(
        [SLAPD, "-h", url, "-f", str(conf), "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                unavailable(f"slapd did not start: {process.stderr.read().decode()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    unavailable("slapd did not open its port within 15 s")
                time.sleep(0.1)
        subprocess.run(
            ["ldapadd", "-x", "-H", url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD],
            input=_entries(),
            text=True,
            check=True,
            capture_output=True,
        )
        yield Directory(url)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
