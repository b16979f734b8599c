"""A link table without a unique pair, holding one pair twice, loaded by SQLAlchemy itself.

    python repeated_links.py URL    creates owner, item and owner_item (owner_id, item_id, role; no key),
                                    links owner 1 to item 1 twice and to item 2 once, and prints, as JSON,
                                    each owner's item ids as SQLAlchemy's lazy, selectin and joined
                                    loaders give them
"""
import json
import sys

from sqlalchemy import Column, ForeignKey, Integer, String, Table, select
from sqlalchemy.orm import Session, declarative_base, joinedload, lazyload, relationship, selectinload

from sa_app import engine_for

Base = declarative_base()
owner_item = Table("owner_item", Base.metadata,
                   Column("owner_id", ForeignKey("owner.id"), nullable=False),
                   Column("item_id", ForeignKey("item.id"), nullable=False),
                   Column("role", String))


class Owner(Base):
    __tablename__ = "owner"
    id = Column(Integer, primary_key=True)
    items = relationship("Item", secondary=owner_item)


class Item(Base):
    __tablename__ = "item"
    id = Column(Integer, primary_key=True)


def main(url):
    engine = engine_for(url)
    Base.metadata.create_all(engine)
    with engine.begin() as c:
        c.execute(Owner.__table__.insert(), [{"id": 1}, {"id": 2}])
        c.execute(Item.__table__.insert(), [{"id": 1}, {"id": 2}])
        c.execute(owner_item.insert(), [{"owner_id": 1, "item_id": 1, "role": "a"}, {"owner_id": 1, "item_id": 1, "role": "b"},
                                        {"owner_id": 1, "item_id": 2, "role": "c"}, {"owner_id": 2, "item_id": 2, "role": "d"}])
    out = {}
    for name, option in [("lazy", lazyload), ("selectin", selectinload), ("joined", joinedload)]:
        with Session(engine) as s:
            owners = s.scalars(select(Owner).options(option(Owner.items)).order_by(Owner.id)).unique().all()
            out[name] = {str(o.id): sorted(i.id for i in o.items) for o in owners}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
