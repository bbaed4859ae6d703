"""The e-mail distribution list: addresses in BCC blocks, and who was left out and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import gettext as _

from crm.contacts.consent import LEFT_OUT
from crm.exports.columns import DISTRIBUTION_FIELDS, full_name
from crm.exports.filters import ContactFilter
from crm.exports.queries import stream_contact_rows

BLOCK_SIZE = 50


@dataclass
class DistributionList:
    """Addresses in blocks of 50 for BCC, and who was left out and why."""

    blocks: list[list[str]]
    left_out: list[tuple[str, str]]
    total: int

    @property
    def addresses(self) -> int:
        return sum(len(b) for b in self.blocks)


def distribution_list(flt: ContactFilter, scope: set[int] | None = None) -> DistributionList:
    """Return the BCC blocks for the filter, leaving out blocked people and duplicates."""
    wanted = ContactFilter(**{**asdict(flt), "include_blocked": True})
    addresses: list[str] = []
    seen: dict[str, str] = {}
    left_out: list[tuple[str, str]] = []
    total = 0
    for row in stream_contact_rows(wanted, scope, DISTRIBUTION_FIELDS):
        total += 1
        name = full_name(row)
        email = row.email
        if row.left_out:
            left_out.append((name, str(LEFT_OUT[row.left_out])))
        elif not email:
            left_out.append((name, _("keine E-Mail-Adresse")))
        elif email.casefold() in seen:
            left_out.append((name, _("gleiche Adresse wie %(name)s", name=seen[email.casefold()])))
        else:
            seen[email.casefold()] = name
            addresses.append(email)
    blocks = [addresses[i : i + BLOCK_SIZE] for i in range(0, len(addresses), BLOCK_SIZE)]
    return DistributionList(blocks=blocks, left_out=left_out, total=total)
