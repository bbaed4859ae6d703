"""The secretariat's week in Chromium at 1366 × 768, counting the page loads of each task.

Walks a running server (``--base-url``, seeded with ``flask seed`` and prepared with
``--prepare`` once) as the demo secretariat: add an organisation and its delegate, change a
delegate, look a year back, merge two records of one person (both at the same
organisation), tag 30 people, export a contact list. A page load is a finished load of the
main document (a form's POST and its redirect count as one). Prints JSON per task and
saves a screenshot of each task's last page under ``--shots``.

The same script runs against an older checkout for the baseline: where the older app has
no bulk action, the 30 people are tagged one by one through their edit forms.

    .venv/bin/python bench/secretariat_week.py --base-url http://127.0.0.1:5071 --shots DIR
    DATABASE_URL=… .venv/bin/python bench/secretariat_week.py --prepare   # once per database
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path

EMAIL, PASSWORD = "geschaeftsstelle@crm.example", "Sekretariat-Demo-2026"
GROUP = "AG Verkehr und Mobilität"
TAGGED = "Woche-Presse"
TWIN_LAST_NAME = "Doppelt"


def prepare() -> None:
    """Add the week's raw material to a seeded database: 30 people of one organisation and
    one person entered twice at the same organisation (the merge)."""
    sys.path.insert(0, str(Path.cwd()))
    from crm import create_app
    from crm.extensions import db
    from crm.models import Affiliation, Contact, Organisation

    app = create_app()
    with app.app_context():
        org = Organisation(name="Stadt Wochenfeld", kind="city", state="SN")
        db.session.add(org)
        for i in range(30):
            person = Contact(first_name="Person", last_name=f"Wochenfeld{i:02d}", salutation="")
            person.affiliations.append(
                Affiliation(organisation=org, starts_on=date(2024, 1, 1), is_primary=True)
            )
            db.session.add(person)
        for job in ("Referentin", None):
            twin = Contact(first_name="Kim", last_name=TWIN_LAST_NAME, salutation="Frau")
            twin.affiliations.append(
                Affiliation(
                    organisation=org, starts_on=date(2023, 5, 1), is_primary=True, job_title=job
                )
            )
            db.session.add(twin)
        db.session.commit()
        print(json.dumps({"prepared": org.id}))


class Counter:
    def __init__(self, page):
        self.loads = 0
        page.on("load", lambda _page: self._count())

    def _count(self):
        self.loads += 1


def run(base_url: str, shots: Path) -> dict:
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(
            base_url=base_url,
            viewport={"width": 1366, "height": 768},
            locale="de-DE",
            timezone_id="Europe/Berlin",
            accept_downloads=True,
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on("dialog", lambda dialog: dialog.accept())  # "really merge?" and the like
        page.goto("/login")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        counter = Counter(page)

        def task(name, steps):
            page.goto("/")  # every task starts on the dashboard (not counted)
            page.wait_for_load_state()
            counter.loads = 0
            steps()
            page.wait_for_load_state()
            results[name] = counter.loads
            page.screenshot(path=str(shots / f"{name}.png"), full_page=False)

        def click(locator):
            with page.expect_navigation():
                locator.click()

        def nav(label):
            toggler = page.locator("nav .navbar-toggler")
            if toggler.count() and toggler.is_visible():  # an older app: menu behind a button
                toggler.click()
            click(page.locator("nav[aria-label=Hauptnavigation]").get_by_role("link", name=label))

        def submit():
            click(page.locator("main form[method=post i] button:not([type=button])").last)

        def pick(field: str, text: str, index: int | None = None):
            """Choose in a person or organisation field: typed into the type-ahead picker,
            or (an older app without it) the option of the plain select."""
            combo = page.locator(f"#{field}-combo")
            if combo.count():
                combo.fill(text)
                page.get_by_role("option", name=text).first.click()
                return
            if index is not None:  # the older select offers other people: any one will do
                page.select_option(f"#{field}", index=index)
                return
            option = page.locator(f"#{field} option", has_text=text)
            page.select_option(f"#{field}", option.first.get_attribute("value"))

        def to_group():
            nav("Gremien")
            click(page.get_by_role("link", name=GROUP).first)

        def add_organisation_and_delegate():
            nav("Organisationen")
            click(page.get_by_role("link", name="Neue Organisation"))
            page.fill("#name", "Gemeinde Wochenrode")
            page.select_option("#kind", "city")
            page.select_option("#state", "ST")
            submit()
            click(page.get_by_role("link", name="Neue Person bei dieser Organisation"))
            page.select_option("#salutation", "Frau")
            page.fill("#first_name", "Wiebke")
            page.fill("#last_name", "Wochenrode")
            submit()
            to_group()
            click(page.get_by_role("link", name="Organisation aufnehmen"))
            pick("organisation_id", "Gemeinde Wochenrode")
            submit()
            click(page.get_by_role("link", name="Mandat anlegen"))
            pick("contact_id", "Wochenrode")
            page.select_option("#role", "delegate")
            pick("organisation_id", "Gemeinde Wochenrode")
            submit()

        def change_delegate():
            to_group()
            click(page.get_by_role("link", name="Wechsel").first)
            pick("contact_id", "Wochenfeld00", index=1)
            submit()

        def look_a_year_back():
            to_group()
            page.fill("#on", (date.today() - timedelta(days=365)).isoformat())
            click(page.get_by_role("button", name="Anzeigen"))

        def merge():
            nav("Personen")
            click(page.get_by_role("link", name="Dubletten"))
            row = page.locator("tr, li, .card", has_text=TWIN_LAST_NAME).last
            click(row.get_by_role("link", name="Vergleichen und zusammenführen").first)
            submit()

        def bulk_tag():
            nav("Personen")
            page.fill("#q", "Wochenfeld")
            click(page.get_by_role("button", name="Filtern"))
            if page.locator("#bulk").count():
                page.select_option("#bulk-action", "tag")
                page.fill("#bulk-tags", TAGGED)
                page.select_option("#bulk-scope", "all")
                click(page.locator("#bulk").get_by_role("button", name="Ausführen"))
                return
            # no bulk action: all 30 on one page, then each person through the edit form
            with page.expect_navigation():
                page.select_option("#per_page", "50")  # submits itself
            list_url = page.url
            links = page.locator("main table tbody a[href*='/contacts/']")
            hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
            for href in hrefs:
                click(page.locator(f"main table a[href='{href}']"))
                click(page.locator("main").get_by_role("link", name="Bearbeiten").first)
                tags = page.locator("#tags")
                tags.fill(", ".join(t for t in (tags.input_value(), TAGGED) if t))
                submit()
                page.goto(list_url)  # back to the list for the next one

        def export():
            nav("Export")
            page.locator(f"label:has-text('{TAGGED}')").first.click()
            click(page.get_by_role("button", name="Vorschau aktualisieren"))
            with page.expect_download():
                page.get_by_role("link", name="Excel (XLSX)").click()

        tasks = (
            ("add_organisation_and_delegate", add_organisation_and_delegate),
            ("change_delegate", change_delegate),
            ("look_a_year_back", look_a_year_back),
            ("merge", merge),
            ("bulk_tag_30", bulk_tag),
            ("export", export),
        )
        for name, steps in tasks:
            try:
                task(name, steps)
            except Exception:
                page.screenshot(path=str(shots / f"{name}-error.png"), full_page=True)
                print(f"{name} failed on {page.url}", file=sys.stderr)
                raise
        browser.close()
    results["total"] = sum(results.values())
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url")
    parser.add_argument("--shots", default="test-artifacts/week")
    parser.add_argument("--prepare", action="store_true")
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    print(json.dumps(run(args.base_url, Path(args.shots)), indent=1))


if __name__ == "__main__":
    main()
