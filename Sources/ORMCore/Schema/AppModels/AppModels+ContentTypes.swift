/// A models file's generic relations (Django's `GenericRelation`) as relationships: each joined
/// with its owner's content type id, read from the content types' table when the file is applied.
extension Registry {
    /// The registry with each generic relation (`Model.genericRelations`) also a one-to-many
    /// relationship of its owner, from its key to the target's object id column, with the
    /// content type column equal to the owner's content type id (`Relationship.targetConditions`),
    /// after the file's other relationships. `contentTypes` holds the ids by `contentTypeKey`; a
    /// relation whose content type has no row yet (Django makes it at first use) has no rows: it is
    /// left out, with a note on the model.
    public func withGenericRelationships(_ contentTypes: [String: Value]) -> Registry {
        var result = self
        for i in result.models.indices {
            for g in result.models[i].genericRelations {
                guard let id = contentTypes[Self.contentTypeKey(g)] else {
                    result.models[i].notes.append("\(g.qualifiedName) is not a relationship to load: \(g.contentTypeTable) has no row for \(g.appLabel).\(g.modelName) yet, so no \(g.target) row can name it.")
                    continue
                }
                var r = Relationship(name: g.name, model: result.models[i].qualifiedName, target: g.target, kind: .oneToMany,
                                     localColumns: [g.referencedColumn], remoteColumns: [g.objectIDColumn], isDeclared: true)
                r.targetConditions = [.init(column: g.contentTypeColumn, value: id)]
                r.app = g.behaviour
                r.qualifiedName = g.qualifiedName
                let rels = result.models[i].relationships
                result.models[i].relationships.insert(r, at: rels.lastIndex { $0.app != nil }.map { $0 + 1 } ?? 0)
            }
        }
        return result
    }

    /// A generic relation's content type, as `withGenericRelationships` keys it.
    static func contentTypeKey(_ g: AppGenericRelation) -> String { "\(g.contentTypeTable)\u{0}\(g.appLabel)\u{0}\(g.modelName)" }
}

extension Database {
    /// `registry` with its generic relations as relationships (`Registry.withGenericRelationships`),
    /// their content type ids read in one SELECT per content types' table, logged with cause
    /// `contentTypes` (part of reading the schema, as Django's ContentType cache holds them):
    ///
    /// ```sql
    /// SELECT * FROM "django_content_type" WHERE (("app_label" = ?) AND ("model" = ?)) OR (...)
    /// ```
    public func resolvingGenericRelations(_ registry: Registry) throws -> Registry {
        let generic = registry.models.flatMap(\.genericRelations)
        guard !generic.isEmpty else { return registry }
        var ids: [String: Value] = [:]
        for table in Set(generic.map(\.contentTypeTable)).sorted() {
            guard let ct = registry.model(named: table), let key = ct.primaryKey.first else { continue }
            var wanted: [(String, String)] = []
            for g in generic where g.contentTypeTable == table && !wanted.contains(where: { $0 == (g.appLabel, g.modelName) }) {
                wanted.append((g.appLabel, g.modelName))
            }
            let predicate = SQLExpression.or(wanted.map { SQLExpression.keyEquals(["app_label", "model"], [.text($0.0), .text($0.1)]) })
            let cause = StatementCause.contentTypes(table: table, relationships: generic.filter { $0.contentTypeTable == table }.map(\.qualifiedName))
            for row in try fetchAll(.select(Select(from: ct.table, where: wanted.count == 1 ? .keyEquals(["app_label", "model"], [.text(wanted[0].0), .text(wanted[0].1)]) : predicate)), cause: cause) {
                guard case .text(let label)? = row["app_label"], case .text(let model)? = row["model"], let id = row[key] else { continue }
                ids["\(table)\u{0}\(label)\u{0}\(model)"] = id
            }
        }
        return registry.withGenericRelationships(ids)
    }
}
