/// One statement of SQL text typed by the user (the SQL editor, `ormscope sql`), as `SQLScript`
/// split it out of a script: its text, where it began, and what kind of statement it is.
public struct TypedStatement: Sendable, Hashable {
    /// The statement's text, without the `;` that ended it.
    public var sql: String
    /// Where `sql` begins in the script, in Unicode scalars (to place an error position).
    public var offset: Int
    public var kind: TypedStatementKind
    /// The first keyword, upper-cased (`SELECT`, `WITH`, `INSERT`...), or "" when it has none.
    public var verb: String
    /// Whether it can be read through a cursor (`DECLARE ... CURSOR FOR`): a read whose first
    /// keyword is SELECT, WITH, VALUES or TABLE.
    public var isCursorQuery: Bool
    /// Set for a statement that changes the server session's state on PostgreSQL (`SET` without
    /// LOCAL, `RESET`, `SET ROLE`): what to know about it behind a transaction pooler, where the
    /// next statements may run on another server connection. (`ormscope sql`'s warnings, the
    /// explorer's SQL pane.)
    public var sessionWarning: String?

    public init(sql: String, offset: Int = 0, dialect: Dialect) {
        let tokens = SQLLexer.tokens(sql, syntax: dialect.scriptSyntax)
        self.sql = sql
        self.offset = offset
        let c = TypedStatementKind.classify(tokens)
        kind = c.kind
        verb = c.verb
        isCursorQuery = c.kind == .read && ["SELECT", "WITH", "VALUES", "TABLE"].contains(c.verb)
        sessionWarning = dialect.scriptSyntax == .postgres ? Self.sessionWarning(tokens, verb: c.verb) : nil
    }

    /// `SET name ...` (not `SET LOCAL`, `SET TRANSACTION`, `SET CONSTRAINTS`, which last until the
    /// transaction ends) and `RESET`: the sentence that says where the setting lives.
    static func sessionWarning(_ tokens: [SQLToken], verb: String) -> String? {
        guard verb == "SET" || verb == "RESET" else { return nil }
        let words = tokens.dropFirst().prefix { $0.kind == .word || $0.kind == .quotedIdentifier }.map(\.text)
        if verb == "SET", let second = words.first, ["LOCAL", "TRANSACTION", "CONSTRAINTS"].contains(second) { return nil }
        let what = verb + (words.first.map { " " + ($0 == "SESSION" ? words.dropFirst().first ?? $0 : $0).lowercased() } ?? "")
        return "\(what) changes this connection's session: behind a transaction pooler (PgBouncer's transaction mode) it stays on one pooled server connection, which the next statements may not get (and other clients may); SET LOCAL inside a transaction (shell --transaction, sql --single-transaction, the explorer's manual mode) lasts until it ends."
    }
}

/// What a typed statement does, as far as its text shows. The rule is conservative: only what is
/// clearly a read is `read`; what clearly writes is refused in read-only mode before it is sent;
/// everything else is `unknown` and, in read-only mode, runs inside `BEGIN READ ONLY` (PostgreSQL)
/// or on the read-only connection (SQLite), so the database refuses it if it writes.
public enum TypedStatementKind: String, Sendable, Hashable {
    /// SELECT (without INTO or FOR UPDATE/SHARE), WITH whose statements are all SELECTs, EXPLAIN
    /// without ANALYZE, VALUES, SHOW, TABLE.
    case read
    /// INSERT, UPDATE, DELETE, MERGE, REPLACE, TRUNCATE, GRANT, VACUUM... and SELECT ... INTO.
    case write
    /// CREATE, ALTER, DROP, COMMENT ON, ATTACH, DETACH: a write that changes the schema, so the
    /// model registry read before it is stale.
    case schemaChange
    /// BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE.
    case transactionControl
    /// Anything else (SET, CALL, DO, PRAGMA, COPY, EXPLAIN ANALYZE, SELECT ... FOR UPDATE...).
    case unknown

