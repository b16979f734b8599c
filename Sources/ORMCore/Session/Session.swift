/// The unit of work over one database: an identity map, pending inserts, changes and deletes,
/// written by `flush` in dependency order and made durable by `commit`.
///
/// Semantics follow SQLAlchemy 2.0's `Session`:
/// - `get` answers from the identity map without SQL when the object is loaded and not expired;
/// - queries autoflush pending changes first (`autoflush`);
/// - `commit` expires every loaded object when `expireOnCommit` is set (the default), so the next
///   attribute read runs `SELECT ... WHERE pk = ?` (logged as `refreshExpired`);
/// - `rollback` discards pending objects and expires the rest.
///
/// One difference, chosen for an interactive tool: when a flush fails (a constraint violation,
/// a stale row), the session rolls the transaction back itself, restores every object to where it
/// stood before the transaction, and keeps the unflushed changes, so the user can correct a value
/// and flush again. Nothing is half-written.
///
/// Not `Sendable`: use it from one thread, or through `AsyncDatabase` from async code.
public final class Session {
    public let database: Database
    public internal(set) var registry: Registry
    public var expireOnCommit: Bool
    public var autoflush: Bool
    /// When set, an UPDATE also requires the changed columns to still hold the values they were
    /// read with (`... AND "age" IS NOT DISTINCT FROM ?`); a row changed meanwhile is a
    /// `SessionError.conflict`, never overwritten silently.
    public var detectConflicts = false

    /// Each model's layout and identity table (the identity map, split by model).
    var layouts: [String: ModelLayout] = [:]
    /// Identity tables by `ModelLayout.index`.
    var tables: [IdentityTable] = []
    /// The last result's columns and whether they are a model's fields in order (checked once per result).
    var lastColumns: (columns: Columns, layout: ModelLayout, inOrder: Bool)?
    var pending: [Entity] = []
    /// The sequences writes moved past the keys they gave (`Database.catchUpSequences`), since the
    /// last `takeSequenceMoves()`: what the command line and the explorer say after a write.
    var sequenceMoves: [Database.SequenceMove] = []
    var deleted: [Entity] = []
    /// Persistent entities with unflushed changes, in the order they were first changed.
    var dirtyOrder: [Entity] = []
    /// Entity states at the start of the current transaction, restored if it rolls back.
    var journal = Journal()
    /// Strategies set per relationship (`Hero.team`), used when a query gives no option for it.
    var defaultStrategies: [String: LoadStrategy] = [:]
    /// The models on the path of the eager load running now (the queried model first): an
    /// application's default strategy (a models file's `loading`) does not chain into a model
    /// already on it, as SQLAlchemy's eager loaders stop at a mapper already in their path.
    var loadPath: [String] = []
    /// Recent eager loads, to warn about those whose rows were never read.
    var eagerLoads: [EagerLoadRecord] = []
    /// Numbers each joined query, so its lists can tell themselves from older ones.
    var nextLoadID = 0

    /// Opens a session; reads the registry from the database when none is given.
    /// What entities hold to find their session: one shared weak reference instead of one per entity.
    let ref = SessionRef()

    public init(_ database: Database, registry: Registry? = nil, expireOnCommit: Bool = true, autoflush: Bool = true) throws {
        self.database = database
        self.registry = try registry ?? database.introspect()
        if registry != nil { database.storedValues = StoredValueMap(self.registry) }
        self.expireOnCommit = expireOnCommit
        self.autoflush = autoflush
        ref.session = self
    }

    public func model(_ name: String) throws -> Model { try registry.require(name) }

    /// The layout (and identity table) of a model in this session.
    func layout(_ model: Model) -> ModelLayout {
        if let l = layouts[model.qualifiedName] { return l }
        let l = ModelLayout(model, index: tables.count)
        tables.append(IdentityTable())
        layouts[model.qualifiedName] = l
        return l
    }

    /// The identity table of a model's layout.
    @inline(__always)
    func identities(_ layout: ModelLayout) -> IdentityTable { tables[layout.index] }

    /// The persistent entity with this identity, if loaded.
    func lookup(_ identity: IdentityKey) -> Entity? { layouts[identity.model].flatMap { identities($0)[identity.key] } }

    func register(_ e: Entity) { identities(e.layout).insert(e) }

    func unregister(_ e: Entity, key: [Value]? = nil) {
        if let key = key ?? e.layout.key(in: e.values), identities(e.layout)[key] === e { identities(e.layout)[key] = nil }
    }

    // MARK: Reading

