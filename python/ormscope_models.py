"""ormscope's models exporter: writes an application's ORM models as a models file (format 1) to stdout.

Run by `ormscope models-from python:PACKAGE.MODULE` (SQLAlchemy 2.x, SQLModel) or
`ormscope models-from django:SETTINGS_MODULE` under the application's own Python. It imports the
module (or sets Django up), reads the mapper registries or `_meta`, and prints JSON. It only reads:
it never connects to a database and never runs migrations.

Exit status: 0 with the file on stdout; 2 when the application cannot be imported (the traceback's
last line and the innermost frame of the application's own code, or a SyntaxError's file and line,
on stderr, as `import-error: ...`); 3 when the ORM is not installed (`no-orm: ...`, also when the
application's import of it fails); 4 when the module maps no models; 5 when its mappers do not
configure (`mapping-error: ...`). What the application prints while importing goes to stderr.

ORMSCOPE_MODELS_FULL_CONFIGURE=1 runs SQLAlchemy's configure_mappers() unchanged (see configure());
ORMSCOPE_MODELS_STOCK=1 also turns off the exporter's other shortcuts (share_generated_code(),
type_text(), dumps()): everything the stock way, which the models tests compare the file with, byte
for byte; ORMSCOPE_MODELS_EXPLAIN=1 says on stderr how the mappers were configured and why.
"""
import gc
import importlib
import os
import sys
import types

FORMAT = 1
LAZY = {"select": "lazy", True: "lazy", "selectin": "selectin", "joined": "joined", "raise": "raise",
        "raise_on_sql": "raise", "noload": "lazy", "dynamic": "lazy", "write_only": "lazy",
        "immediate": "lazy", "subquery": "selectin", False: "joined", None: "lazy"}


STOCK = os.environ.get("ORMSCOPE_MODELS_STOCK") == "1"


def fail(status, text):
    sys.stderr.write(text.rstrip("\n") + "\n")
    sys.exit(status)


def import_error(spec):
    """The last line of the traceback, and where in the application's own files it happened."""
    import traceback
    kind, value, tb = sys.exc_info()
    last = traceback.format_exception_only(kind, value)[-1].strip()
    missing = (getattr(value, "name", None) or "").partition(".")[0] if isinstance(value, ModuleNotFoundError) else ""
    orm = {"sqlalchemy": "SQLAlchemy", "sqlmodel": "SQLModel", "django": "Django"}.get(missing)
    if orm:
        import importlib.util
        if importlib.util.find_spec(missing) is None:
            fail(3, "no-orm: %s is not installed in this Python" % orm)
    fail(2, "import-error: %s%s" % (last.rstrip("."), where_in_app(value, tb)))


def where_in_app(value, tb):
    """ (FILE, line N): a SyntaxError's own file and line (no frame of the application's holds it),
    else the innermost frame in the application's own files; empty when there is none."""
    import sysconfig
    import traceback
    if isinstance(value, SyntaxError) and value.filename and value.lineno and not value.filename.startswith("<"):
        return " (%s, line %d)" % (value.filename, value.lineno)
    here = os.path.abspath(__file__)
    library = tuple(os.path.abspath(p) for k, p in sysconfig.get_paths().items() if k in ("stdlib", "platstdlib", "purelib", "platlib"))
    frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) != here
              and not os.path.abspath(f.filename).startswith(library) and not f.filename.startswith("<")]
    return " (%s, line %d)" % (frames[-1].filename, frames[-1].lineno) if frames else ""


def mapping_error():
    """An exception configuring the mappers: the application's mapping mistake (SQLAlchemy's own
    sentence, the class it names), as `mapping-error: ...` (exit status 5)."""
    import traceback
    kind, value, tb = sys.exc_info()
    last = traceback.format_exception_only(kind, value)[-1].strip()
    fail(5, "mapping-error: %s%s" % (" ".join(last.split()).rstrip("."), where_in_app(value, tb)))


# SQLAlchemy and SQLModel


def sa_type(col):
    try:
        text = type_text(col.type)
    except Exception:
        return type(col.type).__name__.upper()
    # The generic DateTime(timezone=True) compiles as DATETIME, as the naive one does; its DDL on
    # PostgreSQL is TIMESTAMP WITH TIME ZONE (DATETIME on SQLite, which keeps no zone), which drift
    # tells from a TIMESTAMP: the file says so.
    if getattr(col.type, "timezone", False) is True and "TIME ZONE" not in text.upper() and text.upper() in ("DATETIME", "TIMESTAMP"):
        return "TIMESTAMP WITH TIME ZONE"
    return text


SHARED_DIALECT = []


def type_text(t):
    """str(t), which compiles the type with a StrCompileDialect made for that one call (a third of
    the export's time on a 300-model app), with one such dialect for every column instead: the same
    text, the type compiler keeping nothing between types. Only for a type that stringifies the
    stock way (TypeEngine's own __str__, compile and _default_dialect; not a dialect's type, whose
    default dialect SQLAlchemy 2.0 picks by its module); anything else, and ORMSCOPE_MODELS_STOCK=1: str(t)."""
    from sqlalchemy.types import TypeEngine
    cls = type(t)
    if STOCK or cls.__str__ is not TypeEngine.__str__ or cls.compile is not TypeEngine.compile \
            or cls._default_dialect is not TypeEngine._default_dialect or cls.__module__.startswith("sqlalchemy.dialects"):
        return str(t)
    if not SHARED_DIALECT:
        SHARED_DIALECT.append(t._default_dialect())
    return str(SHARED_DIALECT[0].type_compiler_instance.process(t))


def sa_kind(t):
    """The kind drift compares (Drift.kinds) for a generic type whose DDL depends on the dialect:
    SQLAlchemy's Uuid is CHAR(32) on SQLite and the text StrCompileDialect writes, UUID on
    PostgreSQL (a TypeDecorator over it too). The other generic types' texts (DATETIME, BLOB, JSON,
    BOOLEAN, DOUBLE, an Enum's VARCHAR) already name their kind on every backend: none."""
    from sqlalchemy.types import TypeDecorator, Uuid
    if isinstance(t, TypeDecorator):
        t = getattr(t, "impl_instance", None)
    return "uuid" if isinstance(t, Uuid) else None


