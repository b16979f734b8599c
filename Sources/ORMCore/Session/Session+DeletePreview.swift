/// Deletes that say what they will do before they do it: the preview (one count per foreign key
/// pointing at the row), the delete that sets refusing children's keys to NULL first, and the
/// sentence a refused delete gets.
extension Session {
    /// Counts, for each foreign key pointing at `modelName`, the rows that refer to the row with
    /// `key`, and for CASCADE keys the rows that refer to those (one level down). Every statement is
    /// logged with cause `deletePreview`; nothing is written.
    ///
    /// ```sql
    /// SELECT * FROM "team" WHERE "id" = ?                       -- the row (its referenced values)
    /// SELECT count(*) FROM "hero" WHERE "team_id" = ?           -- one per key
    /// SELECT count(*) FROM "hero_power_link" WHERE "hero_id" IN (SELECT "id" FROM "hero" WHERE "team_id" = ?)
    /// ```
    /// Throws `SessionError.noResult` when the row does not exist.
    public func deletePreview(_ modelName: String, _ key: [Value]) throws -> DeletePreview {
        try autoflushIfNeeded()
        return try countReferences(modelName, key)
    }

    /// The preview's statements, without flushing first (after a failed flush, whose changes are kept).
    func countReferences(_ modelName: String, _ key: [Value]) throws -> DeletePreview {
        let model = try self.model(modelName)
        // A table without a primary key: its row is the one holding every value of `key` (its full row).
        let keyColumns = model.primaryKey.isEmpty ? model.fieldNames : model.primaryKey
        guard key.count == keyColumns.count else { throw SchemaError.noPrimaryKey(model: model.qualifiedName, what: model.kindPhrase) }
        let select = model.primaryKey.isEmpty ? Select(from: model.table, where: WriteStatement.rowMatch(model, key), limit: 1)
            : Select(from: model.table, where: .keyEquals(model.primaryKey, key))
        guard let row = try database.fetchOne(.select(select), cause: .deletePreview) else {
            throw SessionError.noResult(model: model.qualifiedName, key: "\(keyColumns.joined(separator: ", ")) = \(key.map { $0.displayText ?? "NULL" }.joined(separator: ","))")
        }
        var references: [DeletePreview.Reference] = []
        for (child, fk) in referencing(model) {
            let values = fk.referencedColumns.map { row[$0] ?? .null }
            let scope = SQLExpression.keyEquals(fk.columns, values)
            var reference = try counted(child, fk, where: scope)
            if reference.action == .cascade { reference.cascades = try cascaded(child, scope) }
            references.append(reference)
        }
        return DeletePreview(model: model.qualifiedName, key: key, references: references)
    }

    /// Deletes one row after setting to NULL the key of every row that would stop it (NO ACTION
    /// and RESTRICT keys), all in one transaction (a savepoint inside an open one): what SQLAlchemy
    /// does by default for a loaded one-to-many. Flushed, not committed; logged with cause `flush`.
    ///
    /// ```sql
    /// UPDATE "hero" SET "team_id" = NULL WHERE "team_id" = ?
    /// DELETE FROM "team" WHERE "id" = ?
    /// ```
    /// Throws `NullifyChildrenError` when a key cannot be set to NULL (NOT NULL, a CHECK), after
    /// rolling back: nothing is changed. Returns how many children were changed.
    @discardableResult
    public func deleteNullifyingChildren(_ modelName: String, _ key: [Value]) throws -> Int {
        let model = try self.model(modelName)
        if model.isReadOnly { throw SchemaError.readOnly(model) }
        let e = try require(model.qualifiedName, key)
        let parent = e.model.fieldNames.reduce(into: [String: Value]()) { $0[$1] = e[$1] ?? .null }
        return try writing([e]) {
            var changed = 0
            for (child, fk) in referencing(model) where [.noAction, .restrict].contains(DeletePreview.Action(fk.onDelete)) {
                let values = fk.referencedColumns.map { parent[$0] ?? .null }
                do {
                    changed += try database.execute(WriteStatement.nullify(child, fk.columns, referringTo: values),
                                                    cause: .flush(.update, table: child.qualifiedName))
                } catch let error as DatabaseError {
                    let label = fk.columns.count == 1 ? "\(child.qualifiedName).\(fk.columns[0])" : "\(child.qualifiedName) (\(fk.columns.joined(separator: ", ")))"
                    throw NullifyChildrenError(row: "\(model.qualifiedName) \(key.map { $0.displayText ?? "NULL" }.joined(separator: ","))",
                                               reference: label, underlying: error)
                }
                // Children already loaded no longer hold what the database holds.
                for c in identities(layout(child)).all where c.state == .persistent && fk.columns.map({ c[$0] ?? .null }) == values { expire(c) }
            }
            if try database.execute(WriteStatement.delete(model, key: key), cause: .flush(.delete, table: model.qualifiedName)) == 0 {
                throw SessionError.staleData(operation: "delete", identity: IdentityKey(model: model.qualifiedName, key: key).description)
            }
            unregister(e, key: key)
            e.state = .detached
            return changed
        }
    }

