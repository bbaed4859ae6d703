"""Every HTML page of the app, as the states the accessibility walk opens.

``PAGES`` maps each GET endpoint to the states axe-core checks on it; ``NOT_HTML`` lists the
endpoints that serve no page (files, JSON, feeds, redirects) with the reason. A new endpoint in
neither makes ``test_every_page_endpoint_is_walked`` fail and says what to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

STAFF = ("admin", "secretariat")
EVERY_ROLE = ("admin", "secretariat", "group_lead", "viewer")


@dataclass(frozen=True)
class State:
    """One page state: a path built from the demo ids, optionally an action done on it."""

    name: str
    path: Callable[[dict], str]
    roles: tuple[str, ...] = ("admin",)
    action: Callable | None = None
    print_media: bool = False
    extra: dict = field(default_factory=dict)


def _fail_contact_edit(page) -> None:
    page.locator("#last_name").fill("")
    page.locator("#email").fill("kein-at-zeichen")
    page.locator("main form[method=post i] button:not([type=button])").last.click()
    page.wait_for_load_state()


def _fail_empty_form(page) -> None:
    """Submit the page's main form empty: its required fields give the error state."""
    form = page.locator("main form[method=post i]").last
    for el in form.locator("input[type=text]:visible, textarea:visible").all():
        el.fill("")
    form.locator("button:not([type=button])").last.click()
    page.wait_for_load_state()


def _fail_login(page) -> None:
    page.locator("#email").fill("niemand@example.org")
    page.locator("#password").fill("falsch-falsch")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _to_preview(page) -> None:
    page.locator("main form[method=post i] button:not([type=button])").last.click()
    page.wait_for_url(re.compile(r"/preview$"))


def _second_factor_step(page) -> None:
    """Log in with the password of a user with a second factor: the code is asked for."""
    from tests.factories import PASSWORD

    page.locator("#email").fill(MFA_USER)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/login/second-factor$"))


def _second_factor_refused(page) -> None:
    _second_factor_step(page)
    page.locator("#code").fill("000000")
    page.locator("main form[method=post i] button[type=submit]").last.click()
    page.wait_for_load_state()


def _bulk_step(action: str) -> Callable:
    """Tick the list's first row, choose ``action`` in the bulk bar and open its step page."""

    def run(page) -> None:
        page.locator('input[form="bulk"][name="ids"]').first.check()
        page.locator("#bulk-action").select_option(action)
        page.locator("#bulk button:not([type=button])").first.click()
        page.wait_for_url(re.compile(r"/bulk/"))

    return run


def _bulk_step_refused(page) -> None:
    """The end-memberships step posted without a date: the message beside the field."""
    _bulk_step("end")(page)
    page.locator("#ends_on").fill("")
    page.locator("#bulk-confirm").click()
    page.wait_for_load_state()
    page.locator("#ends_on-error").wait_for()


#: a user with an enrolled second factor (walk_data creates it), for the code step
MFA_USER = "zweiter-faktor@test.example"


def _run_import(page) -> None:
    _to_preview(page)
    page.get_by_role("button", name=re.compile("Jetzt importieren|Import now")).click()
    page.wait_for_url(re.compile(r"/summary$"))