def sa_column(c, pk):
    out = {"name": c.name, "type": sa_type(c)}
    kind = sa_kind(c.type)
    if kind is not None:
        out["kind"] = kind
    out["nullable"] = bool(c.nullable) and c.name not in pk
    out["default"] = sa_default(c)
    if c.onupdate is not None and sa_stamps(c.onupdate):
        out["onupdate"] = "CURRENT_TIMESTAMP"
    return out


def sa_stamps(onupdate):
    """Whether an onupdate= is the time as the database gives it (func.now(), func.current_timestamp()),
    which SQLAlchemy's UPDATEs carry (`updated_at=now()`); a Python callable or another expression
    is the application's to compute: not written."""
    from sqlalchemy.sql import functions
    return isinstance(getattr(onupdate, "arg", None), (functions.now, functions.current_timestamp))


def sa_default(col):
    d = col.server_default
    if d is None:
        return None
    arg = getattr(d, "arg", None)
    return str(getattr(arg, "text", arg)) if arg is not None else None


def sa_table(table, classes):
    pk = [c.name for c in table.primary_key.columns]
    from sqlalchemy import UniqueConstraint
    model = {"table": table.name}
    if table.key in classes:
        model["class"] = classes[table.key]
    if table.schema:
        model["schema"] = table.schema
    model["columns"] = [sa_column(c, pk) for c in table.columns]
    model["primary_key"] = pk
    model["unique"] = [{"name": None if u.name is None else str(u.name), "columns": [c.name for c in u.columns]}
                       for u in sorted(table.constraints, key=lambda x: [c.name for c in getattr(x, "columns", [])])
                       if isinstance(u, UniqueConstraint)]
    model["indexes"] = [sa_index(i) for i in sorted(table.indexes, key=lambda i: str(i.name))]
    fks = []
    for fk in sorted(table.foreign_key_constraints, key=lambda f: [c.name for c in f.columns]):
        ref = fk.referred_table
        entry = {"name": None if fk.name is None else str(fk.name), "columns": [c.name for c in fk.columns],
                 "references": ref.name, "referenced_columns": [e.column.name for e in fk.elements]}
        if ref.schema:
            entry["references_schema"] = ref.schema
        if fk.ondelete:
            entry["on_delete"] = fk.ondelete.upper()
        fks.append(entry)
    model["foreign_keys"] = fks
    model["relationships"] = []
    return model


INDEX_DIALECTS = []


def balanced(sql):
    """Whether the text's parentheses pair up from its start ("a) or (b" does not); strings not read."""
    depth = 0
    for ch in sql:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def per_backend(texts):
    """{"postgresql": x, "sqlite": x} as x when both are the same (the file's "every backend" form)."""
    values = list(texts.values())
    return values[0] if len(texts) == 2 and values[0] == values[1] else texts


def sa_index(i):
    """An index as the file writes it: its columns, and its condition ("where": null for a full
    index) and key expressions compiled as create_all compiles them for each backend (literal
    values, no table names): an index with only postgresql_where= is full on SQLite."""
    from sqlalchemy import Column
    from sqlalchemy.sql import coercions, roles
    entry = {"name": None if i.name is None else str(i.name), "columns": [c.name for c in i.columns],
             "unique": bool(i.unique), "where": None}
    # The dialect arguments given (iterating them loads no dialect; asking for one absent would).
    given = dict(i.dialect_kwargs.items()) if i.dialect_options else {}
    expressions = any(not isinstance(e, Column) for e in i.expressions)
    if not expressions and not any(k.endswith("_where") and v is not None for k, v in given.items()):
        return entry  # (the dialects' compilers are imported only for an index that needs them)
    if not INDEX_DIALECTS:
        from sqlalchemy.dialects import postgresql, sqlite
        for d in (postgresql.dialect(), sqlite.dialect()):
            INDEX_DIALECTS.append((d.name, d.ddl_compiler(d, None).sql_compiler))
    where = {}
    for name, compiler in INDEX_DIALECTS:
        w = given.get(name + "_where")
        if w is not None:
            where[name] = compiler.process(coercions.expect(roles.DDLExpressionRole, w), include_table=False, literal_binds=True)
    entry["where"] = per_backend(where) if where else None
    if expressions:
        entry["expressions"] = per_backend({name: [compiler.process(e, include_table=False, literal_binds=True) for e in i.expressions]
                                            for name, compiler in INDEX_DIALECTS})
    return entry


def target_name(table):
    return "%s.%s" % (table.schema, table.name) if table.schema else table.name


def sa_order(prop):
    if prop.order_by is False or prop.order_by is None:
        return []
    out = []
    for term in prop.order_by:
        modifier = getattr(term, "modifier", None)
        element = getattr(term, "element", term)
        name = getattr(element, "name", None) or str(element)
        out.append(("-" + name) if modifier is not None and getattr(modifier, "__name__", "") == "desc_op" else name)
    return out


def sa_target_equals(prop):
    """A primaryjoin's literal equalities on the target's columns ({"active": True}, {"parent_kind":
    "post"}), when it is an AND of column equalities (the key, written as columns) and such literals;
    None for any other join (a function, another operator, a literal on this model's side, a
    many-to-many), which is written from its key alone, as before."""
    from sqlalchemy.sql import operators
    from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList, ColumnClause, False_, True_
    join = prop.primaryjoin
    if join is None or prop.secondary is not None:
        return None
    clauses = list(join.clauses) if isinstance(join, BooleanClauseList) and join.operator is operators.and_ else [join]
    out = {}
    for c in clauses:
        if not isinstance(c, BinaryExpression) or c.operator is not operators.eq:
            return None
        left, right = c.left, c.right
        if isinstance(left, ColumnClause) and isinstance(right, ColumnClause):
            continue  # the key (synchronize_pairs)
        column, literal = (left, right) if isinstance(left, ColumnClause) else (right, left)
        if not isinstance(column, ColumnClause) or not column._annotations.get("remote") or column.table is not prop.target:
            return None
        if isinstance(literal, (True_, False_)):
            value = isinstance(literal, True_)
        elif isinstance(literal, BindParameter) and literal.callable is None:
            value = literal.value
            if not (value is None or type(value) in (bool, int, str) or type(value) is float and value == value and abs(value) != float("inf")):
                return None
        else:
            return None
        out[column.name] = value
    return out or None


