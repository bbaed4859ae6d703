"""How a merge of people moves the user accounts linked to them (``crm.signals``)."""

from __future__ import annotations

from crm.auth.models import User
from crm.search.merging import repoint
from crm.signals import contact_merged


@contact_merged.connect
def _move_user_links(kept, merged, **extra) -> None:
    repoint(User.contact_id, kept.id, merged.id)
