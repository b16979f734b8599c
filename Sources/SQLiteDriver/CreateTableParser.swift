/// Reads a table's columns, keys and indexes from its `CREATE TABLE` text and its indexes'
/// `CREATE INDEX` texts, as SQLite keeps them in `sqlite_schema`, giving what SQLite's pragmas
/// would (`TableCatalog`) without running them: SQLite builds its own schema from the same text,
/// and its pragmas prepare a statement for each table they read, which was most of the catalog
/// read's time at 5,000 tables.
///
/// It follows SQLite's grammar (`parse.y`) and what `build.c` makes of it:
/// - the declared type is the type's text as written (`VARCHAR (255)`), except SQLite's standard
///   names (`ANY`, `BLOB`, `INT`, `INTEGER`, `REAL`, `TEXT`), which it shows upper-case, and a trailing
///   `GENERATED ALWAYS`, which it drops;
/// - a default is its text as written, without the parentheses of `DEFAULT (expr)`;
/// - `UNIQUE` constraints and a primary key that is not the rowid get an index named
///   `sqlite_autoindex_<table>_<n>`, numbered in order, a constraint equal to an earlier one
///   (same columns, same collations) making none (and a primary key equal to an earlier
///   `UNIQUE` taking its index);
/// - foreign keys come last-declared first, as `pragma_foreign_key_list` numbers them.
///
/// - a table `WITHOUT ROWID` has NOT NULL key columns and its key's index is not in `sqlite_schema`;
///   a `STRICT` table has NOT NULL key columns unless its key is the rowid.
///
/// It answers nil, and the pragmas read the table instead, for anything it does not follow with
/// certainty: a quoted type, a key or index term naming no column, a table whose automatic
/// indexes are not the ones `sqlite_schema` lists.
enum CreateTableParser {
    struct IndexText {
        var name: String
        var sql: String
    }

    /// The catalog of `table` from its text, or nil when the pragmas must read it.
    static func catalog(table: String, sql: String, indexes: [IndexText], autoIndexes: Set<String>) -> TableCatalog? {
        guard let tokens = SQLiteTokens(sql) else { return nil }
        var p = TableText(t: tokens)
        guard p.parse(expectedName: table), var catalog = p.finish(table: table, autoIndexes: autoIndexes) else { return nil }
        for index in indexes {
            guard let entry = Self.index(index, columns: p.columns) else { return nil }
            catalog.indexes.append(entry)
        }
        catalog.indexes.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return catalog
    }

    /// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (term, ...) [WHERE ...]`: a term that is
    /// a column (in parentheses or with a collation and order, or not) names it; any other
    /// expression has no name.
    static func index(_ index: IndexText, columns: [TableCatalog.Column]) -> TableCatalog.IndexEntry? {
        guard let t = SQLiteTokens(index.sql), let (unique, open, close) = keyList(t) else { return nil }
        var keys: [String?] = []
        for (start, k) in keyRanges(t, open, close) {
            guard start < k else { return nil }
            switch Self.term(t, start, k) {
            case .column(let name, let doubleQuoted):
                // A name that is no column is an error, but for a double-quoted one: SQLite takes it for a string.
                if let c = TableText.number(of: name, in: columns) { keys.append(columns[c].name) } else if doubleQuoted { keys.append(nil) } else { return nil }
            case .expression: keys.append(nil)
            case .unclear: return nil
            }
        }
        let partial = t.isKeyword(close + 1, "WHERE")
        guard partial || close + 1 == t.count else { return nil }
        return TableCatalog.IndexEntry(name: index.name, isUnique: unique, origin: .created, isPartial: partial, columns: keys)
    }

    /// `CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON table (`: whether it is unique, and the
    /// tokens of its key list's parentheses.
    static func keyList(_ t: SQLiteTokens) -> (unique: Bool, open: Int, close: Int)? {
        guard t.isKeyword(0, "CREATE") else { return nil }
        var i = 1
        let unique = t.isKeyword(i, "UNIQUE")
        if unique { i += 1 }
        guard t.isKeyword(i, "INDEX") else { return nil }
        i += 1
        if t.isKeyword(i, "IF") { i += 3 }
        i += t.isPunct(i + 1, ".") ? 3 : 1
        guard t.isKeyword(i, "ON"), t.name(i + 1) != nil, t.isPunct(i + 2, "("), let close = t.closing(i + 2) else { return nil }
        return (unique, i + 2, close)
    }

    /// Each key's tokens, `start..<end`, between the key list's parentheses.
    static func keyRanges(_ t: SQLiteTokens, _ open: Int, _ close: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var start = open + 1, depth = 0
        for k in (open + 1)...close {
            if t.isPunct(k, "(") { depth += 1 } else if t.isPunct(k, ")") { depth -= 1 }
            guard k == close || (depth == 0 && t.isPunct(k, ",")) else { continue }
            out.append((start, k))
            start = k + 1
        }
        return out
    }

    /// An index's keys as written (`lower(email)`, `"name" COLLATE NOCASE`; without `ASC` / `DESC`)
    /// and its WHERE's text, from its `CREATE INDEX` text: what the registry's `Index` holds of an
    /// expression key and a partial index's condition. Nil for a text that is not one.
    static func texts(ofIndex sql: String) -> (keys: [String], condition: String?)? {
        guard let t = SQLiteTokens(sql), let (_, open, close) = keyList(t) else { return nil }
        var keys: [String] = []
        for (start, end) in keyRanges(t, open, close) {
            guard start < end else { return nil }
            var e = end
            if e - start > 1, t.isKeyword(e - 1, "ASC") || t.isKeyword(e - 1, "DESC") { e -= 1 }
            keys.append(t.text(start, through: e - 1))
        }
        guard t.isKeyword(close + 1, "WHERE"), close + 2 < t.count else { return (keys, nil) }
        return (keys, t.text(close + 2, through: t.count - 1))
    }

    enum Term { case column(String, doubleQuoted: Bool), expression, unclear }

    /// What the tokens `start..<end` of an index's key are, as SQLite decides it: the expression
    /// without its order and collation is a column when it is a name.
    static func term(_ t: SQLiteTokens, _ start: Int, _ end: Int) -> Term {
        var s = start, e = end
        while true {
            if e - s > 1, t.isKeyword(e - 1, "ASC") || t.isKeyword(e - 1, "DESC") { e -= 1; continue }
            if e - s > 2, t.isKeyword(e - 2, "COLLATE") { e -= 2; continue }
            if e - s > 2, t.isPunct(s, "("), t.closing(s) == e - 1 { s += 1; e -= 1; continue }
            break
        }
        guard e - s == 1 else { return .expression }
        switch t[s].kind {
        // SQLite takes a string for a column's name where it names one.
        case .word, .quoted, .string:
            return t.name(s).map { .column($0, doubleQuoted: t.bytes[t[s].start] == UInt8(ascii: "\"")) } ?? .unclear
        default: return .expression
        }
    }
}
