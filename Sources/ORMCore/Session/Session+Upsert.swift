/// Upsert: insert a row, or update the row that already holds the same primary key or unique values.
extension Session {
    /// ```sql
    /// INSERT INTO "answer" ("id", "user_id", "question_id", "value") VALUES (?, ?, ?, ?)
    ///   ON CONFLICT ("user_id", "question_id") DO UPDATE SET "value" = excluded."value" RETURNING *
    /// ```
    /// The row that matched keeps its primary key: on a unique key other than the primary key the
    /// key columns are inserted for a new row but never set on an existing one.
    /// `conflictTarget` must be the primary key or a unique constraint (in any order). Runs in the
    /// session's transaction (begun if none is open); a failure rolls it back as a failed flush does.
    /// The row as stored comes back, in the identity map.
    @discardableResult
    public func upsert(_ modelName: String, _ values: [String: Value], conflictTarget: [String],
                       update: [String]? = nil) throws -> Entity {
        let model = try self.model(modelName)
        if model.isReadOnly { throw SchemaError.readOnlyModel(model.qualifiedName) }
        let target = try WriteStatement.upsertTarget(model, conflictTarget)
        try Validator.validate(values, model: model, isInsert: true)
        try autoflushIfNeeded()
        let statement = try WriteStatement.upsert(model, WriteStatement.ordered(values, model), conflictTarget: target, update: update)
        return try writing([]) {
            let rows: [Row]
            do { rows = try database.fetchAll(statement, cause: .flush(.upsert, table: model.qualifiedName)) } catch {
                throw namingForeignKey(error, model: model, values: values)
            }
            guard let row = rows.first else {
                // DO NOTHING on a conflict returns no row: read the one that is there.
                let existing = try load(Select(from: model.table, where: .keyEquals(target, target.map { values[$0] ?? .null }), limit: 1),
                                        model: model, plan: LoadPlan())
                guard let e = existing.first else { throw SessionError.noResult(model: model.qualifiedName) }
                return e
            }
            let e = merge(row: row, model: model)
            // A row already loaded takes the stored values (the upsert may have changed it).
            e.values = model.fieldNames.map { row[$0] ?? .null }
            e.previews = nil
            e.changedFields = []
            e.originals = [:]
            e.isExpired = false
            return e
        }
    }
}
