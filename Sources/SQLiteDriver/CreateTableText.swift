/// The parse of one `CREATE TABLE` statement's text (see `CreateTableParser`).
struct TableText {
    let t: SQLiteTokens
    var i = 0
    var columns: [TableCatalog.Column] = []
    var collations: [String?] = []
    var primaryKey: [Int] = []
    var primaryKeyIsRowid = false
    var withoutRowid = false
    var strict = false
    /// The UNIQUE and PRIMARY KEY constraints in the order SQLite makes their indexes: the columns,
    /// each one's explicit collation, and whether it is the primary key.
    var keyRequests: [(columns: [Int], collations: [String?], isPrimaryKey: Bool)] = []
    var foreignKeys: [TableCatalog.ForeignKeyEntry] = []

    init(t: SQLiteTokens) { self.t = t }

    /// The position of the column named `name`, matched as SQLite matches names: ASCII letters in
    /// any case. (A table's few columns are searched in order: cheaper than hashing every name.)
    static func number(of name: String, in columns: [TableCatalog.Column]) -> Int? {
        columns.firstIndex { sameName($0.name, name) }
    }

    static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8) { x, y in
            x == y || (x | 0x20 == y | 0x20 && x | 0x20 >= UInt8(ascii: "a") && x | 0x20 <= UInt8(ascii: "z"))
        }
    }

    /// SQLite's standard type names (`ANY`, `BLOB`, `INT`, `INTEGER`, `REAL`, `TEXT`), which it
    /// shows upper-case whatever case they were written in.
    static func standardType(_ type: String) -> String? {
        let n = type.utf8.count
        guard n == 3 || n == 4 || n == 7 else { return nil }
        return standardTypes.first { sameName($0, type) }
    }

    static let standardTypes = ["INT", "TEXT", "INTEGER", "REAL", "BLOB", "ANY"]

    /// `CREATE TABLE [IF NOT EXISTS] [schema.]name (column, ..., [constraint, ...]) [options]`.
    mutating func parse(expectedName: String) -> Bool {
        guard t.isKeyword(0, "CREATE"), t.isKeyword(1, "TABLE") else { return false }
        i = 2
        if t.isKeyword(i, "IF") { i += 3 }
        if t.isPunct(i + 1, ".") { i += 2 }
        guard t.name(i) == expectedName, t[i].kind != .number else { return false }
        i += 1
        guard t.isPunct(i, "(") else { return false }
        i += 1
        columns.reserveCapacity(t.count / 3)
        collations.reserveCapacity(t.count / 3)
        while !isTableConstraint(i) {
            guard column() else { return false }
            if t.isPunct(i, ",") { i += 1; continue }
            if t.isPunct(i, ")") { break }
            return false
        }
        while !t.isPunct(i, ")") {
            guard tableConstraint() else { return false }
            // Table constraints may also follow each other without commas.
            if t.isPunct(i, ",") { i += 1; guard !t.isPunct(i, ")") else { return false } }
        }
        i += 1
        // Options: STRICT and WITHOUT ROWID make key columns NOT NULL (see `finish`).
        while i < t.count {
            if t.isPunct(i, ",") { i += 1 } else if t.isKeyword(i, "STRICT") { strict = true; i += 1 } else if t.isKeyword(i, "WITHOUT"), t.isKeyword(i + 1, "ROWID") {
                withoutRowid = true
                i += 2
            } else {
                return false
            }
        }
        return !columns.isEmpty
    }

    func isTableConstraint(_ k: Int) -> Bool {
        t.isKeyword(k, "CONSTRAINT") || t.isKeyword(k, "PRIMARY") || t.isKeyword(k, "UNIQUE")
            || t.isKeyword(k, "CHECK") || t.isKeyword(k, "FOREIGN")
    }

    /// The words that end a column's type: those a column constraint starts with.
    func endsType(_ k: Int) -> Bool {
        isTableConstraint(k) || t.isKeyword(k, "DEFAULT") || t.isKeyword(k, "NULL") || t.isKeyword(k, "NOT")
            || t.isKeyword(k, "REFERENCES") || t.isKeyword(k, "COLLATE") || t.isKeyword(k, "AS")
            || t.isKeyword(k, "DEFERRABLE")
    }

    /// `name [type] [constraint ...]`.
    mutating func column() -> Bool {
        guard i < t.count, t[i].kind == .word || t[i].kind == .quoted || t[i].kind == .string, let name = t.name(i) else { return false }
        i += 1
        let number = columns.count
        // The type: words, then `(n)` or `(n, m)`. SQLite takes a trailing GENERATED ALWAYS into it, then drops it.
        let typeStart = i
        var typeEnd = i - 1
        while i < t.count, t[i].kind == .word, !endsType(i) { typeEnd = i; i += 1 }
        var lastWord = typeEnd
        if typeEnd >= typeStart, t.isPunct(i, "(") {
            guard let close = t.closing(i), signedNumbers(i + 1, close) else { return false }
            typeEnd = close
            i = close + 1
        }
        var generatedPending = false
        if lastWord == typeEnd, lastWord - typeStart >= 1, t.isKeyword(lastWord, "ALWAYS"), t.isKeyword(lastWord - 1, "GENERATED") {
            generatedPending = true
            lastWord -= 2
            typeEnd = lastWord
        }
        if typeStart <= lastWord {
            for k in typeStart...lastWord where t.isKeyword(k, "GENERATED") || t.isKeyword(k, "ALWAYS") { return false }
        }
        var type = typeEnd >= typeStart ? t.text(typeStart, through: typeEnd) : ""
        if let standard = Self.standardType(type) { type = standard }
        var c = TableCatalog.Column(name: name, declaredType: type, notNull: false, defaultText: nil, primaryKeyPosition: 0, hidden: 0)
        var collation: String?
        var descendingKey = false
        while i < t.count, !t.isPunct(i, ","), !t.isPunct(i, ")") {
            if generatedPending && !t.isKeyword(i, "AS") { return false }
            if t.isKeyword(i, "CONSTRAINT") {
                guard t.name(i + 1) != nil else { return false }
                i += 2
            } else if t.isKeyword(i, "DEFAULT") {
                guard let d = defaultText() else { return false }
                c.defaultText = d
            } else if t.isKeyword(i, "NULL") {
                i += 1
                skipConflict()
            } else if t.isKeyword(i, "NOT"), t.isKeyword(i + 1, "NULL") {
                c.notNull = true
                i += 2
                skipConflict()
            } else if t.isKeyword(i, "PRIMARY"), t.isKeyword(i + 1, "KEY") {
                guard primaryKey.isEmpty else { return false }
                i += 2
                if t.isKeyword(i, "ASC") { i += 1 } else if t.isKeyword(i, "DESC") { descendingKey = true; i += 1 }
                skipConflict()
                if t.isKeyword(i, "AUTOINCREMENT") { i += 1 }
                primaryKey = [number]
                // The rowid's alias makes no index; any other key does, here in the order.
                if type == "INTEGER" && !descendingKey { primaryKeyIsRowid = true } else {
                    keyRequests.append(([number], [nil], true))
                }
            } else if t.isKeyword(i, "UNIQUE") {
                i += 1
                skipConflict()
                keyRequests.append(([number], [nil], false))
            } else if t.isKeyword(i, "CHECK") {
                guard t.isPunct(i + 1, "("), let close = t.closing(i + 1) else { return false }
                i = close + 1
            } else if t.isKeyword(i, "REFERENCES") {
                guard references(from: [name]) else { return false }
            } else if t.isKeyword(i, "DEFERRABLE") || (t.isKeyword(i, "NOT") && t.isKeyword(i + 1, "DEFERRABLE")) {
                deferrability()
            } else if t.isKeyword(i, "COLLATE") {
                guard let n = t.name(i + 1), t[i + 1].kind != .number else { return false }
                collation = n
                i += 2
            } else if t.isKeyword(i, "GENERATED"), t.isKeyword(i + 1, "ALWAYS") {
                generatedPending = true
                i += 2
            } else if t.isKeyword(i, "AS") {
                guard t.isPunct(i + 1, "("), let close = t.closing(i + 1) else { return false }
                i = close + 1
                c.hidden = 2
                if t.isKeyword(i, "STORED") { c.hidden = 3; i += 1 } else if t.isKeyword(i, "VIRTUAL") { i += 1 }
                generatedPending = false
            } else {
                return false
            }
        }
        guard !generatedPending else { return false }
        if c.hidden != 0 { c.defaultText = nil }
        columns.append(c)
        collations.append(collation)
        return true
    }

    /// Whether tokens `from..<to` are one or two signed numbers separated by a comma (a type's size).
    func signedNumbers(_ from: Int, _ to: Int) -> Bool {
        var k = from, numbers = 0
        while k < to {
            if t.isPunct(k, "+") || t.isPunct(k, "-") { k += 1 }
            guard k < to, t[k].kind == .number else { return false }
            numbers += 1
            k += 1
            if k < to { guard t.isPunct(k, ","), numbers == 1 else { return false }; k += 1; guard k < to else { return false } }
        }
        return numbers >= 1
    }

    /// `DEFAULT (expr)`, `DEFAULT [+|-] literal` or `DEFAULT name`: the text SQLite keeps.
    mutating func defaultText() -> String? {
        i += 1
        if t.isPunct(i, "(") {
            guard let close = t.closing(i) else { return nil }
            defer { i = close + 1 }
            return t.text(between: i, and: close)
        }
        let start = i
        if t.isPunct(i, "+") || t.isPunct(i, "-") { i += 1 }
        guard i < t.count, [.number, .string, .blob, .word, .quoted].contains(t[i].kind) else { return nil }
        if i > start, t[i].kind == .quoted { return nil }
        i += 1
        return t.text(start, through: i - 1)
    }

    mutating func skipConflict() {
        if t.isKeyword(i, "ON"), t.isKeyword(i + 1, "CONFLICT") { i += 3 }
    }

    /// `REFERENCES table [(column, ...)] [ON DELETE|UPDATE|INSERT action | MATCH name] ...`.
    mutating func references(from columns: [String]) -> Bool {
        guard let table = t.name(i + 1), t[i + 1].kind != .number else { return false }
        i += 2
        var to: [String] = []
        if t.isPunct(i, "(") {
            guard let close = t.closing(i), let names = names(i + 1, close) else { return false }
            to = names
            i = close + 1
        }
        var fk = TableCatalog.ForeignKeyEntry(columns: columns, table: table, referencedColumns: to,
                                              onUpdate: "NO ACTION", onDelete: "NO ACTION", deferrability: (false, false))
        while true {
            if t.isKeyword(i, "ON") {
                let which = i + 1
                i += 2
                guard let action = action() else { return false }
                if t.isKeyword(which, "DELETE") { fk.onDelete = action } else if t.isKeyword(which, "UPDATE") { fk.onUpdate = action }
                else if !t.isKeyword(which, "INSERT") { return false }
            } else if t.isKeyword(i, "MATCH") {
                guard t.name(i + 1) != nil else { return false }
                i += 2
            } else {
                break
            }
        }
        foreignKeys.append(fk)
        return true
    }

    mutating func action() -> String? {
        let pairs: [(StaticString, StaticString?, String)] = [("SET", "NULL", "SET NULL"), ("SET", "DEFAULT", "SET DEFAULT"),
                                                              ("CASCADE", nil, "CASCADE"), ("RESTRICT", nil, "RESTRICT"), ("NO", "ACTION", "NO ACTION")]
        for (first, second, name) in pairs where t.isKeyword(i, first) {
            if let second { guard t.isKeyword(i + 1, second) else { continue }; i += 2 } else { i += 1 }
            return name
        }
        return nil
    }

    /// `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`: SQLite applies it to the table's latest foreign key.
    mutating func deferrability() {
        let not = t.isKeyword(i, "NOT")
        i += not ? 2 : 1
        var deferred = false
        if t.isKeyword(i, "INITIALLY") {
            deferred = t.isKeyword(i + 1, "DEFERRED")
            i += 2
        }
        if !foreignKeys.isEmpty { foreignKeys[foreignKeys.count - 1].deferrability = (!not, !not && deferred) }
    }

    /// Names separated by commas in tokens `from..<to`.
    func names(_ from: Int, _ to: Int) -> [String]? {
        var out: [String] = []
        var k = from
        while k < to {
            guard t[k].kind != .number, t[k].kind != .punct, let n = t.name(k) else { return nil }
            out.append(n)
            k += 1
            if k < to { guard t.isPunct(k, ","), k + 1 < to else { return nil }; k += 1 }
        }
        return out.isEmpty ? nil : out
    }

    /// `[CONSTRAINT name] PRIMARY KEY (...) | UNIQUE (...) | CHECK (...) | FOREIGN KEY (...) REFERENCES ...`.
    mutating func tableConstraint() -> Bool {
        if t.isKeyword(i, "CONSTRAINT") {
            guard t.name(i + 1) != nil else { return false }
            i += 2
        }
        if t.isKeyword(i, "PRIMARY") || t.isKeyword(i, "UNIQUE") {
            let isKey = t.isKeyword(i, "PRIMARY")
            if isKey { guard t.isKeyword(i + 1, "KEY"), primaryKey.isEmpty else { return false }; i += 1 }
            i += 1
            guard t.isPunct(i, "("), let close = t.closing(i), let list = sortList(i + 1, close, allowAutoincrement: isKey) else { return false }
            i = close + 1
            skipConflict()
            if isKey {
                primaryKey = list.columns
                if list.columns.count == 1 && columns[list.columns[0]].declaredType == "INTEGER" { primaryKeyIsRowid = true; return true }
            }
            keyRequests.append((list.columns, list.collations, isKey))
            return true
        }
        if t.isKeyword(i, "CHECK") {
            guard t.isPunct(i + 1, "("), let close = t.closing(i + 1) else { return false }
            i = close + 1
            skipConflict()
            return true
        }
        if t.isKeyword(i, "FOREIGN"), t.isKeyword(i + 1, "KEY"), t.isPunct(i + 2, "("), let close = t.closing(i + 2),
           let from = names(i + 3, close), t.isKeyword(close + 1, "REFERENCES") {
            var own: [String] = []
            for n in from {
                guard let c = Self.number(of: n, in: columns) else { return false }
                own.append(columns[c].name)
            }
            i = close + 1
            guard references(from: own) else { return false }
            if t.isKeyword(i, "DEFERRABLE") || (t.isKeyword(i, "NOT") && t.isKeyword(i + 1, "DEFERRABLE")) { deferrability() }
            return true
        }
        return false
    }

    /// `column [COLLATE name] [ASC|DESC], ...` (and `AUTOINCREMENT` at the end of a primary key's).
    func sortList(_ from: Int, _ to: Int, allowAutoincrement: Bool) -> (columns: [Int], collations: [String?])? {
        var end = to
        if allowAutoincrement, end > from, t.isKeyword(end - 1, "AUTOINCREMENT") { end -= 1 }
        var cols: [Int] = [], colls: [String?] = []
        var k = from
        while k < end {
            // A string naming a column is that column here too.
            guard t[k].kind != .number, let n = t.name(k), let c = Self.number(of: n, in: columns) else { return nil }
            k += 1
            var coll: String?
            if t.isKeyword(k, "COLLATE") {
                guard k + 1 < end, let cn = t.name(k + 1) else { return nil }
                coll = cn
                k += 2
            }
            if k < end, t.isKeyword(k, "ASC") || t.isKeyword(k, "DESC") { k += 1 }
            cols.append(c)
            colls.append(coll)
            if k < end { guard t.isPunct(k, ","), k + 1 < end else { return nil }; k += 1 }
        }
        return cols.isEmpty ? nil : (cols, colls)
    }

    /// The catalog: primary key positions, the automatic indexes SQLite made (checked against the
    /// ones `sqlite_schema` lists), and the foreign keys in the pragma's order.
    func finish(table: String, autoIndexes: Set<String>) -> TableCatalog? {
        var catalog = TableCatalog()
        catalog.columns = columns
        for (position, c) in primaryKey.enumerated() { catalog.columns[c].primaryKeyPosition = position + 1 }
        // A table WITHOUT ROWID is stored in its key's order: the key's columns are NOT NULL, and
        // a key read as the rowid's alias (the option comes last) makes its index at the end.
        var requests = keyRequests
        // So does STRICT, but for the rowid's alias.
        if strict && !(primaryKeyIsRowid && !withoutRowid) {
            for c in primaryKey { catalog.columns[c].notNull = true }
        }
        if withoutRowid {
            for c in primaryKey { catalog.columns[c].notNull = true }
            if primaryKeyIsRowid { requests.append((primaryKey, primaryKey.map { _ in nil }, true)) }
        }
        var made: [(columns: [Int], collations: [String], isPrimaryKey: Bool)] = []
        for r in requests {
            let colls = zip(r.columns, r.collations).map { c, explicit in explicit ?? collations[c] ?? "BINARY" }
            if let same = made.firstIndex(where: { $0.columns == r.columns && zip($0.collations, colls).allSatisfy(Self.sameName) }) {
                if r.isPrimaryKey { made[same].isPrimaryKey = true }
                continue
            }
            made.append((r.columns, colls, r.isPrimaryKey))
        }
        var names: Set<String> = []
        for (n, m) in made.enumerated() {
            let name = "sqlite_autoindex_\(table)_\(n + 1)"
            // The key of a table WITHOUT ROWID is the table itself: no row of `sqlite_schema`.
            if !(withoutRowid && m.isPrimaryKey) { names.insert(name) }
            catalog.indexes.append(TableCatalog.IndexEntry(name: name, isUnique: true, origin: m.isPrimaryKey ? .primaryKey : .unique,
                                                           isPartial: false, columns: m.columns.map { columns[$0].name }))
        }
        guard names == autoIndexes else { return nil }
        catalog.foreignKeys = foreignKeys.reversed()
        return catalog
    }
}
