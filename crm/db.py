"""Database conventions: naming convention, UTC datetimes, and the mixins every model uses."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from crm.time import utcnow

#: Constraint names are predictable so that migrations can address them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware datetime that is always stored and returned in UTC.

    SQLite has no time zones, so values are stored as naive UTC there and made aware again
    when read; PostgreSQL stores ``timestamptz``.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    """``id``, ``created_at`` and ``updated_at`` (UTC) for every table."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: when the row was created (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: when the row was last changed (UTC)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class VersionMixin:
    """Optimistic locking: a save based on a stale ``version`` raises ``StaleDataError``."""

    #: grows by one with every UPDATE; forms carry it to detect concurrent edits
    version: Mapped[int] = mapped_column(nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls):  # noqa: N805
        return {"version_id_col": cls.version}


class ArchiveMixin:
    """Rows that are archived rather than deleted (they keep their history)."""

    #: when the row was archived; NULL while it is current
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @classmethod
    def not_archived(cls):
        """Return the SQL condition that keeps only current (not archived) rows."""
        return cls.archived_at.is_(None)


class StoredFileMixin:
    """An upload stored under ``UPLOAD_FOLDER`` by a random name (``crm.files``)."""

    #: the name the user uploaded
    filename: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    #: random name on disk
    stored_name: Mapped[str] = mapped_column(sa.String(100), nullable=False, unique=True)
    #: MIME type given by the extension (served and mailed with it)
    content_type: Mapped[str] = mapped_column(sa.String(100), nullable=False)
    #: file size in bytes
    size: Mapped[int] = mapped_column(nullable=False)

    @declared_attr
    def uploaded_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        """The user who uploaded the file; NULL once that account is deleted."""
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)


#: tables no model maps: SQLite's FTS5 search indexes of people and organisations (and
#: their shadow tables), kept by triggers (``crm.search.sqlite_index``)
UNMAPPED_TABLE_PREFIXES = (
    "contacts_text",
    "contacts_sound",
    "organisations_text",
    "organisations_sound",
)


def include_name(name: str | None, type_: str, parent_names) -> bool:
    """Tell Alembic's comparison to leave the unmapped tables alone."""
    return not (type_ == "table" and name and name.startswith(UNMAPPED_TABLE_PREFIXES))


def include_object(obj, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    """Tell Alembic's comparison that an index made for one database only (``ddl_if``, e.g.
    ``email_pair_index``) is not missing on the others."""
    ddl_if = getattr(obj, "_ddl_if", None)
    return not (type_ == "index" and not reflected and compare_to is None and ddl_if)


def in_codes(column: str, codes) -> sa.CheckConstraint:
    """Return a check constraint that limits ``column`` to the given stored codes."""
    quoted = ", ".join(f"'{c}'" for c in codes)
    return sa.CheckConstraint(f"{column} IN ({quoted})", name=f"{column}_code")


def end_not_before_start(start: str, end: str) -> sa.CheckConstraint:
    """Return a check constraint: ``end`` is empty or not before ``start``."""
    return sa.CheckConstraint(
        f"{end} IS NULL OR {start} IS NULL OR {end} >= {start}", name=f"{end}_after_{start}"
    )


def search_indexes(table: str) -> tuple[sa.Index, sa.Index]:
    """Return the indexes of a searchable table (``search_text`` and ``phonetic_key``).

    Duplicate candidates are counted from the phonetic index alone (archived rows left
    out). The text index holds the phonetic key beside the text, so a search for a typo
    ("Meisner" finds Meißner) reads the index, not the table: a trigram (GIN) index on
    PostgreSQL for substring search with ``LIKE '%…%'``, a plain one on SQLite.
    """
    return (
        sa.Index(f"ix_{table}_phonetic_key", "phonetic_key", "archived_at"),
        sa.Index(
            f"ix_{table}_search_text",
            "search_text",
            "phonetic_key",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops", "phonetic_key": "gin_trgm_ops"},
        ),
    )


def email_pair_index(table: str) -> sa.Index:
    """Return the SQLite index the duplicates page reads shared e-mail addresses from, in
    order and from the index alone (``email COLLATE NOCASE``, then ``archived_at``).

    SQLite (before 3.41) reads the table for an expression index such as ``lower(email)``;
    a column index with the NOCASE collation is covering, and folds case as SQLite's
    ``lower()`` does (ASCII letters). PostgreSQL needs none: the page's CPU there is not in
    the scan.
    """
    return sa.Index(
        f"ix_{table}_email_nocase", sa.column("email").collate("NOCASE"), "archived_at"
    ).ddl_if(dialect="sqlite")


def email_key(model):
    """Return the e-mail address of ``model`` with case folded, as ``email_pair_index`` has it."""
    from crm.extensions import db

    if db.engine.dialect.name == "sqlite":
        return model.email.collate("NOCASE")
    return sa.func.lower(model.email)


def active_on(model, on: date):
    """Return the SQL condition "the period of ``model`` includes the day ``on``".

    Used by every "as of a date" view: a row with ``starts_on <= on`` and no end or an end
    on or after ``on`` is current on that day.
    """
    return sa.and_(
        sa.or_(model.starts_on.is_(None), model.starts_on <= on),
        sa.or_(model.ends_on.is_(None), model.ends_on >= on),
    )


#: bytes of a SQLite database file mapped into memory (address space, not memory used)
SQLITE_MMAP_SIZE = 1 << 30


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        # SQLite ignores foreign keys (and their ON DELETE rules) unless asked
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        # reads go through a memory map of the file instead of a read() call and a copy
        # per page: a search that looks up 1,000 of 200,000 people costs a third
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_SIZE}")
        cursor.close()


def register_sqlite_pragmas() -> None:
    """Turn on foreign keys, WAL, a busy timeout and memory-mapped reads for every SQLite
    connection."""
    from sqlalchemy.engine import Engine

    if not sa.event.contains(Engine, "connect", _sqlite_pragmas):
        sa.event.listen(Engine, "connect", _sqlite_pragmas)
