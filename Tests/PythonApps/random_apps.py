"""Seeded random SQLAlchemy and SQLModel applications, for the models tests that export an app both ways.

    python random_apps.py DIR SEED COUNT   writes DIR/rand_<SEED>_<K>.py for K < COUNT and prints their
                                           module names, one a line
    python random_apps.py DIR chain N      writes DIR/chain_app.py: the bench's application (Sources/
                                           ormscope-bench/AppModelsBenchmark.swift pythonApp()), N models,
                                           each with a foreign key to the one before and prev / nexts

Each application mixes, at random: one-to-many / many-to-one pairs by back_populates, by backref (a
name or backref() with arguments) or one side only; self-references (remote_side as a string, a
column or a list); two foreign keys to the same table (foreign_keys= as a list, a string, or a
custom primaryjoin); one-to-one (uselist=False, or a scalar Mapped[] annotation); many-to-many through
a Table (passed as the Table or its name) and through a link model (an association object and a
secondary over its table); a self-referential many-to-many with primaryjoin and secondaryjoin; joined
and single-table inheritance; every lazy= value; cascade (with delete-orphan where SQLAlchemy allows
it), passive_deletes, order_by (asc, desc, several), viewonly. Some applications add a configure hook
(__declare_last__, a mapper_configured listener) or a collection_class, with which the exporter
configures the whole way (the fallback). Every application is valid: configure_mappers() accepts it.
"""
import os
import random
import sys

LAZY = ["select", "selectin", "joined", "subquery", "raise", "raise_on_sql", "noload", "immediate", None]
COLLECTION_LAZY = LAZY + ["dynamic", "write_only"]


