/// Writing the unit of work: flush, commit, rollback, and the journal that undoes a failed flush.
extension Session {
    struct Snapshot {
        var state: Entity.State
        var values: [Value]
        var previews: [Int: ValuePreview]?
        var changedFields: [String]
        var isExpired: Bool
        var originals: [String: Value]
        var wasPending: Bool
        var wasDeleted: Bool
        var wasDirty: Bool
    }

    /// What writes moved since the last call (sequences past the keys an insert gave), taken once.
    public func takeSequenceMoves() -> [Database.SequenceMove] {
        defer { sequenceMoves = [] }
        return sequenceMoves
    }

    /// Writes pending inserts, changes and deletes, in a transaction (begun if none is open).
    ///
    /// Order: inserts with referenced models first, updates of changed columns only, deletes
    /// with referencing models first. Each statement is logged with cause `flush`:
    /// ```sql
    /// INSERT INTO "team" ("name") VALUES (?) RETURNING *
    /// INSERT INTO "hero" ("name", "team_id") VALUES (?, ?) RETURNING *
    /// SELECT s.seq::text AS sequence, ... setval(s.seq, s.top) ...   -- PostgreSQL, an insert that gave "id"
    /// UPDATE "hero" SET "age" = ? WHERE "id" = ?
    /// DELETE FROM "hero" WHERE "id" = ?
    /// ```
    /// Throws `ValidationError` before any SQL; `DatabaseError` or `SessionError.staleData`
    /// after rolling back, with every object restored and the unflushed changes kept.
    public func flush() throws {
        let updates = dirtyOrder.filter { $0.state == .persistent && !$0.changedFields.isEmpty }
        guard !pending.isEmpty || !updates.isEmpty || !deleted.isEmpty else { return }
        for e in pending { try Validator.validate(e.changes, model: e.model, isInsert: true) }
        for e in updates { try Validator.validate(e.changes, model: e.model, isInsert: false) }
        try writing(pending + updates + deleted) {
            let rank = dependencyRank()
            let inserts = pending.enumerated().sorted { (rank[$0.element.model.qualifiedName] ?? 0, $0.offset) < (rank[$1.element.model.qualifiedName] ?? 0, $1.offset) }.map(\.element)
            // Key columns a sequence fills that an insert gave a value: the sequences move past them after.
            var keyed: [String: (model: Model, columns: Set<String>)] = [:]
            for e in inserts {
                let given = e.model.fields.filter { $0.isAutoIncrement && e.changedFields.contains($0.name) }.map(\.name)
                if !given.isEmpty { keyed[e.model.qualifiedName, default: (e.model, [])].columns.formUnion(given) }
                try insert(e)
            }
            for name in keyed.keys.sorted() { sequenceMoves += try database.catchUpSequences(of: keyed[name]!.model, columns: keyed[name]!.columns) }
            pending.removeAll()
            for e in updates { try update(e) }
            dirtyOrder.removeAll()
            let deletes = deleted.enumerated().sorted { (-(rank[$0.element.model.qualifiedName] ?? 0), $0.offset) < (-(rank[$1.element.model.qualifiedName] ?? 0), $1.offset) }.map(\.element)
            for e in deletes { try delete(row: e) }
            deleted.removeAll()
        }
    }

    /// Runs writes all-or-nothing. With no transaction open it begins one, and a failure rolls it
    /// back and restores every object to where it stood before the transaction. Inside an open
    /// transaction (earlier flushes, manual mode) it writes under a SAVEPOINT, and a failure rolls
    /// back to it and restores only the objects of this write: earlier work in the transaction stays.
    /// When the database ended the whole transaction instead (SQLite rolls back an interrupted
    /// write's transaction; a lost connection loses it), every object of the transaction is put
    /// back as `rollback()` does, so the session never claims work the database no longer holds.
    /// In read-only mode nothing runs: the write is refused with the reason.
    ///
    /// ```sql
    /// SAVEPOINT "ormscope_flush_3"  ...  RELEASE SAVEPOINT "ormscope_flush_3"
    /// -- or on failure: ROLLBACK TO SAVEPOINT "ormscope_flush_3"; RELEASE SAVEPOINT "ormscope_flush_3"
    /// ```
    func writing<T>(_ entities: [Entity], _ body: () throws -> T) throws -> T {
        if let why = database.settings.readOnlyReason { throw SessionError.readOnly(reason: why) }
        let adopted = database.adoptSettingsTransaction()
        let owns = adopted || !database.inTransaction
        var local = Journal()
        let savepoint = "ormscope_flush_\(database.log.totalCount)"
        if owns {
            journal = Journal()
            if !adopted { try database.beginTransaction() }
        } else {
            try database.execute(.transaction(.savepoint(savepoint)), cause: .transaction)
        }
        for e in entities {
            journal.remember(e, in: self)
            local.remember(e, in: self)
        }
        do {
            let result = try body()
            if !owns { try database.execute(.transaction(.releaseSavepoint(savepoint)), cause: .transaction) }
            return result
        } catch {
            if owns {
                if database.inTransaction { try? database.rollback() }
                restore(journal)
                journal = Journal()
            } else if database.inTransaction,
                      (try? database.execute(.transaction(.rollbackToSavepoint(savepoint)), cause: .transaction)) != nil,
                      (try? database.execute(.transaction(.releaseSavepoint(savepoint)), cause: .transaction)) != nil {
                restore(local)
            } else {
                transactionEnded()
            }
            throw error
        }
    }

