/// SQLite says only that a foreign key failed ("FOREIGN KEY constraint failed"), not which one,
/// so a failed insert or update names nothing the user could fix. After such a failure the keys
/// the written values fill are checked in order, one statement each (logged, with their cause),
/// until one finds no referenced row; the error then names its columns and the missing row.
/// PostgreSQL names the constraint itself, and nothing is run there.
///
/// ```sql
/// SELECT * FROM "auth_group" WHERE "id" = ? LIMIT 1   -- finding the foreign key of auth_user_groups that failed
/// ```
extension Session {
    func namingForeignKey(_ error: any Error, model: Model, values: [String: Value]) -> any Error {
        guard var e = error as? DatabaseError, e.kind == .foreignKeyViolation, e.constraint == nil, e.columns.isEmpty,
              database.dialect == .sqlite else { return error }
        for fk in model.foreignKeys {
            let written = fk.columns.map { values[$0] }
            guard written.allSatisfy({ $0 != nil && $0 != .null }), let target = registry.model(named: fk.referencedModelName.description),
                  fk.referencedColumns.count == fk.columns.count else { continue }
            let key = written.map { $0! }
            let select = Select(from: target.table, where: .keyEquals(fk.referencedColumns, key), limit: 1)
            guard let found = try? database.fetchAll(.select(select), cause: .foreignKeyCheck(table: model.qualifiedName)) else { return error }
            if found.isEmpty {
                e.table = model.qualifiedName
                e.columns = fk.columns
                e.missingReference = "\(target.qualifiedName) row with \(fk.referencedColumns.joined(separator: ", ")) = "
                    + key.map { $0.displayText ?? "NULL" }.joined(separator: ", ")
                return e
            }
        }
        return error
    }
}
