"""The interactive API reference renders in the browser from local files, under the CSP."""

from __future__ import annotations

from tests.e2e.conftest import screenshot


def test_api_reference_renders_every_resource_without_outside_requests(page, live_server):
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None,
    )
    page.goto("/api/v1/docs/")
    page.get_by_text("/api/v1/organisations/", exact=True).first.wait_for()
    for tag in ("api_organisations", "api_people", "api_groups", "api_meetings"):
        assert page.locator(f"#operations-tag-{tag}").count() == 1
    screenshot(page, "api-docs")
    assert outside == []
    assert page.console_errors == []