PAGES: dict[str, list[State]] = {
    "auth.login": [
        State("login", lambda i: "/login", roles=("anonymous",)),
        State("login refused", lambda i: "/login", roles=("anonymous",), action=_fail_login),
    ],
    "main.dashboard": [State("dashboard", lambda i: "/", roles=EVERY_ROLE)],
    "main.search": [State("search", lambda i: "/search?q=stadt", roles=EVERY_ROLE)],
    "main.accessibility": [
        State("statement", lambda i: "/accessibility", roles=("anonymous", "admin"))
    ],
    "organisations.index": [
        State("list", lambda i: "/organisations/", roles=EVERY_ROLE),
        State("filtered", lambda i: "/organisations/?q=stadt&state=SN", roles=("admin",)),
        State("bulk end step", lambda i: "/organisations/", roles=STAFF, action=_bulk_step("end")),
        State("bulk end refused", lambda i: "/organisations/", action=_bulk_step_refused),
        State("bulk invite step", lambda i: "/organisations/", action=_bulk_step("invite")),
    ],
    "organisations.detail": [
        State("detail", lambda i: f"/organisations/{i['org']}", roles=EVERY_ROLE)
    ],
    "organisations.create": [
        State("new", lambda i: "/organisations/new", roles=STAFF),
        State("new refused", lambda i: "/organisations/new", action=_fail_empty_form),
    ],
    "organisations.edit": [State("edit", lambda i: f"/organisations/{i['org']}/edit")],
    "organisations.duplicates": [State("duplicates", lambda i: "/organisations/duplicates")],
    "organisations.merge": [
        State("merge", lambda i: f"/organisations/merge?a={i['org']}&b={i['org2']}")
    ],
    "contacts.index": [
        State("list", lambda i: "/contacts/", roles=EVERY_ROLE),
        State("bulk list step", lambda i: "/contacts/", roles=STAFF, action=_bulk_step("list")),
        State("bulk export step", lambda i: "/contacts/", action=_bulk_step("export")),
        State("bulk archive step", lambda i: "/contacts/", action=_bulk_step("archive")),
    ],
    "contacts.detail": [State("detail", lambda i: f"/contacts/{i['contact']}", roles=EVERY_ROLE)],
    "contacts.create": [State("new", lambda i: "/contacts/new")],
    "contacts.edit": [
        State("edit", lambda i: f"/contacts/{i['contact']}/edit", roles=STAFF),
        State(
            "edit refused", lambda i: f"/contacts/{i['contact']}/edit", action=_fail_contact_edit
        ),
    ],
    "contacts.duplicates": [State("duplicates", lambda i: "/contacts/duplicates")],
    "contacts.merge": [
        State("merge", lambda i: f"/contacts/merge?a={i['contact']}&b={i['contact2']}")
    ],
    "groups.index": [State("list", lambda i: "/groups/", roles=EVERY_ROLE)],
    "groups.detail": [State("detail", lambda i: f"/groups/{i['group']}", roles=EVERY_ROLE)],
    "groups.create": [
        State("new", lambda i: "/groups/new"),
        State("new refused", lambda i: "/groups/new", action=_fail_empty_form),
    ],
    "groups.edit": [State("edit", lambda i: f"/groups/{i['group']}/edit")],
    "groups.history": [State("history", lambda i: f"/groups/{i['group']}/history")],
    "groups.dissolve": [State("dissolve", lambda i: f"/groups/{i['group']}/dissolve")],
    "groups.membership_create": [State("new", lambda i: f"/groups/{i['group']}/memberships/new")],
    "groups.membership_edit": [
        State("edit", lambda i: f"/groups/{i['group']}/memberships/{i['membership']}/edit")
    ],
    "groups.membership_end": [
        State("end", lambda i: f"/groups/{i['group']}/memberships/{i['membership']}/end")
    ],
    "groups.seat_create": [State("new", lambda i: f"/groups/{i['group']}/seats/new")],
    "groups.seat_edit": [State("edit", lambda i: f"/groups/{i['group']}/seats/{i['seat']}/edit")],
    "groups.seat_end": [State("end", lambda i: f"/groups/{i['group']}/seats/{i['seat']}/end")],
    "groups.seat_delete": [
        State("delete", lambda i: f"/groups/{i['group']}/seats/{i['seat']}/delete")
    ],
    "groups.seat_change": [
        State("change", lambda i: f"/groups/{i['group']}/seats/{i['seat']}/change")
    ],
    "meetings.index": [State("list", lambda i: "/meetings/", roles=EVERY_ROLE)],
    "meetings.detail": [
        State("detail", lambda i: f"/meetings/{i['meeting']}", roles=EVERY_ROLE),
        State("held", lambda i: f"/meetings/{i['held']}"),
    ],
    "meetings.create": [
        State("new", lambda i: "/meetings/new", roles=("admin", "group_lead")),
        State("new refused", lambda i: "/meetings/new", action=_fail_empty_form),
    ],
    "meetings.edit": [State("edit", lambda i: f"/meetings/{i['meeting']}/edit")],
    "meetings.agenda_edit": [
        State(
            "agenda item",
            lambda i: f"/meetings/{i['meeting_of_item']}/agenda/{i['agenda_item']}/edit",
        )
    ],
    "meetings.attendance": [State("attendance", lambda i: f"/meetings/{i['held']}/attendance")],
    "meetings.attendance_list": [
        State("print", lambda i: f"/meetings/{i['held']}/attendance-list", print_media=True)
    ],
    "meetings.minutes": [State("minutes", lambda i: f"/meetings/{i['held']}/minutes")],
    "meetings.poll": [State("poll", lambda i: f"/meetings/{i['poll']}/poll")],
    "reports.participation": [
        State("report", lambda i: "/meetings/report", roles=EVERY_ROLE),
        State("print", lambda i: "/meetings/report", print_media=True),
    ],
    "calendar.manage": [State("feeds", lambda i: "/meetings/feeds", roles=EVERY_ROLE)],
    "invitations.show": [
        State("invitee", lambda i: f"/invitations/{i['token']}", roles=("anonymous",)),
    ],
    "reports.index": [State("reports", lambda i: "/reports/", roles=EVERY_ROLE)],
    "reports.laender": [
        State("laender", lambda i: "/reports/laender", roles=EVERY_ROLE),
        State("print", lambda i: "/reports/laender", print_media=True),
    ],
    "reports.matrix": [
        State("matrix", lambda i: "/reports/matrix", roles=EVERY_ROLE),
        State("print", lambda i: "/reports/matrix", print_media=True),
    ],
    "reports.matrix_print": [
        State("print view", lambda i: "/reports/matrix/print", roles=EVERY_ROLE),
        State("print", lambda i: "/reports/matrix/print?kind=project_group", print_media=True),
    ],
    "reports.changes_page": [
        State("network", lambda i: "/reports/changes", roles=EVERY_ROLE),
        State(
            "group year",
            lambda i: f"/reports/changes?group={i['group']}&date_from=2020-01-01",
            roles=("admin", "viewer"),
        ),
        State("print", lambda i: f"/reports/changes?group={i['group']}", print_media=True),
        State("refused", lambda i: "/reports/changes?date_from=2030-01-01&date_to=2020-01-01"),
    ],
    "reports.gaps": [State("gaps", lambda i: "/reports/gaps", roles=("admin", "viewer"))],
    "exports.index": [
        State("builder", lambda i: "/exports/", roles=EVERY_ROLE),
        State("preview", lambda i: "/exports/?state=SN&preview=1"),
    ],
    "exports.distribution": [State("distribution", lambda i: "/exports/distribution")],
    "imports.index": [State("upload", lambda i: "/imports/", roles=STAFF)],
    "imports.mapping": [State("mapping", lambda i: f"/imports/{i['import']}/mapping")],
    "imports.preview": [
        State("preview", lambda i: f"/imports/{i['import']}/mapping", action=_to_preview)
    ],
    "imports.summary": [
        State("summary", lambda i: f"/imports/{i['import']}/mapping", action=_run_import)
    ],
    # a viewer may not export personal data (unless granted): the 403 page, walked below
    "lists.index": [
        State("lists", lambda i: "/lists/", roles=("admin", "secretariat", "group_lead"))
    ],
    "lists.run": [State("run", lambda i: f"/lists/{i['list']}")],
    "privacy.register": [State("register", lambda i: "/privacy/register", roles=EVERY_ROLE)],
    "privacy.review": [State("review", lambda i: "/privacy/review", roles=STAFF)],
    "privacy.erase": [State("erase", lambda i: f"/privacy/contacts/{i['contact']}/erase")],
    "privacy.erasure": [
        State("running", lambda i: f"/privacy/erasures/{i['erasure_running']}"),
        State("done", lambda i: f"/privacy/erasures/{i['erasure_done']}"),
    ],
    "audit.index": [State("audit", lambda i: "/audit/")],
    "auth.users": [State("users", lambda i: "/admin/users/")],
    "auth.user_create": [
        State("new", lambda i: "/admin/users/new"),
        State("new refused", lambda i: "/admin/users/new", action=_fail_empty_form),
    ],
    "auth.user_edit": [State("edit", lambda i: f"/admin/users/{i['user']}")],
    "auth.account": [State("account", lambda i: "/account/", roles=EVERY_ROLE)],
    # admins enrol at their first login; the others may set it up from their account
    "auth.mfa_setup": [
        State(
            "second factor",
            lambda i: "/account/second-factor",
            roles=("secretariat", "group_lead", "viewer"),
        )
    ],
    "auth.user_deactivate": [
        State("confirm", lambda i: f"/admin/users/{i['viewer_user']}/deactivate")
    ],
    "auth.user_reactivate": [
        State("confirm", lambda i: f"/admin/users/{i['viewer_user']}/reactivate")
    ],
    "exports.pdf": [State("pdf", lambda i: "/exports/pdf", roles=STAFF)],
    "exports.prepared": [
        State("running", lambda i: f"/exports/files/{i['prepared_running']}"),
        State("done", lambda i: f"/exports/files/{i['prepared_done']}"),
    ],
    "outbox.index": [State("outbox", lambda i: "/outbox/", roles=STAFF)],
    "outbox.detail": [State("mail", lambda i: f"/outbox/{i['mail']}")],
    "privacy.grants": [State("grants", lambda i: "/privacy/grants")],
    "circulars.index": [State("circulars", lambda i: "/circulars/", roles=STAFF)],
    "circulars.new": [
        State("new", lambda i: "/circulars/new?group_kind=project_group&state=TH"),
        State(
            "new refused",
            lambda i: "/circulars/new?group_kind=project_group",
            action=_fail_empty_form,
        ),
    ],
    "circulars.show": [
        State("draft", lambda i: f"/circulars/{i['circular']}"),
        State("sent", lambda i: f"/circulars/{i['circular_sent']}"),
    ],
    "circulars.unsubscribe": [
        State(
            "unsubscribe",
            lambda i: f"/circulars/unsubscribe/{i['unsubscribe']}",
            roles=("anonymous",),
        )
    ],
    "api_tokens.index": [State("tokens", lambda i: "/account/tokens/", roles=EVERY_ROLE)],
    "errors.404": [State("not found", lambda i: "/gibt-es-nicht", roles=("anonymous", "admin"))],
    "errors.403": [State("forbidden", lambda i: "/admin/users/", roles=("viewer",))],
    "imports.progress_page": [
        State("running", lambda i: f"/imports/{i['import_running']}/progress", roles=STAFF)
    ],
    # last: the password step leaves a half-finished login in the session
    "auth.mfa_verify": [
        State("code", lambda i: "/login", roles=("anonymous",), action=_second_factor_step),
        State(
            "code refused", lambda i: "/login", roles=("anonymous",), action=_second_factor_refused
        ),
    ],
}

