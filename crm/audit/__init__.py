"""The audit trail: who changed or exported what."""

from flask import Blueprint, Flask

bp = Blueprint("audit", __name__, url_prefix="/audit")


def init_app(app: Flask) -> None:
    """Offer the German labels of audit actions, record types and fields to every template."""
    from crm.audit import labels, readable

    # globals (unlike context processors) are visible inside imported macros too
    app.jinja_env.globals.update(
        action_label=labels.action_label,
        entity_label=labels.entity_label,
        field_label=labels.field_label,
        history_rows=readable.rows,
    )


from crm.audit import views  # noqa: E402,F401
