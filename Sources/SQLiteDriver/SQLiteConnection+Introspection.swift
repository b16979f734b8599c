import ORMCore

/// Reads SQLite's catalog into a registry with a fixed number of statements, whatever the table
/// count: one each for tables, columns, indexes and foreign keys (pragma table-valued functions
/// joined to `sqlite_schema`), plus a cheap row-count bound per table.
extension SQLiteConnection {
    public func introspect(using db: Database) throws -> Registry {
        let userTables = "FROM sqlite_schema m WHERE m.type IN ('table', 'view') AND substr(m.name, 1, 7) <> 'sqlite_'"
        let relations = try db.fetchAll(CompiledSQL("SELECT m.name, m.type, m.sql \(userTables) ORDER BY m.name"), cause: .introspection)
        let columns = try db.fetchAll(CompiledSQL("""
            SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden \
            FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p \
            WHERE m.type IN ('table', 'view') AND substr(m.name, 1, 7) <> 'sqlite_' ORDER BY m.name, p.cid
            """), cause: .introspection)
        let indexes = try db.fetchAll(CompiledSQL("""
            SELECT m.name, il.name, il."unique", il.origin, il.partial, ii.name, s.sql \
            FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii \
            LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name \
            WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_' ORDER BY m.name, il.name, ii.seqno
            """), cause: .introspection)
        let foreignKeys = try db.fetchAll(CompiledSQL("""
            SELECT m.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete \
            FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f \
            WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_' ORDER BY m.name, f.id, f.seq
            """), cause: .introspection)

        var models: [String: Model] = [:]
        var order: [String] = []
        var createSQL: [String: String] = [:]
        for r in relations {
            let name = r[0].displayText ?? ""
            models[name] = Model(name: name, kind: r[1].displayText == "view" ? .view : .table, fields: [])
            createSQL[name] = r[2].displayText ?? ""
            order.append(name)
        }
        var pkPositions: [String: [(Int, String)]] = [:]
        for c in columns {
            let table = c[0].displayText ?? "", name = c[1].displayText ?? ""
            let declared = c[2].displayText ?? ""
            let hidden = intValue(c[6])
            let pk = intValue(c[5])
            var field = Field(name: name, type: FieldType.sqlite(declared), isNullable: intValue(c[3]) == 0,
                              defaultExpression: c[4].displayText, isGenerated: hidden == 2 || hidden == 3)
            if pk > 0 { pkPositions[table, default: []].append((pk, name)) }
            if pk > 0 { field.isNullable = field.isNullable && declared.uppercased() != "INTEGER" }
            models[table]?.fields.append(field)
        }
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
            let predicate = intValue(ix[4]) == 1 ? Self.wherePart(of: ix[6].displayText ?? "") : nil
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
            m.checks = CheckClauseScanner.checks(in: createSQL[name] ?? "")
            // Deferrability lives only in the table's text: match each clause by columns and target.
            let clauses = ForeignKeyClauseScanner.clauses(in: createSQL[name] ?? "")
            for i in m.foreignKeys.indices {
                let fk = m.foreignKeys[i]
                if let c = clauses.first(where: { $0.table.lowercased() == fk.referencedTable.lowercased()
                    && $0.columns.map { $0.lowercased() } == fk.columns.map { $0.lowercased() } }) {
                    m.foreignKeys[i].isDeferrable = c.isDeferrable
                    m.foreignKeys[i].isInitiallyDeferred = c.isInitiallyDeferred
                }
            }
            if m.kind == .table {
                m.estimatedRowCount = try estimate(m, createSQL: createSQL[name] ?? "", db: db)
            }
            models[name] = m
        }
        return Registry(backend: "sqlite", models: order.compactMap { models[$0] })
    }

    /// A cheap bound on the row count: `max(rowid)` walks one edge of the table's b-tree
    /// (a bound, not a count: deleted rows leave gaps). Tables WITHOUT ROWID get none.
    private func estimate(_ m: Model, createSQL: String, db: Database) throws -> Int? {
        if createSQL.uppercased().contains("WITHOUT ROWID") { return nil }
        let select = Select(from: m.table, items: [SelectItem(.function(.max, [.col("rowid")]))])
        let row = try db.fetchOne(.select(select), cause: .introspection)
        if case .int(let n)? = row?[0] { return Int(n) }
        return 0
    }

    private static func wherePart(of createIndex: String) -> String? {
        guard let r = createIndex.range(of: " WHERE ", options: .caseInsensitive) else { return nil }
        return String(createIndex[r.upperBound...]).trimmingCharacters(in: .whitespaces)
    }

    private func intValue(_ v: Value) -> Int { if case .int(let n) = v { return Int(n) } else { return 0 } }
}
