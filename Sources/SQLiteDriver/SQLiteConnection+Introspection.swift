import ORMCore

/// Reads SQLite's catalog into a registry with a fixed number of statements, whatever the table
/// count: tables, virtual and shadow tables (`pragma_table_list`), columns, indexes and foreign keys
/// (pragma table-valued functions joined to `sqlite_schema`), then at most three more: the row
/// estimates of `sqlite_stat1` when ANALYZE has made it, one `max(rowid)` statement for the tables it
/// does not cover (up to `estimatedTableLimit` of them; the rest have no estimate, shown `-`), and one
/// sample of the `CHAR(32)` columns (SQLAlchemy's `Uuid`), when there are any. From
/// `parallelCatalogTables` tables on (and outside a transaction, on a file), the indexes and
/// foreign keys statements run on a second read-only connection (`CatalogWorker`) while this one
/// reads the columns; they are logged with their own times, which then overlap the columns' (and
/// one whose rows cannot be shown to be of the schema read here runs again here, logged again).
extension SQLiteConnection {
    /// Beyond this many tables without `sqlite_stat1` rows, estimates are left unknown: one statement
    /// of N `max(rowid)` subqueries costs about 9 ms for 500 tables but 220 ms for 5,000 (its
    /// preparation grows faster than linearly), while a per-table statement would not be a fixed count.
    public static let estimatedTableLimit = 500
    /// How many non-NULL values of a `CHAR(32)` column are sampled to decide it holds hex UUIDs.
    public static let uuidSampleSize = 100
    /// From this many tables and views on, the indexes and foreign keys are read on a second
    /// connection while this one reads the columns (see `CatalogWorker`).
    public static let parallelCatalogTables = 500

