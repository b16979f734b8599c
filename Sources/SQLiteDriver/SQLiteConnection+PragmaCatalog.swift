import ORMCore

extension SQLiteConnection {
    /// The catalogs of the tables and views the `CREATE` text could not give, from SQLite's
    /// pragmas: columns, then (for tables) indexes and foreign keys, each one statement for all of
    /// them (`AND m.name IN (...)` unless they are all the schema's).
    ///
    /// ```sql
    /// SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden, (SELECT schema_version FROM pragma_schema_version)
    /// FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p WHERE m.type IN ('table', 'view') AND substr(m.name, 1, 7) <> 'sqlite_'
    /// ```
    func readByPragmas(_ names: [String], all: Bool, models: [String: Model], into catalogs: inout [String: TableCatalog],
                               version: Value?, db: Database) throws {
        guard !names.isEmpty else { return }
        let only = all ? "" : " AND m.name IN (" + names.map { dialect.literal(.text($0)) }.joined(separator: ", ") + ")"
        let tables = all || names.contains { models[$0]?.kind == .table }
        // Each statement also gives the schema_version it read (one statement reads one state of
        // the file), so the second connection's rows are known to be of the schema read here.
        let schemaVersion = "(SELECT schema_version FROM pragma_schema_version)"
        let indexesSQL = CompiledSQL("""
            SELECT m.name, il.name, il."unique", il.origin, il.partial, ii.name, \(schemaVersion) \
            FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii \
            WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_'\(only) ORDER BY m.name, il.name, ii.seqno
            """)
        // Columns and foreign keys come unsorted: the join gives each table's rows together, in the
        // pragma's own order (cid; id then seq), and sorting 40,000 column rows cost more than that.
        let foreignKeysSQL = CompiledSQL("""
            SELECT m.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete, \(schemaVersion) \
            FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f \
            WHERE m.type = 'table' AND substr(m.name, 1, 7) <> 'sqlite_'\(only)
            """)
        let keyStatements = tables ? [indexesSQL, foreignKeysSQL] : []
        let worker = tables && names.count >= Self.parallelCatalogTables && path != ":memory:" && !path.isEmpty && !inTransaction
            ? CatalogWorker(path: path, statements: keyStatements) : nil
        let columns = try db.fetchAll(CompiledSQL("""
            SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden, \(schemaVersion) \
            FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p \
            WHERE m.type IN ('table', 'view') AND substr(m.name, 1, 7) <> 'sqlite_'\(only)
            """), cause: .introspection)
        // Every statement the worker ran is logged; its rows count when they are of the schema this
        // connection read (the same schema_version before and after the columns), and the
        // statement runs again here otherwise.
        let reads = worker?.wait(schemaVersion: version == columns.first?[7] ? version : nil)
        catalogConnections = reads == nil ? 1 : 2
        for (sql, r) in zip(keyStatements, reads ?? []) {
            db.logged(sql, cause: .introspection, seconds: r.read.seconds, rows: r.read.rows.count)
        }
        var keyRows: [[Row]] = []
        for (i, sql) in keyStatements.enumerated() {
            keyRows.append(try reads.flatMap { $0[i].current ? $0[i].read.rows : nil } ?? db.fetchAll(sql, cause: .introspection))
        }
        let indexes = keyRows.first ?? [], foreignKeys = keyRows.count > 1 ? keyRows[1] : []
        // A table's rows come together: each is stored once a table.
        var run = (table: "", catalog: TableCatalog())
        func store() { if !run.table.isEmpty { catalogs[run.table] = run.catalog } }
        for c in columns {
            let table = c[0].displayText ?? ""
            if table != run.table { store(); run = (table, catalogs[table] ?? TableCatalog()) }
            run.catalog.columns.append(TableCatalog.Column(
                name: c[1].displayText ?? "", declaredType: c[2].displayText ?? "", notNull: intValue(c[3]) != 0,
                defaultText: c[4].displayText, primaryKeyPosition: intValue(c[5]), hidden: intValue(c[6])))
        }
        store()
        var current: (table: String, name: String)?
        for ix in indexes {
            let table = ix[0].displayText ?? "", name = ix[1].displayText ?? ""
            let column = ix[5].displayText
            if current?.table == table && current?.name == name, let last = catalogs[table]?.indexes.indices.last {
                catalogs[table]?.indexes[last].columns.append(column)
                continue
            }
            current = (table, name)
            let origin: TableCatalog.IndexEntry.Origin = switch ix[3].displayText { case "u": .unique; case "pk": .primaryKey; default: .created }
            catalogs[table, default: TableCatalog()].indexes.append(TableCatalog.IndexEntry(
                name: name, isUnique: intValue(ix[2]) == 1, origin: origin, isPartial: intValue(ix[4]) == 1, columns: [column]))
        }
        var currentKey: (table: String, id: Int)?
        for f in foreignKeys {
            let table = f[0].displayText ?? "", id = intValue(f[1])
            let from = f[3].displayText ?? ""
            // "to" is NULL when the key refers to the target's primary key implicitly.
            let to = f[4].displayText
            if currentKey?.table == table && currentKey?.id == id, let last = catalogs[table]?.foreignKeys.indices.last {
                catalogs[table]?.foreignKeys[last].columns.append(from)
                if let to { catalogs[table]?.foreignKeys[last].referencedColumns.append(to) }
                continue
            }
            currentKey = (table, id)
            catalogs[table, default: TableCatalog()].foreignKeys.append(TableCatalog.ForeignKeyEntry(
                columns: [from], table: f[2].displayText ?? "", referencedColumns: to.map { [$0] } ?? [],
                onUpdate: f[5].displayText ?? "NO ACTION", onDelete: f[6].displayText ?? "NO ACTION", deferrability: nil))
        }
    }

    func intValue(_ v: Value) -> Int { if case .int(let n) = v { return Int(n) } else { return 0 } }
}