    /// The row with this primary key: from the identity map without SQL when loaded and not
    /// expired, else `SELECT * FROM t WHERE pk = ?`.
    /// Whether a row is in the identity map (so `get` would run no SQL for it).
    public func isInIdentityMap(_ modelName: String, _ key: [Value]) -> Bool {
        guard let model = try? self.model(modelName) else { return false }
        return identities(layout(model))[key] != nil
    }

    public func get(_ modelName: String, _ key: [Value]) throws -> Entity? {
        let model = try self.model(modelName)
        guard !model.primaryKey.isEmpty else { throw SchemaError.noPrimaryKey(model: model.qualifiedName, what: model.kindPhrase) }
        guard key.count == model.primaryKey.count else {
            throw SessionError.invalidState("\(model.qualifiedName)'s primary key has \(model.primaryKey.count) column(s) (\(model.primaryKey.joined(separator: ", "))); \(key.count) value(s) were given.")
        }
        if let e = identities(layout(model))[key], e.state == .persistent {
            if e.isExpired { try reloadExpired(e) }
            return e
        }
        try autoflushIfNeeded()
        return try load(Select(from: model.table, where: .keyEquals(model.primaryKey, key)), model: model, plan: LoadPlan()).first
    }

    /// Like `get`, but a missing row is `SessionError.noResult` naming the model and key.
    public func require(_ modelName: String, _ key: [Value]) throws -> Entity {
        if let e = try get(modelName, key) { return e }
        let model = try self.model(modelName)
        throw SessionError.noResult(model: model.qualifiedName, key: "\(model.primaryKey.joined(separator: ", ")) = \(key.map { $0.displayText ?? "NULL" }.joined(separator: ","))")
    }

    /// Rows of a model as entities, in the identity map, with relationships loaded as `options` say.
    ///
    /// ```sql
    /// SELECT * FROM "hero" WHERE "age" > ? ORDER BY "name" ASC LIMIT 10
    /// ```
    /// Options are checked against the registry before any SQL runs.
    public func query(_ modelName: String, where predicate: SQLExpression? = nil, orderBy: [OrderTerm] = [],
                      limit: Int? = nil, offset: Int? = nil, options: [LoadOption] = []) throws -> [Entity] {
        let model = try self.model(modelName)
        let plan = try LoadPlan.build(options, model: model, registry: registry)
        try autoflushIfNeeded()
        return try load(Select(from: model.table, where: predicate, orderBy: orderBy, limit: limit, offset: offset),
                        model: model, plan: plan)
    }

    /// Rows of a model for a select of that model (its own WHERE, ORDER BY, LIMIT), loaded as
    /// `options` say. Options are checked before any SQL runs.
    public func query(_ modelName: String, _ select: Select, options: [LoadOption] = []) throws -> [Entity] {
        let model = try self.model(modelName)
        let plan = try LoadPlan.build(options, model: model, registry: registry)
        try autoflushIfNeeded()
        return try load(select, model: model, plan: plan)
    }

    /// A page's rows: the select asks for `shown + 1` rows (the extra one only tells whether there is
    /// a next page), and relationships are loaded for the first `shown` rows only, so the counts stay
    /// SQLAlchemy's (a page of 1,000 teams with `heroes:selectin` is 3 statements, not 4; joined is one
    /// statement whose joins skip the extra row). All rows come back, the extra one last, unloaded.
    ///
    /// `previewing` fields (see `previewableFields`) are read as previews: their long values stay
    /// in the database until read (`Entity.get`, `readWhole`).
    public func queryPage(_ modelName: String, _ select: Select, shown: Int, options: [LoadOption] = [],
                          previewing: [String] = []) throws -> [Entity] {
        let model = try self.model(modelName)
        let plan = try LoadPlan.build(options, model: model, registry: registry)
        try autoflushIfNeeded()
        return try load(select, model: model, plan: plan, shown: shown, previewing: previewing)
    }

    /// Exactly one row, or `SessionError.noResult` / `.multipleResults` (SQLAlchemy's `one()`).
    public func one(_ modelName: String, where predicate: SQLExpression) throws -> Entity {
        let rows = try query(modelName, where: predicate, limit: 2)
        guard let first = rows.first else { throw SessionError.noResult(model: modelName) }
        if rows.count > 1 { throw SessionError.multipleResults(model: modelName, count: rows.count) }
        return first
    }

    /// `SELECT count(*) FROM t WHERE ...`.
    public func count(_ modelName: String, where predicate: SQLExpression? = nil) throws -> Int {
        let model = try self.model(modelName)
        try autoflushIfNeeded()
        let row = try database.fetchOne(.select(Select(from: model.table, where: predicate).count()), cause: .count)
        if case .int(let n)? = row?[0] { return Int(n) }
        return Int(row?[0].displayText ?? "") ?? 0
    }

