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
    ///
    /// For a table without a primary key `key` is the full old row (see `identifiedRow`):
    /// ```sql
    /// UPDATE "log" SET "b" = ? WHERE "rowid" = (SELECT "rowid" FROM "log" WHERE ("a" IS ?) AND ("b" IS ?) LIMIT 1)
    /// ```
    public static func update(_ model: Model, key: [Value], set: [(column: String, value: Value)],
                              guards: [(column: String, value: Value)]) -> Statement {
        if byFullRow(model) {
            return .update(Update(table: model.table, set: set.map { Assignment($0.column, .value($0.value)) }, where: identifiedRow(model, key)))
        }
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

    /// One row by its primary key (a table without one: by its full old row, see `identifiedRow`).
    /// ```sql
    /// DELETE FROM "hero" WHERE "id" = ?
    /// DELETE FROM "log" WHERE "rowid" = (SELECT "rowid" FROM "log" WHERE ("a" IS ?) AND ("b" IS ?) LIMIT 1)
    /// ```
    public static func delete(_ model: Model, key: [Value]) -> Statement {
        .delete(Delete(from: model.table, where: byFullRow(model) ? identifiedRow(model, key) : .keyEquals(model.primaryKey, key)))
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
    /// The existing row is updated only where a value differs (`WHERE NOT (...)`; a column whose
    /// type has no equality is compared by its text), so an upsert that changes nothing writes
    /// nothing and returns no row: the caller can say "unchanged". On a dialect whose row can say
    /// it was inserted (`Dialect.insertedFlag`) RETURNING carries that flag:
    /// ```sql
    /// INSERT INTO "answer" ("user_id", "question_id", "value") VALUES ($1, $2, $3)
    ///   ON CONFLICT ("user_id", "question_id") DO UPDATE SET "value" = excluded."value"
    ///   WHERE NOT ("answer"."value" IS NOT DISTINCT FROM excluded."value")
    ///   RETURNING *, (xmax = 0) AS "ormscope_inserted"                           -- PostgreSQL
    /// ... WHERE NOT ("answer"."value" IS excluded."value") RETURNING *              -- SQLite
    /// ```
    public static func upsert(_ model: Model, _ values: [(column: String, value: Value)], conflictTarget: [String],
                              update: [String]? = nil, dialect: Dialect? = nil) throws -> Statement {
        let target = try upsertTarget(model, conflictTarget)
        let columns = values.map(\.column)
        let updated = update ?? columns.filter {
            !target.contains($0) && !model.primaryKey.contains($0) && !(model.field($0)?.isDatabaseAssigned ?? false)
        }
        var insert = Insert.upsert(into: model.table, columns: columns, rows: [values.map(\.value)],
                                   conflictTarget: target, update: updated,
                                   returning: dialect?.insertedFlag != nil ? .allAndInsertedFlag : .all)
        if case .doUpdate(let assignments, nil)? = insert.onConflict?.action {
            let same: [SQLExpression] = updated.map { c in
                let existing = SQLExpression.col(c, of: model.table.name)
                return model.field(c)?.type.hasEquality ?? true ? .binary(existing, .isNotDistinctFrom, .excluded(c))
                    : .binary(.asText(existing), .isNotDistinctFrom, .asText(.excluded(c)))
            }
            insert.onConflict?.action = .doUpdate(assignments, where: .not(same.count == 1 ? same[0] : .and(same)))
        }
        return .insert(insert)
    }

    /// The unique key `columns` names (in the key's own order), or a sentence listing the choices.
    public static func upsertTarget(_ model: Model, _ columns: [String]) throws -> [String] {
        if let target = model.uniqueKeys.first(where: { Set($0) == Set(columns) }) { return target }
        let choices = model.uniqueKeys.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: ", ")
        guard !choices.isEmpty else {
            throw SessionError.invalidState("\(model.qualifiedName) has no primary key or unique constraint, so an upsert has no conflict target: insert instead.")
        }
        if columns.isEmpty {  // (no target named, and no primary key to default to)
            throw SessionError.invalidState("\(model.qualifiedName) has no primary key to default to: name the conflict target, one of: \(choices).")
        }
        throw SessionError.invalidState("(\(columns.joined(separator: ", "))) is not the primary key or a unique constraint of \(model.qualifiedName); choose one of: \(choices).")
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

    /// A table without a primary key: the row is the first still holding every value of `key`
    /// (its full old row), by the database's hidden row identity, so one of two identical rows
    /// is written and the other stays; the old row is its own conflict guard.
    /// ```sql
    /// -- PostgreSQL
    /// ("tableoid", "ctid") = (SELECT "tableoid", "ctid" FROM "log" WHERE ("a" IS NOT DISTINCT FROM $2) AND ("b" IS NULL) LIMIT 1)
    /// -- SQLite
    /// "rowid" = (SELECT "rowid" FROM "log" WHERE ("a" IS ?) AND ("b" IS NULL) LIMIT 1)
    /// ```
    static func identifiedRow(_ model: Model, _ oldRow: [Value]) -> SQLExpression {
        let avoiding = model.fieldNames
        let first = Select(from: model.table, items: [SelectItem(.rowIdentity(avoiding: avoiding, list: true))],
                           where: rowMatch(model, oldRow), limit: 1)
        return .binary(.rowIdentity(avoiding: avoiding, list: false), .equal, .subquery(first))
    }

    /// Whether rows of `model` are found by their full old row (it has no primary key).
    static func byFullRow(_ model: Model) -> Bool { model.primaryKey.isEmpty }

    /// Values in the model's field order.
    public static func ordered(_ values: [String: Value], _ model: Model) -> [(column: String, value: Value)] {
        model.fieldNames.compactMap { name in values[name].map { (name, $0) } }
    }
}
