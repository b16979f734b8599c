"""Statement counts SQLAlchemy 2.x emits for the loading scenarios of Tests/DriverTests/SQLAlchemyParityTests.swift,
run on the small demo database (`ormscope create-demo --small FILE`). Not part of the product or of `make test`:
run it by hand in a virtualenv with SQLAlchemy 2.0 installed to refresh the expected numbers.

    python3 -m venv /tmp/sa && /tmp/sa/bin/pip install 'sqlalchemy>=2.0,<2.1'
    .build/debug/ormscope create-demo --small /tmp/small.sqlite
    /tmp/sa/bin/python scripts/compare/sqlalchemy_counts.py /tmp/small.sqlite
"""
import json
import sys

from sqlalchemy import Column, ForeignKey, Integer, String, Table, create_engine, event, select
from sqlalchemy.orm import DeclarativeBase, joinedload, lazyload, relationship, selectinload, Session


class Base(DeclarativeBase):
    pass


link = Table("hero_power_link", Base.metadata,
             Column("hero_id", ForeignKey("hero.id"), primary_key=True),
             Column("power_id", ForeignKey("power.id"), primary_key=True),
             Column("role", String))


class Team(Base):
    __tablename__ = "team"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    heroes = relationship("Hero", back_populates="team")


class Hero(Base):
    __tablename__ = "hero"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    team_id = Column(ForeignKey("team.id"))
    team = relationship("Team", back_populates="heroes")
    powers = relationship("Power", secondary=link, back_populates="heroes")


class Power(Base):
    __tablename__ = "power"
    id = Column(Integer, primary_key=True)
    name = Column(String)
    heroes = relationship("Hero", secondary=link, back_populates="powers")


class Employee(Base):
    __tablename__ = "employee"
    id = Column(Integer, primary_key=True)
    manager_id = Column(ForeignKey("employee.id"))
    manager = relationship("Employee", remote_side=[id], back_populates="employees_by_manager")
    employees_by_manager = relationship("Employee", back_populates="manager")


STRATEGIES = {"lazy": lazyload, "selectin": selectinload, "joined": joinedload}


def main(path):
    engine = create_engine(f"sqlite:///{path}")
    counter = {"n": 0}

    @event.listens_for(engine, "before_cursor_execute")
    def count(conn, cursor, statement, parameters, context, executemany):
        counter["n"] += 1

    def run(body):
        with Session(engine) as s:
            counter["n"] = 0
            body(s)
            return counter["n"]

    out = {}
    for name, opt in STRATEGIES.items():
        out[f"team.heroes:{name}"] = run(lambda s: [len(t.heroes) for t in s.scalars(select(Team).options(opt(Team.heroes))).unique()])
        out[f"hero.team:{name}"] = run(lambda s: [h.team for h in s.scalars(select(Hero).options(opt(Hero.team))).unique()])
        out[f"hero.powers:{name}"] = run(lambda s: [len(h.powers) for h in s.scalars(
            select(Hero).where(Hero.id <= 10).options(opt(Hero.powers))).unique()])
    for a in STRATEGIES:
        for b in STRATEGIES:
            out[f"team.heroes.powers:{a}.{b}"] = run(lambda s: [len(h.powers) for t in s.scalars(
                select(Team).options(STRATEGIES[a](Team.heroes).options(STRATEGIES[b](Hero.powers)))).unique() for h in t.heroes])
    out["employee.employees_by_manager:selectin"] = run(lambda s: [len(e.employees_by_manager) for e in s.scalars(
        select(Employee).options(selectinload(Employee.employees_by_manager))).unique()])
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
