"""Column types drift compares in detail (tester 10's T20), on SQLModel as the FastAPI full-stack
template writes it: uuid.UUID keys (SQLAlchemy's Uuid: CHAR(32) on SQLite, UUID on PostgreSQL).

    python -m typed.models URL    creates the two tables (create_all), nothing else
"""
import sys
import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, Column, DateTime, Numeric, SmallInteger, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel


class Owner(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=255)


class Ledger(SQLModel, table=True):
    id: int | None = Field(default=None, sa_type=BigInteger, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="owner.id")
    rank: int = Field(sa_type=SmallInteger)
    count: int
    amount: Decimal = Field(sa_column=Column(Numeric(10, 2), nullable=False))
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    naive: datetime = Field(sa_column=Column(DateTime, nullable=False))
    stamped: datetime  # SQLModel's own: timezone=True
    body: str = Field(sa_column=Column(Text, nullable=False))
    code: str = Field(sa_column=Column(String(50), nullable=False))
    doc: dict = Field(sa_column=Column(JSONB().with_variant(JSON, "sqlite"), nullable=False))
    data: dict = Field(sa_column=Column(JSON, nullable=False))


if __name__ == "__main__":
    from sa_app import engine_for
    SQLModel.metadata.create_all(engine_for(sys.argv[1]), tables=[Owner.__table__, Ledger.__table__])
