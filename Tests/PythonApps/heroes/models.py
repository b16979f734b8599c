"""The seeds' heroes, as a SQLModel application declares them."""
from typing import Optional

from sqlalchemy import Column, Integer
from sqlmodel import Field, Relationship, SQLModel


class HeroPowerLink(SQLModel, table=True):
    __tablename__ = "hero_power_link"
    hero_id: Optional[int] = Field(default=None, foreign_key="hero.id", primary_key=True)
    power_id: Optional[int] = Field(default=None, foreign_key="power.id", primary_key=True)
    role: Optional[str] = None


class Team(SQLModel, table=True):
    __tablename__ = "team"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    headquarters: Optional[str] = None
    heroes: list["Hero"] = Relationship(back_populates="squad", cascade_delete=True)


class Hero(SQLModel, table=True):
    __tablename__ = "hero"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    age: Optional[int] = None
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", ondelete="CASCADE")
    squad: Optional[Team] = Relationship(back_populates="heroes")
    abilities: list["Power"] = Relationship(back_populates="holders", link_model=HeroPowerLink)


class Power(SQLModel, table=True):
    __tablename__ = "power"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    holders: list[Hero] = Relationship(back_populates="abilities", link_model=HeroPowerLink)


class Employee(SQLModel, table=True):
    __tablename__ = "employee"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    manager_id: Optional[int] = Field(default=None, foreign_key="employee.id")
    boss: Optional["Employee"] = Relationship(back_populates="reports",
                                              sa_relationship_kwargs={"remote_side": "Employee.id"})
    reports: list["Employee"] = Relationship(back_populates="boss", sa_relationship_kwargs={"lazy": "selectin"})


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(unique=True)
    assessments: list["Assessment"] = Relationship(back_populates="user", sa_relationship_kwargs={"lazy": "selectin"})


class Assessment(SQLModel, table=True):
    __tablename__ = "assessment"
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    score: Optional[int] = None
    user_id: int = Field(foreign_key="app_user.id")
    user: User = Relationship(back_populates="assessments")
    questions: list["Question"] = Relationship(back_populates="assessment", sa_relationship_kwargs={"lazy": "selectin"})


class Question(SQLModel, table=True):
    __tablename__ = "question"
    id: Optional[int] = Field(default=None, primary_key=True)
    text: str
    assessment_id: int = Field(foreign_key="assessment.id")
    assessment: Assessment = Relationship(back_populates="questions")