    public func introspect(using db: Database) throws -> Registry {
        let userTables = "FROM sqlite_schema m WHERE m.type IN ('table', 'view') AND substr(m.name, 1, 7) <> 'sqlite_'"
        let relations = try db.fetchAll(CompiledSQL("""
            SELECT m.name, m.type, m.sql, (SELECT encoding FROM pragma_encoding), \
            (SELECT schema_version FROM pragma_schema_version) \(userTables) \
            OR (m.type = 'table' AND m.name = 'sqlite_stat1') OR (m.type = 'index' AND m.sql LIKE '% WHERE %') ORDER BY m.name
            """), cause: .introspection)
        // The file's text encoding (fixed when it was created), for reading values' beginnings by blob I/O.
        utf8Text = relations.first.map { $0[3] == .text("UTF-8") }
        // `virtual` (FTS5, R*Tree, ...) and `shadow` (the tables a virtual table keeps its data in).
        let tableKinds = try db.fetchAll(CompiledSQL("""
            SELECT t.name, t.type FROM pragma_table_list t WHERE t.schema = 'main' AND t.type IN ('virtual', 'shadow')
            """), cause: .introspection)
        // Each statement also gives the schema_version it read (one statement reads one state of
        // the file), so the second connection's rows are known to be of the schema read here.
        let version = "(SELECT schema_version FROM pragma_schema_version)"
        let indexesSQL = CompiledSQL("""
            SELECT m.name, il.name, il."unique", il.origin, il.partial, ii.name, \(version) \
            FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii \
            WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_' ORDER BY m.name, il.name, ii.seqno
            """)
        // Columns and foreign keys come unsorted: the join gives each table's rows together, in the
        // pragma's own order (cid; id then seq), and sorting 40,000 column rows cost more than that.
        let foreignKeysSQL = CompiledSQL("""
            SELECT m.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete, \(version) \
            FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f \
            WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_'
            """)
        let worker = relations.count >= Self.parallelCatalogTables && path != ":memory:" && !path.isEmpty && !inTransaction
            ? CatalogWorker(path: path, statements: [indexesSQL, foreignKeysSQL]) : nil
        let columns = try db.fetchAll(CompiledSQL("""
            SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden, \(version) \
            FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p \
            WHERE m.type IN ('table', 'view') AND substr(m.name, 1, 7) <> 'sqlite_'
            """), cause: .introspection)
        // Every statement the worker ran is logged; its rows count when they are of the schema this
        // connection read (the same schema_version before and after the columns), and the
        // statement runs again here otherwise.
        let reads = worker?.wait(schemaVersion: relations.first?[4] == columns.first?[7] ? relations.first?[4] : nil)
        catalogConnections = reads == nil ? 1 : 2
        for (sql, r) in zip([indexesSQL, foreignKeysSQL], reads ?? []) {
            db.logged(sql, cause: .introspection, seconds: r.read.seconds, rows: r.read.rows.count)
        }
        let indexes = try reads.flatMap { $0[0].current ? $0[0].read.rows : nil } ?? db.fetchAll(indexesSQL, cause: .introspection)
        let foreignKeys = try reads.flatMap { $0[1].current ? $0[1].read.rows : nil } ?? db.fetchAll(foreignKeysSQL, cause: .introspection)
        var hasStat1 = false
        var virtualTables: Set<String> = [], shadowTables: Set<String> = []
        for t in tableKinds {
            if t[1].displayText == "virtual" { virtualTables.insert(t[0].displayText ?? "") } else { shadowTables.insert(t[0].displayText ?? "") }
        }

        var models: [String: Model] = [:]
        var order: [String] = []
        var createSQL: [String: String] = [:]
        var partialIndexSQL: [String: String] = [:]
        for r in relations {
            let name = r[0].displayText ?? ""
            if name == "sqlite_stat1" { hasStat1 = true; continue }
            if r[1].displayText == "index" { partialIndexSQL[name] = r[2].displayText; continue }
            var model = Model(name: name, kind: r[1].displayText == "view" ? .view : .table, fields: [])
            createSQL[name] = r[2].displayText ?? ""
            if virtualTables.contains(name) { model.virtualModule = Self.module(of: createSQL[name] ?? "") }
            models[name] = model
            order.append(name)
        }
        // A shadow table is named after its virtual table: `doc_fts_data` stores `doc_fts` (the longest match).
        for name in shadowTables where models[name] != nil {
            models[name]?.shadowOf = virtualTables.filter { name.hasPrefix($0 + "_") }.max { $0.count < $1.count }
        }
        var pkPositions: [String: [(Int, String)]] = [:]
        // A schema has few distinct declared types: each is read once (5,000 tables x 8 columns
        // would otherwise infer 40,000 times).
        var types: [String: FieldType] = [:]
        func type(_ declared: String) -> FieldType {
            if let t = types[declared] { return t }
            let t = FieldType.sqlite(declared)  // SQLite's affinity rules
            types[declared] = t
            return t
        }
        // A table's columns come together: they are stored once a table (40,000 stores into the
        // dictionary of models at 5,000 tables cost more than reading them).
        var run: (table: String, fields: [Field]) = ("", [])
        func store() { if !run.fields.isEmpty { models[run.table]?.fields.append(contentsOf: run.fields) } }
        for c in columns {
            let table = c[0].displayText ?? "", name = c[1].displayText ?? ""
            if table != run.table { store(); run = (table, []) }
            let declared = c[2].displayText ?? ""
            let hidden = intValue(c[6])
            // A virtual table's hidden columns (FTS5's table-named column and `rank`) are not fields.
            if hidden == 1 { continue }
            let pk = intValue(c[5])
            var field = Field(name: name, type: type(declared), isNullable: intValue(c[3]) == 0,
                              defaultExpression: c[4].displayText, isGenerated: hidden == 2 || hidden == 3)
            if pk > 0 { pkPositions[table, default: []].append((pk, name)) }
            if pk > 0 { field.isNullable = field.isNullable && declared.uppercased() != "INTEGER" }
            run.fields.append(field)
        }
        store()
        for (table, pks) in pkPositions {
            let key = pks.sorted { $0.0 < $1.0 }.map(\.1)
            models[table]?.primaryKey = key
            // An INTEGER PRIMARY KEY is the rowid: SQLite assigns it when left out.
            if key.count == 1, let i = models[table]?.fields.firstIndex(where: { $0.name == key[0] }),
               models[table]?.fields[i].type.declared.uppercased() == "INTEGER" {
                models[table]?.fields[i].isAutoIncrement = true
                models[table]?.fields[i].isNullable = false
            }
        }
        var currentIndex: (table: String, name: String)?
        for ix in indexes {
            let table = ix[0].displayText ?? "", name = ix[1].displayText ?? ""
            let unique = intValue(ix[2]) == 1, origin = ix[3].displayText ?? "c"
            let column = ix[5].displayText ?? "<expression>"
            if origin == "pk" { continue }
            if currentIndex?.table == table && currentIndex?.name == name,
               let last = models[table]?.indexes.indices.last {
                models[table]?.indexes[last].columns.append(column)
                if origin == "u", let u = models[table]?.uniqueConstraints.indices.last {
                    models[table]?.uniqueConstraints[u].columns.append(column)
                }
                continue
            }
            currentIndex = (table, name)
            let predicate = intValue(ix[4]) == 1 ? Self.wherePart(of: partialIndexSQL[name] ?? "") : nil
            models[table]?.indexes.append(Index(name: name, columns: [column], isUnique: unique, predicate: predicate))
            if origin == "u" { models[table]?.uniqueConstraints.append(UniqueConstraint(name: nil, columns: [column])) }
        }
        var currentFK: (table: String, id: Int)?
        for f in foreignKeys {
            let table = f[0].displayText ?? "", id = intValue(f[1])
            let target = f[2].displayText ?? ""
            let from = f[3].displayText ?? ""
            // "to" is NULL when the key refers to the target's primary key implicitly.
            let to = f[4].displayText
            if currentFK?.table == table && currentFK?.id == id, let last = models[table]?.foreignKeys.indices.last {
                models[table]?.foreignKeys[last].columns.append(from)
                if let to { models[table]?.foreignKeys[last].referencedColumns.append(to) }
                continue
            }
            currentFK = (table, id)
            models[table]?.foreignKeys.append(ForeignKey(
                columns: [from], referencedTable: target, referencedColumns: to.map { [$0] } ?? [],
                onDelete: f[6].displayText ?? "NO ACTION", onUpdate: f[5].displayText ?? "NO ACTION"))
        }
        for name in order {
            guard var m = models[name] else { continue }
            for i in m.foreignKeys.indices where m.foreignKeys[i].referencedColumns.isEmpty {
                m.foreignKeys[i].referencedColumns = models[m.foreignKeys[i].referencedTable]?.primaryKey ?? []
            }
            let sql = createSQL[name] ?? ""
            // The scanners read the table's text only when it holds their keyword (a byte search).
            if Self.contains(sql, "CHECK") { m.checks = CheckClauseScanner.checks(in: sql) }
            // Deferrability lives only in the table's text: match each clause by columns and target.
            let clauses = !m.foreignKeys.isEmpty && Self.contains(sql, "DEFERRABLE") ? ForeignKeyClauseScanner.clauses(in: sql) : []
            for i in m.foreignKeys.indices where !clauses.isEmpty {
                let fk = m.foreignKeys[i]
                if let c = clauses.first(where: { $0.table.lowercased() == fk.referencedTable.lowercased()
                    && $0.columns.map { $0.lowercased() } == fk.columns.map { $0.lowercased() } }) {
                    m.foreignKeys[i].isDeferrable = c.isDeferrable
                    m.foreignKeys[i].isInitiallyDeferred = c.isInitiallyDeferred
                }
            }
            let generated = m.fields.contains(where: \.isGenerated) ? GeneratedColumnScanner.expressions(in: sql) : [:]
            for i in m.fields.indices where m.fields[i].isGenerated {
                m.fields[i].generationExpression = generated[m.fields[i].name.lowercased()]
            }
            models[name] = m
        }
        try readEstimates(into: &models, order: order, createSQL: createSQL, hasStat1: hasStat1, db: db)
        try detectHexUUIDs(in: &models, order: order, db: db)
        return Registry(backend: "sqlite", models: order.compactMap { models[$0] })
    }