    /// Flushes, then commits; with `expireOnCommit` every loaded object is expired. A COMMIT that
    /// fails (a deferred foreign key, a lock) leaves no transaction open on either backend (see
    /// `Database.commit`), and every object of the transaction is put back as before it.
    ///
    /// ```sql
    /// COMMIT
    /// ```
    public func commit() throws {
        try flush()
        if database.inTransaction {
            do { try database.commit() } catch {
                let named = namingDeferredForeignKey(error)
                transactionEnded()
                throw named
            }
        }
        journal = Journal()
        if expireOnCommit { expireAll() }
    }

    /// Rolls back the open transaction: pending objects leave the session, deleted ones come back,
    /// and every loaded object is expired (as SQLAlchemy does).
    public func rollback() throws {
        if database.inTransaction { try database.rollback() }
        transactionEnded()
    }

    /// The transaction is over without a commit (rolled back by us, by the database, or lost with
    /// the connection): every object goes back to where it stood before it began. No SQL runs;
    /// a transaction still open (an aborted one on PostgreSQL) is rolled back first.
    public func transactionEnded() {
        if database.inTransaction { _ = try? database.rollback() }
        restore(journal)
        journal = Journal()
        for e in pending { e.state = .detached; e.session = nil }
        pending.removeAll()
        for e in deleted { e.state = .persistent }
        deleted.removeAll()
        expireAll()
    }

    // MARK: Statements

    private func insert(_ e: Entity) throws {
        let values = e.model.fieldNames.filter { e.changedFields.contains($0) }.map { ($0, e[$0] ?? .null) }
        let statement = WriteStatement.insert(e.model, values, dialect: database.dialect)
        let rows: [Row]
        do { rows = try database.fetchAll(statement, cause: .flush(.insert, table: e.model.qualifiedName)) } catch {
            let given = Dictionary(values, uniquingKeysWith: { a, _ in a })
            throw namingUniqueKey(namingForeignKey(error, model: e.model, values: given), values: given)
        }
        if let row = rows.first { e.values = e.model.fieldNames.map { row[$0] ?? .null } }
        e.state = .persistent
        e.changedFields = []
        e.isExpired = false
        register(e)
    }

    private func update(_ e: Entity) throws {
        guard let original = journal.snapshot(e), let key = oldKey(e, original) else {
            throw SessionError.invalidState("\(e.model.qualifiedName) has no primary key, so its rows cannot be updated one at a time.")
        }
        // (Without a primary key the full old row is the guard already.)
        let guarded = detectConflicts && !e.model.primaryKey.isEmpty ? e.changedFields.filter { e.originals[$0] != nil } : []
        let statement = WriteStatement.update(e.model, key: key, set: e.changedFields.map { ($0, e[$0] ?? .null) },
                                              guards: guarded.map { ($0, e.originals[$0]!) })
        let affected: Int
        do { affected = try database.execute(statement, cause: .flush(.update, table: e.model.qualifiedName)) } catch {
            let named = namingForeignKey(error, model: e.model, values: Dictionary(e.changedFields.map { ($0, e[$0] ?? .null) }, uniquingKeysWith: { a, _ in a }))
            // The key a changed column breaks may hold unchanged ones too: the row's values as they now are.
            throw namingUniqueKey(named, values: Dictionary(e.model.fieldNames.compactMap { f in e[f].map { (f, $0) } }, uniquingKeysWith: { a, _ in a }))
        }
        if affected == 0 {
            let identity = IdentityKey(model: e.model.qualifiedName, key: key).description
            // The row is there but no longer holds what was read: someone else changed it.
            if !guarded.isEmpty, try rowExists(e.model, where: .keyEquals(e.model.primaryKey, key)) {
                throw SessionError.conflict(identity: identity, fields: guarded)
            }
            throw SessionError.staleData(operation: "update", identity: identity)
        }
        e.originals = [:]
        // A changed primary key moves the object in the identity map.
        if let new = e.layout.key(in: e.values), new != key {
            unregister(e, key: key)
            register(e)
        }
        e.changedFields = []
    }

