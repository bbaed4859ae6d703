"""Data protection: consent on the person page, access (Art. 15), erasure (Art. 17),
retention review, and the register of processing activities (Art. 30).

The consent rule itself lives in ``crm.contacts.consent`` (every list and mail path asks it
there); this package sits above meetings and imports contacts, groups, meetings and mail.
"""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy")

from crm.privacy import grants, merge, panels, tasks, views  # noqa: E402,F401
