"""Organisations: cities, districts, ministries, chambers, companies, universities …"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.db import (
    ArchiveMixin,
    Base,
    TimestampMixin,
    VersionMixin,
    email_pair_index,
    in_codes,
    search_indexes,
)
from crm.search.normalize import phone_key, phonetic, search_key
from crm.tags.models import Tag, organisation_tags

#: organisation kinds: stored code -> German label
KINDS = {
    "city": _l("Stadt"),
    "district": _l("Landkreis"),
    "ministry": _l("Landesministerium"),
    "chamber": _l("Kammer"),
    "company": _l("Unternehmen"),
    "university": _l("Hochschule"),
    "research": _l("Forschungseinrichtung"),
    "public_company": _l("Kommunales Unternehmen"),
    "planning": _l("Planungsverband"),
    "association": _l("Verband/Verein"),
    "foundation": _l("Stiftung"),
    "other": _l("Sonstige"),
}

#: states: ISO 3166-2:DE suffix -> German label; XX is abroad
STATES = {
    "SN": _l("Sachsen"),
    "ST": _l("Sachsen-Anhalt"),
    "TH": _l("Thüringen"),
    "BB": _l("Brandenburg"),
    "BE": _l("Berlin"),
    "BW": _l("Baden-Württemberg"),
    "BY": _l("Bayern"),
    "HB": _l("Bremen"),
    "HE": _l("Hessen"),
    "HH": _l("Hamburg"),
    "MV": _l("Mecklenburg-Vorpommern"),
    "NI": _l("Niedersachsen"),
    "NW": _l("Nordrhein-Westfalen"),
    "RP": _l("Rheinland-Pfalz"),
    "SH": _l("Schleswig-Holstein"),
    "SL": _l("Saarland"),
    "XX": _l("Ausland"),
}

#: the state a new organisation (and an imported one without a state) is given
DEFAULT_STATE = "SN"

#: the region's own three Länder, shown first and balanced in reports
CORE_STATES = ("SN", "ST", "TH")


class Organisation(TimestampMixin, VersionMixin, ArchiveMixin, Base):
    __tablename__ = "organisations"
    __table_args__ = (
        in_codes("kind", KINDS),
        in_codes("state", STATES),
        *search_indexes("organisations"),
        email_pair_index("organisations"),
        # the reports' counts per Land join every membership to its organisation's state:
        # from this index alone, not the organisation rows
        sa.Index("ix_organisations_id_state", "id", "state"),
        # an organisation's children: only the few rows with a parent are indexed (with all
        # of them, SQLite's statistics counted 20,000 rows per value, the NULLs, and it
        # scanned the table for the children of every organisation page)
        sa.Index(
            "ix_organisations_parent_id",
            "parent_id",
            sqlite_where=sa.text("parent_id IS NOT NULL"),
            postgresql_where=sa.text("parent_id IS NOT NULL"),
        ),
    )

    #: full name, e.g. "Landkreis Anhalt-Bitterfeld"
    name: Mapped[str] = mapped_column(sa.String(200), nullable=False, index=True)
    #: short name or abbreviation, e.g. "LVB"
    short_name: Mapped[str | None] = mapped_column(sa.String(60))
    #: one of ``KINDS``
    kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, index=True)
    #: one of ``STATES``
    state: Mapped[str] = mapped_column(sa.String(2), nullable=False, index=True)
    #: the organisation this one belongs to (a ministry under its Land, a utility under its city)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL")
    )
    street: Mapped[str | None] = mapped_column(sa.String(200))
    #: kept as text: German postal codes may start with 0 ("04109")
    postal_code: Mapped[str | None] = mapped_column(sa.String(10))
    city: Mapped[str | None] = mapped_column(sa.String(100), index=True)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(50))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    #: normalised name, short name, city and e-mail (``crm.search.normalize``), kept current
    #: by a flush hook; every search and the duplicate check read it
    search_text: Mapped[str] = mapped_column(sa.String(700), nullable=False, default="")

    parent: Mapped[Organisation | None] = relationship(
        remote_side="Organisation.id", back_populates="children"
    )
    children: Mapped[list[Organisation]] = relationship(back_populates="parent")
    tags: Mapped[list[Tag]] = relationship(secondary=organisation_tags, order_by=Tag.name)

    #: normalised name (umlauts folded), so that lists sort as German readers expect
    sort_key: Mapped[str] = mapped_column(
        sa.String(300), nullable=False, default="", server_default="", index=True
    )

    #: Kölner Phonetik of the name's words, kept current by the flush hook: organisations
    #: with the same key are duplicate candidates ("Stadt Jena", "Stadt  Jena")
    phonetic_key: Mapped[str] = mapped_column(
        sa.String(200), nullable=False, default="", server_default=""
    )

    def compute_sort_key(self) -> str:
        return search_key(self.name)

    def compute_phonetic_key(self) -> str:
        return phonetic(self.name)

    def compute_search_text(self) -> str:
        return search_key(
            self.name,
            self.short_name,
            self.street,
            self.postal_code,
            self.city,
            self.email,
            self.website,
            phone_key(self.phone),
        )

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))

    @property
    def state_label(self) -> str:
        return str(STATES.get(self.state, self.state))

    @property
    def address_lines(self) -> list[str]:
        """Return the postal address as lines for a letter."""
        lines = [self.street or ""]
        lines.append(" ".join(p for p in (self.postal_code, self.city) if p))
        return [line for line in lines if line]

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"