def sa_relationship(prop):
    from sqlalchemy.orm.interfaces import MANYTOMANY, MANYTOONE, ONETOMANY
    target = prop.mapper.local_table
    if prop.direction is MANYTOONE:
        kind = "many-to-one"
    elif prop.direction is ONETOMANY:
        kind = "one-to-many" if prop.uselist else "one-to-one"
    else:
        kind = "many-to-many"
    rel = {"name": prop.key, "kind": kind, "target": target_name(target)}
    if prop.direction is MANYTOMANY:
        rel["secondary"] = {"table": target_name(prop.secondary),
                            "columns": [d.name for _, d in prop.synchronize_pairs],
                            "target_columns": [d.name for _, d in prop.secondary_synchronize_pairs]}
    else:
        rel["columns"] = [d.name for _, d in prop.synchronize_pairs]
        rel["referenced_columns"] = [s.name for s, _ in prop.synchronize_pairs]
        equals = sa_target_equals(prop)
        if equals:
            rel["target_equals"] = equals  # loads, filters and follows add them, as the primaryjoin does
    reverse = sorted(p.key for p in getattr(prop, "_reverse_property", ()))
    rel["back_populates"] = prop.back_populates or (reverse[0] if reverse else None)
    rel["loading"] = LAZY.get(prop.lazy, "lazy")
    if prop.lazy == "noload":
        rel["noload"] = True  # never loaded: a delete leaves its rows (nothing to de-associate), unlike lazy
    rel["cascade"] = sorted(prop.cascade)
    rel["passive_deletes"] = bool(prop.passive_deletes)
    rel["order_by"] = sa_order(prop)
    return rel


# configure_mappers() for a models file. Of what it does, the file reads the relationships'
# targets, directions, columns, uselist, cascades and back_populates pairing, never what loading
# and attribute access need: each property's loader strategy (LazyLoader... and its lazy clause)
# and the class instrumentation (attribute implementations and their events), about 60% of it on a
# 300-model application. So configure() runs configure_mappers() itself (events, order, argument
# resolution, cascade checks, backrefs, back_populates, SQLAlchemy's errors) with those two steps
# skipped: a strategy's name is still looked up, so an unknown lazy= fails as in the application.
# And _JoinCondition, most of the rest (it builds and annotates join expressions to find what one
# foreign key says), is replaced for simple relationships by that key (simple_join). The mappers are
# unusable after; the exporter exits. ORMSCOPE_MODELS_FULL_CONFIGURE=1 runs configure_mappers()
# unchanged (the models tests export every application both ways and compare the files byte for
# byte); ORMSCOPE_MODELS_EXPLAIN=1 says on stderr which way it went and why.
CONFIGURE_LISTENERS = ("before_configured", "after_configured", "mapper_configured", "before_mapper_configured")
STATS = {"simple": 0, "joincondition": 0, "instrumented": 0}


def explain(text):
    if os.environ.get("ORMSCOPE_MODELS_EXPLAIN") == "1":
        sys.stderr.write("ormscope_models: %s\n" % text)


def full_configure_reason(mappers):
    """Why the strategies and the instrumentation must run (None when skipping them cannot change
    the file): a property class from outside SQLAlchemy (its do_init or post_instrument_class may
    do anything) or a configure hook of the application's (__declare_first__, __declare_last__, a
    before/after_configured or mapper_configured listener: it may use the instrumented classes)."""
    if os.environ.get("ORMSCOPE_MODELS_FULL_CONFIGURE") == "1" or STOCK:
        return "ORMSCOPE_MODELS_STOCK=1" if STOCK else "ORMSCOPE_MODELS_FULL_CONFIGURE=1"
    from sqlalchemy.orm import decl_api
    ours = {getattr(decl_api, "_declare_first_for_registry", None), getattr(decl_api, "_declare_last_for_registry", None)} - {None}
    for r in {m.registry for m in mappers}:
        if getattr(r, "_declare_first_classes", None) or getattr(r, "_declare_last_classes", None):
            return "a class declares __declare_first__ or __declare_last__"
        for name in ("before_configured", "after_configured"):
            if any(fn not in ours for fn in getattr(getattr(r, "dispatch", None), name, ())):
                return "a %s listener on a registry" % name
    for m in mappers:
        for name in CONFIGURE_LISTENERS:
            if len(getattr(m.dispatch, name, ())):
                return "a %s listener on %s" % (name, m.class_.__name__)
        for key, p in m._props.items():
            if not type(p).__module__.startswith("sqlalchemy."):
                return "%s.%s is a %s" % (m.class_.__name__, key, type(p).__name__)
    return None


INSTRUMENTED = {}


def instrumented(prop):
    """A property whose strategy and instrumentation run anyway: they check what only they check
    (lazy="dynamic" / "write_only" on a scalar, a collection_class SQLAlchemy cannot instrument).
    Once per property (configure asks up to three times)."""
    known = INSTRUMENTED.get(id(prop))
    if known is not None and known[0] is prop:
        return known[1]
    from sqlalchemy.orm.relationships import RelationshipProperty
    # Of SQLAlchemy's properties only a relationship has lazy= and collection_class (a property
    # class from elsewhere configures the whole way, full_configure_reason); on the others each
    # getattr is an AttributeError raised and caught in SQLAlchemy's __getattr__.
    answer = isinstance(prop, RelationshipProperty) and (
        getattr(prop, "lazy", None) in ("dynamic", "write_only") or getattr(prop, "collection_class", None) not in (None, list, set))
    INSTRUMENTED[id(prop)] = (prop, answer)
    return answer


