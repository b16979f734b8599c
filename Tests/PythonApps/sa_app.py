"""The heroes application run through SQLAlchemy itself, for the models tests.

    python sa_app.py create URL          creates the schema (metadata.create_all) and a few rows
    python sa_app.py counts URL          prints, as JSON, the statements SQLAlchemy emits and the
                                         ids it returns for each page below, with the app's defaults
    python sa_app.py delete URL TABLE ID deletes the row as the application does (session.delete, commit)
                                         and prints the statements it ran
    python sa_app.py dump URL            prints every row of every table, sorted
"""
import json
import sys

from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import joinedload, selectinload, Session
from sqlmodel import SQLModel

from heroes.models import Assessment, Employee, Hero, HeroPowerLink, Power, Question, Team, User


def engine_for(url):
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg2://" + url.split("://", 1)[1]
    elif "://" not in url:
        url = "sqlite:///" + url
    return create_engine(url)


def create(url):
    engine = engine_for(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as s:
        teams = [Team(id=i, name="Team %d" % i, headquarters="HQ %d" % i) for i in range(1, 5)]
        s.add_all(teams)
        s.flush()
        powers = [Power(id=i, name="Power %d" % i) for i in range(1, 4)]
        s.add_all(powers)
        s.flush()
        for i in range(1, 11):
            s.add(Hero(id=i, name="Hero %d" % i, age=20 + i, team_id=None if i == 10 else 1 + i % 3))
        s.flush()
        for i in range(1, 11):
            for p in range(1, 4):
                if (i + p) % 2 == 0:
                    s.add(HeroPowerLink(hero_id=i, power_id=p, role="lead" if p == 1 else "support"))
        s.add_all([Employee(id=1, name="Ceo"), Employee(id=2, name="Vp A", manager_id=1), Employee(id=3, name="Vp B", manager_id=1),
                   Employee(id=4, name="Dev", manager_id=2), Employee(id=5, name="Dev 2", manager_id=2)])
        s.flush()
        for i in range(1, 5):
            s.add(User(id=i, email="u%d@example.com" % i))
        s.flush()
        n = 0
        for i in range(1, 5):
            for k in range(i):
                n += 1
                s.add(Assessment(id=n, title="A%d" % n, score=k, user_id=i))
        s.flush()
        for q in range(1, n + 1, 2):
            s.add(Question(id=q, text="Q%d" % q, assessment_id=q))
        s.commit()


PAGES = {
    # what ormscope runs as `rows MODEL --limit 3 [--load ...]`, as the application would
    "app_user": lambda: (select(User).order_by(User.id).limit(3), None),
    "assessment": lambda: (select(Assessment).order_by(Assessment.id).limit(3), None),
    "employee": lambda: (select(Employee).order_by(Employee.id).limit(3), None),
    "team --load heroes:selectin": lambda: (select(Team).order_by(Team.id).limit(3).options(selectinload(Team.heroes)), "heroes"),
    "team --load heroes:lazy": lambda: (select(Team).order_by(Team.id).limit(3), "heroes"),
    "employee --load reports:selectin": lambda: (select(Employee).order_by(Employee.id).limit(3).options(selectinload(Employee.reports)), "reports"),
    "hero --load abilities:joined": lambda: (select(Hero).order_by(Hero.id).limit(3).options(joinedload(Hero.abilities)), "abilities"),
}


def run_pages(url, pages):
    """For each page (name: a function giving the statement and the relationship to touch, or None),
    the statements SQLAlchemy sends, the ids it returns and each row's related ids."""
    engine = engine_for(url)
    seen = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: seen.append(a[2]))
    out = {}
    for name, page in pages.items():
        with Session(engine) as s:
            stmt, rel = page()
            del seen[:]
            rows = s.scalars(stmt).unique().all()
            related = [sorted(o.id for o in getattr(r, rel)) for r in rows] if rel else []
            out[name] = {"statements": len(seen), "ids": [r.id for r in rows], "related": related}
    return out


def counts(url):
    json.dump(run_pages(url, PAGES), sys.stdout)


CLASSES = {"team": Team, "hero": Hero, "power": Power, "employee": Employee, "app_user": User, "assessment": Assessment}


def delete(url, table, key):
    engine = engine_for(url)
    seen = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: seen.append(a[2]))
    with Session(engine) as s:
        s.delete(s.get(CLASSES[table], int(key)))
        s.commit()
    json.dump({"statements": len(seen), "sql": seen}, sys.stdout)


def dump(url):
    engine = engine_for(url)
    out = {}
    with engine.connect() as c:
        for t in SQLModel.metadata.sorted_tables:
            out[t.name] = sorted([[None if v is None else str(v) for v in row] for row in c.execute(t.select())],
                                 key=lambda r: [x or "" for x in r])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    {"create": create, "counts": counts, "delete": delete, "dump": dump}[sys.argv[1]](*sys.argv[2:])