    private func delete(row e: Entity) throws {
        guard let original = journal.snapshot(e), let key = oldKey(e, original) else {
            throw SessionError.invalidState("\(e.model.qualifiedName) has no primary key, so its rows cannot be deleted one at a time.")
        }
        let affected = try database.execute(WriteStatement.delete(e.model, key: key), cause: .flush(.delete, table: e.model.qualifiedName))
        let identity = IdentityKey(model: e.model.qualifiedName, key: key)
        if affected == 0 { throw SessionError.staleData(operation: "delete", identity: identity.description) }
        unregister(e, key: key)
        e.state = .detached
    }

    /// The key the row has in the database: a key column changed since it was read is found by
    /// the value it was read with (kept in `originals`), not by the new one.
    /// A table without a primary key: the full old row, which finds the row by its hidden row
    /// identity (see `WriteStatement.identifiedRow`).
    private func oldKey(_ e: Entity, _ original: Snapshot) -> [Value]? {
        if e.model.primaryKey.isEmpty {
            guard e.model.kind == .table else { return nil }
            return e.model.fieldNames.enumerated().map { i, f in e.originals[f] ?? original.values[i] }
        }
        guard let key = e.layout.key(in: original.values) else {
            // The new key may be NULL (refused by the database); the old one still finds the row.
            let old = e.model.primaryKey.map { e.originals[$0] ?? .null }
            return e.model.primaryKey.isEmpty || old.contains(where: \.isNull) ? nil : old
        }
        return zip(e.model.primaryKey, key).map { e.originals[$0.0] ?? $0.1 }
    }

    // MARK: Order and journal

    /// Models ranked so that a model comes after every model it references (self-references ignored).
    func dependencyRank() -> [String: Int] {
        var rank: [String: Int] = [:]
        func visit(_ m: Model, _ depth: Int) -> Int {
            if let r = rank[m.qualifiedName] { return r }
            if depth > registry.models.count { return 0 }
            var r = 0
            for fk in m.foreignKeys {
                guard let target = registry.model(fk.referencedModelName), target.modelName != m.modelName else { continue }
                r = max(r, visit(target, depth + 1) + 1)
            }
            rank[m.qualifiedName] = r
            return r
        }
        for m in registry.models { _ = visit(m, 0) }
        return rank
    }

    /// Puts every object of a journal back where it stood when the journal first saw it.
    func restore(_ j: Journal) {
        var newPending: [Entity] = [], newDeleted: [Entity] = [], newDirty: [Entity] = []
        for e in j.order {
            guard let s = j.entries[ObjectIdentifier(e)] else { continue }
            unregister(e)
            e.state = s.state
            e.values = s.values
            e.previews = s.previews
            e.changedFields = s.changedFields
            e.isExpired = s.isExpired
            e.originals = s.originals
            if s.wasPending { newPending.append(e) }
            if s.wasDeleted { newDeleted.append(e) }
            if s.wasDirty { newDirty.append(e) }
            if s.state != .pending { register(e) }
        }
        // Keep anything added after the journal was taken, too.
        pending = newPending + pending.filter { p in !newPending.contains { $0 === p } }
        deleted = newDeleted + deleted.filter { d in !newDeleted.contains { $0 === d } }
        dirtyOrder = newDirty + dirtyOrder.filter { d in !newDirty.contains { $0 === d } }
    }
}

/// Entity states as first seen within a transaction (or one write), to put back on rollback.
struct Journal {
    var entries: [ObjectIdentifier: Session.Snapshot] = [:]
    var order: [Entity] = []

    mutating func remember(_ e: Entity, in session: Session) {
        let id = ObjectIdentifier(e)
        guard entries[id] == nil else { return }
        entries[id] = Session.Snapshot(state: e.state, values: e.values, previews: e.previews, changedFields: e.changedFields, isExpired: e.isExpired,
                                       originals: e.originals, wasPending: session.pending.contains { $0 === e },
                                       wasDeleted: session.deleted.contains { $0 === e }, wasDirty: session.dirtyOrder.contains { $0 === e })
        order.append(e)
    }

    func snapshot(_ e: Entity) -> Session.Snapshot? { entries[ObjectIdentifier(e)] }
}
