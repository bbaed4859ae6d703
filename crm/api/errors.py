"""How refused changes answer in the API: rules 422 (409 for clashes), stale saves 412."""

from __future__ import annotations

from flask_smorest import Blueprint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from crm.api.problems import from_rule_error, problem
from crm.extensions import db
from crm.rules import RuleError


def register_rule_errors(blp: Blueprint) -> None:
    """Answer the service errors raised in ``blp``'s views; nothing is written then."""

    @blp.errorhandler(RuleError)
    def rule_error(exc: RuleError):
        db.session.rollback()
        return from_rule_error(exc)

    @blp.errorhandler(StaleDataError)
    def stale(exc: StaleDataError):
        # two saves in the same instant: the database saw the version change
        db.session.rollback()
        return problem(412)

    @blp.errorhandler(IntegrityError)
    def integrity(exc: IntegrityError):
        db.session.rollback()
        return problem(409)
