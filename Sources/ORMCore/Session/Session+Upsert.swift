/// Upsert: insert a row, or update the row that already holds the same primary key or unique values.
extension Session {
    /// ```sql
    /// INSERT INTO "answer" ("id", "user_id", "question_id", "value") VALUES ($1, $2, $3, $4)
    ///   ON CONFLICT ("user_id", "question_id") DO UPDATE SET "value" = excluded."value"
    ///   WHERE NOT ("answer"."value" IS NOT DISTINCT FROM excluded."value")
    ///   RETURNING *, (xmax = 0) AS "ormscope_inserted"
    /// ```
    /// The row that matched keeps its primary key: on a unique key other than the primary key the
    /// key columns are inserted for a new row but never set on an existing one.
    /// `conflictTarget` must be the primary key or a unique constraint (in any order). Runs in the
    /// session's transaction (begun if none is open); a failure rolls it back as a failed flush does.
    /// The row as stored comes back, in the identity map.
    @discardableResult
    public func upsert(_ modelName: String, _ values: [String: Value], conflictTarget: [String],
                       update: [String]? = nil) throws -> Entity {
        try upsertSaying(modelName, values, conflictTarget: conflictTarget, update: update).entity
    }

    /// `upsert`, and what it did: inserted the row, updated the one there, or found it holding
    /// the values already (nothing written). PostgreSQL's RETURNING says which (`xmax = 0`): one
    /// statement, and a second only to read a row left unchanged. SQLite's does not (`changes()`
    /// is 1 for an insert and an update alike), so the row is looked for by the conflict target
    /// first, in the same transaction (one more statement, skipped when a target value is NULL:
    /// then there is no conflict); a row left unchanged is that one.
    /// ```sql
    /// SELECT * FROM "answer" WHERE ("user_id" = ?) AND ("question_id" = ?) LIMIT 1   -- SQLite
    /// INSERT INTO "answer" ... ON CONFLICT (...) DO UPDATE SET ... WHERE NOT (...) RETURNING *
    /// ```
    public func upsertSaying(_ modelName: String, _ values: [String: Value], conflictTarget: [String],
                             update: [String]? = nil) throws -> (entity: Entity, outcome: UpsertOutcome) {
        let model = try self.model(modelName)
        if model.isReadOnly { throw SchemaError.readOnly(model) }
        let target = try WriteStatement.upsertTarget(model, conflictTarget)
        try Validator.validate(values, model: model, isInsert: true)
        try autoflushIfNeeded()
        let statement = try WriteStatement.upsert(model, WriteStatement.ordered(values, model), conflictTarget: target,
                                                  update: update, dialect: database.dialect)
        let key = target.map { values[$0] ?? .null }
        let flagged = database.dialect.insertedFlag != nil
        return try writing([]) {
            func existing(before: Bool) throws -> Entity? {
                try load(Select(from: model.table, where: .keyEquals(target, key), limit: 1), model: model, plan: LoadPlan(),
                         cause: .upsertOutcome(table: model.qualifiedName, before: before)).first
            }
            let before = flagged || key.contains(where: \.isNull) ? nil : try existing(before: true)
            let rows: [Row]
            do { rows = try database.fetchAll(statement, cause: .flush(.upsert, table: model.qualifiedName)) } catch {
                throw namingUniqueKey(namingForeignKey(error, model: model, values: values), values: values)
            }
            guard let row = rows.first else {
                // DO NOTHING on a conflict, or DO UPDATE whose values were there already, returns
                // no row: the one there (read now on PostgreSQL, before on SQLite).
                guard let e = try before ?? existing(before: false) else { throw SessionError.noResult(model: model.qualifiedName) }
                return (e, .unchanged)
            }
            let e = merge(row: row, model: model)
            // A row already loaded takes the stored values (the upsert may have changed it).
            e.values = model.fieldNames.map { row[$0] ?? .null }
            e.previews = nil
            e.changedFields = []
            e.originals = [:]
            e.isExpired = false
            let inserted = flagged ? row[Returning.insertedColumn] == .bool(true) : before == nil
            // An inserted row's own key may be past its sequence (an updated row's was there already).
            if inserted { sequenceMoves += try database.catchUpSequences(of: model, columns: values.keys) }
            return (e, inserted ? .inserted : .updated)
        }
    }
}

/// What an upsert did with its row.
public enum UpsertOutcome: String, Sendable, Hashable {
    case inserted, updated, unchanged
}

extension UpsertOutcome {
    /// What the command line and the explorer say: `inserted hero id = 7`, `updated answer
    /// (user_id, question_id) = (3, 5)`, `unchanged hero id = 7` (a table without a primary key:
    /// `inserted log row`).
    public func sentence(_ e: Entity) -> String {
        let key = e.model.primaryKey
        guard !key.isEmpty else { return "\(rawValue) \(e.model.qualifiedName) row" }
        let values = key.map { e[$0]?.displayText ?? "NULL" }
        return "\(rawValue) \(e.model.qualifiedName) " + (key.count == 1 ? "\(key[0]) = \(values[0])"
            : "(\(key.joined(separator: ", "))) = (\(values.joined(separator: ", ")))")
    }
}
