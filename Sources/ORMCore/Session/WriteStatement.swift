/// The statement each kind of write sends, built in one place: the unit of work's flush runs
/// these, and a form's "Will run:" line previews the same ones, so the preview is the statement.
public enum WriteStatement {
    /// The values given, in the model's field order.
    /// ```sql
    /// INSERT INTO "hero" ("name", "age") VALUES (?, ?) RETURNING *
    /// ```
    /// (without `RETURNING` where the dialect has none).
    public static func insert(_ model: Model, _ values: [(column: String, value: Value)], dialect: Dialect) -> Statement {
        .insert(Insert(into: model.table, columns: values.map(\.column), rows: [values.map(\.value)],
                       returning: dialect.supportsReturning ? .all : .none))
    }

    /// The changed columns of one row, found by its primary key as it was read (`key` is the
    /// old key, so a changed key column is found too). Each column in `guards` must still hold
    /// the value it had when read, or the UPDATE matches no row (another writer's change is then
    /// a conflict, never overwritten). A column whose type has no equality (json, xml, point,
    /// arrays, ...) is compared by its text, as the database prints it:
    /// ```sql
    /// UPDATE "hero" SET "age" = ? WHERE ("id" = ?) AND ("age" IS NOT DISTINCT FROM ?)
    /// UPDATE "doc" SET "body" = $1 WHERE ("id" = $2) AND ("body"::text IS NOT DISTINCT FROM $3::text)
    /// ```
    public static func update(_ model: Model, key: [Value], set: [(column: String, value: Value)],
                              guards: [(column: String, value: Value)]) -> Statement {
        var predicate = SQLExpression.keyEquals(model.primaryKey, key)
        if !guards.isEmpty {
            predicate = predicate && .and(guards.map { g in
                let comparable = model.field(g.column)?.type.hasEquality ?? true
                return comparable ? .binary(.col(g.column), .isNotDistinctFrom, .value(g.value))
                    : .binary(.asText(.col(g.column)), .isNotDistinctFrom, .asText(.value(g.value)))
            })
        }
        return .update(Update(table: model.table, set: set.map { Assignment($0.column, .value($0.value)) }, where: predicate))
    }

    /// One row by its primary key.
    /// ```sql
    /// DELETE FROM "hero" WHERE "id" = ?
    /// ```
    public static func delete(_ model: Model, key: [Value]) -> Statement {
        .delete(Delete(from: model.table, where: .keyEquals(model.primaryKey, key)))
    }

    /// The rows of `model` whose key `columns` refers to `values`, their key set to NULL (before
    /// the row they refer to is deleted).
    /// ```sql
    /// UPDATE "hero" SET "team_id" = NULL WHERE "team_id" = ?
    /// ```
    public static func nullify(_ model: Model, _ columns: [String], referringTo values: [Value]) -> Statement {
        .update(Update(table: model.table, set: columns.map { Assignment($0, .value(.null)) }, where: .keyEquals(columns, values)))
    }

    /// Insert, or update the row holding the same values in `conflictTarget` (the primary key or
    /// a unique constraint, in any order; the constraint's own order is used). The matched row
    /// keeps its key: key and target columns are never set on an existing row.
    /// ```sql
    /// INSERT INTO "answer" ("user_id", "question_id", "value") VALUES (?, ?, ?)
    ///   ON CONFLICT ("user_id", "question_id") DO UPDATE SET "value" = excluded."value" RETURNING *
    /// ```
    public static func upsert(_ model: Model, _ values: [(column: String, value: Value)], conflictTarget: [String],
                              update: [String]? = nil) throws -> Statement {
        let target = try upsertTarget(model, conflictTarget)
        let columns = values.map(\.column)
        let updated = update ?? columns.filter {
            !target.contains($0) && !model.primaryKey.contains($0) && !(model.field($0)?.isGenerated ?? false)
        }
        return .insert(Insert.upsert(into: model.table, columns: columns, rows: [values.map(\.value)],
                                     conflictTarget: target, update: updated, returning: .all))
    }

