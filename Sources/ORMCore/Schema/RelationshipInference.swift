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
    /// Each model's relationships and notes, by its position in the models inferred from.
    struct Result {
        var relationships: [[Relationship]]
        var notes: [[String]]
    }

    static func infer(_ models: [Model]) -> Result {
        // Performance (5,000 tables): everything is kept by model position (no copy of a model and
        // no canonical name built per lookup); names (class name, singular and plural short name)
        // are computed once per model, on first use, and the case-folded index once, on the first miss.
        // (Two variables, not a `Result`: the relationships are captured by no closure, so each is
        // appended where it is made, without a copy.)
        var relationships = [[Relationship]](repeating: [], count: models.count)
        var notes = [[String]](repeating: [], count: models.count)
        // (Names built from the stored parts: no copy of each model for a computed property.)
        let q = models.indices.map { ModelName(schema: models[$0].schema, table: models[$0].name).description }
        /// Relationship names given so far, per model (besides its field names).
        var added = NamesByModel(models: models.count)
        /// Each model's position by its exact name (the first of equal names: set last, from the end).
        var index = [ModelName: Int](minimumCapacity: models.count)
        for i in models.indices.reversed() { index[ModelName(schema: models[i].schema, table: models[i].name)] = i }
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
        /// Each model's class name (`HeroPowerLink`), once: relationships' qualified names use it.
        var classNames = [String?](repeating: nil, count: models.count)
        func className(_ i: Int) -> String {
            if let c = classNames[i] { return c }
            let c = Naming.className(Naming.identifier(models[i].name))  // (= className(q[i]), without parsing q[i])
            classNames[i] = c
            return c
        }
        /// The singular and the plural of each model's short name, once.
        var singulars = [String?](repeating: nil, count: models.count), plurals = [String?](repeating: nil, count: models.count)
        func singular(_ i: Int) -> String {
            if let s = singulars[i] { return s }
            let s = Naming.singular(book.name(i))
            singulars[i] = s
            return s
        }
        func plural(_ i: Int) -> String {
            if let p = plurals[i] { return p }
            let p = Naming.plural(book.name(i))
            plurals[i] = p
            return p
        }
        /// A many-to-one's name for a key to the model at `i`: the column without `_id`, or the
        /// target's short name, singular.
        func manyToOneName(_ columns: [String], to i: Int) -> String { Naming.columnName(columns) ?? singular(i) }
        func isTaken(_ name: String, on i: Int) -> Bool {
            models[i].fields.contains { $0.name == name } || added.contains(name, on: i)
        }
        func unique(_ name: String, on i: Int) -> String {
            var candidate = name
            if isTaken(candidate, on: i) {
                candidate = name + "_rel"
                var n = 2
                while isTaken(candidate, on: i) { candidate = "\(name)_\(n)"; n += 1 }
            }
            added.add(candidate, on: i)
            return candidate
        }
        func note(_ text: String, on ms: [Int]) {
            for m in Set(ms).sorted(by: { q[$0] < q[$1] }) where !notes[m].contains(text) { notes[m].append(text) }
        }
        /// Whether a unique key of the model at `i` has exactly these columns, in any order.
        func isKey(_ columns: Set<String>, on i: Int) -> Bool { models[i].hasUniqueKey { $0.count >= columns.count && Set($0) == columns } }
        func isUnique(_ columns: [String], on i: Int) -> Bool {
            if columns.count == 1 { return models[i].hasUniqueKey { $0.count == 1 && $0[0] == columns[0] } }
            let set = Set(columns)
            return models[i].hasUniqueKey { Set($0) == set }
        }
        func cols(_ c: [String]) -> String { c.joined(separator: ", ") }

        let tables = models.indices.filter { models[$0].kind == .table }
        /// Each table's foreign keys to known models in a fixed order, all in one list: those of the
        /// model at `m` are `keys[keyStart[m]..<keyStart[m + 1]]`, each its position in the model's
        /// `foreignKeys` and its target's position.
        var keys: [(fk: Int, target: Int)] = []
        var keyStart = [Int](repeating: 0, count: models.count + 1)
        for m in models.indices {
            keyStart[m] = keys.count
            guard models[m].kind == .table else { continue }
            let fks = models[m].foreignKeys
            for k in fks.indices where fks[k].columns.count == fks[k].referencedColumns.count {
                if let t = position(fks[k].referencedModelName) { keys.append((k, t)) }
            }
            if keys.count - keyStart[m] > 1 {
                keys[keyStart[m]...].sort { (fks[$0.fk].referencedTable, fks[$0.fk].columns.joined(separator: ",")) < (fks[$1.fk].referencedTable, fks[$1.fk].columns.joined(separator: ",")) }
            }
        }
        keyStart[models.count] = keys.count
        /// The model's keys as (foreign key, target's position).
        func sortedKeys(_ m: Int) -> [(fk: ForeignKey, target: Int)] { keys[keyStart[m]..<keyStart[m + 1]].map { (models[m].foreignKeys[$0.fk], $0.target) } }

        // Each foreign key: many-to-one and one-to-many, or one-to-one both ways. (Each model's
        // room for them is reserved first: one allocation, not one per growth.)
        var room = [Int](repeating: 0, count: models.count)
        for m in models.indices { room[m] += keyStart[m + 1] - keyStart[m] }
        for key in keys { room[key.target] += 1 }
        for m in models.indices where room[m] > 0 { relationships[m].reserveCapacity(room[m]) }
        for mi in tables {
            let owned = keys[keyStart[mi]..<keyStart[mi + 1]]
            let owner = q[mi]
            for (k, ti) in owned {
                let fk = models[mi].foreignKeys[k]
                let target = q[ti]
                let m2oBase = manyToOneName(fk.columns, to: ti)
                let forward = unique(m2oBase, on: mi)
                let oneToOne = isUnique(fk.columns, on: mi)
                let inheritance = oneToOne && mi != ti && !models[mi].primaryKey.isEmpty && Set(fk.columns) == Set(models[mi].primaryKey)
                    && Set(fk.referencedColumns) == Set(models[ti].primaryKey)
                let backBase: String
                if oneToOne {
                    backBase = singular(mi)
                } else if (mi != ti && owned.lazy.filter({ $0.target == ti }).count == 1) || Naming.singular(m2oBase) == singular(ti) {
                    backBase = plural(mi)
                } else {
                    backBase = plural(mi) + "_by_" + m2oBase
                }
                let back = unique(backBase, on: ti)
                let origin = Relationship.Origin(model: owner, foreignKeys: [fk])
                let f = Relationship(name: forward, model: owner, target: target, kind: oneToOne ? .oneToOne : .manyToOne, className: className(mi),
                                     localColumns: fk.columns, remoteColumns: fk.referencedColumns, backPopulates: back,
                                     origin: origin, isInheritance: inheritance)
                let b = Relationship(name: back, model: target, target: owner, kind: oneToOne ? .oneToOne : .oneToMany, className: className(ti),
                                     localColumns: fk.referencedColumns, remoteColumns: fk.columns, backPopulates: forward,
                                     origin: origin, isInheritance: inheritance)
                // (Each moved in at its last use: a relationship is a large value, not worth a copy.)
                relationships[mi].append(f)
                relationships[ti].append(b)
            }
        }

        // Link tables: first every candidate path, so that colliding names can be told apart.
        struct Path { var link: Int; var owner: Int; var target: Int; var own: ForeignKey; var far: ForeignKey; var base: String }
        var paths: [Path] = []
        for mi in tables where keyStart[mi + 1] - keyStart[mi] >= 2 {
            let m = models[mi]
            let fks = sortedKeys(mi)
            var pairs: [((fk: ForeignKey, target: Int), (fk: ForeignKey, target: Int))] = []
            for (i, a) in fks.enumerated() {
                for b in fks[(i + 1)...] where Set(a.fk.columns).isDisjoint(with: b.fk.columns) {
                    if fks.count == 2 || isKey(Set(a.fk.columns).union(b.fk.columns), on: mi) { pairs.append((a, b)) }
                }
            }
            // Each pair in the table's column order, so notes read as the table is written.
            let position = { (fk: ForeignKey) in m.fields.firstIndex { $0.name == fk.columns[0] } ?? Int.max }
            for (x, y) in pairs {
                let (a, b) = position(x.fk) <= position(y.fk) ? (x, y) : (y, x)
                // A key that is unique alone is a one-to-one (inheritance, a profile), and a key to the
                // table itself is a tree: neither makes the table a link.
                guard !isUnique(a.fk.columns, on: mi), !isUnique(b.fk.columns, on: mi), a.target != mi, b.target != mi else { continue }
                let selfLink = a.target == b.target
                let baseA = selfLink ? Naming.plural(manyToOneName(b.fk.columns, to: b.target)) : plural(b.target)
                let baseB = selfLink ? Naming.plural(manyToOneName(a.fk.columns, to: a.target)) : plural(a.target)
                paths.append(Path(link: mi, owner: a.target, target: b.target, own: a.fk, far: b.fk, base: baseA))
                paths.append(Path(link: mi, owner: b.target, target: a.target, own: b.fk, far: a.fk, base: baseB))
            }
        }
        struct Base: Hashable { var owner: Int; var base: String }
        var counts: [Base: Int] = [:]
        for p in paths { counts[Base(owner: p.owner, base: p.base), default: 0] += 1 }
        var names: [String] = []
        for p in paths {
            let collides = counts[Base(owner: p.owner, base: p.base), default: 0] > 1 || isTaken(p.base, on: p.owner)
            names.append(unique(collides ? p.base + "_via_" + book.name(p.link) : p.base, on: p.owner))
        }
        for (i, p) in paths.enumerated() {
            let m = models[p.link]
            let pk = Set(m.primaryKey)
            let keyColumns = Set(p.own.columns).union(p.far.columns)
            let surrogate = !pk.isEmpty && pk.isDisjoint(with: keyColumns)
            let extra = m.fieldNames.filter { !keyColumns.contains($0) && !(surrogate && pk.contains($0)) }
            let backIndex = i % 2 == 0 ? i + 1 : i - 1
            let (owner, target, link) = (q[p.owner], q[p.target], q[p.link])
            relationships[p.owner].append(Relationship(name: names[i], model: owner, target: target, kind: .manyToMany, className: className(p.owner),
                             localColumns: p.own.referencedColumns, remoteColumns: p.far.referencedColumns,
                             link: .init(model: link, ownerColumns: p.own.columns, targetColumns: p.far.columns, extraColumns: extra),
                             backPopulates: names[backIndex], origin: .init(model: link, foreignKeys: [p.own, p.far])))
            guard i % 2 == 0 else { continue }
            let a = "\(owner).\(names[i])", b = "\(target).\(names[backIndex])"
            let sides = [p.link, p.owner, p.target]
            let nullable = (p.own.columns + p.far.columns).filter { m.field($0)?.isNullable ?? false }
            if !nullable.isEmpty {
                note("\(link) links \(owner) and \(target) but its \(cols(nullable)) accept\(nullable.count == 1 ? "s" : "") NULL: a row with a NULL side links nothing, so \(a) and \(b) leave it out (\(link)'s own many-to-one relationships still show it).", on: sides)
            }
            if p.owner == p.target && !isKey(keyColumns, on: p.link) {
                note("\(link) refers to \(owner) twice (\(cols(p.own.columns)); \(cols(p.far.columns))) with no unique pair: it is read as a link both ways (\(a), \(b)), and a pair stored twice gives the related row twice with selectin (once with lazy and joined, as SQLAlchemy's loaders give it); declare a relationship to name or shape it otherwise.", on: sides)
            }
        }
        return Result(relationships: relationships, notes: notes)
    }
}