class App:
    def __init__(self, rng, sqlmodel, annotated):
        self.rng, self.sqlmodel, self.annotated = rng, sqlmodel, annotated
        self.classes = []       # [name, table, [lines], base]
        self.tables = []        # module-level Table() blocks
        self.extra = []         # module-level code after the classes
        self.names = set()

    def model(self, base=None, table=True):
        i = len(self.classes)
        name, tname = "C%d" % i, "t%d" % i
        lines = []
        if self.sqlmodel:
            lines.append("    __tablename__ = %r" % tname)
            lines.append("    id: Optional[int] = Field(default=None, primary_key=True)")
            lines.append("    name: str = Field(index=%r)" % self.rng.choice([True, False]))
            lines.append("    rank: Optional[int] = None")
        elif base is not None:
            if table:
                lines.append("    __tablename__ = %r" % tname)
                lines.append("    id = Column(ForeignKey(%r), primary_key=True)" % (base[1] + ".id"))
            lines.append("    extra%d = Column(String)" % i)
            lines.append("    __mapper_args__ = {'polymorphic_identity': %r}" % name)
            if not table:
                tname = base[1]
        else:
            lines.append("    __tablename__ = %r" % tname)
            if self.annotated:
                lines.append("    id: Mapped[int] = mapped_column(primary_key=True)")
                lines.append("    name: Mapped[str] = mapped_column(String(40), index=%r)" % self.rng.choice([True, False]))
                lines.append("    rank: Mapped[Optional[int]]")
            else:
                lines.append("    id = Column(Integer, primary_key=True)")
                lines.append("    name = Column(String(40), nullable=False, index=%r)" % self.rng.choice([True, False]))
                lines.append("    rank = Column(Integer)")
        c = [name, tname, lines, base]
        self.classes.append(c)
        return c

    def unique(self, stem):
        n = stem
        k = 1
        while n in self.names:
            k += 1
            n = "%s%d" % (stem, k)
        self.names.add(n)
        return n

    def fk(self, owner, target, stem, nullable=True, ondelete=None):
        col = self.unique(stem + "_id")
        if self.sqlmodel:
            extra = ", ondelete=%r" % ondelete if ondelete else ""
            owner[2].append("    %s: %s = Field(default=None, foreign_key=%r%s)" % (
                col, "Optional[int]" if nullable else "int", target[1] + ".id", extra))
        else:
            extra = ", ondelete=%r" % ondelete if ondelete else ""
            owner[2].append("    %s = Column(ForeignKey(%r%s), nullable=%r)" % (col, target[1] + ".id", extra, nullable))
        return col

    def options(self, collection, target, allow_orphan=False, allow_view=True):
        """Random keyword arguments (as source text) for one relationship."""
        r = self.rng
        kw = []
        lazy = r.choice(COLLECTION_LAZY if collection and not self.sqlmodel else LAZY)
        if lazy is not None:
            kw.append("lazy=%r" % lazy)
        if allow_view and r.random() < 0.12:
            kw.append("viewonly=True")
        else:
            cascade = r.choice([None, None, "save-update, merge", "all", "all, delete", "save-update",
                                "all, delete-orphan" if allow_orphan else "all, delete"])
            if cascade:
                kw.append("cascade=%r" % cascade)
            if collection and r.random() < 0.3:
                kw.append("passive_deletes=%r" % (r.choice([True, "all"]) if allow_orphan and cascade in (None, "save-update", "save-update, merge") and not self.sqlmodel else True))
        if collection and lazy not in ("dynamic", "write_only") and r.random() < 0.4:
            kw.append("order_by=%r" % r.choice(["%s.name" % target[0], "%s.name.desc()" % target[0],
                                                 "[%s.rank, %s.id.desc()]" % (target[0], target[0]), "%s.id" % target[0]]))
        return kw

    def rel(self, owner, name, target, kw, collection, scalar_annotation=False):
        if self.sqlmodel:
            sa_kw = [k for k in kw if not k.startswith("back_populates=") and not k.startswith("cascade_delete=")
                     and not k.startswith("link_model=")]
            sm = [k for k in kw if k.startswith("back_populates=") or k.startswith("cascade_delete=") or k.startswith("link_model=")]
            if sa_kw:
                sm.append("sa_relationship_kwargs=dict(%s)" % ", ".join(sa_kw))
            ann = 'list["%s"]' % target[0] if collection else 'Optional["%s"]' % target[0]
            owner[2].append("    %s: %s = Relationship(%s)" % (name, ann, ", ".join(sm)))
        elif self.annotated and not any(k.startswith("lazy='dynamic'") or k.startswith("lazy='write_only'") for k in kw):
            if collection:
                ann = 'Mapped[list["%s"]]' % target[0]
            elif scalar_annotation:
                ann = 'Mapped["%s"]' % target[0]
            else:
                ann = 'Mapped[Optional["%s"]]' % target[0]
            owner[2].append("    %s: %s = relationship(%s)" % (name, ann, ", ".join(kw)))
        else:
            owner[2].append("    %s = relationship(%s)" % (name, ", ".join(["%r" % target[0]] + kw)))

    # The patterns

    def one_to_many(self, parent, child):
        r = self.rng
        nullable = r.random() < 0.8
        col = self.fk(child, parent, parent[1], nullable=nullable, ondelete=r.choice([None, "CASCADE"] + (["SET NULL"] if nullable else [])))
        many, one = self.unique("kids"), self.unique("up")
        uselist_false = r.random() < 0.15
        pairing = r.choice(["back_populates", "backref", "one-many", "one-one"])
        if self.sqlmodel and pairing == "backref":
            pairing = "back_populates"
        if pairing in ("back_populates", "one-many"):
            kw = self.options(not uselist_false, child, allow_orphan=True)
            if uselist_false and not self.sqlmodel:
                kw.append("uselist=False")
            if self.sqlmodel and r.random() < 0.3:
                kw = [k for k in kw if not k.startswith("cascade=")] + ["cascade_delete=True"]
            if pairing == "back_populates":
                kw.append("back_populates=%r" % one)
            self.rel(parent, many, child, kw, collection=not uselist_false or self.sqlmodel and not uselist_false)
        if pairing in ("back_populates", "one-one"):
            kw = self.options(False, parent)
            if pairing == "back_populates":
                kw.append("back_populates=%r" % many)
            self.rel(child, one, parent, kw, collection=False, scalar_annotation=r.random() < 0.3)
        if pairing == "backref":
            kw = self.options(False, parent)
            back = r.choice(["%r" % many, "backref(%r, %s)" % (many, ", ".join(
                ["lazy=%r" % r.choice(["selectin", "joined", "select"])] + (["cascade='all, delete-orphan'"] if r.random() < 0.4 else [])
                + (["uselist=False"] if r.random() < 0.2 else [])))])
            owner = child
            kw.append("backref=%s" % back)
            owner[2].append("    %s = relationship(%s)" % (one, ", ".join(["%r" % parent[0]] + kw)))

    def two_paths(self, parent, child):
        """Two foreign keys from child to parent: each relationship says which (foreign_keys= or primaryjoin)."""
        r = self.rng
        a = self.fk(child, parent, "home")
        b = self.fk(child, parent, "away")
        ra, rb = self.unique("home"), self.unique("away")
        for col, name in ((a, ra), (b, rb)):
            back = self.unique("as_" + name)
            how = r.choice(["list", "string", "primaryjoin"])
            if how == "list" and not self.sqlmodel:
                sel = "foreign_keys=[%s]" % col
            elif how == "primaryjoin":
                sel = "primaryjoin=%r" % ("%s.%s == %s.id" % (child[0], col, parent[0]))
            else:
                sel = "foreign_keys=%r" % ("%s.%s" % (child[0], col))
            kw = self.options(False, parent) + [sel]
            if r.random() < 0.7:
                kw.append("back_populates=%r" % back)
                bsel = sel if how != "list" or self.sqlmodel else "foreign_keys=%r" % ("%s.%s" % (child[0], col))
                self.rel(parent, back, child, self.options(True, child) + [bsel, "back_populates=%r" % name], collection=True)
            self.rel(child, name, parent, kw, collection=False)

    def self_reference(self, c):
        r = self.rng
        col = self.fk(c, c, "parent")
        up, down = self.unique("parent"), self.unique("children")
        remote = r.choice(["%r" % ("%s.id" % c[0]), "[id]" if not self.sqlmodel and not self.annotated else "%r" % ("%s.id" % c[0]),
                           "%r" % ("[%s.id]" % c[0])])
        how = r.choice(["back_populates", "backref", "down-only", "up-only"])
        if self.sqlmodel and how == "backref":
            how = "back_populates"
        if how == "backref":
            c[2].append("    %s = relationship(%r, remote_side=%s, backref=%s)" % (
                up, c[0], remote, r.choice(["%r" % down, "backref(%r, lazy='selectin', cascade='all, delete-orphan')" % down])))
            return
        if how in ("back_populates", "up-only"):
            kw = self.options(False, c) + ["remote_side=%s" % remote]
            if how == "back_populates":
                kw.append("back_populates=%r" % down)
            self.rel(c, up, c, kw, collection=False)
        if how in ("back_populates", "down-only"):
            kw = self.options(True, c, allow_orphan=True)
            if how == "back_populates":
                kw.append("back_populates=%r" % up)
            self.rel(c, down, c, kw, collection=True)

    def secondary_table(self, a, b):
        r = self.rng
        tname = self.unique("link_%s_%s" % (a[1], b[1]))
        var = tname
        self.tables.append('%s = Table(%r, %s,\n    Column("%s_id", ForeignKey(%r), primary_key=True),\n'
                           '    Column("%s_id", ForeignKey(%r), primary_key=True))' % (
                               var, tname, "SQLModel.metadata" if self.sqlmodel else "Base.metadata",
                               a[1], a[1] + ".id", b[1], b[1] + ".id"))
        if self.sqlmodel:
            return  # SQLModel's many-to-many goes through a link model (link)
        fwd, back = self.unique("many"), self.unique("many_back")
        sec = r.choice([var, "%r" % tname])
        how = r.choice(["back_populates", "backref", "one"])
        kw = self.options(True, b, allow_view=True) + ["secondary=%s" % sec]
        kw = [k for k in kw if "delete-orphan" not in k and "passive_deletes" not in k]
        if how == "back_populates":
            kw.append("back_populates=%r" % back)
            kw2 = [k for k in self.options(True, a) if "delete-orphan" not in k and "passive_deletes" not in k]
            self.rel(b, back, a, kw2 + ["secondary=%s" % sec, "back_populates=%r" % fwd], collection=True)
        elif how == "backref":
            kw.append("backref=%r" % back)
            a[2].append("    %s = relationship(%s)" % (fwd, ", ".join(["%r" % b[0]] + kw)))
            return
        self.rel(a, fwd, b, kw, collection=True)

    def link(self, a, b):
        """A link model with its own column; a many-to-many over its table beside the association object."""
        r = self.rng
        self.link_count = getattr(self, "link_count", 0) + 1
        name, tname = "L%d" % self.link_count, "l%d" % self.link_count
        links = self.unique("links")
        if self.sqlmodel:
            self.extra_classes.append(
                "class %s(SQLModel, table=True):\n    __tablename__ = %r\n"
                "    %s_id: Optional[int] = Field(default=None, foreign_key=%r, primary_key=True)\n"
                "    %s_id: Optional[int] = Field(default=None, foreign_key=%r, primary_key=True)\n"
                "    role: Optional[str] = None\n" % (name, tname, a[1], a[1] + ".id", b[1], b[1] + ".id"))
            fwd, back = self.unique("linked"), self.unique("linked_back")
            self.rel(a, fwd, b, ["link_model=%s" % name, "back_populates=%r" % back] + [k for k in self.options(True, b, allow_view=False)
                                                                                      if "delete" not in k], collection=True)
            self.rel(b, back, a, ["link_model=%s" % name, "back_populates=%r" % fwd], collection=True)
            return
        self.extra_classes.append(
            "class %s(Base):\n    __tablename__ = %r\n"
            "    %s_id = Column(ForeignKey(%r), primary_key=True)\n"
            "    %s_id = Column(ForeignKey(%r), primary_key=True)\n"
            "    role = Column(String)\n"
            "    left = relationship(%r, back_populates=%r)\n"
            "    right = relationship(%r%s)\n" % (
                name, tname, a[1], a[1] + ".id", b[1], b[1] + ".id", a[0], links, b[0],
                r.choice(["", ", lazy='joined'", ", backref=%r" % self.unique("link_rows")])))
        a[2].append("    %s = relationship(%r, back_populates='left', cascade='all, delete-orphan'%s)" % (
            links, name, r.choice(["", ", passive_deletes=True", ", order_by=%r" % (name + ".role")])))
        through = self.unique("through")
        a[2].append("    %s = relationship(%r, secondary=%r, viewonly=True%s)" % (
            through, b[0], tname, r.choice(["", ", lazy='selectin'", ", order_by=%r" % (b[0] + ".name")])))

    def friends(self, c):
        if self.sqlmodel:
            return
        tname = self.unique("friend_%s" % c[1])
        self.tables.append('%s = Table(%r, Base.metadata,\n    Column("a_id", ForeignKey(%r), primary_key=True),\n'
                           '    Column("b_id", ForeignKey(%r), primary_key=True))' % (tname, tname, c[1] + ".id", c[1] + ".id"))
        name = self.unique("friends")
        c[2].append("    %s = relationship(%r, secondary=%s, primaryjoin=%r, secondaryjoin=%r%s)" % (
            name, c[0], tname, "%s.id == %s.c.a_id" % (c[0], tname), "%s.id == %s.c.b_id" % (c[0], tname),
            self.rng.choice(["", ", backref=%r" % self.unique("friend_of"), ", lazy='selectin'", ", order_by=%r" % (c[0] + ".name")])))

    def source(self, hook):
        r = self.rng
        if self.sqlmodel:
            head = ("from typing import Optional\n\nfrom sqlalchemy import Column, ForeignKey, Table\n"
                    "from sqlmodel import Field, Relationship, SQLModel\n\n")
        else:
            head = ("from typing import Optional\n\nfrom sqlalchemy import Column, ForeignKey, Integer, String, Table, event\n"
                    "from sqlalchemy.orm import DeclarativeBase, Mapped, backref, mapped_column, relationship\n\n\n"
                    "class Base(DeclarativeBase):\n    pass\n\n")
        out = [head]
        out += [t + "\n" for t in self.tables]
        out += ["\n" + c for c in self.extra_classes if self.sqlmodel]  # a link_model= is a class, defined first
        for name, tname, lines, base in self.classes:
            if self.sqlmodel:
                out.append("\nclass %s(SQLModel, table=True):\n" % name)
            else:
                out.append("\nclass %s(%s):\n" % (name, base[0] if base else "Base"))
            out.append("\n".join(lines) + "\n")
            if hook == "declare_last" and name == "C0":
                out.append("\n    @classmethod\n    def __declare_last__(cls):\n        cls.configured_last = True\n")
        out += ["\n" + c for c in self.extra_classes if not self.sqlmodel]
        if hook == "listener":
            out.append("\n\n@event.listens_for(C0, 'mapper_configured')\ndef _configured(mapper, cls):\n    cls.seen = True\n")
        return "".join(out)