def configure(mappers):
    from sqlalchemy.orm import configure_mappers
    from sqlalchemy.orm.interfaces import StrategizedProperty
    from sqlalchemy.orm.relationships import RelationshipProperty
    reason = full_configure_reason(mappers)
    if reason:
        explain("configure_mappers() in full: %s" % reason)
        configure_mappers()
        return
    get_strategy = StrategizedProperty.__dict__["_get_strategy"]
    post_instrument_class = StrategizedProperty.__dict__["post_instrument_class"]
    setup_join_conditions = RelationshipProperty.__dict__["_setup_join_conditions"]

    def light_get_strategy(self, key):
        if instrumented(self):
            return get_strategy(self, key)
        self._strategy_lookup(self, *key)  # raises as SQLAlchemy does for an unknown strategy

    def light_post_instrument_class(self, mapper):
        if instrumented(self):
            STATS["instrumented"] += 1
            post_instrument_class(self, mapper)

    def simple(prop):
        if instrumented(prop):
            return False  # its strategy reads _JoinCondition
        try:
            return simple_join(prop)
        except Exception:  # noqa: B902 (another SQLAlchemy's internals): _JoinCondition decides, and raises its own errors
            return False

    def light_setup_join_conditions(self):
        if simple(self):
            STATS["simple"] += 1
        else:
            STATS["joincondition"] += 1
            setup_join_conditions(self)

    StrategizedProperty._get_strategy = light_get_strategy
    StrategizedProperty.post_instrument_class = light_post_instrument_class
    RelationshipProperty._setup_join_conditions = light_setup_join_conditions
    try:
        configure_mappers()
    finally:
        StrategizedProperty._get_strategy = get_strategy
        StrategizedProperty.post_instrument_class = post_instrument_class
        RelationshipProperty._setup_join_conditions = setup_join_conditions
    explain("configure_mappers() without strategies or instrumentation (%(instrumented)d properties instrumented); "
            "relationships: %(simple)d by their one foreign key, %(joincondition)d by _JoinCondition" % STATS)


class SimpleJoin:
    """What _JoinCondition works out, for a relationship over one single-column foreign key
    (simple_join); its expressions (primaryjoin...) are not built: only loading would read them."""
    primaryjoin = secondaryjoin = None

    def __init__(self, secondary, direction, pairs, secondary_pairs, local_remote):
        self.secondary, self.direction = secondary, direction
        self.synchronize_pairs, self.secondary_synchronize_pairs = pairs, secondary_pairs
        self.local_remote_pairs = local_remote
        self.local_columns = {l for l, _ in local_remote}
        self.remote_columns = {r for _, r in local_remote}
        self.foreign_key_columns = {f for _, f in pairs + secondary_pairs}

    def _warn_for_conflicting_sync_targets(self):
        pass  # a warning only (two relationships writing one column); the file is the same


def one_path(a, b, consider):
    """SQLAlchemy's own search for the foreign keys between a and b (join_condition's); the one
    (referenced column, foreign key column) pair when there is exactly one single-column path."""
    found = None if STOCK else table_paths(a, b, consider)
    if found is None:
        from sqlalchemy.sql.selectable import Join
        found = Join._joincond_scan_left_right(a, a, b, consider)
    if len(found) != 1:
        return None
    pairs = next(iter(found.values()))
    return pairs[0] if len(pairs) == 1 else None


PLAIN_COLUMNS = {}


def plain_columns(table):
    """Whether every column of a Table stands only for itself (its proxy_set is itself: no column
    made as a proxy of another), so that corresponding_column finds a column in it exactly when
    it is one of its own."""
    known = PLAIN_COLUMNS.get(id(table))
    if known is None or known[0] is not table:
        known = PLAIN_COLUMNS[id(table)] = (table, all(set(c.proxy_set) == {c} for c in table.columns))
    return known[1]


def table_paths(a, b, consider):
    """What Join._joincond_scan_left_right(a, a, b, consider) finds, for two Tables whose columns
    all stand for themselves (plain_columns): b's foreign keys to a column of a, then (a not b)
    a's to a column of b, by constraint; there fk.get_referent(t) (t.columns.corresponding_column
    of the key's column) is the key's column when t has it, else None. Without building the proxy
    index of every table it is asked about, a third of the search's time. None (SQLAlchemy's own
    search decides, and raises its errors) when a table or a referenced column is not plain, or a
    key does not resolve (its table missing from the metadata)."""
    if not (plain_columns(a) and plain_columns(b)):
        return None
    found = {}
    try:
        for source, other in ((b, a), (a, b)) if a is not b else ((b, a),):
            for fk in sorted(source.foreign_keys, key=lambda fk: fk.parent._creation_order):
                if consider is not None and fk.parent not in consider:
                    continue
                col = fk.column
                if set(col.proxy_set) != {col}:
                    return None
                if other.c.contains_column(col):
                    found.setdefault(fk.constraint, []).append((col, fk.parent))
    except Exception:  # noqa: B902 (a key that does not resolve): SQLAlchemy's search says what it says
        return None
    return found


def simple_join(prop):
    """Sets what RelationshipProperty._setup_join_conditions sets, without _JoinCondition, when the
    relationship is simple; returns False (and sets nothing) when it is not, and _JoinCondition runs.
    Simple: no primaryjoin, secondaryjoin, local_remote_pairs or backref= (back_populates is fine);
    both sides mapped to plain Tables without inheritance (no equivalent columns), not an aliased class;
    exactly one foreign-key path (one constraint, one column) between the two tables, or between
    each table and the secondary Table, as SQLAlchemy's own join_condition() search finds it with
    foreign_keys= considered (for a many-to-many: no foreign_keys=); remote_side, if given, naming
    one of that key's two columns on a self-reference, elsewhere the target's one. The direction,
    the pairs and local/remote are then the ones _JoinCondition derives from that key (its
    _determine_direction, _setup_pairs). Anything else: SQLAlchemy decides, and raises its own errors.
    Sets nothing before it has decided, so an exception on the way leaves _JoinCondition to run."""
    from sqlalchemy import Table
    from sqlalchemy.orm.interfaces import MANYTOMANY, MANYTOONE, ONETOMANY
    args = prop._init_args
    if args.primaryjoin.resolved is not None or args.secondaryjoin.resolved is not None or prop.local_remote_pairs \
            or prop.backref is not None:
        return False  # a backref is made from _JoinCondition's expressions
    parent, target = prop.parent, prop.entity
    if getattr(target, "is_aliased_class", False):
        return False
    for m in (parent, target.mapper):
        if m.inherits is not None or m._inheriting_mappers or m.persist_selectable is not m.local_table \
                or not isinstance(m.local_table, Table):
            return False
    p, c = parent.local_table, target.mapper.local_table
    secondary = args.secondary.resolved
    consider = prop._user_defined_foreign_keys or None
    remote = prop.remote_side
    if secondary is not None:
        if not isinstance(secondary, Table) or consider or remote or p is c or secondary is p or secondary is c:
            return False
        left, right = one_path(p, secondary, None), one_path(c, secondary, None)
        if left is None or right is None or left[1].table is not secondary or right[1].table is not secondary:
            return False
        direction, pairs, secondary_pairs = MANYTOMANY, [left], [right]
        local_remote = [left, right]
    else:
        pair = one_path(p, c, consider)
        if pair is None:
            return False
        referenced, foreign = pair
        if consider is not None and set(consider) != {foreign}:
            return False
        if p is c:
            if not remote or set(remote) == {foreign}:
                direction = ONETOMANY
            elif set(remote) == {referenced}:
                direction = MANYTOONE
            else:
                return False
        else:
            direction = ONETOMANY if foreign.table is c else MANYTOONE
            if remote and set(remote) != {foreign if direction is ONETOMANY else referenced}:
                return False  # remote_side naming the target's column of the key: what it is anyway
        pairs, secondary_pairs = [pair], []
        local_remote = [pair] if direction is ONETOMANY else [(foreign, referenced)]
    jc = SimpleJoin(secondary, direction, pairs, secondary_pairs, local_remote)
    prop._join_condition = jc
    for name, value in JOIN_ATTRIBUTES:  # as _setup_join_conditions copies them from its _JoinCondition
        setattr(prop, name, getattr(jc, value))
    return True