#: Endpoints that serve no HTML page, and why axe has nothing to check there.
NOT_HTML: dict[str, str] = {
    "static": "CSS, JS and icons",
    "bootstrap.static": "Bootstrap's files",
    "main.healthz": "plain-text health check",
    "main.language": "redirect after setting the language",
    "organisations.lookup": "JSON for the organisation picker",
    "contacts.lookup": "JSON for the person picker",
    "calendar.feed": "iCalendar feed",
    "invitations.ics": "iCalendar file",
    "meetings.ics": "iCalendar file",
    "meetings.attachment_download": "file download",
    "circulars.attachment_download": "file download",
    "privacy.access": "Auskunft ZIP download",
    "exports.contacts": "export file (CSV/XLSX/vCard)",
    "exports.organisations": "export file",
    "exports.matrix": "export file",
    "reports.gaps_xlsx": "XLSX file",
    "reports.changes_xlsx": "XLSX file",
    "reports.laender_xlsx": "XLSX file",
    "reports.matrix_xlsx": "XLSX file",
    "api-docs.openapi_json": "OpenAPI JSON",
    "api_docs.asset": "the API reference's own script and styles",
    "auth.oidc_login": "redirect to the OpenID provider",
    "auth.oidc_callback": "redirect back from the OpenID provider after the login",
    "exports.download_prepared": "export file download",
    "exports.progress": "JSON progress of a prepared letters or labels file",
    "imports.progress_json": "JSON progress of an import",
    "privacy.erasure_progress": "JSON progress of an erasure on the worker",
    "outbox.html": "a mail's own HTML part as sent, shown sandboxed under its own CSP",
    "api_docs.reference": (
        "third-party API reference viewer for developers (tests/e2e/test_api_docs.py); named as a "
        "known limitation in the accessibility statement"
    ),
}
NOT_HTML_PREFIXES = ("api_", "oparl.")  # JSON APIs (REST and OParl)