    /// An estimate of a model's rows for one the catalog gave none (SQLite reads them for at most
    /// 500 tables when the registry is read): its largest rowid, read from the end of its b-tree
    /// without a scan. Nil where that is no estimate (PostgreSQL, which always has one; a view; a
    /// table without rowid; a virtual table's shadow table, whose rowids are its own codes).
    ///
    /// ```sql
    /// SELECT max("rowid") FROM "t0999"
    /// ```
    public func estimateRows(_ model: Model) -> Int? {
        guard database.dialect == .sqlite, model.kind == .table, model.shadowOf == nil else { return nil }
        let select = Select(from: model.table, items: [SelectItem(.function(.max, [.rowIdentity(avoiding: model.fieldNames, list: false)]))])
        // A table without rowid refuses the statement: no estimate, and no error for the page.
        guard let row = try? database.fetchOne(.select(select), cause: .estimate(table: model.qualifiedName)) else { return nil }
        if case .int(let n) = row[0] { return Int(n) }
        return row[0].isNull ? 0 : nil
    }

    /// `SELECT EXISTS (SELECT 1 FROM t WHERE ...)`.
    public func exists(_ modelName: String, where predicate: SQLExpression? = nil) throws -> Bool {
        let model = try self.model(modelName)
        try autoflushIfNeeded()
        return try rowExists(model, where: predicate)
    }

    /// The EXISTS statement without autoflush (a flush uses it to tell a conflict from a deleted row).
    func rowExists(_ model: Model, where predicate: SQLExpression?) throws -> Bool {
        let row = try database.fetchOne(.select(Select(from: model.table, where: predicate).exists()))
        switch row?[0] {
        case .bool(let b)?: return b
        case .int(let n)?: return n != 0
        default: return false
        }
    }

    /// The entity for a result row of `model`: the one already in the identity map (refreshed if
    /// expired, otherwise left with its unflushed changes) or a new persistent one.
    func merge(row: Row, model: Model) -> Entity { merge(row: row, layout: layout(model)) }

    func merge(row: Row, layout: ModelLayout) -> Entity {
        if let last = lastColumns, last.columns === row.columns, last.layout === layout {
            if last.inOrder { return merge(row.values, offset: 0, layout: layout, table: tables[layout.index]) }
        } else {
            lastColumns = (row.columns, layout, row.columns.names == layout.columns.names)
            if lastColumns!.inOrder { return merge(row.values, offset: 0, layout: layout, table: tables[layout.index]) }
        }
        return merge(layout.model.fieldNames.map { row[$0] ?? .null }, offset: 0, layout: layout)
    }

    /// The entity whose fields are `values[offset ..< offset + field count]`, in model field order.
    func merge(_ values: [Value], offset: Int, layout: ModelLayout) -> Entity {
        merge(values, offset: offset, layout: layout, table: identities(layout))
    }

    /// The same with the model's identity table already at hand (hot loops look it up once).
    @inline(__always)
    func merge(_ values: [Value], offset: Int, layout: ModelLayout, table: IdentityTable) -> Entity {
        let n = layout.columns.count
        if layout.keyPositions.count == 1, case .int(let key) = values[offset + layout.keyPositions[0]] {
            let (e, isNew) = table.findOrInsert(key) {
                let e = Entity(layout: layout, values: offset == 0 && values.count == n ? values : Array(values[offset..<(offset + n)]), state: .persistent)
                e.sessionRef = ref
                return e
            }
            if !isNew && e.isExpired {
                e.values = Array(values[offset..<(offset + n)])
                e.previews = nil
                e.isExpired = false
            }
            return e
        }
        if let existing = table.find(values, offset: offset, layout: layout) {
            if existing.isExpired {
                existing.values = Array(values[offset..<(offset + n)])
                existing.previews = nil
                existing.isExpired = false
            }
            return existing
        }
        let own = offset == 0 && values.count == n ? values : Array(values[offset..<(offset + n)])
        let e = Entity(layout: layout, values: own, state: .persistent)
        e.sessionRef = ref
        table.insert(e)
        return e
    }

    // MARK: Adding, changing, deleting

    /// A new pending row, validated against the schema now; inserted at the next flush.
    public func new(_ modelName: String, _ values: [String: Value]) throws -> Entity {
        let model = try self.model(modelName)
        if model.isReadOnly { throw SchemaError.readOnly(model) }
        try Validator.validate(values, model: model, isInsert: true)
        let e = Entity(layout: layout(model), values: model.fieldNames.map { values[$0] ?? .null }, state: .pending)
        e.changedFields = model.fieldNames.filter { values[$0] != nil }
        add(e)
        return e
    }

