import ORMCore

/// Reads SQLite's catalog into a registry with a fixed number of statements, whatever the table
/// count. The first reads `sqlite_schema`: every table's and index's `CREATE` text, from which
/// `CreateTableParser` reads each table's columns, keys and indexes as SQLite's pragmas would.
/// The pragmas (`pragma_table_xinfo`, `pragma_index_list` + `pragma_index_info`,
/// `pragma_foreign_key_list`, joined to `sqlite_schema`: three statements for all of them) read
/// only what the text cannot say with certainty: views, virtual tables, and any text the parser
/// does not follow (`readByPragmas`, in its own file). `pragma_table_list` says which tables are virtual
/// (FTS5, R*Tree...) or their shadow tables. Then at most three more: the row estimates of
/// `sqlite_stat1` when ANALYZE has made it, one `max(rowid)` statement for the tables it does not
/// cover (up to `estimatedTableLimit` of them; the rest have no estimate, shown `-`), and one
/// sample of the `CHAR(32)` columns (SQLAlchemy's `Uuid`), when there are any.
///
/// From `parallelCatalogTables` tables read by the pragmas on (and outside a transaction, on a
/// file), their indexes and foreign keys statements run on a second read-only connection
/// (`CatalogWorker`) while this one reads the columns; they are logged with their own times, which
/// then overlap the columns' (and one whose rows cannot be shown to be of the schema read here
/// runs again here, logged again).
extension SQLiteConnection {
    /// Beyond this many tables without `sqlite_stat1` rows, estimates are left unknown: one statement
    /// of N `max(rowid)` subqueries costs about 9 ms for 500 tables but 220 ms for 5,000 (its
    /// preparation grows faster than linearly), while a per-table statement would not be a fixed count.
    public static let estimatedTableLimit = 500
    /// How many non-NULL values of a `CHAR(32)` column are sampled to decide it holds hex UUIDs.
    public static let uuidSampleSize = 100
    /// From this many tables and views read by the pragmas on, the indexes and foreign keys are
    /// read on a second connection while this one reads the columns (see `CatalogWorker`).
    public static let parallelCatalogTables = 500