    /// Whether read-only mode refuses it before it reaches the database.
    public var refusedWhenReadOnly: Bool { self == .write || self == .schemaChange || self == .transactionControl }

    static let writes: Set<String> = ["INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT", "TRUNCATE", "GRANT", "REVOKE",
                                      "VACUUM", "REINDEX", "CLUSTER", "REFRESH", "LOCK", "REASSIGN", "SECURITY", "IMPORT"]
    static let schemaChanges: Set<String> = ["CREATE", "ALTER", "DROP", "COMMENT", "ATTACH", "DETACH"]
    static let transactionControls: Set<String> = ["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE"]
    static let dataModifying: Set<String> = ["INSERT", "UPDATE", "DELETE", "MERGE"]

    /// The kind and first keyword of one statement's tokens.
    static func classify(_ tokens: [SQLToken]) -> (kind: TypedStatementKind, verb: String) {
        var t = tokens[...]
        while t.first?.isSymbol("(") == true { t = t.dropFirst() }
        guard let first = t.first, first.kind == .word else { return (.unknown, "") }
        let verb = first.text
        switch verb {
        case "SELECT", "WITH", "VALUES", "TABLE":
            return (query(Array(t)), verb)
        case "SHOW":
            return (.read, verb)
        case "EXPLAIN":
            let rest = Array(t.dropFirst())
            // EXPLAIN ANALYZE ..., EXPLAIN (ANALYZE ...) ..., EXPLAIN (ANALYSE ...): the statement runs.
            let options = rest.first?.isSymbol("(") == true ? Array(rest.prefix { !$0.isSymbol(")") }) : Array(rest.prefix(2))
            let analyzes = options.contains { $0.isWord("ANALYZE") || $0.isWord("ANALYSE") }
            if analyzes {
                // Of what it runs, a clear write stays a write; the rest is for the server to judge.
                let inner = rest.firstIndex { $0.kind == .word && !["ANALYZE", "ANALYSE", "VERBOSE", "QUERY", "PLAN", "TRUE", "ON", "FORMAT", "JSON", "TEXT", "BUFFERS", "COSTS", "TIMING", "SUMMARY", "SETTINGS", "WAL", "FALSE", "OFF", "XML", "YAML"].contains($0.text) }
                if let inner {
                    let k = classify(Array(rest[inner...])).kind
                    return (k == .write || k == .schemaChange ? k : .unknown, verb)
                }
                return (.unknown, verb)
            }
            return (.read, verb)
        default:
            if writes.contains(verb) { return (.write, verb) }
            if schemaChanges.contains(verb) { return (.schemaChange, verb) }
            if transactionControls.contains(verb) { return (.transactionControl, verb) }
            return (.unknown, verb)
        }
    }

    /// SELECT / WITH / VALUES / TABLE: a read unless a data-modifying statement hides in it (a
    /// CTE), it stores its result (SELECT ... INTO) or it locks rows (FOR UPDATE / SHARE).
    private static func query(_ t: [SQLToken]) -> TypedStatementKind {
        var depth = 0
        var locks = false
        for (i, tok) in t.enumerated() {
            if tok.isSymbol("(") { depth += 1; continue }
            if tok.isSymbol(")") { depth = max(0, depth - 1); continue }
            guard tok.kind == .word else { continue }
            let previous = i > 0 ? t[i - 1] : nil
            switch tok.text {
            case "UPDATE", "SHARE":
                // FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE, FOR KEY SHARE: a lock, not a write.
                if previous?.isWord("FOR") == true || previous?.isWord("KEY") == true { locks = true; continue }
                if tok.text == "UPDATE" { return .write }
            case "INSERT", "DELETE", "MERGE":
                // ON DELETE CASCADE cannot occur in a query; any of these is a data-modifying statement.
                return .write
            case "INTO" where depth == 0:
                return .write
            default: break
            }
        }
        return locks ? .unknown : .read
    }
}
