"""Forms of the import steps (the mapping and the choices are read from the request)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField

from crm.forms import Form
from crm.imports.rules import DEFAULT_STATE
from crm.organisations.models import STATES

KINDS = {"contacts": _l("Personen"), "organisations": _l("Organisationen")}


class UploadForm(Form):
    file = FileField(
        _l("Datei (CSV oder XLSX)"),
        validators=[
            FileRequired(_l("Bitte eine Datei wählen.")),
            FileAllowed(["csv", "txt", "xlsx"], _l("Nur CSV- oder XLSX-Dateien.")),
        ],
    )
    kind = SelectField(_l("Was wird importiert?"), choices=list(KINDS.items()), default="contacts")
    default_state = SelectField(
        _l("Bundesland neuer Organisationen"),
        choices=[(k, v) for k, v in STATES.items()],
        default=DEFAULT_STATE,
        description=_l("Gilt, wenn die Datei kein Bundesland nennt und die PLZ keines ergibt."),
    )


class StepForm(Form):
    """Only the CSRF token: the mapping and the per-row choices vary with the file."""
