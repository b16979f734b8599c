/// Infers every relationship of a registry from its foreign keys (see `Naming` for the names).
enum RelationshipInference {
    static func infer(_ models: [Model]) -> [String: [Relationship]] {
        var byModel: [String: [Relationship]] = [:]
        var taken: [String: Set<String>] = [:]
        for m in models { taken[m.qualifiedName] = Set(m.fieldNames) }
        let index = Dictionary(models.map { ($0.modelName, $0) }, uniquingKeysWith: { a, _ in a })
        // Performance (5,000 tables): the case-folded index is built once, on the first miss, instead
        // of filtering every model per foreign key; `bare` names come from the table part directly
        // (what `Naming.bare(qualifiedName)` returns, without parsing the canonical name back).
        var foldedIndex: [ModelName: [Model]]?
        /// A foreign key's target by its exact (schema, table); SQLite compares names without case.
        func find(_ name: ModelName) -> Model? {
            if let m = index[name] { return m }
            if foldedIndex == nil {
                foldedIndex = Dictionary(grouping: models) { ModelName(schema: $0.schema?.lowercased(), table: $0.name.lowercased()) }
            }
            let folded = foldedIndex?[ModelName(schema: name.schema?.lowercased(), table: name.table.lowercased())] ?? []
            return folded.count == 1 ? folded[0] : nil
        }
        func bare(_ m: Model) -> String { ModelName.isPlain(m.name) ? m.name : Naming.identifier(m.name) }

        func unique(_ name: String, on model: String) -> String {
            var candidate = name
            if taken[model, default: []].contains(candidate) { candidate = name + "_rel" }
            var n = 2
            while taken[model, default: []].contains(candidate) { candidate = "\(name)_\(n)"; n += 1 }
            taken[model, default: []].insert(candidate)
            return candidate
        }
        func add(_ r: Relationship) { byModel[r.model, default: []].append(r) }

        for m in models where m.kind == .table {
            let fks = m.foreignKeys.sorted { ($0.referencedTable, $0.columns.joined(separator: ",")) < ($1.referencedTable, $1.columns.joined(separator: ",")) }
            let owner = m.qualifiedName
            let uniqueKeys = m.uniqueKeys.map(Set.init)
            for fk in fks {
                guard let t = find(fk.referencedModelName), fk.columns.count == fk.referencedColumns.count else { continue }
                let target = t.qualifiedName
                let m2oBase = Naming.manyToOneName(columns: fk.columns, target: target)
                let m2o = unique(m2oBase, on: owner)
                let isUnique = uniqueKeys.contains(Set(fk.columns))
                let backBase: String
                if isUnique {
                    backBase = bare(m)
                } else if m2oBase == bare(t)
                            || (owner != t.qualifiedName && fks.filter({ $0.referencedTable == fk.referencedTable && $0.referencedSchema == fk.referencedSchema }).count == 1) {
                    backBase = Naming.plural(bare(m))
                } else {
                    backBase = Naming.plural(bare(m)) + "_by_" + m2oBase
                }
                let back = unique(backBase, on: target)
                add(Relationship(name: m2o, model: owner, target: target, kind: .manyToOne,
                                 localColumns: fk.columns, remoteColumns: fk.referencedColumns, backPopulates: back))
                add(Relationship(name: back, model: target, target: owner, kind: isUnique ? .oneToOne : .oneToMany,
                                 localColumns: fk.referencedColumns, remoteColumns: fk.columns, backPopulates: m2o))
            }
            // A link table: its primary key is exactly the columns of two foreign keys.
            guard fks.count >= 2, !m.primaryKey.isEmpty else { continue }
            let pk = Set(m.primaryKey)
            var pairs: [(ForeignKey, ForeignKey)] = []
            for (i, a) in fks.enumerated() {
                for b in fks[(i + 1)...] where Set(a.columns).isDisjoint(with: b.columns) && Set(a.columns).union(b.columns) == pk {
                    pairs.append((a, b))
                }
            }
            for (fa, fb) in pairs {
                guard let ma = find(fa.referencedModelName), let mb = find(fb.referencedModelName) else { continue }
                let a = ma.qualifiedName, b = mb.qualifiedName
                let extra = m.fieldNames.filter { !fa.columns.contains($0) && !fb.columns.contains($0) }
                let selfLink = a == b
                let nameOnA = unique(Naming.plural(selfLink ? Naming.manyToOneName(columns: fb.columns, target: b) : Naming.bare(b)), on: a)
                let nameOnB = unique(Naming.plural(selfLink ? Naming.manyToOneName(columns: fa.columns, target: a) : Naming.bare(a)), on: b)
                add(Relationship(name: nameOnA, model: a, target: b, kind: .manyToMany, localColumns: fa.referencedColumns,
                                 remoteColumns: fb.referencedColumns,
                                 link: .init(model: m.qualifiedName, ownerColumns: fa.columns, targetColumns: fb.columns, extraColumns: extra),
                                 backPopulates: nameOnB))
                add(Relationship(name: nameOnB, model: b, target: a, kind: .manyToMany, localColumns: fb.referencedColumns,
                                 remoteColumns: fa.referencedColumns,
                                 link: .init(model: m.qualifiedName, ownerColumns: fb.columns, targetColumns: fa.columns, extraColumns: extra),
                                 backPopulates: nameOnA))
            }
        }
        return byModel
    }
}