    /// Runs a delete (and its commit, when `body` commits); a foreign key violation is rolled back
    /// and becomes `DeleteRefusedError`, whose sentence names the keys that refused, counted again
    /// after the rollback (statements with cause `deletePreview`).
    public func explainingRefusal<T>(ofDeleting modelName: String, _ key: [Value], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.kind == .foreignKeyViolation {
            // No transaction is left open by a failed COMMIT (`Database.commit`), so the counts
            // read what is really there.
            guard let preview = try? countReferences(modelName, key) else { throw error }
            throw DeleteRefusedError(preview: preview, underlying: error)
        }
    }

    // MARK: Helpers

    /// The rows that refer to the rows of `child` that `scope` selects (which the database's ON
    /// DELETE CASCADE deletes), counted per key, with the deleted rows as a subquery.
    ///
    /// ```sql
    /// SELECT count(*) FROM "hero_power_link" WHERE "hero_id" IN (SELECT "id" FROM "hero" WHERE "team_id" = ?)
    /// ```
    func cascaded(_ child: Model, _ scope: SQLExpression) throws -> [DeletePreview.Reference] {
        try referencing(child).map { grandchild, gfk in
            let deleted = Select(from: child.table, where: scope).columns(gfk.referencedColumns)
            let target: SQLExpression = gfk.columns.count == 1 ? .col(gfk.columns[0]) : .tuple(gfk.columns.map { .col($0) })
            return try counted(grandchild, gfk, where: .inSelect(target, deleted, negated: false))
        }
    }

    /// Every foreign key (and its model) that points at `model`.
    func referencing(_ model: Model) -> [(Model, ForeignKey)] {
        registry.models.flatMap { m in
            m.enforcedForeignKeys.filter { registry.model($0.referencedModelName)?.modelName == model.modelName }.map { (m, $0) }
        }
    }

    /// One logged count of the rows of `child` that `scope` selects, as a reference through `fk`.
    ///
    /// ```sql
    /// SELECT count(*) FROM "hero" WHERE "team_id" = ?
    /// ```
    private func counted(_ child: Model, _ fk: ForeignKey, where scope: SQLExpression) throws -> DeletePreview.Reference {
        let row = try database.fetchOne(.select(Select(from: child.table, where: scope).count()), cause: .deletePreview)
        var n = 0
        if case .int(let v)? = row?[0] { n = Int(v) } else { n = Int(row?[0].displayText ?? "") ?? 0 }
        return DeletePreview.Reference(
            model: child.qualifiedName, columns: fk.columns, constraint: fk.name, action: DeletePreview.Action(fk.onDelete),
            isDeferrable: fk.isDeferrable, isInitiallyDeferred: fk.isInitiallyDeferred,
            isNullable: fk.columns.allSatisfy { child.field($0)?.isNullable ?? true },
            isIndexed: child.hasIndex(startingWith: fk.columns), count: n)
    }
}

extension Model {
    /// Whether an index, the primary key or a unique constraint starts with exactly these columns
    /// (in any order), so rows with given values of them are found without reading the table.
    public func hasIndex(startingWith columns: [String]) -> Bool {
        let wanted = Set(columns)
        let candidates = [primaryKey] + indexes.map(\.columns) + uniqueConstraints.map(\.columns)
        return candidates.contains { $0.count >= columns.count && Set($0.prefix(columns.count)) == wanted }
    }
}