    /// Row estimates in at most two statements. `sqlite_stat1` (made by ANALYZE) gives each analysed
    /// table's row count; the first `estimatedTableLimit` rowid tables it does not cover get
    /// `max(rowid)` (one b-tree descent each: a bound, not a count, since deleted rows leave gaps),
    /// all in one statement of scalar subqueries; the rest stay unknown.
    ///
    /// ```sql
    /// SELECT tbl, max(CAST(stat AS INTEGER)) FROM sqlite_stat1 GROUP BY tbl
    /// SELECT * FROM (VALUES (0, (SELECT max(rowid) FROM "hero")), (1, (SELECT max(rowid) FROM "team")))
    /// ```
    private func readEstimates(into models: inout [String: Model], order: [String], createSQL: [String: String],
                               hasStat1: Bool, db: Database) throws {
        if hasStat1 {
            let stats = try db.fetchAll(CompiledSQL("SELECT s.tbl, max(CAST(s.stat AS INTEGER)) FROM sqlite_stat1 s GROUP BY s.tbl"),
                                        cause: .introspection)
            for r in stats {
                guard let table = r[0].displayText, models[table]?.kind == .table, models[table]?.virtualModule == nil else { continue }
                models[table]?.estimatedRowCount = intValue(r[1])
            }
        }
        let missing = order.filter { name in
            guard let m = models[name] else { return false }
            return m.kind == .table && m.estimatedRowCount == nil && m.virtualModule == nil
                && !Self.contains(createSQL[name] ?? "", "WITHOUT ROWID")
        }.prefix(Self.estimatedTableLimit)
        guard !missing.isEmpty else { return }
        let terms = missing.enumerated().map { "(\($0.offset), (SELECT max(rowid) FROM \(dialect.quote($0.element))))" }
        let rows = try db.fetchAll(CompiledSQL("SELECT * FROM (VALUES " + terms.joined(separator: ", ") + ")"), cause: .introspection)
        let names = Array(missing)
        for r in rows {
            let i = intValue(r[0])
            guard names.indices.contains(i) else { continue }
            models[names[i]]?.estimatedRowCount = intValue(r[1])
        }
    }

