/// Infers every relationship of a registry from its foreign keys (see `Naming` for the names).
///
/// - Every foreign key gives a pair: many-to-one / one-to-many, or one-to-one on both sides when its
///   columns are unique (the primary key, a unique constraint, a unique index). A primary key that is
///   the foreign key to the other's primary key is joined-table inheritance.
/// - A link table gives a many-to-many pair on top of its own: a table with two foreign keys (to two
///   tables, or twice to one) whose columns are disjoint, neither of which is unique alone, and neither
///   of which refers to the table itself. Its key may be the pair, a surrogate (`id`) with or without a
///   unique pair, or nothing at all. With more than two foreign keys, only a pair that is the primary key
///   or a unique key counts. Its columns other than the two keys and a surrogate key are link data.
/// - Ambiguous shapes get a note on the models concerned: a link whose key columns accept NULL (such a
///   row links nothing), and two keys to the same table with no unique pair (read as a link both ways).
enum RelationshipInference {
    struct Result {
        var relationships: [String: [Relationship]] = [:]
        var notes: [String: [String]] = [:]
    }

    static func infer(_ models: [Model]) -> Result {
        var result = Result()
        var taken: [String: Set<String>] = [:]
        for m in models { taken[m.qualifiedName] = Set(m.fieldNames) }
        // Performance (5,000 tables): models are found by position (no copy of a model per lookup),
        // and the case-folded index is built once, on the first miss.
        let index = Dictionary(models.indices.map { (models[$0].modelName, $0) }, uniquingKeysWith: { a, _ in a })
        let book = NameBook(models)
        var foldedIndex: [ModelName: [Int]]?
        /// A foreign key's target by its exact (schema, table); SQLite compares names without case.
        func position(_ name: ModelName) -> Int? {
            if let i = index[name] { return i }
            if foldedIndex == nil {
                foldedIndex = Dictionary(grouping: models.indices) { ModelName(schema: models[$0].schema?.lowercased(), table: models[$0].name.lowercased()) }
            }
            let folded = foldedIndex?[ModelName(schema: name.schema?.lowercased(), table: name.table.lowercased())] ?? []
            return folded.count == 1 ? folded[0] : nil
        }
        func find(_ name: ModelName) -> Model? { position(name).map { models[$0] } }
        /// Each model's class name (`HeroPowerLink`), once: relationships' qualified names use it.
        var classNames: [String: String] = [:]
        func className(_ model: String) -> String {
            if let c = classNames[model] { return c }
            let c = Naming.className(model)
            classNames[model] = c
            return c
        }
        func unique(_ name: String, on model: String) -> String {
            var candidate = name
            if taken[model, default: []].contains(candidate) { candidate = name + "_rel" }
            var n = 2
            while taken[model, default: []].contains(candidate) { candidate = "\(name)_\(n)"; n += 1 }
            taken[model, default: []].insert(candidate)
            return candidate
        }
        func add(_ r: Relationship) { result.relationships[r.model, default: []].append(r) }
        func note(_ text: String, on ms: [String]) {
            for m in Set(ms).sorted() where !result.notes[m, default: []].contains(text) { result.notes[m, default: []].append(text) }
        }
        func isUnique(_ columns: [String], on m: Model) -> Bool {
            if columns.count == 1 { return m.uniqueKeys.contains { $0.count == 1 && $0[0] == columns[0] } }
            return m.uniqueKeys.contains { Set($0) == Set(columns) }
        }
        func cols(_ c: [String]) -> String { c.joined(separator: ", ") }

        let tables = models.filter { $0.kind == .table }
        var sortedKeys: [String: [ForeignKey]] = [:]
        for m in tables {
            sortedKeys[m.qualifiedName] = m.foreignKeys
                .filter { position($0.referencedModelName) != nil && $0.columns.count == $0.referencedColumns.count }
                .sorted { ($0.referencedTable, $0.columns.joined(separator: ",")) < ($1.referencedTable, $1.columns.joined(separator: ",")) }
        }

        // Each foreign key: many-to-one and one-to-many, or one-to-one both ways.
        for m in tables {
            let fks = sortedKeys[m.qualifiedName] ?? []
            let owner = m.qualifiedName
            for fk in fks {
                let t = find(fk.referencedModelName)!
                let target = t.qualifiedName
                let m2oBase = Naming.manyToOneName(columns: fk.columns, target: book.name(target))
                let forward = unique(m2oBase, on: owner)
                let oneToOne = isUnique(fk.columns, on: m)
                let inheritance = oneToOne && owner != target && !m.primaryKey.isEmpty && Set(fk.columns) == Set(m.primaryKey)
                    && Set(fk.referencedColumns) == Set(t.primaryKey)
                let ownerShort = book.name(owner)
                let backBase: String
                if oneToOne {
                    backBase = Naming.singular(ownerShort)
                } else if Naming.singular(m2oBase) == Naming.singular(book.name(target))
                            || (owner != target && fks.filter({ $0.referencedModelName == fk.referencedModelName }).count == 1) {
                    backBase = Naming.plural(ownerShort)
                } else {
                    backBase = Naming.plural(ownerShort) + "_by_" + m2oBase
                }
                let back = unique(backBase, on: target)
                let origin = Relationship.Origin(model: owner, foreignKeys: [fk])
                var f = Relationship(name: forward, model: owner, target: target, kind: oneToOne ? .oneToOne : .manyToOne, className: className(owner),
                                     localColumns: fk.columns, remoteColumns: fk.referencedColumns, backPopulates: back)
                var b = Relationship(name: back, model: target, target: owner, kind: oneToOne ? .oneToOne : .oneToMany, className: className(target),
                                     localColumns: fk.referencedColumns, remoteColumns: fk.columns, backPopulates: forward)
                f.origin = origin
                b.origin = origin
                f.isInheritance = inheritance
                b.isInheritance = inheritance
                add(f)
                add(b)
            }
        }

        // Link tables: first every candidate path, so that colliding names can be told apart.
        struct Path { var link: Model; var owner: Model; var target: Model; var own: ForeignKey; var far: ForeignKey; var base: String }
        var paths: [Path] = []
        for m in tables {
            let fks = sortedKeys[m.qualifiedName] ?? []
            guard fks.count >= 2 else { continue }
            var pairs: [(ForeignKey, ForeignKey)] = []
            for (i, a) in fks.enumerated() {
                for b in fks[(i + 1)...] where Set(a.columns).isDisjoint(with: b.columns) {
                    let union = Set(a.columns).union(b.columns)
                    if fks.count == 2 || m.uniqueKeys.contains(where: { Set($0) == union }) { pairs.append((a, b)) }
                }
            }
            // Each pair in the table's column order, so notes read as the table is written.
            let position = { (fk: ForeignKey) in m.fieldNames.firstIndex(of: fk.columns[0]) ?? Int.max }
            for (x, y) in pairs {
                let (fa, fb) = position(x) <= position(y) ? (x, y) : (y, x)
                let ma = find(fa.referencedModelName)!, mb = find(fb.referencedModelName)!
                // A key that is unique alone is a one-to-one (inheritance, a profile), and a key to the
                // table itself is a tree: neither makes the table a link.
                guard !isUnique(fa.columns, on: m), !isUnique(fb.columns, on: m),
                      ma.qualifiedName != m.qualifiedName, mb.qualifiedName != m.qualifiedName else { continue }
                let selfLink = ma.qualifiedName == mb.qualifiedName
                let baseA = Naming.plural(selfLink ? Naming.manyToOneName(columns: fb.columns, target: book.name(mb.qualifiedName)) : book.name(mb.qualifiedName))
                let baseB = Naming.plural(selfLink ? Naming.manyToOneName(columns: fa.columns, target: book.name(ma.qualifiedName)) : book.name(ma.qualifiedName))
                paths.append(Path(link: m, owner: ma, target: mb, own: fa, far: fb, base: baseA))
                paths.append(Path(link: m, owner: mb, target: ma, own: fb, far: fa, base: baseB))
            }
        }
        var counts: [String: Int] = [:]
        for p in paths { counts[p.owner.qualifiedName + "\u{0}" + p.base, default: 0] += 1 }
        var names: [Int: String] = [:]
        for (i, p) in paths.enumerated() {
            let collides = counts[p.owner.qualifiedName + "\u{0}" + p.base, default: 0] > 1 || taken[p.owner.qualifiedName, default: []].contains(p.base)
            names[i] = unique(collides ? p.base + "_via_" + book.name(p.link.qualifiedName) : p.base, on: p.owner.qualifiedName)
        }
        for (i, p) in paths.enumerated() {
            let m = p.link
            let pk = Set(m.primaryKey)
            let keyColumns = Set(p.own.columns).union(p.far.columns)
            let surrogate = !pk.isEmpty && pk.isDisjoint(with: keyColumns)
            let extra = m.fieldNames.filter { !keyColumns.contains($0) && !(surrogate && pk.contains($0)) }
            let backIndex = i % 2 == 0 ? i + 1 : i - 1
            var r = Relationship(name: names[i]!, model: p.owner.qualifiedName, target: p.target.qualifiedName, kind: .manyToMany, className: className(p.owner.qualifiedName),
                                 localColumns: p.own.referencedColumns, remoteColumns: p.far.referencedColumns,
                                 link: .init(model: m.qualifiedName, ownerColumns: p.own.columns, targetColumns: p.far.columns, extraColumns: extra),
                                 backPopulates: names[backIndex])
            r.origin = .init(model: m.qualifiedName, foreignKeys: [p.own, p.far])
            add(r)
            guard i % 2 == 0 else { continue }
            let a = "\(p.owner.qualifiedName).\(names[i]!)", b = "\(p.target.qualifiedName).\(names[backIndex]!)"
            let sides = [m.qualifiedName, p.owner.qualifiedName, p.target.qualifiedName]
            let nullable = (p.own.columns + p.far.columns).filter { m.field($0)?.isNullable ?? false }
            if !nullable.isEmpty {
                note("\(m.qualifiedName) links \(p.owner.qualifiedName) and \(p.target.qualifiedName) but its \(cols(nullable)) accept\(nullable.count == 1 ? "s" : "") NULL: a row with a NULL side links nothing, so \(a) and \(b) leave it out (\(m.qualifiedName)'s own many-to-one relationships still show it).", on: sides)
            }
            if p.owner.qualifiedName == p.target.qualifiedName && !m.uniqueKeys.contains(where: { Set($0) == keyColumns }) {
                note("\(m.qualifiedName) refers to \(p.owner.qualifiedName) twice (\(cols(p.own.columns)); \(cols(p.far.columns))) with no unique pair: it is read as a link both ways (\(a), \(b)), and a pair stored twice gives the related row twice; declare a relationship to name or shape it otherwise.", on: sides)
            }
        }
        return result
    }
}