    /// The unique key `columns` names (in the key's own order), or a sentence listing the choices.
    public static func upsertTarget(_ model: Model, _ columns: [String]) throws -> [String] {
        if let target = model.uniqueKeys.first(where: { Set($0) == Set(columns) }) { return target }
        let choices = model.uniqueKeys.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: ", ")
        throw SessionError.invalidState("(\(columns.joined(separator: ", "))) is not the primary key or a unique constraint of \(model.qualifiedName); choose one of: \(choices.isEmpty ? "none, it has no unique key" : choices).")
    }

    // MARK: Tables without a primary key

    /// A row of a table without a primary key, found by every value it was read with (in the
    /// model's field order): NULL by `IS NULL`, a type without equality by its text.
    /// ```sql
    /// ("a" IS NOT DISTINCT FROM ?) AND ("b" IS NULL) AND ("doc"::text IS NOT DISTINCT FROM ?::text)
    /// ```
    public static func rowMatch(_ model: Model, _ row: [Value]) -> SQLExpression {
        .and(zip(model.fields, row).map { field, value in
            if value.isNull { return .isNull(.col(field.name), negated: false) }
            return field.type.hasEquality ? .binary(.col(field.name), .isNotDistinctFrom, .value(value))
                : .binary(.asText(.col(field.name)), .isNotDistinctFrom, .asText(.value(value)))
        })
    }

    /// One row, the first still holding every value of `oldRow`, by the database's hidden row
    /// identity, so one of two identical rows changes and the other stays:
    /// ```sql
    /// -- PostgreSQL
    /// UPDATE "log" SET "b" = $1 WHERE ("tableoid", "ctid") =
    ///   (SELECT "tableoid", "ctid" FROM "log" WHERE ("a" IS NOT DISTINCT FROM $2) AND ("b" IS NOT DISTINCT FROM $3) LIMIT 1)
    /// -- SQLite
    /// UPDATE "log" SET "b" = ? WHERE "rowid" = (SELECT "rowid" FROM "log" WHERE ("a" IS ?) AND ("b" IS ?) LIMIT 1)
    /// ```
    /// Throws `SessionError.invalidState` where the dialect has no row identity.
    public static func updateRow(_ model: Model, oldRow: [Value], set: [(column: String, value: Value)], dialect: Dialect) throws -> Statement {
        .update(Update(table: model.table, set: set.map { Assignment($0.column, .value($0.value)) },
                       where: try identifiedRow(model, oldRow, dialect), returning: dialect.supportsReturning ? .all : .none))
    }

    /// One row of a table without a primary key, found as `updateRow` finds it.
    /// ```sql
    /// DELETE FROM "log" WHERE "rowid" = (SELECT "rowid" FROM "log" WHERE ("a" IS ?) AND ("b" IS ?) LIMIT 1) RETURNING *
    /// ```
    public static func deleteRow(_ model: Model, oldRow: [Value], dialect: Dialect) throws -> Statement {
        .delete(Delete(from: model.table, where: try identifiedRow(model, oldRow, dialect), returning: dialect.supportsReturning ? .all : .none))
    }

    static func identifiedRow(_ model: Model, _ oldRow: [Value], _ dialect: Dialect) throws -> SQLExpression {
        guard oldRow.count == model.fields.count else {
            throw SessionError.invalidState("\(model.qualifiedName) has no primary key: a row of it is found by all \(model.fields.count) of its values; \(oldRow.count) were given.")
        }
        guard let identity = dialect.rowIdentity.first(where: { names in names.allSatisfy { model.field($0) == nil } }) else {
            throw SessionError.invalidState("\(model.qualifiedName) has no primary key and \(dialect.name) has no hidden row identity to tell its rows apart, so its rows cannot be changed one at a time.")
        }
        let first = Select(from: model.table, where: rowMatch(model, oldRow), limit: 1).columns(identity)
        let target: SQLExpression = identity.count == 1 ? .col(identity[0]) : .tuple(identity.map { .col($0) })
        return .binary(target, .equal, .subquery(first))
    }

    /// Values in the model's field order.
    public static func ordered(_ values: [String: Value], _ model: Model) -> [(column: String, value: Value)] {
        model.fieldNames.compactMap { name in values[name].map { (name, $0) } }
    }
}
