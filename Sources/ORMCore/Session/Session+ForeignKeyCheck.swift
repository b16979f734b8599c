/// SQLite says only that a foreign key failed ("FOREIGN KEY constraint failed"), not which one,
/// so a failed insert or update names nothing the user could fix. After such a failure the keys
/// the written values fill are checked in order, one statement each (logged, with their cause),
/// until one finds no referenced row; the error then names its columns and the missing row. A
/// deferred key fails at COMMIT: then the transaction's written rows are checked.
/// PostgreSQL names the constraint itself, and nothing is run there.
///
/// ```sql
/// SELECT * FROM "auth_group" WHERE "id" = ? LIMIT 1   -- finding the foreign key of auth_user_groups that failed
/// ```
extension Session {
    /// After an insert, update or upsert of `values` into `model` failed.
    func namingForeignKey(_ error: any Error, model: Model, values: [String: Value]) -> any Error {
        namingForeignKey(error, written: [(model, values)], insertedHere: [], insertedInto: [])
    }

    /// After a COMMIT failed on a deferred key (Django's are all DEFERRABLE INITIALLY DEFERRED): the
    /// transaction's written rows are checked. A row it referred to that this transaction inserted
    /// is gone with the rollback, so such a key is never named (nor one to a table it inserted into
    /// by other columns than the key).
    func namingDeferredForeignKey(_ error: any Error) -> any Error {
        var written: [(Model, [String: Value])] = []
        var inserted = Set<IdentityKey>(), insertedInto = Set<String>()
        for e in journal.order where !deleted.contains(where: { $0 === e }) {
            written.append((e.model, Dictionary(uniqueKeysWithValues: zip(e.model.fieldNames, e.values))))
            if journal.snapshot(e)?.wasPending == true {
                insertedInto.insert(e.model.qualifiedName)
                if let key = e.layout.key(in: e.values) { inserted.insert(IdentityKey(model: e.model.qualifiedName, key: key)) }
            }
        }
        return namingForeignKey(error, written: written, insertedHere: inserted, insertedInto: insertedInto)
    }

    private func namingForeignKey(_ error: any Error, written: [(Model, [String: Value])], insertedHere: Set<IdentityKey>,
                                  insertedInto: Set<String>) -> any Error {
        guard var e = error as? DatabaseError, e.kind == .foreignKeyViolation, e.constraint == nil, e.columns.isEmpty,
              database.dialect == .sqlite else { return error }
        for (model, values) in written {
            for fk in model.enforcedForeignKeys {
                let given = fk.columns.map { values[$0] }
                guard given.allSatisfy({ $0 != nil && $0 != .null }), let target = registry.model(named: fk.referencedModelName.description),
                      fk.referencedColumns.count == fk.columns.count else { continue }
                let key = given.map { $0! }
                if insertedHere.contains(IdentityKey(model: target.qualifiedName, key: key))
                    || (fk.referencedColumns != target.primaryKey && insertedInto.contains(target.qualifiedName)) { continue }
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
        }
        return error
    }
}
