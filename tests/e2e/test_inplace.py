"""Issue 15 in Chromium at 1366 × 768: an agenda item and a poll date option are added without
a page load (a marker set on the window survives), errors show in place and are announced,
focus goes where the next step is; with JavaScript off the same forms load a new page."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from tests.e2e.a11y_helpers import axe_violations
from tests.e2e.conftest import ARTIFACTS

SHOTS = Path("/work/shots/forms") if Path("/work/shots").is_dir() else ARTIFACTS


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"inplace-{name}.png"), full_page=True)


def _setup(make):
    make.user(role="secretariat", email="inplace@example.org", password="inplace-pass-1")
    group = make.group("AG Tourismus")
    return make.meeting(
        group, title="Frühjahrssitzung", status="draft", starts_at=None, ends_at=None
    )


def _login(page) -> None:
    page.goto("/login")
    page.get_by_label("E-Mail").fill("inplace@example.org")
    page.get_by_label("Passwort").fill("inplace-pass-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


def _mark(page) -> None:
    page.evaluate("() => { window.__noReload = 'still here'; }")


def _still_marked(page) -> bool:
    return page.evaluate("() => window.__noReload") == "still here"


def test_agenda_item_and_date_option_are_added_without_a_page_load(page, make, db):
    from crm.models import AgendaItem, DateOption

    meeting = _setup(make)
    page.set_viewport_size({"width": 1366, "height": 768})
    _login(page)
    loads = []
    page.on("load", lambda: loads.append(page.url))
    page.goto(f"/meetings/{meeting.id}")
    _mark(page)
    url = page.url

    # an error first: shown beside the field, announced, the field focused
    page.get_by_role("button", name="TOP hinzufügen").click()
    page.locator("#agenda-body .is-invalid").wait_for()
    assert page.evaluate("() => document.activeElement.id") == "agenda-title"
    status = page.locator("#agenda-status")
    status.filter(has_text="Bitte einen Titel angeben.").wait_for()
    assert status.get_attribute("role") == "status"

    title = page.get_by_label("Tagesordnungspunkt")
    title.fill("Begrüßung und Protokollkontrolle")
    page.get_by_label("Dauer (Minuten)").fill("15")
    page.keyboard.press("Enter")
    page.locator("#agenda-body li", has_text="Begrüßung und Protokollkontrolle").wait_for()
    status.filter(has_text="„Begrüßung und Protokollkontrolle“ hinzugefügt").wait_for()
    assert _still_marked(page) and page.url == url
    # ready for the next item: the emptied title field has the focus
    assert page.evaluate("() => document.activeElement.id") == "agenda-title"
    assert title.input_value() == ""
    page.keyboard.type("Bericht der Geschäftsstelle")
    page.keyboard.press("Enter")
    page.locator("#agenda-body li", has_text="Bericht der Geschäftsstelle").wait_for()
    assert _still_marked(page)
    _shot(page, "agenda-added")
    violations = axe_violations(page)
    assert not violations, violations
    # the moved forms carry the new agenda version: moving an item still works (a page load)
    with page.expect_navigation():
        page.get_by_role("button", name="Bericht der Geschäftsstelle nach oben").click()
    items = page.locator("#agenda-body li").all_inner_texts()
    assert items[0].startswith("Bericht der Geschäftsstelle"), items

    page.goto(f"/meetings/{meeting.id}/poll")
    _mark(page)
    url = page.url
    page.get_by_label("Datum").fill("2027-03-02")
    page.get_by_label("Beginn").fill("10:00")
    page.get_by_label("Ende", exact=True).fill("12:00")
    page.get_by_role("button", name="Vorschlagen").click()
    page.locator("[data-testid=poll-matrix]", has_text="02.03.2027").wait_for()
    page.locator("#poll-status").filter(has_text="Termin vorgeschlagen.").wait_for()
    assert _still_marked(page) and page.url == url
    assert page.evaluate("() => document.activeElement.id") == "starts_on"
    _shot(page, "option-added")
    violations = axe_violations(page)
    assert not violations, violations
    # the one 400 is the refused empty title above (Chromium logs every 4xx answer)
    errors = [e for e in page.console_errors if "status of 400" not in e]
    assert not errors and len(page.console_errors) == 1, page.console_errors

    db.session.expire_all()
    titles = db.session.scalars(
        sa.select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id)
    ).all()
    assert sorted(titles) == ["Begrüßung und Protokollkontrolle", "Bericht der Geschäftsstelle"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DateOption)) == 1
    # page loads: the meeting page, the move, the poll page; none for the three adds
    assert len(loads) == 3, loads


def test_without_javascript_the_same_forms_load_the_page(browser, live_server, make, db):
    from crm.models import AgendaItem

    meeting = _setup(make)
    context = browser.new_context(
        base_url=live_server,
        locale="de-DE",
        java_script_enabled=False,
        viewport={"width": 1366, "height": 768},
    )
    page = context.new_page()
    try:
        _login(page)
        page.goto(f"/meetings/{meeting.id}")
        page.get_by_label("Tagesordnungspunkt").fill("Begrüßung")
        with page.expect_navigation():
            page.get_by_role("button", name="TOP hinzufügen").click()
        assert page.url.endswith(f"/meetings/{meeting.id}#agenda")
        page.locator("#agenda-body li", has_text="Begrüßung").wait_for()
        page.goto(f"/meetings/{meeting.id}/poll")
        page.get_by_label("Datum").fill("2027-03-02")
        page.get_by_label("Beginn").fill("10:00")
        page.get_by_label("Ende", exact=True).fill("12:00")
        with page.expect_navigation():
            page.get_by_role("button", name="Vorschlagen").click()
        page.get_by_text("Termin vorgeschlagen.").wait_for()
        page.locator("[data-testid=poll-matrix]", has_text="02.03.2027").wait_for()
        _shot(page, "no-js-option-added")
    finally:
        context.close()
    db.session.expire_all()
    assert db.session.scalars(sa.select(AgendaItem.title)).all() == ["Begrüßung"]
