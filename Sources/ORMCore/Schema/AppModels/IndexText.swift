/// What a models file says of an index besides its columns: a partial index's condition and the
/// text of its keys when any is an expression (`lower(email)`), per backend where they differ.
///
/// SQLAlchemy's `postgresql_where=` / `sqlite_where=` are each one backend's: an index with only
/// `postgresql_where` is full on SQLite. A Django condition is every backend's (`"*"`).
public struct AppIndexText: Sendable, Hashable {
    /// The key of a text that holds on every backend.
    public static let everyBackend = "*"
    /// The backends an object of texts may name (`Registry.backend`'s names).
    public static let backends = ["postgresql", "sqlite"]

    /// The WHERE's text by backend (`postgresql`, `sqlite`, or `*`). Nil when the file leaves `where`
    /// out: the condition is not compared. Empty for `"where": null`: the index is full everywhere.
    /// A backend an object does not name has a full index.
    public var conditions: [String: String]?
    /// Each key's text in key order (a column's name for a plain key), by backend; nil when the file
    /// leaves `expressions` out (an expression index is then matched by its name).
    public var expressions: [String: [String]]?

    public init(conditions: [String: String]? = nil, expressions: [String: [String]]? = nil) {
        self.conditions = conditions
        self.expressions = expressions
    }

    /// `.some(nil)`: the index is full on `backend`; nil: the file does not say.
    public func condition(on backend: String) -> String?? {
        guard let c = conditions else { return nil }
        return .some(c[backend] ?? c[Self.everyBackend])
    }

    public func keys(on backend: String) -> [String]? {
        expressions.flatMap { $0[backend] ?? $0[Self.everyBackend] }
    }
}

/// A normal form of a condition's or an index key's SQL text, so that what an application wrote
/// and what the catalog prints of it compare equal: `"status" = 'active'` (Django),
/// `status = 'active'` (SQLAlchemy, SQLite's stored text) and `(status)::text = 'active'::text`
/// (PostgreSQL's `pg_get_expr`) are one form, `status = 'active'`.
///
/// The rules, each one a spelling the catalog or a framework is known to use for the same meaning:
/// - names lower-cased and unquoted (`"Status"` and `status` are one: a name differing only in its
///   case is not told apart), keywords upper-cased, a `table.` qualifier dropped;
/// - PostgreSQL's casts dropped (`::text`, `::character varying(20)`, `::text[]`), and `CAST(x AS t)`;
///   a string cast to a type not a text is the server's spelling of the value (`'2024-01-01
///   00:00:00+00'::timestamp with time zone`): it is not compared as text (unsure, never a difference);
/// - on PostgreSQL, `ESCAPE '\'` (its LIKE's default) dropped; a key's `ASC` / `DESC` / `NULLS FIRST`
///   dropped (PostgreSQL's text of one key has none: a key's order is not compared);
/// - `= ANY (ARRAY[a, b])` is `IN (a, b)`, `<> ALL (ARRAY[...])` is `NOT IN (...)`; `~~` is LIKE,
///   `~~*` ILIKE; `!=` is `<>`, `==` is `=`;
/// - parentheses that change nothing are dropped: around one term or a call, around the whole text,
///   around a comparison next to AND / OR / NOT, around an AND among ANDs, an OR among ORs.
public enum IndexTextForm {
    public enum Comparison: Sendable, Hashable {
        case same
        /// They differ for certain: a constant changed (`'active'` → `'archived'`), or a name or a
        /// constant is in one and not in the other.
        case differs(constantOnly: Bool)
        /// Their forms differ but name the same columns and constants, and one of them writes a
        /// boolean, a BETWEEN or a typed constant: a spelling this form does not know may mean the
        /// same (`archived = false` against `NOT archived`).
        case unsure
    }