def polymorphic(app, base):
    """Makes base the root of an inheritance tree (a discriminator column)."""
    base[2].append("    kind = Column(String(20))" if not app.annotated else "    kind: Mapped[Optional[str]] = mapped_column(String(20))")
    base[2].append("    __mapper_args__ = {'polymorphic_on': 'kind', 'polymorphic_identity': %r}" % base[0])


def generate(seed, k):
    rng = random.Random("%s/%d" % (seed, k))
    sqlmodel = rng.random() < 0.35
    app = App(rng, sqlmodel, annotated=not sqlmodel and rng.random() < 0.4)
    app.extra_classes = []
    n = rng.randint(4, 10)
    models = [app.model() for _ in range(n)]
    if not sqlmodel and rng.random() < 0.5:
        root = models[0]
        polymorphic(app, root)
        sub = app.model(base=root, table=rng.random() < 0.6)
        if sub[1] != root[1]:
            models.append(sub)  # joined: a model of its own (single-table: the root's table)
    linked = set()

    def family(c):
        return c[3][0] if c[3] is not None else c[0]

    patterns = [app.one_to_many, app.two_paths, app.self_reference, app.secondary_table, app.link, app.friends]
    for _ in range(rng.randint(n, 2 * n)):
        # One foreign-key path between two tables unless the relationships say which (two_paths): a
        # pair linked before, or a subclass and its base (whose key is a path already), is left out.
        p = rng.choice(patterns)
        if p in (app.self_reference, app.friends):
            c = rng.choice(models)
            if c[3] is None and (p is app.friends or c[0] not in linked):
                linked.add(c[0])
                p(c)
        else:
            a, b = rng.sample(models, 2)
            pair = frozenset((family(a), family(b)))  # a joined subclass's table joins its base's: one family
            if a[3] is not b and b[3] is not a and (p in (app.secondary_table, app.link) or pair not in linked):
                if p in (app.one_to_many, app.two_paths):
                    linked.add(pair)
                p(a, b)
    hook = rng.choice([None] * 6 + ["declare_last", "listener"]) if not sqlmodel else None
    if hook == "listener" and sqlmodel:
        hook = None
    return app.source(hook)


