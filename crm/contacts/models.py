"""People (contacts) and their affiliations with organisations over time."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.contacts.salutation import salutation_of
from crm.db import (
    ArchiveMixin,
    Base,
    TimestampMixin,
    UTCDateTime,
    VersionMixin,
    email_pair_index,
    end_not_before_start,
    in_codes,
    search_indexes,
)
from crm.organisations.models import Organisation
from crm.search.hooks import RENAME_FOLLOWERS
from crm.search.normalize import name_sort_key, phone_key, phonetic, search_key
from crm.tags.models import Tag, contact_tags
from crm.time import today

SALUTATIONS = {"Frau": _l("Frau"), "Herr": _l("Herr"), "": _l("keine Angabe")}
#: languages of mails to a person ("" is German, the default)
MAIL_LANGUAGES = {"": _l("Deutsch"), "en": _l("Englisch")}

#: legal basis for processing personal data (Art. 6 (1) GDPR)
LEGAL_BASES = {
    "consent": _l("Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)"),
    "contract": _l("Vertrag (Art. 6 Abs. 1 lit. b DSGVO)"),
    "public_task": _l("Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)"),
    "legitimate_interest": _l("Berechtigtes Interesse (Art. 6 Abs. 1 lit. f DSGVO)"),
}


class Contact(TimestampMixin, VersionMixin, ArchiveMixin, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        in_codes("salutation", SALUTATIONS),
        in_codes("legal_basis", LEGAL_BASES),
        sa.Index("ix_contacts_last_first", "last_name", "first_name"),
        # the few people a list leaves out (``crm.contacts.consent.left_out_candidates``)
        sa.Index("ix_contacts_is_no_contact", "is_no_contact"),
        sa.Index("ix_contacts_consent_withdrawn_at", "consent_withdrawn_at"),
        sa.Index("ix_contacts_legal_basis", "legal_basis"),
        # the list's order among current people: a page number deep in the list skips
        # entries of this index only, never rows of the table
        sa.Index(
            "ix_contacts_current_sort_key",
            "sort_key",
            "id",
            sqlite_where=sa.text("archived_at IS NULL"),
            postgresql_where=sa.text("archived_at IS NULL"),
        ),
        *search_indexes("contacts"),
        # the import matches rows by e-mail whatever its case, 1,000 addresses per query
        sa.Index("ix_contacts_email_lower", sa.func.lower(sa.column("email"))),
        email_pair_index("contacts"),
    )

    #: "Frau", "Herr" or "" (unknown or not wanted)
    salutation: Mapped[str] = mapped_column(
        sa.String(10), nullable=False, default="", server_default=""
    )
    #: academic title, e.g. "Dr." or "Prof. Dr."
    title: Mapped[str | None] = mapped_column(sa.String(50))
    first_name: Mapped[str | None] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100), nullable=False, index=True)
    #: e.g. "MdL", "LL.M."
    name_suffix: Mapped[str | None] = mapped_column(sa.String(50))
    #: the language of mails to the person: "en" for English, NULL for German (the default)
    language: Mapped[str | None] = mapped_column(sa.String(5))
    #: private e-mail, only where the person gave it; business e-mail is on the affiliation
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    #: private phone, only where given
    phone: Mapped[str | None] = mapped_column(sa.String(50))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    #: one of ``LEGAL_BASES``
    legal_basis: Mapped[str] = mapped_column(
        sa.String(30),
        nullable=False,
        default="legitimate_interest",
        server_default="legitimate_interest",
    )
    #: when the person consented (legal basis "consent"), UTC
    consent_given_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: how the consent was given, e.g. "Anmeldeformular AG-Sitzung 03/2026"
    consent_source: Mapped[str | None] = mapped_column(sa.String(200))
    #: when the person withdrew the consent, UTC
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the person asked not to be contacted: left out of mailings and distribution lists
    is_no_contact: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=sa.false()
    )
    #: since when mail to this person bounces (a delivery status notification came back),
    #: and to which address; cleared when the address is corrected
    undeliverable_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undeliverable_address: Mapped[str | None] = mapped_column(sa.String(254))
    #: when the person was erased (Art. 17 GDPR, ``crm.privacy.erase``): the row is then the
    #: anonymous placeholder "Anonymisierte Person" that keeps seats and attendance true
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: normalised names and e-mail addresses (``crm.search.normalize``), kept current by a
    #: flush hook; every search and the duplicate check read it
    #: normalised last name first, so that its first letters prefilter the duplicate check
    search_text: Mapped[str] = mapped_column(sa.String(700), nullable=False, default="")

    affiliations: Mapped[list[Affiliation]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="(Affiliation.ends_on.is_not(None), Affiliation.starts_on.desc())",
    )
    tags: Mapped[list[Tag]] = relationship(secondary=contact_tags, order_by=Tag.name)

    #: "last name first name" folded by DIN 5007-2 (``name_sort_key``: ö as oe, particles
    #: such as "von der" ignored), so that every list and export sorts as German readers
    #: expect: Becker, von der Heydt, Öztürk, Ostermann
    sort_key: Mapped[str] = mapped_column(
        sa.String(300), nullable=False, default="", server_default="", index=True
    )

    #: Kölner Phonetik of last and first name ("Meier Anna" and "Meyer Anna" give "67 06"),
    #: kept current by the flush hook: people with the same key are duplicate candidates,
    #: and searches find names that sound like the query
    phonetic_key: Mapped[str] = mapped_column(
        sa.String(200), nullable=False, default="", server_default=""
    )

    #: the folded name of the person's primary (else newest) current organisation, kept by the
    #: flush hook, so that the list sorts by organisation on an index instead of a join
    organisation_sort_key: Mapped[str] = mapped_column(
        sa.String(300), nullable=False, default="", server_default="", index=True
    )

    def compute_sort_key(self) -> str:
        return name_sort_key(self.last_name, self.first_name)

    def compute_organisation_sort_key(self) -> str:
        """Return the folded name of the organisation the list shows first for the person."""
        on = today()
        current = [a for a in self.affiliations if a.is_current(on)]
        current.sort(key=lambda a: (not a.is_primary, -(a.starts_on or date.min).toordinal()))
        for a in current:
            org = a.organisation
            if org is None and a.organisation_id:
                from crm.extensions import db

                org = db.session.get(Organisation, a.organisation_id)
            if org is not None:
                return search_key(org.name)
        return ""

    def compute_phonetic_key(self) -> str:
        return phonetic(self.last_name, self.first_name)

    def compute_search_text(self) -> str:
        emails = [a.email for a in self.affiliations]
        phones = [phone_key(p) for p in (self.phone, *(a.phone for a in self.affiliations))]
        return search_key(self.last_name, self.first_name, self.email, *emails, *phones)

    @property
    def full_name(self) -> str:
        """Return "Prof. Dr. Anna Müller" style: title, first and last name, suffix."""
        parts = [self.title, self.first_name, self.last_name]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.name_suffix}" if self.name_suffix else name

    @property
    def sort_name(self) -> str:
        return ", ".join(p for p in (self.last_name, self.first_name) if p)

    @property
    def letter_salutation(self) -> str:
        """Return the DIN 5008 Briefanrede (``crm.contacts.salutation``)."""
        return salutation_of(self)

    def primary_affiliation(self, on: date | None = None) -> Affiliation | None:
        """Return the primary current affiliation (or the first current one)."""
        on = on or today()
        current = [a for a in self.affiliations if a.is_current(on)]
        for a in current:
            if a.is_primary:
                return a
        return current[0] if current else None

    def __repr__(self) -> str:
        return f"<Contact {self.id} {self.full_name!r}>"


#: the end date that sorts an ongoing affiliation (no end) before every ended one
ONGOING = "9999-12-31"


class Affiliation(TimestampMixin, VersionMixin, Base):
    """A person's role at an organisation over a period; ended ones are kept as history."""

    __tablename__ = "affiliations"
    __table_args__ = (
        end_not_before_start("starts_on", "ends_on"),
        sa.Index("ix_affiliations_email_lower", sa.func.lower(sa.column("email"))),
        # an organisation's people in the order of its page (``ENDS_OR_ONGOING``, then id):
        # a deep page of 5,000 people is found in the index, the cursor starts a range in it
        sa.Index(
            "ix_affiliations_organisation_ends",
            "organisation_id",
            sa.text(f"coalesce(ends_on, '{ONGOING}') DESC"),
            "id",
        ),
    )

    #: erasing a person (data protection) removes their affiliations with them
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: organisations with history are archived, never deleted
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    job_title: Mapped[str | None] = mapped_column(sa.String(150))
    department: Mapped[str | None] = mapped_column(sa.String(150))
    #: business e-mail at this organisation
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(50))
    #: the person's main affiliation
    is_primary: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=sa.false()
    )
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)

    contact: Mapped[Contact] = relationship(back_populates="affiliations")
    organisation: Mapped[Organisation] = relationship()

    @classmethod
    def ends_or_ongoing(cls) -> sa.ColumnElement:
        """Return the end date with ``ONGOING`` for none: one column (indexed with the
        organisation) to sort by, current first, latest ended next, keyset-pageable."""
        return sa.func.coalesce(cls.ends_on, sa.literal_column(f"'{ONGOING}'"), type_=sa.Date)

    def search_parent(self) -> Contact | None:
        """Return the person whose stored search text includes this affiliation."""
        return self.contact

    def is_current(self, on: date | None = None) -> bool:
        on = on or today()
        return (self.starts_on is None or self.starts_on <= on) and (
            self.ends_on is None or self.ends_on >= on
        )


def _follow_organisation_rename(session, obj, old_name: str, new_name: str) -> None:
    """Give the people sorted under a renamed organisation its new name (one UPDATE)."""
    at_org = sa.select(Affiliation.contact_id).where(Affiliation.organisation_id == obj.id)
    session.execute(
        sa.update(Contact)
        .where(
            Contact.organisation_sort_key == search_key(old_name)[:300],
            Contact.id.in_(at_org),
        )
        .values(organisation_sort_key=search_key(new_name)[:300]),
        execution_options={"synchronize_session": False},
    )


RENAME_FOLLOWERS.append((Organisation, _follow_organisation_rename))
