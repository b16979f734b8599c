/// Drift of indexes: each of the models' indexes is matched with a live one (by its key
/// expressions when the file gives them, else by its columns, or by its name for an expression
/// index the file gives no text of; a live index of the same name first), then their conditions
/// and key expressions are compared in `IndexTextForm`'s normal form, where the file gives them.
extension Drift {
    static func compareIndexes(_ am: AppModel, _ m: Model, backend: String, knownKeys: [[String]],
                               add: (DriftDifference.Kind, String?, String) -> Void) {
        let t = m.qualifiedName
        let fold = backend == "sqlite"
        func same(_ a: String, _ b: String) -> Bool { fold ? a.lowercased() == b.lowercased() : a == b }
        func sameSet(_ a: [String], _ b: [String]) -> Bool {
            fold ? Set(a.map { $0.lowercased() }) == Set(b.map { $0.lowercased() }) : Set(a) == Set(b)
        }
        func cols(_ c: [String]) -> String { "(" + c.joined(separator: ", ") + ")" }
        func what(_ i: Index) -> String { i.isUnique ? "Unique index" : "Index" }
        // An expression index (`lower(memo)`) the file gives no text of is matched by its name: the
        // exporter of an older file gave it no columns, and the catalog's text of it is the server's.
        func byExpression(_ live: Index, _ app: Index) -> Bool {
            (app.columns.isEmpty || live.columns.contains { $0.contains("(") }) && live.name == app.name
        }
        func sameKeys(_ live: [String], _ keys: [String]) -> Bool {
            live.count == keys.count && zip(keys, live).allSatisfy { IndexTextForm.compare($0, $1, backend: backend) == .same }
        }
        var matched = Set<String>()
        for i in am.indexes {
            let text = am.indexTexts.isEmpty ? nil : am.indexTexts[i.name]
            let keys = text?.keys(on: backend)
            var candidates = m.indexes.filter { live in
                (!i.isUnique || live.isUnique) && (keys.map { sameKeys(live.columns, $0) } ?? (sameSet(live.columns, i.columns) || byExpression(live, i)))
            }
            // Keys that changed: the live index of the same name is this one, its expression compared below.
            if candidates.isEmpty, keys != nil { candidates = m.indexes.filter { same($0.name, i.name) && (!i.isUnique || $0.isUnique) } }
            guard !candidates.isEmpty else {
                add(.missingIndex, i.columns.first, "\(what(i)) \(i.name) on \(t) \(cols(keys ?? i.columns)) is in the models but not in the database.")
                continue
            }
            let condition = text?.condition(on: backend)
            let live = candidates.first { same($0.name, i.name) }
                ?? condition.flatMap { c in candidates.first { l in c == nil ? l.predicate == nil : l.predicate.map { IndexTextForm.compare(c!, $0, backend: backend) == .same } ?? false } }
                ?? candidates[0]
            matched.insert(live.name)
            if let keys, !sameKeys(live.columns, keys) {
                let certain = live.columns.count != keys.count
                    || zip(keys, live.columns).contains { if case .differs = IndexTextForm.compare($0, $1, backend: backend) { return true } else { return false } }
                add(certain ? .indexExpression : .indexUnsure, i.columns.first, certain
                    ? "\(what(i)) \(i.name) on \(t) is on \(cols(keys)) in the models but on \(cols(live.columns)) in the database."
                    : "\(what(i)) \(i.name) on \(t) is on \(cols(keys)) in the models and on \(cols(live.columns)) in the database, which ormscope cannot compare with confidence (not counted as a difference).")
            }
            guard let c = condition else { continue }
            switch (c, live.predicate) {
            case (nil, nil): break
            case (nil, let p?):
                add(.indexCondition, i.columns.first, "\(what(i)) \(i.name) on \(t) is full in the models but partial in the database (WHERE \(p)).")
            case (let c?, nil):
                add(.indexCondition, i.columns.first, "\(what(i)) \(i.name) on \(t) is partial in the models (WHERE \(c)) but full in the database.")
            case (let c?, let p?):
                switch IndexTextForm.compare(c, p, backend: backend) {
                case .same: break
                case .differs(let constantOnly):
                    add(.indexCondition, i.columns.first, "The condition of \(what(i).lowercased()) \(i.name) on \(t) \(constantOnly ? "has another constant: it is" : "is") WHERE \(c) in the models but WHERE \(p) in the database.")
                case .unsure:
                    add(.indexUnsure, i.columns.first, "The condition of \(what(i).lowercased()) \(i.name) on \(t) is WHERE \(c) in the models and WHERE \(p) in the database, which ormscope cannot compare with confidence (not counted as a difference).")
                }
            }
        }
        guard !am.columns.isEmpty else { return }
        // (An index on expressions keys no columns: `lower(email)` does not stand for `email`.)
        let plain = am.indexTexts.isEmpty ? am.indexes : am.indexes.filter { am.indexTexts[$0.name]?.keys(on: backend) == nil }
        let known = knownKeys + plain.map(\.columns)
        for i in m.indexes where !matched.contains(i.name) && !known.contains(where: { sameSet($0, i.columns) })
            && !am.indexes.contains(where: { byExpression(i, $0) }) && !i.name.hasPrefix("sqlite_autoindex_") {
            add(.extraIndex, i.columns.first, "\(what(i)) \(i.name) on \(t) \(cols(i.columns)) is in the database but not in the models.")
        }
    }
}