def unlisted(endpoints: set[str]) -> list[str]:
    """The GET endpoints neither walked nor explained."""
    return sorted(
        e
        for e in endpoints
        if e not in PAGES and e not in NOT_HTML and not e.startswith(NOT_HTML_PREFIXES)
    )


def demo_ids(db, app) -> dict:
    """Ids of demo rows the page states need (after seed_data.seed())."""
    from crm.lists.models import SavedList
    from crm.models import (
        AgendaItem,
        Contact,
        Invitation,
        Meeting,
        Membership,
        Organisation,
        Seat,
        User,
    )

    first = lambda q: db.session.scalar(q.limit(1))  # noqa: E731
    group = first(sa.select(Seat.group_id).where(Seat.ends_on.is_(None)).order_by(Seat.id))
    ids = {
        "org": first(sa.select(Organisation.id).order_by(Organisation.id)),
        "org2": first(sa.select(Organisation.id).order_by(Organisation.id.desc())),
        "contact": first(sa.select(Contact.id).order_by(Contact.id)),
        "contact2": first(sa.select(Contact.id).order_by(Contact.id.desc())),
        "group": group,
        "membership": first(sa.select(Membership.id).where(Membership.group_id == group)),
        "seat": first(sa.select(Seat.id).where(Seat.group_id == group, Seat.ends_on.is_(None))),
        "meeting": first(sa.select(Meeting.id).where(Meeting.status == "scheduled")),
        "held": first(sa.select(Meeting.id).where(Meeting.status == "held")),
        "poll": first(sa.select(Meeting.id).where(Meeting.status == "polling")),
        "user": first(sa.select(User.id).order_by(User.id)),
    }
    ids["agenda_item"] = first(
        sa.select(AgendaItem.id).where(AgendaItem.meeting_id == ids["meeting"])
    ) or first(sa.select(AgendaItem.id))
    if ids["agenda_item"] is not None:
        ids["meeting_of_item"] = db.session.get(AgendaItem, ids["agenda_item"]).meeting_id
    ids["token"] = first(sa.select(Invitation.token).where(Invitation.meeting_id == ids["meeting"]))
    ids["list"] = first(sa.select(SavedList.id))
    ids["viewer_user"] = first(sa.select(User.id).where(User.role == "viewer"))
    from crm.models import OutboxMail

    ids["mail"] = first(sa.select(OutboxMail.id).order_by(OutboxMail.id)) or _mail(db)
    ids.update(_prepared_files(db, first(sa.select(User.id).where(User.role == "admin"))))
    ids.update(_erasures(db, ids["contact2"]))
    ids.update(_circular(db, ids["contact"]))
    return ids


