"""What meetings contributes to the groups pages: a group's meetings, the next one per group.

Groups must not import meetings (the chain points one way), so the group page and the
group list offer slots in ``crm.hooks`` and this module fills them.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from crm.extensions import db
from crm.hooks import panel
from crm.meetings.models import Meeting
from crm.templating import fmt_datetime
from crm.time import utcnow


@panel("group", order=50)
def group_meetings(group, **ctx) -> str:
    """Return the group page's list of its meetings, newest first."""
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.group_id == group.id)
        .order_by(Meeting.starts_at.desc().nulls_first())
    )
    return render_template(
        "meetings/_panel_group_meetings.html", group=group, meetings=list(meetings)
    )


@panel("group_list", order=50)
def next_meetings(group_ids: list[int], on: date | None = None) -> tuple[str, dict[int, Markup]]:
    """Return the group list's column "next meeting": ``(header, {group id: cell})``, one query.

    The next meeting is the earliest one from now on that is not cancelled.
    """
    cells: dict[int, Markup] = {}
    if group_ids:
        now = utcnow()
        first = (
            sa.select(Meeting.group_id, sa.func.min(Meeting.starts_at).label("starts_at"))
            .where(
                Meeting.group_id.in_(group_ids),
                Meeting.starts_at >= now,
                Meeting.status != "cancelled",
            )
            .group_by(Meeting.group_id)
            .subquery()
        )
        meetings = db.session.scalars(
            sa.select(Meeting)
            .join(
                first,
                sa.and_(
                    first.c.group_id == Meeting.group_id, first.c.starts_at == Meeting.starts_at
                ),
            )
            .where(Meeting.status != "cancelled")
            .order_by(Meeting.id)
        )
        for meeting in meetings:
            if meeting.group_id not in cells:
                url = url_for("meetings.detail", meeting_id=meeting.id)
                cells[meeting.group_id] = Markup('<a href="{}">{}</a>').format(
                    url, fmt_datetime(meeting.starts_at)
                )
    return _("Nächste Sitzung"), cells