# RelationshipProperty attribute <- _JoinCondition attribute, in _setup_join_conditions' order.
JOIN_ATTRIBUTES = (("primaryjoin", "primaryjoin"), ("secondaryjoin", "secondaryjoin"), ("secondary", "secondary"),
                   ("direction", "direction"), ("local_remote_pairs", "local_remote_pairs"), ("remote_side", "remote_columns"),
                   ("local_columns", "local_columns"), ("synchronize_pairs", "synchronize_pairs"),
                   ("_calculated_foreign_keys", "foreign_key_columns"), ("secondary_synchronize_pairs", "secondary_synchronize_pairs"))


def sqlalchemy_models():
    try:
        from sqlalchemy.orm import mapperlib
    except ImportError:
        fail(3, "no-orm: SQLAlchemy is not installed in this Python")
    try:
        configure([m for r in mapperlib._all_registries() for m in r.mappers])
    except Exception:  # noqa: B902 (whatever SQLAlchemy or a hook raises): the application's mapping error
        mapping_error()
    # A table's class is its topmost mapper's (single-table inheritance maps subclasses to it too);
    # the registries hold their mappers in sets, so the order is made here, whatever the hash seed.
    mappers = sorted((m for r in mapperlib._all_registries() for m in r.mappers if m.local_table is not None),
                     key=lambda m: (m.local_table.schema or "", m.local_table.name, len(list(m.iterate_to_root())),
                                    m.class_.__module__, m.class_.__qualname__))
    if not mappers:
        return []
    classes = {}
    for m in mappers:
        classes.setdefault(m.local_table.key, m.class_.__name__)
    tables = {}
    metadatas = {id(m.local_table.metadata): m.local_table.metadata for m in mappers}
    for md in metadatas.values():
        for t in md.tables.values():
            tables.setdefault(t.key, t)
    out = {key: sa_table(t, classes) for key, t in tables.items()}
    for m in mappers:
        # Each relationship on the table of the mapper that declares it: a subclass's inherited ones
        # (prop.parent is the base's mapper) are the base table's; a single-table subclass's own are
        # its (shared) table's, the first of a name there kept.
        rels = out[m.local_table.key]["relationships"]
        for prop in sorted(m.relationships, key=lambda p: p.key):
            if prop.parent is m and prop.key not in [r["name"] for r in rels]:
                rels.append(sa_relationship(prop))
    for m in mappers:
        inheritance_link(m, out)
    return [out[k] for k in sorted(out, key=lambda k: (tables[k].schema or "", tables[k].name))]


def snake(name):
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def inheritance_link(m, out):
    """Joined-table inheritance: the subclass's table's key to its base's, as a one-to-one both ways
    (as Django's parent link): on the subclass's table `"holds_key"` and `"parent_link"` (deleting
    its row deletes the base's after it, as SQLAlchemy's unit of work does), on the base's a
    one-to-one with a delete cascade (deleting a base row that is a subclass's deletes that row
    first). Named after the classes (`employee`, `engineer`), `_row` added while a name is taken."""
    base = m.inherits
    if base is None or m.concrete or m.local_table is base.local_table:
        return
    pairs = [(b, c) for b, c in m._inherits_equated_pairs if b.table is base.local_table and c.table is m.local_table]
    if not pairs or m.local_table.key not in out or base.local_table.key not in out:
        return

    def free(name, mapper, rels):
        taken = set(mapper.all_orm_descriptors.keys()) | set(mapper.local_table.columns.keys()) | {r["name"] for r in rels}
        while name in taken:
            name += "_row"
        return name
    child_rels, base_rels = out[m.local_table.key]["relationships"], out[base.local_table.key]["relationships"]
    up, down = free(snake(base.class_.__name__), m, child_rels), free(snake(m.class_.__name__), base, base_rels)
    common = {"loading": "lazy", "passive_deletes": False, "order_by": []}
    child_rels.append(dict({"name": up, "kind": "one-to-one", "target": target_name(base.local_table),
                            "columns": [c.name for _, c in pairs], "referenced_columns": [b.name for b, _ in pairs],
                            "back_populates": down, "cascade": []}, holds_key=True, parent_link=True, **common))
    base_rels.append(dict({"name": down, "kind": "one-to-one", "target": target_name(m.local_table),
                           "columns": [c.name for _, c in pairs], "referenced_columns": [b.name for b, _ in pairs],
                           "back_populates": up, "cascade": ["delete"]}, **common))


# Importing the application


