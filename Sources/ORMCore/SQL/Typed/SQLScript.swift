/// Splits SQL text typed by the user into statements at each `;` that is not inside a string, a
/// quoted identifier, a dollar-quoted body or a comment (`SQLLexer`), nor inside the
/// `BEGIN ... END` body of a `CREATE TRIGGER` (SQLite) or `BEGIN ATOMIC` function (PostgreSQL).
///
/// ```swift
/// SQLScript.split("SELECT 1; -- a;b\nSELECT 'x;y';", dialect: .postgres).map(\.sql)
/// // ["SELECT 1", "SELECT 'x;y'"]
/// ```
/// Statements that hold nothing but comments or whitespace are left out.
public enum SQLScript {
    public static func split(_ text: String, dialect: Dialect) -> [TypedStatement] {
        let scalars = Array(text.unicodeScalars)
        let tokens = SQLLexer.tokens(scalars, syntax: dialect.scriptSyntax)
        var out: [TypedStatement] = []
        var first: Int?  // token index where the current statement began
        var block = 0    // BEGIN ... END depth inside a CREATE statement
        func finish(upTo end: Int) {
            guard let f = first, end > f else { first = nil; return }
            let range = tokens[f].range.lowerBound..<tokens[end - 1].range.upperBound
            out.append(TypedStatement(sql: String(String.UnicodeScalarView(scalars[range])), offset: range.lowerBound, dialect: dialect))
            first = nil
        }
        for (i, tok) in tokens.enumerated() {
            if first == nil {
                if tok.isSymbol(";") { continue }
                first = i
                block = 0
            }
            if tokens[first!].isWord("CREATE") && tok.kind == .word {
                switch tok.text {
                case "BEGIN": block += 1
                case "CASE" where block > 0: block += 1
                case "END" where block > 0: block -= 1
                default: break
                }
            }
            if tok.isSymbol(";") && block == 0 { finish(upTo: i) }
        }
        finish(upTo: tokens.count)
        return out
    }

    /// The statement of `text` that the cursor at `offset` (Unicode scalars) is in or just after,
    /// as the SQL editor runs it; nil when the text holds none.
    public static func statement(at offset: Int, in text: String, dialect: Dialect) -> TypedStatement? {
        let all = split(text, dialect: dialect)
        // The last statement that begins at or before the cursor; else the first one.
        return all.last { $0.offset <= offset } ?? all.first
    }
}