    struct Atom: Hashable {
        /// `typedString`: a string PostgreSQL cast to a type not a text (`'2024-01-01 00:00:00+00'::timestamp
        /// with time zone`), which it prints in that type's own form, not as it was written.
        enum Kind: Hashable { case name, keyword, string, typedString, number, symbol }
        var kind: Kind
        var text: String
        var isConstant: Bool { kind == .string || kind == .number || kind == .typedString }
    }

    static let keywords: Set<String> = [
        "AND", "OR", "NOT", "IS", "NULL", "IN", "TRUE", "FALSE", "LIKE", "ILIKE", "GLOB", "REGEXP", "MATCH",
        "BETWEEN", "ANY", "ALL", "SOME", "ARRAY", "CASE", "WHEN", "THEN", "ELSE", "END", "COLLATE", "ESCAPE",
        "DISTINCT", "FROM", "EXISTS", "SIMILAR", "TO", "CAST", "AS", "ISNULL", "NOTNULL", "ASC", "DESC",
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "NULLS",
    ]

    /// The normal form's text (for sentences and tests).
    public static func normal(_ sql: String, backend: String) -> String {
        var out = ""
        var previous: Atom?
        for a in atoms(sql, backend: backend) {
            if let p = previous, !(a == sym("(") && p.kind == .name), a != sym(")"), a != sym(","), p != sym("(") { out += " " }
            out += a.text
            previous = a
        }
        return out
    }

    public static func compare(_ model: String, _ live: String, backend: String) -> Comparison {
        let a = atoms(model, backend: backend), b = atoms(live, backend: backend)
        if a == b { return .same }
        if a.count == b.count, zip(a, b).allSatisfy({ $0 == $1 || ($0.isConstant && $1.isConstant && $0.kind != .typedString && $1.kind != .typedString) }) {
            return .differs(constantOnly: true)
        }
        // Spellings of one meaning name the same columns and the same constants (booleans aside:
        // `false`, `0` and `NOT x` are spellings of each other; a typed constant is the server's spelling).
        // With a typed constant on either side, a string on the other may be the same value written otherwise.
        let typed = a.contains { $0.kind == .typedString } || b.contains { $0.kind == .typedString }
        func telling(_ x: [Atom]) -> Set<Atom> {
            Set(x.filter { $0.kind == .name || ($0.kind == .number && $0.text != "0" && $0.text != "1") || ($0.kind == .string && !typed) })
        }
        guard telling(a) == telling(b) else { return .differs(constantOnly: false) }
        // The same names and constants in another order of operators: only a known other spelling
        // (a boolean written `true`, `1` or bare, a BETWEEN, an IN of one value, a typed constant) may mean the same;
        // otherwise `IS NULL` against `IS NOT NULL`, `>` against `<`, `NOT archived` against
        // `archived` are differences (a verifier's inverted soft-delete index passed as unsure).
        func spellsOtherwise(_ x: [Atom]) -> Bool {
            x.contains { ($0.kind == .keyword && ["TRUE", "FALSE", "BETWEEN", "IN"].contains($0.text)) || ($0.kind == .number && ($0.text == "0" || $0.text == "1")) }
        }
        return typed || spellsOtherwise(a) || spellsOtherwise(b) ? .unsure : .differs(constantOnly: false)
    }

    static func atoms(_ sql: String, backend: String) -> [Atom] {
        let tokens = SQLLexer.tokens(sql, syntax: backend == "sqlite" ? .sqlite : .postgres)
        var x: [Atom] = tokens.map { t in
            switch t.kind {
            case .word: return keywords.contains(t.text) ? Atom(kind: .keyword, text: t.text) : Atom(kind: .name, text: t.text.lowercased())
            case .quotedIdentifier: return Atom(kind: .name, text: t.text.lowercased())
            case .string: return Atom(kind: .string, text: t.text)
            case .number: return Atom(kind: .number, text: t.text)
            case .parameter, .symbol: return Atom(kind: .symbol, text: t.text)
            }
        }
        x = operators(casts(x, postgres: backend != "sqlite"))
        x = anyArrays(x)
        // A key's order is not its text: PostgreSQL's text of one key has none (`name DESC` is `name`).
        if x.count > 2, x[x.count - 2] == kw("NULLS"), ["FIRST", "LAST"].contains(x[x.count - 1].text.uppercased()) { x.removeLast(2) }
        if x.count > 1, x[x.count - 1] == kw("ASC") || x[x.count - 1] == kw("DESC") { x.removeLast() }
        while let y = dropOneParenthesis(x) { x = y }
        return x
    }