    /// Puts a pending entity into the session.
    public func add(_ e: Entity) {
        guard e.state == .pending || e.state == .detached, !pending.contains(where: { $0 === e }) else { return }
        e.session = self
        e.state = .pending
        pending.append(e)
    }

    /// Marks a persistent entity for deletion at the next flush (a pending one is simply dropped).
    public func delete(_ e: Entity) throws {
        switch e.state {
        case .pending:
            pending.removeAll { $0 === e }
            e.state = .detached
        case .persistent:
            guard e.session === self else { throw SessionError.invalidState("That object belongs to another session.") }
            if e.model.isReadOnly { throw SchemaError.readOnly(e.model) }
            e.state = .deleted
            deleted.append(e)
        case .deleted: return
        case .detached: throw SessionError.invalidState("That object is not in the session (detached), so it cannot be deleted.")
        }
    }

    func markDirty(_ e: Entity) {
        if e.state == .persistent, !dirtyOrder.contains(where: { $0 === e }) { dirtyOrder.append(e) }
    }

    /// Entities with unflushed work: pending inserts, changed rows, deletes.
    public var hasChanges: Bool {
        !pending.isEmpty || !deleted.isEmpty || dirtyOrder.contains { !$0.changedFields.isEmpty }
    }

    /// How many rows the next flush will write.
    public var stagedCount: Int {
        pending.count + deleted.count + dirtyOrder.filter { !$0.changedFields.isEmpty && $0.state == .persistent }.count
    }

    // MARK: Expiry and refresh

    /// Marks an entity's attributes stale: the next read runs a SELECT.
    public func expire(_ e: Entity) {
        e.isExpired = true
        e.previews = nil
        e.changedFields = []
        e.originals = [:]
    }

    public func expireAll() {
        for t in tables { for e in t.all where e.state == .persistent { expire(e) } }
        dirtyOrder.removeAll()
    }

    /// Re-reads an entity now: `SELECT * FROM t WHERE pk = ?`.
    public func refresh(_ e: Entity) throws {
        try reload(e, cause: .refresh(table: e.model.qualifiedName, key: e.identity?.description ?? "?"))
    }

    func reloadExpired(_ e: Entity) throws {
        try reload(e, cause: .refreshExpired(table: e.model.qualifiedName, key: e.identity?.description ?? "?"))
    }

    private func reload(_ e: Entity, cause: StatementCause) throws {
        guard let identity = e.identity, e.state == .persistent else {
            throw SessionError.invalidState("Only a persistent object can be refreshed.")
        }
        let select = Select(from: e.model.table, where: .keyEquals(e.model.primaryKey, identity.key))
        guard let row = try database.fetchOne(.select(select), cause: cause) else {
            unregister(e)
            e.state = .detached
            throw SessionError.objectDeleted(identity: identity.description)
        }
        e.values = e.model.fieldNames.map { row[$0] ?? .null }
        e.previews = nil
        e.changedFields = []
        e.originals = [:]
        e.isExpired = false
    }

    /// Removes an entity from the session without touching the database.
    public func expunge(_ e: Entity) {
        unregister(e)
        pending.removeAll { $0 === e }
        deleted.removeAll { $0 === e }
        dirtyOrder.removeAll { $0 === e }
        e.state = .detached
        e.session = nil
    }

    /// Empties the identity map (SQLAlchemy's `expunge_all`): the next reads load fresh objects, and
    /// relationships load again by their strategy. Pending changes must be flushed or dropped first.
    public func expungeAll() {
        for t in tables { for e in t.all { e.sessionRef = nil; e.state = .detached } ; t.removeAll() }
        pending.removeAll()
        deleted.removeAll()
        dirtyOrder.removeAll()
        eagerLoads.removeAll()
    }

    /// Drops one entity's unflushed work: a pending row leaves the session, a changed one is
    /// expired (its next read reloads it), a row marked for deletion is kept.
    public func discardChanges(_ e: Entity) {
        switch e.state {
        case .pending: expunge(e)
        case .deleted:
            deleted.removeAll { $0 === e }
            e.state = .persistent
        case .persistent:
            dirtyOrder.removeAll { $0 === e }
            expire(e)
        case .detached: break
        }
    }

    /// Number of objects in the identity map.
    public var identityCount: Int { tables.reduce(0) { $0 + $1.count } }

    /// Whether this identity is loaded (and not expired): a `get` for it runs no SQL.
    public func isLoaded(_ identity: IdentityKey) -> Bool {
        lookup(identity).map { !$0.isExpired } ?? false
    }

    func autoflushIfNeeded() throws {
        if autoflush && hasChanges { try flush() }
    }
}

/// A weak reference to a session, shared by all its entities.
final class SessionRef {
    weak var session: Session?
}