    /// SQLAlchemy's `Uuid` type is `CHAR(32)` on SQLite, holding 32 hex digits without hyphens. A
    /// column declared exactly `CHAR(32)` is read and written as UUIDs when its first
    /// `uuidSampleSize` non-NULL values (in rowid order) are all 32-hex text: one statement samples
    /// every such column at once, so the check costs a bounded read per column, never a scan. An
    /// empty column counts as UUIDs (nothing says otherwise, and the declaration is SQLAlchemy's).
    ///
    /// ```sql
    /// SELECT * FROM (VALUES (0, (SELECT count(*) FROM (SELECT "id" AS v FROM "item" WHERE "id" IS NOT NULL LIMIT 100)
    ///                          WHERE typeof(v) <> 'text' OR length(v) <> 32 OR v GLOB '*[^0-9a-fA-F]*')))
    /// ```
    private func detectHexUUIDs(in models: inout [String: Model], order: [String], db: Database) throws {
        var candidates: [(table: String, field: Int)] = []
        for name in order {
            guard let m = models[name], m.kind == .table, m.virtualModule == nil else { continue }
            for (i, f) in m.fields.enumerated() where Self.isChar32(f.type.declared) { candidates.append((name, i)) }
        }
        guard !candidates.isEmpty else { return }
        let picked = Array(candidates.prefix(Self.estimatedTableLimit))
        let terms = picked.enumerated().map { i, c -> String in
            let column = dialect.quote(models[c.table]!.fields[c.field].name)
            return "(\(i), (SELECT count(*) FROM (SELECT \(column) AS v FROM \(dialect.quote(c.table)) WHERE \(column) IS NOT NULL LIMIT \(Self.uuidSampleSize)) "
                + "WHERE typeof(v) <> 'text' OR length(v) <> 32 OR v GLOB '*[^0-9a-fA-F]*'))"
        }
        let rows = try db.fetchAll(CompiledSQL("SELECT * FROM (VALUES " + terms.joined(separator: ", ") + ")"), cause: .introspection)
        for r in rows where intValue(r[1]) == 0 {
            let i = intValue(r[0])
            guard picked.indices.contains(i) else { continue }
            let (table, index) = picked[i]
            guard var f = models[table]?.fields[index] else { continue }
            f.type = FieldType(declared: f.type.declared, kind: .uuid)
            f.type.maxLength = nil
            f.storage = .uuidHex
            models[table]?.fields[index] = f
        }
    }

    /// Whether `text` holds the upper-case ASCII `word` (letters and spaces) in any case: a byte
    /// search, no Foundation.
    static func contains(_ text: String, _ word: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard let first = w.first else { return true }
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.count >= w.count else { return false }
            var i = 0
            let last = bytes.count - w.count
            while i <= last {
                if bytes[i] & 0xDF == first & 0xDF {
                    var k = 1
                    while k < w.count, bytes[i + k] & 0xDF == w[k] & 0xDF { k += 1 }
                    if k == w.count { return true }
                }
                i += 1
            }
            return false
        } ?? false
    }

    static func isChar32(_ declared: String) -> Bool {
        let n = declared.utf8.count
        guard n >= 8, n <= 16 else { return false }
        return declared.uppercased().filter { !$0.isWhitespace } == "CHAR(32)"
    }

    /// The module of `CREATE VIRTUAL TABLE x USING fts5(...)`, lower-cased.
    static func module(of createSQL: String) -> String? {
        guard let r = createSQL.range(of: " USING ", options: .caseInsensitive) else { return nil }
        let rest = createSQL[r.upperBound...].drop { $0.isWhitespace }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : name.lowercased()
    }

    private static func wherePart(of createIndex: String) -> String? {
        guard let r = createIndex.range(of: " WHERE ", options: .caseInsensitive) else { return nil }
        return String(createIndex[r.upperBound...]).trimmingCharacters(in: .whitespaces)
    }

    private func intValue(_ v: Value) -> Int { if case .int(let n) = v { return Int(n) } else { return 0 } }
}
