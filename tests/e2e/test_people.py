"""The secretariat's day in Chromium: an organisation and a person, the umlaut-forgiving
search, a refused concurrent edit, the duplicate warning, and merging the duplicate."""

import re

from tests import factories
from tests.e2e.conftest import login, screenshot


def test_people_lifecycle_in_the_browser(page, app, make):
    user = make.user("secretariat", email="sekretariat@test.example", name="Sabine Sekretariat")
    page.on("dialog", lambda dialog: dialog.accept())  # the merge asks "Zusammenführen?"
    login(page, user.email, factories.PASSWORD)

    # an organisation
    page.goto("/organisations/new")
    page.get_by_label("Name", exact=True).fill("Stadt Markkleeberg")
    page.get_by_label("Art", exact=True).select_option("city")
    page.get_by_label("PLZ", exact=True).fill("04416")
    page.get_by_label("Ort", exact=True).fill("Markkleeberg")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/organisations/\d+$"))
    assert page.get_by_role("heading", name="Stadt Markkleeberg").is_visible()
    screenshot(page, "people-01-organisation-created")

    # a person with an affiliation, created from the organisation's page
    page.get_by_role("link", name="Neue Person bei dieser Organisation").click()
    page.get_by_label("Anrede", exact=True).select_option("Herr")
    page.get_by_label("Vorname", exact=True).fill("Jürgen")
    page.get_by_label("Nachname", exact=True).fill("Weiß-Größer")
    page.get_by_label("Funktion", exact=True).fill("Bürgermeister")
    page.get_by_label("E-Mail (dienstlich)").fill("j.weiss-groesser@markkleeberg.de")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/contacts/\d+$"))
    person_url = page.url
    assert page.get_by_text("Sehr geehrter Herr Weiß-Größer,").is_visible()
    assert page.get_by_role("link", name="Stadt Markkleeberg").first.is_visible()
    screenshot(page, "people-02-person-created")

    # found with "grosser" from the navigation search
    page.get_by_label("Suche").first.fill("grosser")
    page.get_by_role("button", name="Suchen").first.click()
    page.wait_for_url(re.compile(r"/search\?q=grosser"))
    assert page.get_by_role("link", name="Jürgen Weiß-Größer").is_visible()
    screenshot(page, "people-03-search-grosser")

    # edited in two tabs: the second save is refused and shows the first one's change
    tab_a, tab_b = page, page.context.new_page()
    tab_a.goto(person_url + "/edit")
    tab_b.goto(person_url + "/edit")
    tab_a.get_by_label("Titel", exact=True).fill("Dr.")
    tab_a.get_by_role("button", name="Speichern").click()
    tab_a.wait_for_url(person_url)
    tab_b.get_by_label("Telefon (privat)").fill("0341 1234567")
    tab_b.get_by_role("button", name="Speichern").click()
    conflict = tab_b.locator("#conflict")
    assert conflict.is_visible()
    assert "Nicht gespeichert" in conflict.inner_text()
    row = conflict.locator("tr", has_text="Titel")
    assert "Dr." in row.inner_text() and "Sabine Sekretariat" in row.inner_text()
    assert tab_b.get_by_label("Telefon (privat)").input_value() == "0341 1234567"
    screenshot(tab_b, "people-04-second-save-refused")
    tab_b.close()
    tab_a.reload()
    assert tab_a.get_by_role("heading", name=re.compile("Herr Dr. Jürgen Weiß-Größer")).is_visible()

    # the same person in the other spelling: the duplicate warning comes first
    page.goto("/contacts/new")
    page.get_by_label("Anrede", exact=True).select_option("Herr")
    page.get_by_label("Vorname", exact=True).fill("Juergen")
    page.get_by_label("Nachname", exact=True).fill("Weiss-Groesser")
    page.get_by_label("E-Mail (privat)").fill("juergen@example.org")
    page.get_by_role("button", name="Speichern").click()
    warning = page.locator("#duplicates")
    assert warning.is_visible() and "Dr. Jürgen Weiß-Größer" in warning.inner_text()
    screenshot(page, "people-05-duplicate-warning")
    page.get_by_label("Trotzdem anlegen").check()
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/contacts/\d+$"))
    duplicate_url = page.url

    # the duplicates page pairs them; merging keeps one person with both histories
    page.goto("/contacts/duplicates")
    screenshot(page, "people-06-duplicates-page")
    page.get_by_role("link", name="Vergleichen und zusammenführen").first.click()
    page.wait_for_url(re.compile(r"/contacts/merge"))
    survivor_id = person_url.rsplit("/", 1)[1]
    label = page.locator("label[for^='survivor-']", has_text=f"(#{survivor_id})")
    label.click()
    side = label.get_attribute("for").split("-")[1]
    page.locator(f"#keep-email-{'b' if side == 'a' else 'a'}").check()  # keep the other's e-mail
    screenshot(page, "people-07-merge-form")
    page.get_by_role("button", name="Zusammenführen").click()
    page.wait_for_url(person_url)
    assert page.get_by_text("juergen@example.org").first.is_visible()
    history = page.locator("table", has=page.get_by_role("columnheader", name="Änderungen"))
    text = history.inner_text()
    assert "zusammengeführt" in text and text.count("angelegt") == 2  # both people's creation
    screenshot(page, "people-08-merged-person")
    page.goto(duplicate_url)
    assert page.get_by_text("archiviert").first.is_visible()
    assert page.console_errors == []
