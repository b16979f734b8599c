import Foundation
import ORMCore

/// Reads PostgreSQL's catalog (pg_catalog, not information_schema, which is slow and hides
/// other users' objects) into a registry with six statements, whatever the number of tables.
/// Models in the default schema get no schema prefix; other user schemas keep theirs. The default is
/// `current_schema()`, the first existing schema of the search path (normally `public`): the one an
/// unqualified name, as the compiler writes a model without a schema, resolves to. Calling `public`
/// the default under `search_path = sx, public` would send a statement for public's `t` to `sx.t`.
extension PostgresConnection {
    public func introspect(using db: Database) throws -> Registry {
        let userRelations = """
            c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition \
            AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            """
        let relationsSQL = CompiledSQL("""
            SELECT c.oid::int8, n.nspname, c.relname, c.relkind::text, c.reltuples::int8, current_schema()::text \
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE \(userRelations) ORDER BY n.nspname, c.relname
            """)
        let columnsSQL = CompiledSQL("""
            SELECT a.attrelid::int8, a.attnum::int8, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
            pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text, t.typtype::text, a.atttypid::int8, \
            t.typcategory::text, t.typbasetype::int8, b.typtype::text, b.typcategory::text, \
            CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END::int8 \
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
            JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type b ON b.oid = t.typbasetype \
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
            WHERE a.attnum > 0 AND NOT a.attisdropped AND \(userRelations)
            """)
        let constraintsSQL = CompiledSQL("""
            SELECT k.conrelid::int8, k.conname, k.contype::text, array_to_json(k.conkey)::text, k.confrelid::int8, \
            array_to_json(k.confkey)::text, k.confupdtype::text, k.confdeltype::text, \
            CASE WHEN k.contype = 'c' THEN pg_get_constraintdef(k.oid, true) END, \
            k.condeferrable, k.condeferred \
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE k.contype IN ('p', 'u', 'f', 'c') AND \(userRelations) ORDER BY k.conrelid, k.conname
            """)
        let indexesSQL = CompiledSQL("""
            SELECT i.indrelid::int8, ic.relname, i.indisunique, i.indisprimary, pg_get_expr(i.indpred, i.indrelid, true), \
            CASE WHEN i.indexprs IS NULL THEN i.indkey::text ELSE \
            array_to_json(ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k))::text END, \
            i.indnkeyatts::int8 \
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid \
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE \(userRelations) ORDER BY i.indrelid, ic.relname
            """)
        let enumsSQL = CompiledSQL("""
            SELECT e.enumtypid::int8, e.enumlabel FROM pg_enum e ORDER BY e.enumtypid, e.enumsortorder
            """)
        let typesSQL = CompiledSQL("""
            SELECT t.oid::int8, format_type(t.oid, NULL) FROM pg_type t \
            WHERE t.typtype IN ('e', 'd', 'r', 'm') OR t.typcategory = 'A' OR t.typnamespace <> 'pg_catalog'::regnamespace
            """)

        // One batch (pipelined on PostgreSQL): the server reads the next catalog while the client
        // decodes the rows of the one before; still six statements, each logged on its own.
        let catalog = try db.fetchAll(batch: [relationsSQL, columnsSQL, constraintsSQL, indexesSQL, enumsSQL, typesSQL],
                                      cause: .introspection)
        let (relations, columns, constraints, indexes, enums, types) = (catalog[0], catalog[1], catalog[2], catalog[3], catalog[4], catalog[5])

        for t in types { typeNames[UInt32(int(t[0]))] = t[1].displayText ?? "" }
        var labels: [Int: [String]] = [:]
        for e in enums { labels[int(e[0]), default: []].append(e[1].displayText ?? "") }

        var models: [Int: Model] = [:]
        var order: [Int] = []
        var namesByOID: [Int: (schema: String?, name: String)] = [:]
        // No existing schema on the search path: every model keeps its schema, so every name is qualified.
        let defaultSchema = relations.first.map { $0[5].displayText } ?? "public"
        for r in relations {
            let oid = int(r[0])
            let schema = r[1].displayText == defaultSchema ? nil : r[1].displayText
            let name = r[2].displayText ?? ""
            let kind: Model.Kind = ["v", "m"].contains(r[3].displayText ?? "") ? .view : .table
            let tuples = int(r[4])
            models[oid] = Model(schema: schema, name: name, kind: kind, fields: [],
                                estimatedRowCount: kind == .table ? (tuples < 0 ? nil : tuples) : nil)
            namesByOID[oid] = (schema, name)
            order.append(oid)
        }
        var attnames: [Int: [Int: String]] = [:]
        // The columns come unordered (an ORDER BY made the server sort 40,000 rows on disk at
        // 5,000 tables, past its work_mem): each relation's are gathered here and put in attnum
        // order, then its fields and names are stored once.
        var positions: [Int: [Int]] = [:]
        for (i, c) in columns.enumerated() { positions[int(c[0]), default: []].append(i) }
        let ordered = positions.values.flatMap { rows in rows.sorted { int(columns[$0][1]) < int(columns[$1][1]) } }
        var run: (rel: Int, fields: [Field], names: [Int: String]) = (-1, [], [:])
        func store() {
            guard run.rel >= 0 else { return }
            models[run.rel]?.fields = run.fields
            attnames[run.rel] = run.names
        }
        for i in ordered {
            let c = columns[i]
            let rel = int(c[0]), num = int(c[1]), name = c[2].displayText ?? ""
            if rel != run.rel { store(); run = (rel, [], [:]) }
            let declared = c[3].displayText ?? ""
            let identity = c[6].displayText ?? ""
            let generated = c[7].displayText ?? ""
            let dflt = c[5].displayText
            // The kind from the catalog (OID, typtype, category; a domain's from its base type).
            let typeOID = int(c[9]), baseOID = int(c[11])
            let type = FieldType.postgres(declared: declared, oid: UInt32(typeOID), typtype: c[8].displayText ?? "",
                                          category: c[10].displayText ?? "", baseOID: UInt32(baseOID),
                                          baseType: c[12].displayText ?? "", baseCategory: c[13].displayText ?? "",
                                          typmod: int(c[14]), enumLabels: labels[baseOID != 0 ? baseOID : typeOID] ?? [])
            let field = Field(name: name, type: type, isNullable: c[4] != .bool(true),
                              defaultExpression: generated.isEmpty ? dflt : nil,
                              isGenerated: !generated.isEmpty,
                              isAutoIncrement: !identity.isEmpty || (dflt?.hasPrefix("nextval(") ?? false))
            run.fields.append(field)
            run.names[num] = name
        }
        store()
        func names(_ rel: Int, _ json: Value) -> [String] {
            jsonInts(json).map { attnames[rel]?[$0] ?? "#\($0)" }
        }
        for k in constraints {
            let rel = int(k[0]), name = k[1].displayText
            switch k[2].displayText {
            case "p": models[rel]?.primaryKey = names(rel, k[3])
            case "u": models[rel]?.uniqueConstraints.append(UniqueConstraint(name: name, columns: names(rel, k[3])))
            case "c":
                var def = k[8].displayText ?? ""
                if def.hasPrefix("CHECK ") { def = String(def.dropFirst(6)) }
                if def.hasPrefix("(") && def.hasSuffix(")") { def = String(def.dropFirst().dropLast()) }
                models[rel]?.checks.append(CheckConstraint(name: name, expression: def))
            case "f":
                let target = int(k[4])
                let ref = namesByOID[target]
                models[rel]?.foreignKeys.append(ForeignKey(
                    name: name, columns: names(rel, k[3]), referencedSchema: ref?.schema,
                    referencedTable: ref?.name ?? "oid \(target)", referencedColumns: names(target, k[5]),
                    onDelete: action(k[7]), onUpdate: action(k[6]),
                    isDeferrable: k[9] == .bool(true), isInitiallyDeferred: k[10] == .bool(true)))
            default: break
            }
        }
        for ix in indexes {
            let rel = int(ix[0])
            // Plain column indexes come as `indkey` ("2 5": attnums, key columns first); only an
            // index on expressions asks pg_get_indexdef for each key (a JSON array of their text).
            let text = ix[5].displayText ?? "[]"
            let cols = text.hasPrefix("[")
                ? (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? []
                : text.split(separator: " ").prefix(int(ix[6])).map { attnames[rel]?[Int($0) ?? 0] ?? "#\($0)" }
            models[rel]?.indexes.append(Index(name: ix[1].displayText ?? "", columns: cols,
                                              isUnique: ix[2] == .bool(true), predicate: ix[4].displayText))
        }
        try readCatalogDetails(using: db, columns: columns, userRelations: userRelations, defaultSchema: defaultSchema, into: &models)
        return Registry(backend: "postgresql", models: order.compactMap { models[$0] }, defaultSchema: defaultSchema)
    }

    // MARK: - Comments, domains, generated columns, partitions (issue 11, item 4)
    //
    // Three statements of their own, whatever the table count, kept apart from the queries above.

    /// Table and column comments, domains' base types, generated columns' expressions, and each
    /// partitioned table's key and partitions (which are not models: they are folded under it).
    ///
    /// ```sql
    /// SELECT d.objoid, d.objsubid, d.description FROM pg_description d ...     -- COMMENT ON TABLE / COLUMN
    /// SELECT t.oid, format_type(t.typbasetype, t.typtypmod), b.typtype, ... FROM pg_type t ... WHERE t.typtype = 'd'
    /// SELECT p.oid, pg_get_partkeydef(p.oid), n.nspname, c.relname, pg_get_expr(c.relpartbound, c.oid), ...
    ///   FROM pg_class p LEFT JOIN pg_inherits i ... WHERE p.relkind = 'p'
    /// ```
    private func readCatalogDetails(using db: Database, columns: [Row], userRelations: String, defaultSchema: String?,
                                    into models: inout [Int: Model]) throws {
        let comments = try db.fetchAll(CompiledSQL("""
            SELECT d.objoid::int8, d.objsubid::int8, d.description FROM pg_description d \
            JOIN pg_class c ON c.oid = d.objoid JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE d.classoid = 'pg_class'::regclass AND \(userRelations)
            """), cause: .introspection)
        let domains = try db.fetchAll(CompiledSQL("""
            SELECT t.oid::int8, format_type(t.typbasetype, t.typtypmod), b.typtype::text, t.typbasetype::int8 \
            FROM pg_type t JOIN pg_type b ON b.oid = t.typbasetype WHERE t.typtype = 'd'
            """), cause: .introspection)
        let partitions = try db.fetchAll(CompiledSQL("""
            SELECT p.oid::int8, pg_get_partkeydef(p.oid), n.nspname, c.relname, pg_get_expr(c.relpartbound, c.oid, true), \
            c.reltuples::int8 FROM pg_class p LEFT JOIN pg_inherits i ON i.inhparent = p.oid \
            LEFT JOIN pg_class c ON c.oid = i.inhrelid AND c.relispartition LEFT JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE p.relkind = 'p' ORDER BY p.oid, c.relname
            """), cause: .introspection)

        // Field positions by (relation, attnum), from the columns statement's rows (in field order).
        var position: [Int: [Int: Int]] = [:]
        var count: [Int: Int] = [:]
        func changes(_ c: Row) -> Bool { c[7].displayText?.isEmpty == false || c[8].displayText == "d" }
        let needsPositions = !comments.isEmpty || columns.contains(where: changes)
        for c in columns where needsPositions {
            let rel = int(c[0])
            position[rel, default: [:]][int(c[1])] = count[rel, default: 0]
            count[rel, default: 0] += 1
        }
        for d in comments {
            let rel = int(d[0]), sub = int(d[1]), text = d[2].displayText
            if sub == 0 { models[rel]?.comment = text } else if let i = position[rel]?[sub] { models[rel]?.fields[i].comment = text }
        }
        var bases: [Int: (name: String, isEnum: Bool, oid: Int)] = [:]
        for d in domains { bases[int(d[0])] = (d[1].displayText ?? "", d[2].displayText == "e", int(d[3])) }
        // Only generated columns and domain columns change (a write-back per column would copy
        // through the dictionary 40,000 times at 5,000 tables).
        for c in columns where changes(c) {
            let rel = int(c[0])
            guard let i = position[rel]?[int(c[1])], var f = models[rel]?.fields[i] else { continue }
            if c[7].displayText?.isEmpty == false { f.generationExpression = c[5].displayText.map(Self.unwrapped) }
            // The kind, length and labels are the base type's already (FieldType.postgres reads the
            // base from the columns statement); the base type's name is shown beside the domain's.
            if c[8].displayText == "d", let base = bases[int(c[9])] { f.domainBaseType = base.name }
            models[rel]?.fields[i] = f
        }
        for p in partitions {
            let parent = int(p[0])
            guard models[parent] != nil else { continue }
            models[parent]?.partitionKey = p[1].displayText
            guard let name = p[3].displayText else { continue }
            let schema = p[2].displayText == defaultSchema ? nil : p[2].displayText
            let tuples = int(p[5])
            models[parent]?.partitions.append(Model.Partition(schema: schema, name: name, bound: p[4].displayText ?? "",
                                                              estimatedRowCount: tuples < 0 ? nil : tuples))
        }
        // A partitioned table holds no rows itself: its estimate is its partitions' when all are known.
        for (oid, m) in models where m.partitionKey != nil {
            let counts = m.partitions.map(\.estimatedRowCount)
            models[oid]?.estimatedRowCount = m.partitions.isEmpty || counts.contains(nil) ? nil : counts.reduce(0) { $0 + ($1 ?? 0) }
        }
    }

    /// `((a || b) || c)` without the one pair of parentheses around the whole, as `pg_get_expr` prints
    /// a generated column's expression (shown inside `AS (...)`).
    static func unwrapped(_ e: String) -> String {
        guard e.hasPrefix("("), e.hasSuffix(")") else { return e }
        var depth = 0
        var quoted = false
        for (i, c) in e.enumerated() {
            if c == "'" { quoted.toggle() }
            if quoted { continue }
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1; if depth == 0 && i < e.count - 1 { return e } }
        }
        return String(e.dropFirst().dropLast())
    }

    private func action(_ v: Value) -> String {
        switch v.displayText {
        case "c": return "CASCADE"
        case "n": return "SET NULL"
        case "d": return "SET DEFAULT"
        case "r": return "RESTRICT"
        default: return "NO ACTION"
        }
    }

    private func int(_ v: Value) -> Int {
        switch v {
        case .int(let n): return Int(n)
        default: return Int(v.displayText ?? "") ?? 0
        }
    }

    /// `[1,2]` (array_to_json of an int2[]) read without Foundation's JSON parser (10,000 keys at
    /// 5,000 tables); anything else that is not digits, commas and brackets reads as no columns.
    private func jsonInts(_ v: Value) -> [Int] {
        guard let text = v.displayText else { return [] }
        var out: [Int] = []
        var n = 0, digits = false
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): n = n * 10 + Int(b - UInt8(ascii: "0")); digits = true
            case UInt8(ascii: ","), UInt8(ascii: "]"): if digits { out.append(n) }; n = 0; digits = false
            case UInt8(ascii: "["), UInt8(ascii: " "): continue
            default: return []
            }
        }
        return out
    }
}