def share_generated_code():
    """SQLAlchemy compiles the __init__ it gives each mapped class from a text made for the class
    (orm.instrumentation._generate_init, through util.langhelpers.exec_code_in_env): the same text
    for every class with the same constructor, compiled again each time (300 compiles on a
    300-model application, 3% of its import's instructions). langhelpers' compile is made to reuse
    the code of a text it compiled before, with the new file name (the only thing that differs: the
    description of the class, which tracebacks and linecache show) set on it and on the code nested
    in it. The compiler flags are langhelpers' own __future__ imports, which compile() would inherit
    there: the code is what SQLAlchemy's compile makes, constant for constant. Every other use of
    compile (other modes, flags) goes to compile(). Nothing when SQLAlchemy is not importable (the
    application's import then fails or maps nothing on its own) or has no such compile, or with
    ORMSCOPE_MODELS_STOCK=1. Installed before the application is imported, which imports SQLAlchemy
    first (in the same sys.path) instead of at its own first `import sqlalchemy`."""
    if STOCK:
        return
    try:
        import importlib.util
        if importlib.util.find_spec("sqlalchemy") is None:
            return
        from sqlalchemy.util import langhelpers
    except Exception:  # noqa: B902 (whatever a broken install raises): the application's import says it
        return
    if not callable(getattr(langhelpers, "exec_code_in_env", None)) or "compile" in vars(langhelpers):
        return
    import __future__
    flags = 0
    for value in vars(langhelpers).values():
        if isinstance(value, __future__._Feature):
            flags |= value.compiler_flag
    compiled = {}

    def named(code, filename):
        return code.replace(co_filename=filename, co_consts=tuple(
            named(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts))

    def compile_once(source, filename, mode, *rest, **options):
        if rest or options or mode != "exec" or type(source) is not str or type(filename) is not str:
            return inherited_compile(source, filename, mode, flags, rest, options)
        code = compiled.get(source)
        if code is None:
            code = compiled[source] = compile(source, filename, mode, flags, True)
            return code
        return code if code.co_filename == filename else named(code, filename)

    langhelpers.compile = compile_once


def inherited_compile(source, filename, mode, flags, rest, options):
    """compile() as called from a module whose __future__ imports are `flags`."""
    args = list(rest)
    given = args.pop(0) if args else options.pop("flags", 0)
    inherit = args.pop(0) if args else options.pop("dont_inherit", False)
    return compile(source, filename, mode, given | (0 if inherit else flags), True, *args, **options)


def dumps(value):
    """json.dumps(value, indent=1), which with an indent runs the json module's Python encoder (a
    generator per level); the same text, written by one recursive function with the C string
    encoder: about 2.5 times as fast on a 300-model file. For the file's values (dicts with string
    keys, lists, strings, integers, booleans, None); anything else, and ORMSCOPE_MODELS_STOCK=1:
    json.dumps."""
    if STOCK:
        import json
        return json.dumps(value, indent=1)
    try:  # the json package itself (its decoder, its patterns) only when it is needed: about 1 ms
        from _json import encode_basestring_ascii as text
    except ImportError:
        from json.encoder import encode_basestring_ascii as text
    out = []
    add = out.append

    class Other(Exception):
        pass

    def write(v, pad):
        t = type(v)
        if t is str or isinstance(v, str):
            add(text(v))
        elif v is None:
            add("null")
        elif v is True:
            add("true")
        elif v is False:
            add("false")
        elif t is int:
            add(int.__repr__(v))
        elif t is dict:
            if not v:
                add("{}")
                return
            inner = pad + " "
            before = "{" + inner
            for k, x in v.items():
                if not isinstance(k, str):
                    raise Other
                add(before)
                add(text(k))
                add(": ")
                write(x, inner)
                before = "," + inner
            add(pad)
            add("}")
        elif t is list:
            if not v:
                add("[]")
                return
            inner = pad + " "
            before = "[" + inner
            for x in v:
                add(before)
                write(x, inner)
                before = "," + inner
            add(pad)
            add("]")
        else:
            raise Other
    try:
        write(value, "\n")
    except (Other, RecursionError):
        import json
        return json.dumps(value, indent=1)
    return "".join(out)


# Django

# Django's field classes (get_internal_type()) by the kind drift compares: their DDL type depends on
# the settings' ENGINE (a UUIDField is char(32) on SQLite, uuid on PostgreSQL; a JSONField text or
# jsonb), so the file says the kind as well. DurationField (bigint / interval) and the IP address
# fields (char(39) / inet) have none.
KINDS = dict([(t, "integer") for t in ("AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
                                       "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
                                       "PositiveBigIntegerField")]
             + [(t, "number") for t in ("FloatField", "DecimalField")]
             + [(t, "text") for t in ("CharField", "TextField", "SlugField", "FileField", "FilePathField", "ImageField")]
             + [("BooleanField", "boolean"), ("NullBooleanField", "boolean"), ("BinaryField", "binary"), ("UUIDField", "uuid"),
                ("DateField", "date"), ("TimeField", "time"), ("DateTimeField", "timestamp"), ("JSONField", "json")])


def on_delete_name(on_delete):
    """CASCADE, SET_NULL, PROTECT, ...; SET(value) and SET(callable) are both `SET`."""
    name = getattr(on_delete, "__name__", None) or type(on_delete).__name__
    return "SET" if name == "set_on_delete" else name


def on_delete_value(field):
    """The constant Django's SET_DEFAULT (the field's default) or SET(value) (its argument) writes in
    the key, as (True, value); (False, None) for any other on_delete, a callable, a model instance or
    a value JSON cannot hold: those stay the application's to apply."""
    on_delete = field.remote_field.on_delete
    name = on_delete_name(on_delete)
    if name == "SET_DEFAULT":
        if not field.has_default():
            return False, None
        value = field.default
    elif name == "SET":
        args = getattr(on_delete, "deconstruct", lambda: (None, (), {}))()[1]
        if len(args) != 1:
            return False, None
        value = args[0]
    else:
        return False, None
    if value is None or type(value) in (bool, int, str) or type(value) is float and value == value and abs(value) != float("inf"):
        return True, value
    return False, None  # (a callable, a model instance, a UUID, a date: not a plain constant)


def dj_ordering(meta):
    """A model's Meta.ordering as the models file's order_by (columns, `-` for descending), which
    Django applies to its related managers and prefetches (`author.books.all()`); empty when it has
    none or when an entry is not a plain field name (an expression, a lookup across a relation, `?`):
    then the collection is not said to have an order rather than half of one."""
    out = []
    for term in meta.ordering or []:
        if not isinstance(term, str) or "__" in term or term.lstrip("-") in ("", "?"):
            return []
        name = term.lstrip("-")
        try:
            column = meta.pk.column if name == "pk" else meta.get_field(name).column
        except Exception:  # noqa: B902 (a name Django resolves otherwise): no order said
            return []
        out.append(("-" if term.startswith("-") else "") + column)
    return out


def with_ordering(rel, meta):
    """`rel` with the target's Meta.ordering as its order_by, when it has one."""
    order = dj_ordering(meta)
    if order:
        rel["order_by"] = order
    return rel


def django_models(settings):
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    try:
        import django
    except ImportError:
        fail(3, "no-orm: Django is not installed in this Python")
    try:
        django.setup()
    except Exception:
        import_error("django:" + settings)
    from django.apps import apps
    from django.db import connection, models as dj
    editor = connection.SchemaEditorClass(connection)

    def column_type(f):
        try:
            return f.db_type(connection)
        except Exception:
            return None

    def hidden(rel):
        h = getattr(rel, "hidden", None)  # a property since Django 5.1; is_hidden() before
        return h if isinstance(h, bool) else rel.is_hidden()

    def accessor(rel):
        """The reverse relation's name: its accessor, or for one Django hides (related_name '+',
        a symmetrical many-to-many's own reverse) `+TABLE.FIELD`, its field's table and name, which no
        Python name can collide with. Django's collector follows hidden relations as any other."""
        if not hidden(rel):
            return rel.get_accessor_name()
        if rel.field.model._meta.auto_created:
            return None  # an auto-created through model's key: its many-to-many is written instead
        return "+%s.%s" % (rel.field.model._meta.db_table, rel.field.name)

    def kind(f):
        """The kind the field means on every backend (KINDS), when its type is Django's own."""
        while f.is_relation and getattr(f, "target_field", None) is not None and f.target_field is not f:
            f = f.target_field
        if not type(f).db_type.__module__.startswith("django."):
            return None  # a field class of the application's with its own db_type
        return KINDS.get(f.get_internal_type())

    editors = []

    def index_editors():
        """(backend, connection, schema editor) for PostgreSQL and SQLite: the settings' own, and the
        other made from Django's backend with a connect() that refuses (compiling never needs one).
        A backend Django cannot load here (psycopg not installed) is left out."""
        if editors:
            return editors
        from django.db.utils import ConnectionHandler

        def refuse(*args, **kwargs):
            raise RuntimeError("the exporter never connects")
        for vendor, engine, name in (("postgresql", "django.db.backends.postgresql", "ormscope-never-connects"),
                                     ("sqlite", "django.db.backends.sqlite3", ":memory:")):
            if connection.vendor == vendor:
                editors.append((vendor, connection, editor))
                continue
            try:
                other = ConnectionHandler({"default": {"ENGINE": engine, "NAME": name}})["default"]
                other.connect = refuse
                editors.append((vendor, other, other.SchemaEditorClass(other)))
            except Exception:
                pass
        if not editors:
            editors.append((connection.vendor, connection, editor))
        return editors

    def dj_index(model, i, columns, unique):
        """An index (or a unique constraint that is one) with its condition ("where": null for a full
        one) and key expressions, compiled as the schema editor compiles them for each backend
        (`"status"::text LIKE 'a%'` on PostgreSQL, `"status" LIKE 'a%' ESCAPE '\\'` on SQLite), without
        connecting: one text when they agree. Only the settings' backend when the other cannot compile it."""
        from django.db.models.indexes import IndexExpression
        from django.db.models.sql.query import Query
        entry = {"name": i.name, "columns": columns, "unique": unique, "where": None}
        if i.condition is None and not i.expressions:
            return entry
        where, expressions = {}, {}
        for vendor, conn, ed in index_editors():
            try:
                if i.condition is not None:
                    where[vendor] = i._get_condition_sql(model, ed)
                if i.expressions:
                    query = Query(model, alias_cols=False)
                    compiler = query.get_compiler(connection=conn)
                    keys = []
                    for e in i.expressions:
                        sql, params = compiler.compile(IndexExpression(e).resolve_expression(query))
                        sql = sql % tuple(ed.quote_value(p) for p in params)
                        # (IndexExpression's own parentheses, which the statement's text keeps, are not the key's.)
                        keys.append(sql[1:-1] if sql.startswith("(") and sql.endswith(")") and balanced(sql[1:-1]) else sql)
                    expressions[vendor] = keys
            except Exception:
                if conn is connection:
                    raise
                where.pop(vendor, None)  # (the other backend's compile failed: the settings' text alone)
        def written(texts):
            return per_backend(texts) if len(texts) == 2 else next(iter(texts.values()))
        if where:
            entry["where"] = written(where)
        if expressions:
            entry["expressions"] = written(expressions)
        return entry

    out = []
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.db_table):
        meta = model._meta
        if meta.proxy:
            continue
        table = meta.db_table
        fields = [f for f in meta.local_fields if f.concrete]
        entry = {"class": model.__name__, "table": table, "columns": [], "primary_key": [meta.pk.column] if meta.pk else [],
                 "unique": [], "indexes": [], "foreign_keys": [], "relationships": []}
        if not meta.managed:
            entry["managed"] = False  # the application's model of a table its migrations do not make (a view, a legacy table)
        for f in fields:
            default = getattr(f, "db_default", dj.NOT_PROVIDED)
            entry["columns"].append({"name": f.column, "type": column_type(f), "kind": kind(f), "nullable": bool(f.null),
                                     "default": None if default is dj.NOT_PROVIDED else str(default)})
            if f.unique and not f.primary_key:
                entry["unique"].append({"name": None, "columns": [f.column]})
            if f.db_index and not f.unique:
                entry["indexes"].append({"name": editor._create_index_name(table, [f.column], suffix=""),
                                         "columns": [f.column], "unique": False, "where": None})
            if f.is_relation and f.many_to_one or f.one_to_one and f.is_relation:
                target = f.related_model._meta
                if f.db_constraint:  # db_constraint=False: the ORM's relation, with no key in the database
                    entry["foreign_keys"].append({"name": None, "columns": [f.column], "references": target.db_table,
                                                  "referenced_columns": [f.target_field.column]})
                back = accessor(f.remote_field)
                rel = {"name": f.name, "kind": "one-to-one" if f.one_to_one else "many-to-one", "target": target.db_table,
                       "columns": [f.column], "referenced_columns": [f.target_field.column], "back_populates": back,
                       "loading": "lazy", "on_delete": on_delete_name(f.remote_field.on_delete)}
                known, value = on_delete_value(f)
                if known:
                    rel["on_delete_value"] = value
                if f.one_to_one:
                    rel["holds_key"] = True  # the OneToOneField's key is on this model, not on the target
                    if f.remote_field.parent_link:
                        rel["parent_link"] = True  # multi-table inheritance: deleting this row deletes the parent's
                entry["relationships"].append(rel)
        for names in meta.unique_together:
            entry["unique"].append({"name": None, "columns": [meta.get_field(n).column for n in names]})
        for c in meta.constraints:
            if not isinstance(c, dj.UniqueConstraint):
                continue  # (checks are not compared)
            columns = [meta.get_field(n).column for n in c.fields]
            if c.fields and c.condition is None and not c.expressions:
                entry["unique"].append({"name": c.name, "columns": columns})
            else:
                # A partial unique (condition) or one on expressions is a unique index in the database.
                entry["indexes"].append(dj_index(model, c, [] if c.expressions else columns, True))
        for i in meta.indexes:
            columns = [meta.get_field(n.lstrip("-")).column for n in i.fields]
            entry["indexes"].append(dj_index(model, i, [] if i.expressions else columns, False))
        # A many-to-many's through rows go with the row: CASCADE, as the through model's keys say.
        for f in meta.local_many_to_many:
            through = f.remote_field.through._meta
            back = accessor(f.remote_field)
            entry["relationships"].append(with_ordering({
                "name": f.name, "kind": "many-to-many", "target": f.related_model._meta.db_table,
                "secondary": {"table": through.db_table, "columns": [f.m2m_column_name()], "target_columns": [f.m2m_reverse_name()]},
                "back_populates": back, "loading": "lazy", "on_delete": "CASCADE"}, f.related_model._meta))
        # A GenericRelation: the target's rows of this model's content type (Django's collector deletes them).
        for f in meta.private_fields:
            if not hasattr(f, "bulk_related_objects") or not f.is_relation:
                continue
            other = f.related_model._meta
            ct = other.get_field(f.content_type_field_name)
            owner = meta.concrete_model._meta if f.for_concrete_model else meta
            entry["relationships"].append({
                "name": f.name, "kind": "one-to-many", "target": other.db_table,
                "columns": [other.get_field(f.object_id_field_name).column], "referenced_columns": [meta.pk.column],
                "generic": {"content_type_column": ct.column, "content_type_table": ct.related_model._meta.db_table,
                            "app_label": owner.app_label, "model": owner.model_name},
                "back_populates": None, "loading": "lazy", "on_delete": "CASCADE"})
        # Every reverse relation, hidden ones too (related_name='+', a symmetrical many-to-many's other
        # column), in the order Django's collector walks them (get_candidate_relations_to_delete's).
        for rel in meta._get_fields(forward=False, reverse=True, include_hidden=True):
            if rel.related_model._meta.auto_created and not rel.many_to_many:
                continue  # an auto-created through model's key: its many-to-many stands for it
            if hasattr(rel.field, "bulk_related_objects"):
                continue  # a GenericRelation's other side: it has no key column (the generic relation stands for it)
            if rel.model._meta.concrete_model is not model._meta.concrete_model:
                continue  # a parent's (multi-table inheritance): its key is to the parent's table, which lists it
            name = accessor(rel)
            other = rel.related_model._meta
            if rel.many_to_many:
                field = rel.field
                entry["relationships"].append(with_ordering({
                    "name": name, "kind": "many-to-many", "target": other.db_table,
                    "secondary": {"table": field.remote_field.through._meta.db_table,
                                  "columns": [field.m2m_reverse_name()], "target_columns": [field.m2m_column_name()]},
                    "back_populates": field.name, "loading": "lazy", "on_delete": "CASCADE"}, other))
            else:
                field = rel.field
                reverse = {
                    "name": name, "kind": "one-to-one" if rel.one_to_one else "one-to-many", "target": other.db_table,
                    "columns": [field.column], "referenced_columns": [field.target_field.column],
                    "back_populates": field.name, "loading": "lazy", "on_delete": on_delete_name(rel.on_delete)}
                known, value = on_delete_value(field)
                if known:
                    reverse["on_delete_value"] = value  # what the delete writes in the children's key
                entry["relationships"].append(reverse if rel.one_to_one else with_ordering(reverse, other))
        out.append(entry)
    return out


