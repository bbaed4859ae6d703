"""The accessibility statement (BITV 2.0 § 7): public, linked from every page, configurable."""

from datetime import date


def test_statement_is_public_and_linked_in_the_footer_before_login(client):
    html = client.get("/login").get_data(as_text=True)
    assert "<footer" in html and 'href="/accessibility"' in html
    response = client.get("/accessibility")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    for part in (
        "Stand der Vereinbarkeit",
        "teilweise",
        "Nicht barrierefreie Inhalte",
        "Feedback",
        "Schlichtungsstelle",
        "Zuletzt geprüft am 02.12.2026",
    ):
        assert part in text, part


def test_statement_names_the_configured_contact_and_date(app, client):
    app.config["ACCESSIBILITY_CONTACT"] = "barrieren@metropolregion.example"
    app.config["ACCESSIBILITY_CHECKED_ON"] = "2027-01-15"
    try:
        text = client.get("/accessibility").get_data(as_text=True)
        assert 'href="mailto:barrieren@metropolregion.example"' in text
        assert "15.01.2027" in text
        client.get("/language/en")
        text = client.get("/accessibility").get_data(as_text=True)
        assert "Accessibility statement" in text and "Last checked on 15 Jan 2027" in text
    finally:
        app.config["ACCESSIBILITY_CONTACT"] = None
        app.config["ACCESSIBILITY_CHECKED_ON"] = "2026-12-02"


def test_english_dates_and_times_come_from_babel(app):
    from datetime import UTC, datetime

    from flask_babel import force_locale

    from crm.templating import fmt_date, fmt_datetime

    with app.test_request_context():
        with force_locale("en"):
            assert fmt_date(date(2026, 12, 22)) == "22 Dec 2026"
            assert fmt_datetime(datetime(2026, 12, 22, 9, 0, tzinfo=UTC)) == "22 Dec 2026, 10:00"
        with force_locale("de"):
            assert fmt_date(date(2026, 12, 22)) == "22.12.2026"