    static func sym(_ s: String) -> Atom { Atom(kind: .symbol, text: s) }
    static func kw(_ s: String) -> Atom { Atom(kind: .keyword, text: s) }

    /// Without `::type` casts, `CAST(x AS type)` (as `(x)`), `table.` qualifiers and (PostgreSQL) `ESCAPE '\'`.
    static func casts(_ x: [Atom], postgres: Bool) -> [Atom] {
        var out: [Atom] = []
        out.reserveCapacity(x.count)
        var i = 0
        let typeWords: Set<String> = ["varying", "precision", "with", "without", "time", "zone"]
        let textTypes: Set<String> = ["text", "varchar", "character", "char", "bpchar", "name", "citext"]
        while i < x.count {
            if x[i] == sym(":"), i + 2 < x.count, x[i + 1] == sym(":") {
                i += 2
                if i < x.count, x[i].kind == .name || x[i].kind == .keyword {
                    if out.last?.kind == .string, !textTypes.contains(x[i].text.lowercased()) { out[out.count - 1].kind = .typedString }
                    i += 1
                }
                while i < x.count, typeWords.contains(x[i].text.lowercased()) { i += 1 }
                if i < x.count, x[i] == sym("("), let close = closing(x, i) { i = close + 1 }
                while i + 1 < x.count, x[i] == sym("["), x[i + 1] == sym("]") { i += 2 }
                continue
            }
            if x[i] == kw("CAST"), i + 1 < x.count, x[i + 1] == sym("("), let close = closing(x, i + 1) {
                var depth = 0, asAt: Int?
                for k in (i + 2)..<close {
                    if x[k] == sym("(") { depth += 1 } else if x[k] == sym(")") { depth -= 1 } else if depth == 0, x[k] == kw("AS") { asAt = k }
                }
                if let asAt {
                    out.append(sym("("))
                    out += casts(Array(x[(i + 2)..<asAt]), postgres: postgres)
                    out.append(sym(")"))
                    i = close + 1
                    continue
                }
            }
            // PostgreSQL's LIKE escapes with a backslash unless told otherwise (Django's SQLite text says it).
            if postgres, x[i] == kw("ESCAPE"), i + 1 < x.count, x[i + 1] == Atom(kind: .string, text: "'\\'") {
                i += 2
                continue
            }
            if x[i].kind == .name, i + 2 < x.count, x[i + 1] == sym("."), x[i + 2].kind == .name {
                i += 2
                continue
            }
            out.append(x[i])
            i += 1
        }
        return out
    }

    /// `!=` → `<>`, `==` → `=`, and PostgreSQL's `~~`, `~~*`, `!~~`, `!~~*` → (NOT) LIKE / ILIKE.
    static func operators(_ x: [Atom]) -> [Atom] {
        var out: [Atom] = []
        var i = 0
        func at(_ k: Int, _ s: String) -> Bool { k < x.count && x[k] == sym(s) }
        while i < x.count {
            if at(i, "!"), at(i + 1, "=") { out += [sym("<"), sym(">")]; i += 2; continue }
            if at(i, "="), at(i + 1, "=") { out.append(sym("=")); i += 2; continue }
            let not = at(i, "!") && at(i + 1, "~") && at(i + 2, "~")
            let start = not ? i + 1 : i
            if at(start, "~"), at(start + 1, "~") {
                if not { out.append(kw("NOT")) }
                let insensitive = at(start + 2, "*")
                out.append(kw(insensitive ? "ILIKE" : "LIKE"))
                i = start + (insensitive ? 3 : 2)
                continue
            }
            out.append(x[i])
            i += 1
        }
        return out
    }

