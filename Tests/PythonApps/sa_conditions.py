"""Relationships with a constant condition on the target, in plain SQLAlchemy, for the models tests:
a primaryjoin with a literal (Customer.active_addresses: Address.active == True), Rails' polymorphic
shape (Post.comments and Photo.comments: Comment.parent_kind == 'post' / 'photo', with no foreign key),
and one the models file cannot express (Customer.long_addresses: a function), which stays as before.

    python sa_conditions.py create URL    creates the schema (metadata.create_all) and a few rows
    python sa_conditions.py counts URL    prints, as JSON, the statements SQLAlchemy emits, the ids it
                                          returns and the related ids for each page below
"""
import json
import sys

from sqlalchemy import Boolean, ForeignKey, Integer, String, select
from sqlalchemy.orm import DeclarativeBase, Session, joinedload, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customer"
    id = mapped_column(Integer, primary_key=True)
    name = mapped_column(String(40))
    addresses = relationship("Address", back_populates="customer")
    active_addresses = relationship("Address", primaryjoin="and_(Address.customer_id == Customer.id, Address.active == True)",
                                    viewonly=True)
    long_addresses = relationship("Address", primaryjoin="and_(Address.customer_id == Customer.id, func.length(Address.street) > 8)",
                                  viewonly=True)


class Address(Base):
    __tablename__ = "address"
    id = mapped_column(Integer, primary_key=True)
    customer_id = mapped_column(ForeignKey("customer.id"))
    street = mapped_column(String(80))
    active = mapped_column(Boolean, nullable=False)
    customer = relationship(Customer, back_populates="addresses")


class Post(Base):
    __tablename__ = "post"
    id = mapped_column(Integer, primary_key=True)
    title = mapped_column(String(80))
    comments = relationship("Comment", primaryjoin="and_(foreign(Comment.parent_id) == Post.id, Comment.parent_kind == 'post')",
                            viewonly=True)


class Photo(Base):
    __tablename__ = "photo"
    id = mapped_column(Integer, primary_key=True)
    url = mapped_column(String(80))
    comments = relationship("Comment", primaryjoin="and_(Comment.parent_kind == 'photo', Photo.id == foreign(Comment.parent_id))",
                            viewonly=True)


class Comment(Base):
    __tablename__ = "comment"
    id = mapped_column(Integer, primary_key=True)
    parent_kind = mapped_column(String(10), nullable=False)
    parent_id = mapped_column(Integer, nullable=False)  # a post's or a photo's, as parent_kind says
    body = mapped_column(String(80))


def engine_for(url):
    from sa_app import engine_for as engine
    return engine(url)


def create(url):
    engine = engine_for(url)
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add_all([Customer(id=i, name="C%d" % i) for i in range(1, 5)])
        s.flush()
        n = 0
        for c in range(1, 5):
            for k in range(c):
                n += 1
                s.add(Address(id=n, customer_id=c, street="%d%s street" % (n, " long" if n % 2 else ""), active=(n % 3 != 0)))
        s.add_all([Post(id=i, title="P%d" % i) for i in range(1, 4)] + [Photo(id=i, url="u%d" % i) for i in range(1, 4)])
        n = 0
        for parent in range(1, 4):
            for kind in ("post", "photo"):
                for k in range(parent if kind == "post" else 4 - parent):
                    n += 1
                    s.add(Comment(id=n, parent_kind=kind, parent_id=parent, body="%s %d #%d" % (kind, parent, k)))
        s.commit()


PAGES = {
    # what ormscope runs as `rows MODEL --limit 3 --load REL:STRATEGY`, as the application would
    "customer --load active_addresses:lazy": lambda: (select(Customer).order_by(Customer.id).limit(3), "active_addresses"),
    "customer --load active_addresses:selectin":
        lambda: (select(Customer).order_by(Customer.id).limit(3).options(selectinload(Customer.active_addresses)), "active_addresses"),
    "customer --load active_addresses:joined":
        lambda: (select(Customer).order_by(Customer.id).limit(3).options(joinedload(Customer.active_addresses)), "active_addresses"),
    # the same key without the literal: every address (the file keeps both relationships)
    "customer --load addresses:selectin":
        lambda: (select(Customer).order_by(Customer.id).limit(3).options(selectinload(Customer.addresses)), "addresses"),
    "post --load comments:lazy": lambda: (select(Post).order_by(Post.id).limit(3), "comments"),
    "post --load comments:selectin": lambda: (select(Post).order_by(Post.id).limit(3).options(selectinload(Post.comments)), "comments"),
    "photo --load comments:joined": lambda: (select(Photo).order_by(Photo.id).limit(3).options(joinedload(Photo.comments)), "comments"),
    "photo --load comments:selectin": lambda: (select(Photo).order_by(Photo.id).limit(3).options(selectinload(Photo.comments)), "comments"),
}

FILTERS = {
    # `rows MODEL --where FILTER`, as "MODEL FILTER"; address 6 is inactive
    'customer active_addresses.street = "4 street"': lambda: select(Customer).where(Customer.active_addresses.any(Address.street == "4 street")).order_by(Customer.id),
    'customer active_addresses.street = "6 street"': lambda: select(Customer).where(Customer.active_addresses.any(Address.street == "6 street")).order_by(Customer.id),
    'post comments.body = "post 2 #1"': lambda: select(Post).where(Post.comments.any(Comment.body == "post 2 #1")).order_by(Post.id),
    'post comments.body = "photo 2 #1"': lambda: select(Post).where(Post.comments.any(Comment.body == "photo 2 #1")).order_by(Post.id),
}


def counts(url):
    from sa_app import run_pages
    out = run_pages(url, PAGES)
    engine = engine_for(url)
    for name, query in FILTERS.items():
        with Session(engine) as s:
            out["filter " + name] = {"ids": [r.id for r in s.scalars(query()).all()]}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    {"create": create, "counts": counts}[sys.argv[1]](*sys.argv[2:])
