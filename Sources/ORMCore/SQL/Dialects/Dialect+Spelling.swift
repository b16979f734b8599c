extension Dialect {
    /// A name as SQL typed by hand must spell it to mean it: bare when the dialect reads the bare
    /// word back as this name, else quoted (`quote(_:)`). On PostgreSQL `"User"` and `"createdAt"`
    /// are quoted (bare, they read as `user`, which is CURRENT_USER, and `createdat`); on both,
    /// a reserved word (`"order"`, `"group"`) and a name that is not a plain word (`"a b"`).
    /// `hero`, `team_id` stay bare. (The SQL editor's completion inserts names so.)
    public func spelled(_ name: String) -> String {
        needsQuotes(name) ? quote(name) : name
    }

    /// `schema.table` spelled part by part (`spelled(_:)`): `audit."Store"`.
    public func spelled(schema: String?, table: String) -> String {
        (schema.map { spelled($0) + "." } ?? "") + spelled(table)
    }

    func needsQuotes(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return true }
        let startsWord = first == "_" || (first.isASCII && first.properties.isAlphabetic)
        guard startsWord, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }) else { return true }
        if foldsUnquotedNames, name != name.lowercased() { return true }
        return Self.reservedWords.contains(name.uppercased())
    }

    /// Words reserved in PostgreSQL's grammar (its `pg_get_keywords()`, category R, as of 15, and
    /// 16's SYSTEM_USER) and SQLite's, and the join words neither takes as a bare table name: a table
    /// or column may still be named so, quoted. Quoting one where it was not needed changes nothing
    /// on either backend.
    static let reservedWords: Set<String> = [
        "ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC", "BOTH", "CASE", "CAST", "CHECK",
        "COLLATE", "COLUMN", "CONSTRAINT", "CREATE", "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_ROLE", "CURRENT_TIME",
        "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DEFERRABLE", "DESC", "DISTINCT", "DO", "ELSE", "END", "EXCEPT",
        "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "GRANT", "GROUP", "HAVING", "IN", "INITIALLY", "INTERSECT", "INTO",
        "LATERAL", "LEADING", "LIMIT", "LOCALTIME", "LOCALTIMESTAMP", "NOT", "NULL", "OFFSET", "ON", "ONLY", "OR", "ORDER",
        "PLACING", "PRIMARY", "REFERENCES", "RETURNING", "SELECT", "SESSION_USER", "SOME", "SYMMETRIC", "SYSTEM_USER", "TABLE",
        "THEN", "TO", "TRAILING", "TRUE", "UNION", "UNIQUE", "USER", "USING", "VARIADIC", "WHEN", "WHERE", "WINDOW", "WITH",
        // SQLite's own and the join words, beyond those
        "ABORT", "AUTOINCREMENT", "BETWEEN", "CROSS", "DELETE", "DROP", "ESCAPE", "EXISTS", "FULL", "GLOB", "INDEX", "INNER",
        "INSERT", "IS", "ISNULL", "JOIN", "LEFT", "LIKE", "NATURAL", "NOTNULL", "OUTER", "REGEXP", "RIGHT", "SET", "TRANSACTION",
        "UPDATE", "VALUES",
    ]
}
