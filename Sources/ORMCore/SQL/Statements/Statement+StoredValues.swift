import Foundation

/// Which columns store their values in another form than their kind's (SQLite `CHAR(32)` hex UUIDs),
/// by table name then column name; made from a registry's fields (`Field.storage`).
public struct StoredValueMap: Sendable, Hashable {
    var tables: [String: [String: Field.Storage]] = [:]

    public init() {}

    public init(_ registry: Registry) {
        // (By position: a registry of 5,000 models is read without a copy of each model and field.)
        let models = registry.models
        for m in models.indices {
            // (JSON as text is bound as the text it is: only hex UUIDs are bound in another form.)
            for f in models[m].fields.indices where models[m].fields[f].storage == .uuidHex {
                tables[models[m].name, default: [:]][models[m].fields[f].name] = models[m].fields[f].storage
            }
        }
    }

    public var isEmpty: Bool { tables.isEmpty }

    /// `(table, column)` pairs stored as `storage`.
    public func columns(stored storage: Field.Storage) -> [(table: String, column: String)] {
        tables.flatMap { t, cs in cs.filter { $0.value == storage }.map { (t, $0.key) } }
    }
}

/// Writes values in the form their column stores: a `.uuid` (or UUID text) compared with, assigned
/// to or inserted into a hex-UUID column is bound as its 32 hex digits. `Database.compile` applies it
/// to every statement, so forms, filters, keys and loading all write what SQLAlchemy writes:
///
/// ```sql
/// SELECT * FROM "item" WHERE "id" = ?     -- bound '0f8fad5bd9cb469fa16570867728950e', not '0f8fad5b-d9cb-...'
/// ```
extension Statement {
    public func storingValues(_ map: StoredValueMap) -> Statement {
        if map.isEmpty { return self }
        switch self {
        case .select(let s): return .select(s.storingValues(map))
        case .insert(var i):
            let columns = map.tables[i.table.name] ?? [:]
            if !columns.isEmpty {
                let storages = i.columns.map { columns[$0] }
                i.rows = i.rows.map { row in row.enumerated().map { j, e in j < storages.count ? StoredValueMap.store(e, storages[j]) : e } }
                if case .doUpdate(let assignments, let predicate)? = i.onConflict?.action {
                    let scope = StoredValueMap.Scope(map: map, tables: [i.table.qualifier: i.table.name, "excluded": i.table.name], main: i.table.name)
                    i.onConflict?.action = .doUpdate(assignments.map { a in
                        var a = a
                        a.value = StoredValueMap.store(scope.rewrite(a.value), columns[a.column])
                        return a
                    }, where: predicate.map(scope.rewrite))
                }
            }
            return .insert(i)
        case .update(var u):
            let columns = map.tables[u.table.name] ?? [:]
            let scope = StoredValueMap.Scope(map: map, tables: [u.table.qualifier: u.table.name], main: u.table.name)
            u.assignments = u.assignments.map { a in
                var a = a
                a.value = StoredValueMap.store(scope.rewrite(a.value), columns[a.column])
                return a
            }
            u.predicate = u.predicate.map(scope.rewrite)
            return .update(u)
        case .delete(var d):
            let scope = StoredValueMap.Scope(map: map, tables: [d.table.qualifier: d.table.name], main: d.table.name)
            d.predicate = d.predicate.map(scope.rewrite)
            return .delete(d)
        case .transaction: return self
        }
    }
}

extension Select {
    func storingValues(_ map: StoredValueMap) -> Select {
        guard let from else { return self }
        var tables = [from.qualifier: from.name]
        for j in joins { tables[j.table.qualifier] = j.table.name }
        let scope = StoredValueMap.Scope(map: map, tables: tables, main: from.name)
        var s = self
        s.predicate = predicate.map(scope.rewrite)
        s.joins = joins.map { var j = $0; j.on = scope.rewrite(j.on); return j }
        return s
    }
}

extension StoredValueMap {
    /// A value expression in the form `storage` stores it.
    static func store(_ e: SQLExpression, _ storage: Field.Storage?) -> SQLExpression {
        guard storage == .uuidHex, case .value(let v) = e else { return e }
        switch v {
        case .uuid(let u): return .value(.text(HexUUID.text(u)))
        case .text(let t): return UUID(uuidString: t).map { .value(.text(HexUUID.text($0))) } ?? e
        default: return e
        }
    }

    /// The tables a statement names (qualifier -> table), to find a column's storage.
    struct Scope {
        let map: StoredValueMap
        let tables: [String: String]
        let main: String

        func storage(_ e: SQLExpression) -> Field.Storage? {
            guard case .column(let c) = e else { return nil }
            if let q = c.table { return tables[q].flatMap { map.tables[$0]?[c.name] } }
            if let s = map.tables[main]?[c.name] { return s }
            return tables.values.lazy.compactMap { map.tables[$0]?[c.name] }.first
        }

        func rewrite(_ e: SQLExpression) -> SQLExpression {
            switch e {
            case .binary(let l, let op, let r):
                if case .tuple(let ls) = l, case .tuple(let rs) = r, ls.count == rs.count {
                    return .binary(.tuple(ls), op, .tuple(zip(ls, rs).map { StoredValueMap.store($1, storage($0)) }))
                }
                if let s = storage(l) { return .binary(l, op, StoredValueMap.store(rewrite(r), s)) }
                if let s = storage(r) { return .binary(StoredValueMap.store(rewrite(l), s), op, r) }
                return .binary(rewrite(l), op, rewrite(r))
            case .inList(let x, let list, let negated):
                if let s = storage(x) { return .inList(x, list.map { StoredValueMap.store($0, s) }, negated: negated) }
                if case .tuple(let xs) = x {
                    let storages = xs.map(storage)
                    return .inList(x, list.map { item in
                        guard case .tuple(let vs) = item, vs.count == xs.count else { return item }
                        return .tuple(zip(vs, storages).map { StoredValueMap.store($0, $1) })
                    }, negated: negated)
                }
                return .inList(rewrite(x), list.map(rewrite), negated: negated)
            case .and(let parts): return .and(parts.map(rewrite))
            case .or(let parts): return .or(parts.map(rewrite))
            case .not(let inner): return .not(rewrite(inner))
            case .isNull(let inner, let negated): return .isNull(rewrite(inner), negated: negated)
            case .inSelect(let x, let select, let negated): return .inSelect(rewrite(x), select.storingValues(map), negated: negated)
            case .exists(let select): return .exists(select.storingValues(map))
            case .subquery(let select): return .subquery(select.storingValues(map))
            case .function(let f, let args): return .function(f, args.map(rewrite))
            case .tuple(let parts): return .tuple(parts.map(rewrite))
            default: return e
            }
        }
    }
}
