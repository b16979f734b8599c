"""The framework fixture schemas (Tests/TestSupport/FrameworkSchemas.swift) loaded by SQLAlchemy itself.

    python framework_loads.py FIXTURE URL    FIXTURE is django, rails, sqlalchemy, inheritance, orders or prisma;
                                             URL an SQLite path or a PostgreSQL URL where ormscope's test
                                             already created the fixture's tables and rows

Each table is reflected (its columns and keys as the database has them) and mapped to a class; the
relationships are declared here by hand, one line each, with the names and shapes ormscope infers:
a many-to-one or one-to-one from the referencing side (scalar), a one-to-many (uselist=False for a
one-to-one from the referenced side), joined-table inheritance as plain classes (in SQLAlchemy's
polymorphic mapping a manager's row and its employee's row are one object, so `employee.manager` and
`manager.employee`, two rows of two tables in ormscope, would have nothing to load), and a
many-to-many through `secondary=` the link table with explicit primary and secondary joins (the
self-referential ones too). A table with no primary key is mapped on all its columns and its own
relationships are not loaded (ormscope's fixtures test loads relationships of tables with a key only).

For every relationship and each strategy (lazy, selectin, joined) it loads all the owner's rows in key
order with that option, touches the relationship on each, counts the statements SQLAlchemy sends (a
before_cursor_execute listener) and prints JSON:
    {"owner.name": {"lazy": {"statements": n, "related": {"parent key": ["related key", ...]}}, ...}}
A key of several columns is joined by `|`, a NULL is `NULL`; related keys are sorted and keep repeats.
"""
import json
import sys
import warnings

from sqlalchemy import MetaData, Table, and_, event, select
from sqlalchemy.orm import Session, joinedload, lazyload, registry, relationship, selectinload

from sa_app import engine_for

