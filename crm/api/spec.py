"""The parts of the OpenAPI document that no single view states: auth and error answers."""

from __future__ import annotations

from apispec import APISpec

from crm.api import schemas
from crm.api.problems import MEDIA_TYPE, TITLES

SPEC_OPTIONS = {
    "info": {
        "description": (
            "The CRM's data: organisations, people and their affiliations, groups with "
            "memberships and seats over time, meetings with agenda and invitations, saved "
            "distribution lists. Send a "
            "personal token as `Authorization: Bearer …` (created on the account page or with "
            "`flask users token EMAIL --name NAME`). Changes need the ETag of the version read "
            "as `If-Match`. Errors are `application/problem+json`, in German or English by "
            "`Accept-Language`."
        )
    },
    "security": [{"bearerAuth": []}],
}


def add_components(spec: APISpec) -> None:
    """Add the bearer scheme, the Problem schema and one response per error status."""
    spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "crm_…"}
    )
    spec.components.schema("Problem", schema=schemas.Problem)
    for status, title in TITLES.items():
        headers = {}
        if status == 429:
            headers["Retry-After"] = {
                "description": "seconds until requests are accepted again",
                "schema": {"type": "string"},
            }
        if status == 401:
            headers["WWW-Authenticate"] = {"schema": {"type": "string"}}
        spec.components.response(
            f"Problem{status}",
            {
                "description": str(title),
                "content": {MEDIA_TYPE: {"schema": "Problem"}},
                **({"headers": headers} if headers else {}),
            },
        )
