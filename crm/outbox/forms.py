"""The outbox page's one form: a corrected address for resending."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import DataRequired

from crm.forms import Form
from crm.organisations.forms import EMAIL, lower_strip


class AddressForm(Form):
    """Correct the recipient and send the mail again."""

    to_address = EmailField(
        _l("Richtige Adresse"),
        filters=[lower_strip],
        validators=[DataRequired(_l("Bitte die richtige Adresse angeben.")), *EMAIL[1:]],
    )