# Each relationship: (owner table, name, kind, target table, columns).
#   m2o / o2o: the owner's foreign-key columns (to the target's key)        -> scalar
#   o2m / o2o-back: the target's foreign-key columns (to the owner's key)   -> list / scalar
#   m2m: (link table, link columns to the owner, link columns to the target) -> list
FIXTURES = {
    "django": [
        ("auth_follow", "from_user", "m2o", "auth_user", ["from_user_id"]),
        ("auth_follow", "to_user", "m2o", "auth_user", ["to_user_id"]),
        ("auth_group", "group_permissions", "o2m", "auth_group_permissions", ["group_id"]),
        ("auth_group", "permissions", "m2m", "auth_permission", ("auth_group_permissions", ["group_id"], ["permission_id"])),
        ("auth_group", "user_groups", "o2m", "auth_user_groups", ["group_id"]),
        ("auth_group", "users", "m2m", "auth_user", ("auth_user_groups", ["group_id"], ["user_id"])),
        ("auth_group_permissions", "group", "m2o", "auth_group", ["group_id"]),
        ("auth_group_permissions", "permission", "m2o", "auth_permission", ["permission_id"]),
        ("auth_permission", "group_permissions", "o2m", "auth_group_permissions", ["permission_id"]),
        ("auth_permission", "groups", "m2m", "auth_group", ("auth_group_permissions", ["permission_id"], ["group_id"])),
        ("auth_permission", "user_user_permissions", "o2m", "auth_user_user_permissions", ["permission_id"]),
        ("auth_permission", "users", "m2m", "auth_user", ("auth_user_user_permissions", ["permission_id"], ["user_id"])),
        ("auth_profile", "user", "o2o", "auth_user", ["user_id"]),
        ("auth_user", "follows_by_from_user", "o2m", "auth_follow", ["from_user_id"]),
        ("auth_user", "follows_by_to_user", "o2m", "auth_follow", ["to_user_id"]),
        ("auth_user", "from_users", "m2m", "auth_user", ("auth_follow", ["to_user_id"], ["from_user_id"])),
        ("auth_user", "groups", "m2m", "auth_group", ("auth_user_groups", ["user_id"], ["group_id"])),
        ("auth_user", "permissions", "m2m", "auth_permission", ("auth_user_user_permissions", ["user_id"], ["permission_id"])),
        ("auth_user", "profile", "o2o-back", "auth_profile", ["user_id"]),
        ("auth_user", "to_users", "m2m", "auth_user", ("auth_follow", ["from_user_id"], ["to_user_id"])),
        ("auth_user", "user_groups", "o2m", "auth_user_groups", ["user_id"]),
        ("auth_user", "user_user_permissions", "o2m", "auth_user_user_permissions", ["user_id"]),
        ("auth_user_groups", "group", "m2o", "auth_group", ["group_id"]),
        ("auth_user_groups", "user", "m2o", "auth_user", ["user_id"]),
        ("auth_user_user_permissions", "permission", "m2o", "auth_permission", ["permission_id"]),
        ("auth_user_user_permissions", "user", "m2o", "auth_user", ["user_id"]),
    ],
    "rails": [
        ("comments", "post", "m2o", "posts", ["post_id"]),
        ("comments", "user", "m2o", "users", ["user_id"]),
        ("groups", "memberships", "o2m", "memberships", ["group_id"]),
        ("groups", "users", "m2m", "users", ("memberships", ["group_id"], ["user_id"])),
        ("memberships", "group", "m2o", "groups", ["group_id"]),
        ("memberships", "user", "m2o", "users", ["user_id"]),
        ("posts", "comments", "o2m", "comments", ["post_id"]),
        ("posts", "user", "m2o", "users", ["user_id"]),
        ("posts", "users", "m2m", "users", ("comments", ["post_id"], ["user_id"])),
        ("users", "comments", "o2m", "comments", ["user_id"]),
        ("users", "groups", "m2m", "groups", ("memberships", ["user_id"], ["group_id"])),
        ("users", "memberships", "o2m", "memberships", ["user_id"]),
        ("users", "posts", "o2m", "posts", ["user_id"]),
        ("users", "posts_via_comments", "m2m", "posts", ("comments", ["user_id"], ["post_id"])),
    ],
    "sqlalchemy": [
        ("association", "left", "m2o", "parent", ["left_id"]),
        ("association", "right", "m2o", "child", ["right_id"]),
        ("child", "associations", "o2m", "association", ["right_id"]),
        ("child", "parents", "m2m", "parent", ("association", ["right_id"], ["left_id"])),
        ("followers", "followed", "m2o", "user_account", ["followed_id"]),
        ("followers", "follower", "m2o", "user_account", ["follower_id"]),
        ("parent", "associations", "o2m", "association", ["left_id"]),
        ("parent", "children", "m2m", "child", ("association", ["left_id"], ["right_id"])),
        ("user_account", "followed", "m2m", "user_account", ("followers", ["follower_id"], ["followed_id"])),
        ("user_account", "followers", "m2m", "user_account", ("followers", ["followed_id"], ["follower_id"])),
        ("user_account", "followers_by_followed", "o2m", "followers", ["followed_id"]),
        ("user_account", "followers_by_follower", "o2m", "followers", ["follower_id"]),
    ],
    "inheritance": [
        ("employee", "engineer", "o2o-back", "engineer", ["id"]),
        ("employee", "manager", "o2o-back", "manager", ["id"]),
        ("engineer", "employee", "o2o", "employee", ["id"]),
        ("engineer", "manager", "m2o", "manager", ["manager_id"]),
        ("manager", "employee", "o2o", "employee", ["id"]),
        ("manager", "engineers", "o2m", "engineer", ["manager_id"]),
    ],
    "orders": [
        ("customer", "orders", "o2m", "order", ["customer_id"]),
        ("order", "customer", "m2o", "customer", ["customer_id"]),
        ("order", "order_lines", "o2m", "order_line", ["order_id"]),
        ("order", "products", "m2m", "product", ("order_line", ["order_id"], ["product_id"])),
        ("order_line", "order", "m2o", "order", ["order_id"]),
        ("order_line", "product", "m2o", "product", ["product_id"]),
        ("product", "order_lines", "o2m", "order_line", ["product_id"]),
        ("product", "orders", "m2m", "order", ("order_line", ["product_id"], ["order_id"])),
    ],
    "prisma": [
        ("Category", "Posts", "m2m", "Post", ("_CategoryToPost", ["A"], ["B"])),
        ("Category", "_CategoryToPosts", "o2m", "_CategoryToPost", ["A"]),
        ("Post", "Categories", "m2m", "Category", ("_CategoryToPost", ["B"], ["A"])),
        ("Post", "_CategoryToPosts", "o2m", "_CategoryToPost", ["B"]),
        ("Post", "author", "m2o", "User", ["authorId"]),
        ("User", "Posts", "o2m", "Post", ["authorId"]),
        ("_CategoryToPost", "Category", "m2o", "Category", ["A"]),
        ("_CategoryToPost", "Post", "m2o", "Post", ["B"]),
    ],
}


