"""A plain SQLAlchemy 2.0 application (Mapped[] style) for the models tests of inheritance, types,
collection order and noload (Tests/CLITests/AppModelsSQLAlchemyTests.swift)."""
import uuid
from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text, Uuid, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


# Joined-table inheritance, with a self-reference on the base (Engineer.manager is Employee's).
class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[str] = mapped_column(String(20))
    manager_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    reports: Mapped[list["Employee"]] = relationship(back_populates="manager")
    manager: Mapped[Optional["Employee"]] = relationship(back_populates="reports", remote_side=[id])
    __mapper_args__ = {"polymorphic_identity": "employee", "polymorphic_on": "type"}


class Engineer(Employee):
    __tablename__ = "engineers"
    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    language: Mapped[str] = mapped_column(String(30))
    __mapper_args__ = {"polymorphic_identity": "engineer"}


class Manager(Employee):
    __tablename__ = "managers"
    id: Mapped[int] = mapped_column(ForeignKey("employees.id"), primary_key=True)
    budget: Mapped[int] = mapped_column(default=0)
    __mapper_args__ = {"polymorphic_identity": "manager"}


# Single-table inheritance: Truck's own relationships are the vehicles table's.
class Vehicle(Base):
    __tablename__ = "vehicles"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    owner: Mapped[Optional[Employee]] = relationship(foreign_keys=[owner_id])
    __mapper_args__ = {"polymorphic_identity": "vehicle", "polymorphic_on": "kind"}


class Truck(Vehicle):
    driver_id: Mapped[Optional[int]] = mapped_column(ForeignKey("employees.id"))
    driver: Mapped[Optional[Employee]] = relationship(foreign_keys=[driver_id], lazy="joined")
    loads: Mapped[list["Load"]] = relationship(cascade="all, delete-orphan")
    __mapper_args__ = {"polymorphic_identity": "truck"}


class Load(Base):
    __tablename__ = "loads"
    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"))
    weight: Mapped[int]


# Collections in the application's order; a noload collection; uuid keys; an onupdate= column.
class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    addresses: Mapped[list["Address"]] = relationship(order_by="Address.email", lazy="selectin", cascade="all, delete-orphan")
    orders: Mapped[list["Order"]] = relationship(order_by="Order.placed.desc()", cascade="all, delete-orphan")
    posts: Mapped[list["Post"]] = relationship(cascade="all, delete-orphan")
    tokens: Mapped[list["Token"]] = relationship(cascade="all, delete-orphan")
    notes: Mapped[list["Note"]] = relationship()  # no delete cascade: a delete sets the notes' key to NULL


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id"))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=func.now())  # set by that UPDATE too


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    email: Mapped[str] = mapped_column(String(80))


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    placed: Mapped[int]


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    title: Mapped[str] = mapped_column(String(80))
    comments: Mapped[list["Comment"]] = relationship(lazy="noload")


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=func.now())


class Token(Base):
    __tablename__ = "tokens"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    parent_id: Mapped[Optional[uuid.UUID]] = mapped_column(ForeignKey("tokens.id"))