def chain(n):
    """The bench's application (AppModelsBenchmark.pythonApp), line for line."""
    s = ("from sqlalchemy import Column, ForeignKey, Integer, String\n"
         "from sqlalchemy.orm import DeclarativeBase, relationship\n\n\n"
         "class Base(DeclarativeBase):\n    pass\n")
    for i in range(n):
        s += '\n\nclass M%04d(Base):\n    __tablename__ = "m%04d"\n    id = Column(Integer, primary_key=True)\n' % (i, i)
        s += "    code = Column(String(20), nullable=False, index=True)\n    name = Column(String)\n    qty = Column(Integer)\n"
        if i > 0:
            s += '    prev_id = Column(ForeignKey("m%04d.id"))\n' % (i - 1)
            s += '    prev = relationship("M%04d", back_populates="nexts", remote_side="M%04d.id")\n' % (i - 1, i - 1)
        if i < n - 1:
            s += '    nexts = relationship("M%04d", back_populates="prev", lazy="selectin")\n' % (i + 1)
    return s


def main(argv):
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    if argv[2] == "chain":
        with open(os.path.join(out, "chain_app.py"), "w") as f:
            f.write(chain(int(argv[3])))
        print("chain_app")
        return
    seed, count = argv[2], int(argv[3])
    for k in range(count):
        name = "rand_%s_%d" % (seed, k)
        with open(os.path.join(out, name + ".py"), "w") as f:
            f.write(generate(seed, k))
        print(name)


if __name__ == "__main__":
    main(sys.argv)
