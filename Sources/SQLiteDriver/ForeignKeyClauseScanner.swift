/// Finds which foreign keys of a CREATE TABLE statement are DEFERRABLE (and INITIALLY DEFERRED):
/// SQLite's `pragma foreign_key_list` does not say, so its only record is the table's text.
/// Reads column constraints (`team_id integer REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED`)
/// and table constraints (`[CONSTRAINT n] FOREIGN KEY (a, b) REFERENCES t (x, y) ...`). Used for
/// the tables whose catalog the pragmas read; `CreateTableParser` reads the others' itself.
enum ForeignKeyClauseScanner {
    struct Clause: Equatable {
        var columns: [String]
        var table: String
        var isDeferrable: Bool
        var isInitiallyDeferred: Bool
    }

    static func clauses(in sql: String) -> [Clause] {
        guard let t = SQLiteTokens(sql), let open = (0..<t.count).first(where: { t.isPunct($0, "(") }),
              let close = t.closing(open) else { return [] }
        // The table's items: comma-separated at depth 1.
        var items: [Range<Int>] = []
        var start = open + 1, depth = 0
        for k in (open + 1)...close {
            if t.isPunct(k, "(") { depth += 1 } else if t.isPunct(k, ")") { depth -= 1 }
            if k == close || (depth == 0 && t.isPunct(k, ",")) { items.append(start..<k); start = k + 1 }
        }
        var out: [Clause] = []
        for var item in items where !item.isEmpty {
            if t.isKeyword(item.lowerBound, "CONSTRAINT") { item = min(item.lowerBound + 2, item.upperBound)..<item.upperBound }
            guard let refs = item.first(where: { t.isKeyword($0, "REFERENCES") }), refs + 1 < item.upperBound,
                  let table = t.name(refs + 1) else { continue }
            var columns: [String] = []
            if t.isKeyword(item.lowerBound, "FOREIGN") {
                var i = item.first(where: { t.isPunct($0, "(") }).map { $0 + 1 } ?? refs
                while i < refs, !t.isPunct(i, ")") {
                    if !t.isPunct(i, ","), let n = t.name(i) { columns.append(n) }
                    i += 1
                }
            } else if let name = t.name(item.lowerBound) {
                columns = [name]
            }
            var deferrable = false, deferred = false
            if let d = ((refs + 1)..<item.upperBound).first(where: { t.isKeyword($0, "DEFERRABLE") }) {
                deferrable = !t.isKeyword(d - 1, "NOT")
                if deferrable, t.isKeyword(d + 1, "INITIALLY") { deferred = t.isKeyword(d + 2, "DEFERRED") }
            }
            out.append(Clause(columns: columns, table: table, isDeferrable: deferrable, isInitiallyDeferred: deferred))
        }
        return out
    }
}