    /// `= ANY (ARRAY[a, b])` → `IN (a, b)`; `<> ALL (ARRAY[a, b])` → `NOT IN (a, b)`.
    static func anyArrays(_ x: [Atom]) -> [Atom] {
        var out: [Atom] = []
        var i = 0
        while i < x.count {
            var op = 0
            if x[i] == sym("="), i + 1 < x.count, x[i + 1] == kw("ANY") { op = 1 }
            if x[i] == sym("<"), i + 2 < x.count, x[i + 1] == sym(">"), x[i + 2] == kw("ALL") { op = 2 }
            if op > 0 {
                let open = i + op + 1
                if open + 2 < x.count, x[open] == sym("("), x[open + 1] == kw("ARRAY"), x[open + 2] == sym("["),
                   let close = closing(x, open), let end = closing(x, open + 2, "[", "]"), end == close - 1 {
                    if op == 2 { out.append(kw("NOT")) }
                    out += [kw("IN"), sym("(")] + anyArrays(Array(x[(open + 3)..<end])) + [sym(")")]
                    i = close + 1
                    continue
                }
            }
            out.append(x[i])
            i += 1
        }
        return out
    }

    static func closing(_ x: [Atom], _ open: Int, _ o: String = "(", _ c: String = ")") -> Int? {
        var depth = 0
        for k in open..<x.count {
            if x[k] == sym(o) { depth += 1 } else if x[k] == sym(c) { depth -= 1; if depth == 0 { return k } }
        }
        return nil
    }

    /// The text without the first pair of parentheses that changes nothing, or nil when none does.
    static func dropOneParenthesis(_ x: [Atom]) -> [Atom]? {
        for open in x.indices where x[open] == sym("(") {
            guard let close = closing(x, open) else { return nil }
            let before: Atom? = open > 0 ? x[open - 1] : nil
            // A call's or a list's parentheses stay: `lower(email)`, `IN (...)`, `ANY (...)`.
            if let b = before, b.kind == .name || [kw("IN"), kw("ANY"), kw("ALL"), kw("SOME"), kw("EXISTS"), kw("CAST")].contains(b) { continue }
            let inner = Array(x[(open + 1)..<close])
            if inner.isEmpty { continue }
            let after: Atom? = close + 1 < x.count ? x[close + 1] : nil
            // One term, or a call, or a parenthesis in parentheses.
            var term = inner.count == 1
            if !term, inner[0].kind == .name, inner.count > 2, inner[1] == sym("("), closing(inner, 1) == inner.count - 1 { term = true }
            if !term, inner[0] == sym("("), closing(inner, 0) == inner.count - 1 { term = true }
            if !term {
                var depth = 0, and = false, or = false
                for a in inner {
                    if a == sym("(") { depth += 1 } else if a == sym(")") { depth -= 1 } else if depth == 0 {
                        if a == kw("AND") || a == kw("BETWEEN") { and = true }
                        if a == kw("OR") { or = true }
                    }
                }
                let edges: [Atom?] = [nil, sym("("), sym(")"), sym(",")]
                func neighbour(_ a: Atom?, allowing: [Atom]) -> Bool { edges.contains(a) || allowing.contains(where: { $0 == a }) }
                if or {
                    term = neighbour(before, allowing: [kw("OR")]) && neighbour(after, allowing: [kw("OR")])
                } else if and {
                    term = neighbour(before, allowing: [kw("AND")]) && neighbour(after, allowing: [kw("AND")])
                } else {
                    // A comparison (or NOT of one) binds tighter than NOT, AND and OR on both backends.
                    term = neighbour(before, allowing: [kw("AND"), kw("OR"), kw("NOT")]) && neighbour(after, allowing: [kw("AND"), kw("OR")])
                }
            }
            if term {
                var y = x
                y.remove(at: close)
                y.remove(at: open)
                return y
            }
        }
        return nil
    }
}
