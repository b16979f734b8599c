"""Partial and expression indexes in SQLAlchemy, for the index drift tests.

    python sa_indexes.py URL     creates the schema (metadata.create_all) on an SQLite file or a PostgreSQL URL

Exported as python:sa_indexes.
"""
import sys

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, and_, create_engine, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))
    archived = mapped_column(Boolean, nullable=False, default=False)
    deleted_at = mapped_column(DateTime, nullable=True)
    __table_args__ = (
        Index("ix_account_live", "email", postgresql_where=text("deleted_at IS NULL"), sqlite_where=text("deleted_at IS NULL")),
        Index("ix_account_active", "status", postgresql_where=(status == "active"), sqlite_where=(status == "active")),
        # ~archived: NOT archived on PostgreSQL, archived = 0 on SQLite (each backend's compile).
        Index("ix_account_unarchived", "email", postgresql_where=~archived, sqlite_where=~archived),
        Index("ix_account_open", "status", postgresql_where=and_(deleted_at.is_(None), ~archived),
              sqlite_where=and_(deleted_at.is_(None), ~archived)),
        Index("ix_account_in", "email", postgresql_where=status.in_(["a", "b"]), sqlite_where=status.in_(["a", "b"])),
        # Partial on PostgreSQL only: full on SQLite.
        Index("ix_account_pg_only", "deleted_at", postgresql_where=deleted_at.is_not(None)),
        Index("ix_account_email_ci", func.lower(email), unique=True),
        Index("ix_account_status_email", status, func.lower(email)),
        Index("ix_account_plain", "status", "email"),
    )


# A plain Table with a text() expression index.
notes = Table("note", Base.metadata, Column("id", Integer, primary_key=True), Column("memo", String(200)),
              Index("ix_note_lower_memo", text("lower(memo)")))


if __name__ == "__main__":
    url = sys.argv[1]
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg2://" + url.split("://", 1)[1]
    elif "://" not in url:
        url = "sqlite:///" + url
    Base.metadata.create_all(create_engine(url))
