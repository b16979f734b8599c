/// A logged statement made editable: its bound values written into the text as literals, so the
/// SQL editor can take it (the SQL pane's "edit this statement") and the user can change and run it.
extension CompiledSQL {
    /// The SQL with each placeholder (`$n` on PostgreSQL, `?` on SQLite, found by `SQLLexer`, so
    /// none inside a string or comment is touched) replaced by its value as a literal of `dialect`
    /// (`Dialect.literal`). A placeholder without a value stays as it is.
    ///
    /// ```swift
    /// CompiledSQL(#"SELECT * FROM "hero" WHERE "name" = $1 LIMIT $2"#, [.text("O'Neil"), .int(50)]).inlined(.postgres)
    /// // SELECT * FROM "hero" WHERE "name" = 'O''Neil' LIMIT 50
    /// ```
    public func inlined(_ dialect: Dialect) -> String {
        guard !binds.isEmpty else { return sql }
        var scalars = Array(sql.unicodeScalars)
        var questionMarks = 0
        var edits: [(Range<Int>, String)] = []
        for t in SQLLexer.tokens(scalars, syntax: dialect.scriptSyntax) where t.kind == .parameter {
            if t.text == "?" {
                questionMarks += 1
                if questionMarks <= binds.count { edits.append((t.range, dialect.literal(binds[questionMarks - 1]))) }
            } else if t.text.hasPrefix("$"), let n = Int(t.text.dropFirst()), n >= 1, n <= binds.count {
                edits.append((t.range, dialect.literal(binds[n - 1])))
            }
        }
        for (range, literal) in edits.reversed() { scalars.replaceSubrange(range, with: literal.unicodeScalars) }
        return String(String.UnicodeScalarView(scalars))
    }
}

extension Dialect {
    /// A value as a literal of this dialect, meaning what the bound value meant: text quoted with
    /// its quotes doubled; numbers as they are; booleans `TRUE`/`FALSE` (SQLite, which binds them as
    /// integers: `1`/`0`); binary and infinities as `literalStyle` says; NULL; the rest
    /// (dates, decimals, UUIDs, JSON...) as the quoted text they were bound as.
    public func literal(_ v: Value) -> String {
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        switch v {
        case .null: return "NULL"
        case .int(let n): return String(n)
        case .double(let d):
            // PostgreSQL reads 'NaN' and 'Infinity' as a float; SQLite has no NaN, and 9e999 is its infinity.
            guard d.isFinite else {
                if literalStyle == .postgres || d.isNaN { return quoted(d.isNaN ? "NaN" : d > 0 ? "Infinity" : "-Infinity") }
                return d > 0 ? "9e999" : "-9e999"
            }
            return v.displayText ?? String(d)
        case .bool(let b): return nativeBooleans ? (b ? "TRUE" : "FALSE") : (b ? "1" : "0")
        case .blob(let bytes):
            switch literalStyle {
            case .postgres: return quoted(Hex.encode(bytes, prefix: "\\x"))
            case .standard: return "X'" + Hex.encode(bytes, prefix: "") + "'"
            }
        default: return quoted(v.displayText ?? "")
        }
    }
}
