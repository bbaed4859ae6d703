"""Signals through which higher features take part in lower features' operations.

A merge of two people lives in ``contacts``, but seats (``groups``) and invitations
(``meetings``) point at people too. The merge sends ``contact_merged``; each feature that
holds rows about people subscribes and moves its own rows (Indico's ``users.merged``)::

    @contact_merged.connect
    def _move_seats(kept, merged, **extra): ...

Receivers run inside the merge's transaction and flush nothing themselves: a failure in
one undoes the whole merge.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sender: the kept ``Contact``; ``merged``: the one merged into it (still in the session)
contact_merged = _signals.signal("contact-merged")

#: sender: the kept ``Organisation``; ``merged``: the one merged into it
organisation_merged = _signals.signal("organisation-merged")

#: sender: a ``User`` whose secrets must stop working (deactivated, or password reset by an
#: admin); ``reason``: "deactivated" or "password". Features that hand out secret links or
#: tokens of the user (calendar feeds, API tokens) revoke them.
credentials_revoked = _signals.signal("credentials-revoked")

#: sender: None; ``uid``, ``attendee`` (an e-mail address), ``partstat`` (ACCEPTED,
#: DECLINED, TENTATIVE …), ``sequence``: a calendar client's iMIP REPLY came back. The
#: meetings feature sets that invitee's RSVP.
calendar_reply = _signals.signal("calendar-reply")

#: sender: the bounced ``OutboxMail``; ``address``: the recipient that failed; ``at``: when.
#: The contacts feature flags the address on the person.
mail_bounced = _signals.signal("mail-bounced")