    public func introspect(using db: Database) throws -> Registry {
        catalogConnections = 1
        let userTables = "FROM sqlite_schema m WHERE m.type IN ('table', 'view') AND substr(m.name, 1, 7) <> 'sqlite_'"
        let relations = try db.fetchAll(CompiledSQL("""
            SELECT m.name, m.type, m.sql, (SELECT encoding FROM pragma_encoding), \
            (SELECT schema_version FROM pragma_schema_version), m.tbl_name \(userTables) \
            OR (m.type = 'table' AND m.name = 'sqlite_stat1') OR m.type = 'index' ORDER BY m.name
            """), cause: .introspection)
        // The file's text encoding (fixed when it was created), for reading values' beginnings by blob I/O.
        utf8Text = relations.first.map { $0[3] == .text("UTF-8") }
        // `virtual` (FTS5, R*Tree, ...) and `shadow` (the tables a virtual table keeps its data in).
        let tableKinds = try db.fetchAll(CompiledSQL("""
            SELECT t.name, t.type FROM pragma_table_list t WHERE t.schema = 'main' AND t.type IN ('virtual', 'shadow')
            """), cause: .introspection)
        var hasStat1 = false
        var virtualTables: Set<String> = [], shadowTables: Set<String> = []
        for t in tableKinds {
            if t[1].displayText == "virtual" { virtualTables.insert(t[0].displayText ?? "") } else { shadowTables.insert(t[0].displayText ?? "") }
        }

        var models: [String: Model] = [:]
        var order: [String] = []
        var createSQL: [String: String] = [:]
        var indexSQL: [String: String] = [:]
        var indexTexts: [String: [CreateTableParser.IndexText]] = [:]
        var autoIndexes: [String: Set<String>] = [:]
        for r in relations {
            let name = r[0].displayText ?? ""
            if name == "sqlite_stat1" { hasStat1 = true; continue }
            if r[1].displayText == "index" {
                let table = r[5].displayText ?? ""
                if let sql = r[2].displayText {
                    indexSQL[name] = sql
                    indexTexts[table, default: []].append(CreateTableParser.IndexText(name: name, sql: sql))
                } else {
                    autoIndexes[table, default: []].insert(name)
                }
                continue
            }
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
        var catalogs: [String: TableCatalog] = [:]
        var pragmaTables: [String] = []
        for name in order {
            if readsCreateText, let m = models[name], m.kind == .table, m.virtualModule == nil,
               let c = CreateTableParser.catalog(table: name, sql: createSQL[name] ?? "", indexes: indexTexts[name] ?? [],
                                                 autoIndexes: autoIndexes[name] ?? []) {
                catalogs[name] = c
            } else {
                pragmaTables.append(name)
            }
        }
        catalogTablesReadByPragmas = pragmaTables.count
        try readByPragmas(pragmaTables, all: pragmaTables.count == order.count, models: models, into: &catalogs, version: relations.first?[4], db: db)

        // A schema has few distinct declared types: each is read once (5,000 tables x 8 columns
        // would otherwise infer 40,000 times).
        var types: [String: FieldType] = [:]
        func type(_ declared: String) -> FieldType {
            if let t = types[declared] { return t }
            let t = FieldType.sqlite(declared)  // SQLite's affinity rules
            types[declared] = t
            return t
        }
        for name in order {
            // Taken out while it is built, so that its arrays are not copied on write.
            guard let catalog = catalogs[name], var m = models.removeValue(forKey: name) else { continue }
            var pkPositions: [(Int, String)] = []
            m.fields.reserveCapacity(catalog.columns.count)
            for c in catalog.columns {
                // A virtual table's hidden columns (FTS5's table-named column and `rank`) are not fields.
                if c.hidden == 1 { continue }
                var field = Field(name: c.name, type: type(c.declaredType), isNullable: !c.notNull,
                                  defaultExpression: c.defaultText, isGenerated: c.hidden == 2 || c.hidden == 3)
                if c.primaryKeyPosition > 0 {
                    pkPositions.append((c.primaryKeyPosition, c.name))
                    field.isNullable = field.isNullable && c.declaredType.uppercased() != "INTEGER"
                }
                m.fields.append(field)
            }
            if !pkPositions.isEmpty {
                let key = pkPositions.sorted { $0.0 < $1.0 }.map(\.1)
                m.primaryKey = key
                // An INTEGER PRIMARY KEY is the rowid: SQLite assigns it when left out.
                if key.count == 1, let i = m.fields.firstIndex(where: { $0.name == key[0] }),
                   m.fields[i].type.declared.uppercased() == "INTEGER" {
                    m.fields[i].isAutoIncrement = true
                    m.fields[i].isNullable = false
                }
            }
            for ix in catalog.indexes where ix.origin != .primaryKey {
                var columns = ix.columns.map { $0 ?? "<expression>" }
                var predicate: String?
                // An expression key's text and the condition are the CREATE INDEX text's (SQLite keeps it as written).
                if ix.isPartial || ix.columns.contains(nil), let texts = CreateTableParser.texts(ofIndex: indexSQL[ix.name] ?? "") {
                    if texts.keys.count == columns.count {
                        for k in columns.indices where ix.columns[k] == nil { columns[k] = texts.keys[k] }
                    }
                    predicate = ix.isPartial ? texts.condition : nil
                }
                m.indexes.append(Index(name: ix.name, columns: columns, isUnique: ix.isUnique, predicate: predicate))
                if ix.origin == .unique { m.uniqueConstraints.append(UniqueConstraint(name: nil, columns: columns)) }
            }
            for f in catalog.foreignKeys {
                var fk = ForeignKey(columns: f.columns, referencedTable: f.table, referencedColumns: f.referencedColumns,
                                    onDelete: f.onDelete, onUpdate: f.onUpdate)
                if let d = f.deferrability { (fk.isDeferrable, fk.isInitiallyDeferred) = d }
                m.foreignKeys.append(fk)
            }
            models[name] = m
        }
        for name in order {
            guard var m = models.removeValue(forKey: name) else { continue }
            for i in m.foreignKeys.indices where m.foreignKeys[i].referencedColumns.isEmpty {
                let target = m.foreignKeys[i].referencedTable
                m.foreignKeys[i].referencedColumns = (target == name ? m.primaryKey : models[target]?.primaryKey) ?? []
            }
            let sql = createSQL[name] ?? ""
            // The scanners read the table's text only when it holds their keyword (a byte search).
            if Self.contains(sql, "CHECK") { m.checks = CreateTableClauses.checks(in: sql) }
            // A text column its CHECK keeps JSON (Django's JSONField) is JSON as text.
            for c in m.checks where Self.contains(c.expression, "JSON_VALID") {
                for column in CreateTableClauses.jsonValidColumns(in: c.expression) {
                    if let f = m.fields.firstIndex(where: { $0.name.lowercased() == column.lowercased() }),
                       m.fields[f].type.kind == .text, m.fields[f].storage == .native {
                        m.fields[f].storage = .jsonText
                    }
                }
            }
            // Deferrability lives only in the table's text: the parser read it, and for a table the
            // pragmas read, each clause is matched by columns and target.
            let clauses = catalogs[name]?.foreignKeys.contains { $0.deferrability == nil } == true
                && Self.contains(sql, "DEFERRABLE") ? CreateTableClauses.foreignKeys(in: sql) : []
            func same(_ c: CreateTableClauses.ForeignKeyClause, _ fk: ForeignKey) -> Bool {
                c.table.lowercased() == fk.referencedTable.lowercased() && c.columns.map { $0.lowercased() } == fk.columns.map { $0.lowercased() }
            }
            // One clause per key, in the text's order (the pragma's is the reverse): paired by
            // place, so two keys on the same columns to the same table each get their own.
            let inOrder = Array(clauses.reversed())
            let byPlace = inOrder.count == m.foreignKeys.count && zip(inOrder, m.foreignKeys).allSatisfy(same)
            for i in m.foreignKeys.indices where !clauses.isEmpty {
                let fk = m.foreignKeys[i]
                if let c = byPlace ? inOrder[i] : clauses.first(where: { same($0, fk) }) {
                    m.foreignKeys[i].isDeferrable = c.isDeferrable
                    m.foreignKeys[i].isInitiallyDeferred = c.isInitiallyDeferred
                }
            }
            let generated = m.fields.contains(where: \.isGenerated) ? CreateTableClauses.generatedExpressions(in: sql) : [:]
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
            // A virtual table's shadow tables number their rows in their own codes (FTS5's segments).
            return m.kind == .table && m.estimatedRowCount == nil && m.virtualModule == nil && m.shadowOf == nil
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

}
