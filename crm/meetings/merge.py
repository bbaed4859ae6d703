"""How a merge of people or organisations moves the invitations (``crm.signals``)."""

from __future__ import annotations

import sqlalchemy as sa

from crm.meetings.models import Invitation
from crm.search.merging import repoint
from crm.signals import contact_merged, organisation_merged


@contact_merged.connect
def _move_invitations(kept, merged, **extra) -> None:
    # one invitation per person and meeting (a unique constraint): where both were invited,
    # the merged person keeps theirs (archived with them), so nothing with history is lost
    kept_meetings = sa.select(Invitation.meeting_id).where(Invitation.contact_id == kept.id)
    repoint(Invitation.contact_id, kept.id, merged.id, Invitation.meeting_id.not_in(kept_meetings))


@organisation_merged.connect
def _move_organisation_invitations(kept, merged, **extra) -> None:
    repoint(Invitation.organisation_id, kept.id, merged.id)