def key_columns(table):
    """A table's primary key, or all its columns when it has none (as ormscope names such a row)."""
    return list(table.primary_key.columns) or list(table.columns)


def joined(cols_a, cols_b):
    return and_(*[a == b for a, b in zip(cols_a, cols_b)])


def mapped(engine, rels):
    """A class per table the relationships mention, each with its hand-declared relationships."""
    meta = MetaData()
    names = sorted({r[0] for r in rels} | {r[3] for r in rels}
                   | {r[4][0] for r in rels if r[2] == "m2m"})
    tables = {n: Table(n, meta, autoload_with=engine) for n in names}
    props = {n: {} for n in names}
    for owner, name, kind, target, cols in rels:
        o, t = tables[owner], tables[target]
        if kind in ("m2o", "o2o"):
            fk = [o.c[c] for c in cols]
            props[owner][name] = relationship(lambda t=target: classes[t], primaryjoin=joined(fk, key_columns(t)),
                                              foreign_keys=fk, uselist=False, viewonly=True,
                                              remote_side=key_columns(t) if owner == target else None)
        elif kind in ("o2m", "o2o-back"):
            fk = [t.c[c] for c in cols]
            props[owner][name] = relationship(lambda t=target: classes[t], primaryjoin=joined(key_columns(o), fk),
                                              foreign_keys=fk, uselist=kind == "o2m", viewonly=True)
        else:
            link, owner_cols, target_cols = cols
            l = tables[link]
            props[owner][name] = relationship(lambda t=target: classes[t], secondary=l, viewonly=True,
                                              primaryjoin=joined(key_columns(o), [l.c[c] for c in owner_cols]),
                                              secondaryjoin=joined(key_columns(t), [l.c[c] for c in target_cols]))
    reg = registry()
    classes = {}
    for n in names:
        cls = type("M_" + n, (), {})
        reg.map_imperatively(cls, tables[n], properties=props[n], primary_key=key_columns(tables[n]))
        classes[n] = cls
    return tables, classes


def text(row, cols):
    return "|".join("NULL" if getattr(row, c.key) is None else str(getattr(row, c.key)) for c in cols)


def main(fixture, url):
    warnings.filterwarnings("ignore")
    rels = FIXTURES[fixture]
    engine = engine_for(url)
    tables, classes = mapped(engine, rels)
    statements = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_):
        statements[0] += 1

    out = {}
    for owner, name, kind, target, _ in rels:
        if not tables[owner].primary_key.columns:
            continue
        cls, attr = classes[owner], getattr(classes[owner], name)
        pk, tk = key_columns(tables[owner]), key_columns(tables[target])
        out[owner + "." + name] = {}
        for strategy, option in [("lazy", lazyload), ("selectin", selectinload), ("joined", joinedload)]:
            with Session(engine) as s:
                statements[0] = 0
                parents = s.scalars(select(cls).options(option(attr)).order_by(*pk)).unique().all()
                related = {}
                for p in parents:
                    value = getattr(p, name)
                    rows = value if isinstance(value, list) else ([] if value is None else [value])
                    related[text(p, pk)] = sorted(text(r, tk) for r in rows)
                out[owner + "." + name][strategy] = {"statements": statements[0], "related": related}
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