def main(argv):
    # A short run that exits when it has printed: the cyclic garbage collector's passes over the
    # objects that importing the application and configure_mappers() create (a 300-model app: about
    # 20% of the CPU) would free nothing that the exit does not. Reference counting still frees.
    gc.disable()
    if len(argv) != 2 or ":" not in argv[1]:
        fail(64, "usage: ormscope_models.py python:PACKAGE.MODULE | django:SETTINGS_MODULE")
    spec = argv[1]
    kind, _, target = spec.partition(":")
    # What the application prints while importing and configuring (settings that print, logging
    # to stdout) goes to stderr: fd 1 is kept, private, for the file alone.
    sys.stdout.flush()
    out = os.dup(1)
    os.dup2(2, 1)
    head = {"format": FORMAT, "source": spec}
    sys.path.insert(0, os.getcwd())
    if kind == "python":
        share_generated_code()
        try:
            importlib.import_module(target)
        except BaseException as e:  # noqa: B902 (SystemExit from the module is an import failure too)
            if isinstance(e, KeyboardInterrupt):
                raise
            import_error(spec)
        models = sqlalchemy_models()
    elif kind == "django":
        models = django_models(target)
        from django.db import connection
        # Django's DDL types are the settings' ENGINE's (integer for a BigAutoField on SQLite, bigint
        # on PostgreSQL): drift compares a kind's width, precision and zone only on that backend.
        head["dialect"] = connection.vendor
    else:
        fail(64, "unknown-kind: %s" % kind)
    if not models:
        fail(4, "no-models: %s maps no models" % spec)
    # One write: json.dump() writes each token on its own, which unbuffered (PYTHONUNBUFFERED) is a
    # system call each (85,000 for a 300-model app) and as many wake-ups of ormscope reading the pipe.
    data = memoryview((dumps(dict(head, models=models)) + "\n").encode("utf-8"))
    sys.stdout.flush()
    while data:  # (a pipe may take part of it)
        data = data[os.write(out, data):]
    sys.stderr.flush()
    # Done: the interpreter's finalization would free every object the application and its mappers
    # made, one by one (a 300-model app: about a third of a second after the file is written, while
    # ormscope waits for the exit). Nothing is left to write or close.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
