/// Tables without a primary key: a row is read, changed and deleted by its full old row (every
/// value it was read with), through the database's hidden row identity (`tableoid, ctid` on
/// PostgreSQL, `rowid` on SQLite), so one of two identical rows changes and the other stays.
/// Such rows never enter the identity map (they have no identity to be kept under).
extension Session {
    /// The first row that holds every value of `row` (model field order), or nil.
    ///
    /// ```sql
    /// SELECT * FROM "log" WHERE ("a" IS NOT DISTINCT FROM $1) AND ("b" IS NULL) LIMIT 1
    /// ```
    public func findRow(_ modelName: String, _ row: [Value]) throws -> [String: Value]? {
        let model = try self.model(modelName)
        guard row.count == model.fields.count else {
            throw SessionError.invalidState("\(model.qualifiedName) has no primary key: a row of it is found by all \(model.fields.count) of its values; \(row.count) were given.")
        }
        try autoflushIfNeeded()
        let select = Select(from: model.table, where: WriteStatement.rowMatch(model, row), limit: 1)
        return try database.fetchOne(.select(select)).map { r in
            Dictionary(uniqueKeysWithValues: model.fieldNames.map { ($0, r[$0] ?? .null) })
        }
    }

    /// Changes one row of a table without a primary key, the first that still holds every value
    /// of `oldRow`: a row changed or deleted by someone else since it was read matches nothing
    /// (`SessionError.staleData`), so the old row is its own conflict guard. Flushed, not committed;
    /// returns the row as written (detached: such rows have no identity to keep them under).
    ///
    /// ```sql
    /// UPDATE "log" SET "b" = $1 WHERE ("tableoid", "ctid") =
    ///   (SELECT "tableoid", "ctid" FROM "log" WHERE ("a" IS NOT DISTINCT FROM $2) AND ("b" IS NOT DISTINCT FROM $3) LIMIT 1)
    /// ```
    /// Throws `ValidationError` before any SQL.
    @discardableResult
    public func updateRow(_ modelName: String, oldRow: [Value], set values: [String: Value]) throws -> Entity {
        let model = try fullRowModel(modelName, oldRow)
        for name in values.keys {
            guard let why = model.field(name)?.notSettable else { continue }
            throw ValidationError(model: model.qualifiedName, problems: [.init(field: name, message: why)])
        }
        try Validator.validate(values, model: model, isInsert: false)
        let set = WriteStatement.ordered(values, model)
        try autoflushIfNeeded()
        return try writing([]) {
            let statement = WriteStatement.update(model, key: oldRow, set: set, guards: [])
            if try database.execute(statement, cause: .flush(.update, table: model.qualifiedName)) == 0 { throw stale("update", model, oldRow) }
            var newRow = oldRow
            for (column, value) in set { if let i = model.fieldNames.firstIndex(of: column) { newRow[i] = value } }
            return Entity(layout: layout(model), values: newRow, state: .detached)
        }
    }

    /// Deletes one row of a table without a primary key, the first that still holds every value
    /// of `oldRow`; flushed, not committed. Returns the row deleted (detached).
    ///
    /// ```sql
    /// DELETE FROM "log" WHERE "rowid" = (SELECT "rowid" FROM "log" WHERE ("a" IS ?) AND ("b" IS ?) LIMIT 1)
    /// ```
    @discardableResult
    public func deleteRow(_ modelName: String, oldRow: [Value]) throws -> Entity {
        let model = try fullRowModel(modelName, oldRow)
        try autoflushIfNeeded()
        return try writing([]) {
            if try database.execute(WriteStatement.delete(model, key: oldRow), cause: .flush(.delete, table: model.qualifiedName)) == 0 {
                throw stale("delete", model, oldRow)
            }
            return Entity(layout: layout(model), values: oldRow, state: .detached)
        }
    }

    /// The writable model without a primary key that `oldRow` is a full row of.
    private func fullRowModel(_ modelName: String, _ oldRow: [Value]) throws -> Model {
        let model = try self.model(modelName)
        if model.isReadOnly { throw SchemaError.readOnly(model) }
        guard model.primaryKey.isEmpty else { throw SessionError.invalidState("\(model.qualifiedName) has a primary key: its rows are written by key.") }
        guard oldRow.count == model.fields.count else {
            throw SessionError.invalidState("\(model.qualifiedName) has no primary key: a row of it is found by all \(model.fields.count) of its values; \(oldRow.count) were given.")
        }
        return model
    }

    private func stale(_ operation: String, _ model: Model, _ row: [Value]) -> SessionError {
        .staleData(operation: operation, identity: "the \(model.qualifiedName) row (\(model.fieldNames.joined(separator: ", "))) = (\(row.map { $0.displayText ?? "NULL" }.joined(separator: ", ")))")
    }
}
