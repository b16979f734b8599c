"""The shop application (shop/models.py) run through SQLAlchemy itself, for the models tests.

    python shop_app.py create URL              creates the schema (metadata.create_all) and its rows
    python shop_app.py delete URL CLASS KEY    session.delete(session.get(CLASS, KEY)), commit; prints the
                                               statements it ran (verb and table, in order)
    python shop_app.py order URL               each customer's addresses (selectin) and orders (lazy,
                                               joined), in the order SQLAlchemy's loads give them
    python shop_app.py dump URL                every row of every table, sorted (an onupdate= time as "set")

On SQLite the engine turns foreign keys on, as ormscope's connection does (the tables' ON DELETE then
applies to both).
"""
import json
import re
import sys
import uuid
import warnings

warnings.simplefilter("ignore")  # (noload is deprecated in SQLAlchemy 2.1; the application still has it)

from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session, joinedload

from shop import models
from shop.models import Address, Base, Comment, Customer, Employee, Engineer, Load, Manager, Note, Order, Post, Token, Truck, Vehicle


def engine_for(url):
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return create_engine("postgresql+psycopg2://" + url.split("://", 1)[1])
    engine = create_engine("sqlite:///" + url if "://" not in url else url)
    event.listen(engine, "connect", lambda c, _: c.execute("PRAGMA foreign_keys=ON"))
    return engine


def create(url):
    engine = engine_for(url)
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        boss = Manager(id=1, name="Boss", budget=10)
        s.add(boss)
        s.flush()
        s.add_all([Engineer(id=2, name="Ada", language="py", manager_id=1), Engineer(id=3, name="Bob", language="c", manager_id=1),
                   Employee(id=4, name="Cy", manager_id=3)])
        s.flush()
        s.add_all([Vehicle(id=1, owner_id=1), Truck(id=2, owner_id=4, driver_id=1), Truck(id=3, driver_id=4)])
        s.flush()
        s.add_all([Load(id=1, vehicle_id=2, weight=5), Load(id=2, vehicle_id=2, weight=7), Load(id=3, vehicle_id=3, weight=1)])
        for c in range(1, 4):
            s.add(Customer(id=c, name="C%d" % c))
        s.flush()
        for i, (c, email) in enumerate([(1, "zed@x"), (1, "amy@x"), (1, "kim@x"), (2, "bo@x"), (2, "al@x")], 1):
            s.add(Address(id=i, customer_id=c, email=email))
        for i, (c, placed) in enumerate([(1, 3), (1, 9), (1, 5), (2, 1), (2, 2)], 1):
            s.add(Order(id=i, customer_id=c, placed=placed))
        s.add_all([Post(id=1, customer_id=1, title="P1"), Post(id=2, customer_id=2, title="P2")])
        s.flush()
        s.add_all([Comment(id=1, post_id=1, body="a"), Comment(id=2, post_id=1, body="b"), Comment(id=3, post_id=2, body="c")])
        t = uuid.UUID("c85be8b2-f340-4a01-9770-33713aee3c1b")
        s.add(Token(id=t, customer_id=1))
        s.flush()
        s.add(Token(id=uuid.UUID("00000000-0000-4000-8000-000000000001"), customer_id=1, parent_id=t))
        s.add_all([Note(id=1, customer_id=1, body="n1"), Note(id=2, customer_id=1, body="n2"), Note(id=3, customer_id=2, body="n3")])
        s.commit()


def delete(url, cls, key):
    engine = engine_for(url)
    seen = []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: seen.append(a[2]))
    with Session(engine) as s:
        s.delete(s.get(getattr(models, cls), int(key)))
        s.commit()
    words = ["%s %s" % (sql.split()[0], re.search(r"(?:FROM|UPDATE)\s+([a-z_]+)", sql).group(1)) for sql in seen]
    json.dump({"statements": words}, sys.stdout)


def order(url):
    engine = engine_for(url)
    out = {}
    with Session(engine) as s:
        customers = s.scalars(select(Customer).order_by(Customer.id)).all()
        out["addresses"] = [[a.id for a in c.addresses] for c in customers]
        out["orders"] = [[o.id for o in c.orders] for c in customers]
    with Session(engine) as s:
        customers = s.scalars(select(Customer).order_by(Customer.id).options(joinedload(Customer.orders))).unique().all()
        out["orders:joined"] = [[o.id for o in c.orders] for c in customers]
    json.dump(out, sys.stdout)


def dump(url):
    engine = engine_for(url)
    out = {}
    with engine.connect() as c:
        for t in Base.metadata.sorted_tables:
            # (An onupdate= time: whether it was set, its value being the clock's.)
            stamped = [i for i, col in enumerate(t.columns) if col.onupdate is not None]
            out[t.name] = sorted([["set" if i in stamped and v is not None else None if v is None else str(v).replace("-", "")
                                   for i, v in enumerate(row)] for row in c.execute(t.select())],
                                 key=lambda r: [x or "" for x in r])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    {"create": create, "delete": delete, "order": order, "dump": dump}[sys.argv[1]](*sys.argv[2:])
