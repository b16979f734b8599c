import ORMCore

/// What only a table's `CREATE TABLE` text says, found in it by SQLite's tokens (`SQLiteTokens`)
/// whether or not `CreateTableParser` could read the rest: CHECK constraints, the expressions of
/// generated columns (`pragma_table_xinfo` says a column is generated, not how), and which foreign
/// keys are DEFERRABLE (`pragma_foreign_key_list` does not say). Each reads what it can and skips the
/// rest, never failing the catalog read.
enum CreateTableClauses {
    /// `[CONSTRAINT name] CHECK (expression)`, in the table's items and its columns' constraints:
    /// the expression as written, inside its parentheses.
    static func checks(in sql: String) -> [CheckConstraint] {
        guard let t = SQLiteTokens(sql) else { return [] }
        var result: [CheckConstraint] = []
        var name: String?
        var i = 0
        while i < t.count {
            if t.isKeyword(i, "CONSTRAINT") {
                name = t.name(i + 1)
                i += 2
                continue
            }
            if t.isKeyword(i, "CHECK"), t.isPunct(i + 1, "("), let close = t.closing(i + 1) {
                result.append(CheckConstraint(name: name, expression: t.text(between: i + 1, and: close)))
                name = nil
                i = close + 1
                continue
            }
            if t.isPunct(i, ",") { name = nil }
            i += 1
        }
        return result
    }

    /// The columns a CHECK expression says hold JSON: the names in `JSON_VALID(name)` (Django's
    /// JSONField: `JSON_VALID("attrs") OR "attrs" IS NULL`).
    static func jsonValidColumns(in expression: String) -> [String] {
        guard let t = SQLiteTokens(expression) else { return [] }
        var out: [String] = []
        var i = 0
        while i + 3 < t.count {
            if t.isKeyword(i, "JSON_VALID"), t.isPunct(i + 1, "("), t.isPunct(i + 3, ")"), let name = t.name(i + 2) { out.append(name) }
            i += 1
        }
        return out
    }

    /// Lower-cased column name -> the expression between the parentheses after `AS`
    /// (`total REAL GENERATED ALWAYS AS (price * qty) STORED`, or the short `total AS (price * qty)`).
    static func generatedExpressions(in sql: String) -> [String: String] {
        guard let t = SQLiteTokens(sql) else { return [:] }
        var out: [String: String] = [:]
        for item in items(t) {
            guard let name = t.name(item.lowerBound) else { continue }
            var depth = 0
            for k in item {
                if t.isPunct(k, "(") { depth += 1 } else if t.isPunct(k, ")") { depth -= 1 }
                if depth == 0, t.isKeyword(k, "AS"), t.isPunct(k + 1, "("), let close = t.closing(k + 1) {
                    out[name.lowercased()] = t.text(between: k + 1, and: close)
                    break
                }
            }
        }
        return out
    }

    struct ForeignKeyClause: Equatable {
        var columns: [String]
        var table: String
        var isDeferrable: Bool
        var isInitiallyDeferred: Bool
    }

    /// The foreign keys' clauses with their deferrability: column constraints
    /// (`team_id integer REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED`) and table constraints
    /// (`[CONSTRAINT n] FOREIGN KEY (a, b) REFERENCES t (x, y) ...`).
    static func foreignKeys(in sql: String) -> [ForeignKeyClause] {
        guard let t = SQLiteTokens(sql) else { return [] }
        var out: [ForeignKeyClause] = []
        for var item in items(t) {
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
            out.append(ForeignKeyClause(columns: columns, table: table, isDeferrable: deferrable, isInitiallyDeferred: deferred))
        }
        return out
    }

    /// The table's items (columns and constraints): the token ranges between the commas at the
    /// depth of its first parenthesis.
    static func items(_ t: SQLiteTokens) -> [Range<Int>] {
        guard let open = (0..<t.count).first(where: { t.isPunct($0, "(") }), let close = t.closing(open) else { return [] }
        var items: [Range<Int>] = []
        var start = open + 1, depth = 0
        for k in (open + 1)...close {
            if t.isPunct(k, "(") { depth += 1 } else if t.isPunct(k, ")") { depth -= 1 }
            if k == close || (depth == 0 && t.isPunct(k, ",")) {
                if start < k { items.append(start..<k) }
                start = k + 1
            }
        }
        return items
    }
}