def _mail(db) -> int:
    """A queued mail, when the demo data has none, for the outbox's detail page."""
    from crm.mail import services

    mail = services.queue(
        "k.lehmann@leipzig.example", "Einladung: AG Verkehr", "Sehr geehrte Frau Lehmann, …"
    )
    db.session.commit()
    return mail.id


def _erasures(db, contact_id: int) -> dict:
    """An erasure the worker is at (step 3 of 5) and a finished one, as their pages show."""
    from crm.privacy.models import Erasure

    running = Erasure(contact_id=contact_id, status="running", reason="Antrag", done=2)
    counts = {"audit_events": 4, "mails": 2, "uploads": 1, "prepared_files": 1}
    counts |= {"attachments": 1, "attachment_meetings": ["Sitzung der AG"]}
    done = Erasure(contact_id=contact_id, status="done", reason="Antrag", done=5, counts=counts)
    db.session.add_all([running, done])
    db.session.commit()
    return {"erasure_running": running.id, "erasure_done": done.id}


def _circular(db, contact_id: int) -> dict:
    """A draft circular to the project groups' delegates, and one person's unsubscribe token."""
    from crm.circulars import attachments
    from crm.circulars.models import Circular
    from crm.circulars.operations import unsubscribe_token
    from crm.time import utcnow

    circular = Circular(
        subject="Jahrestagung",
        body="die Jahrestagung findet im Mai statt.",
        query="group_kind=project_group&role=delegate",
    )
    sent = Circular(subject="Rückblick", body="anbei der Rückblick.", query=circular.query)
    db.session.add_all([circular, sent])
    db.session.flush()
    pdf = b"%PDF-1.4\n%%EOF\n"
    for c in (circular, sent):  # the drafts' attachment lists (removable), then the result's
        attachments.add(c, attachments.check(c, [("Programm Jahrestagung.pdf", pdf)]))
    sent.status, sent.sent_at, sent.recipients, sent.left_out = "sent", utcnow(), 0, {}
    db.session.commit()
    return {
        "circular": circular.id,
        "circular_sent": sent.id,
        "unsubscribe": unsubscribe_token(circular, contact_id),
    }


def _prepared_files(db, owner_id: int) -> dict:
    """A letters file the worker is rendering and a finished labels file of the admin."""
    from crm.exports.models import PreparedFile

    running = PreparedFile(
        owner_id=owner_id,
        kind="letters-pdf",
        status="running",
        subject="Einladung",
        total=40,
        done=13,
    )
    done = PreparedFile(owner_id=owner_id, kind="labels-pdf", status="done", total=40, done=40)
    db.session.add_all([running, done])
    db.session.commit()
    return {"prepared_running": running.id, "prepared_done": done.id}
