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
        let relations = try db.fetchAll(CompiledSQL("""
            SELECT c.oid::int8, n.nspname, c.relname, c.relkind::text, c.reltuples::int8, current_schema()::text \
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE \(userRelations) ORDER BY n.nspname, c.relname
            """), cause: .introspection)
        let columns = try db.fetchAll(CompiledSQL("""
            SELECT a.attrelid::int8, a.attnum::int8, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
            pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text, t.typtype::text, a.atttypid::int8, \
            t.typcategory::text, t.typbasetype::int8, b.typtype::text, b.typcategory::text, \
            CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END::int8 \
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
            JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type b ON b.oid = t.typbasetype \
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
            WHERE a.attnum > 0 AND NOT a.attisdropped AND \(userRelations) ORDER BY a.attrelid, a.attnum
            """), cause: .introspection)
        let constraints = try db.fetchAll(CompiledSQL("""
            SELECT k.conrelid::int8, k.conname, k.contype::text, array_to_json(k.conkey)::text, k.confrelid::int8, \
            array_to_json(k.confkey)::text, k.confupdtype::text, k.confdeltype::text, pg_get_constraintdef(k.oid, true), \
            k.condeferrable, k.condeferred \
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
            WHERE k.contype IN ('p', 'u', 'f', 'c') AND \(userRelations) ORDER BY k.conrelid, k.conname
            """), cause: .introspection)
        let indexes = try db.fetchAll(CompiledSQL("""
            SELECT i.indrelid::int8, ic.relname, i.indisunique, i.indisprimary, pg_get_expr(i.indpred, i.indrelid, true), \
            array_to_json(ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k))::text \
            FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid \
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE \(userRelations) ORDER BY i.indrelid, ic.relname
            """), cause: .introspection)
        let enums = try db.fetchAll(CompiledSQL("""
            SELECT e.enumtypid::int8, e.enumlabel FROM pg_enum e ORDER BY e.enumtypid, e.enumsortorder
            """), cause: .introspection)
        let types = try db.fetchAll(CompiledSQL("""
            SELECT t.oid::int8, format_type(t.oid, NULL) FROM pg_type t \
            WHERE t.typtype IN ('e', 'd', 'r', 'm') OR t.typcategory = 'A' OR t.typnamespace <> 'pg_catalog'::regnamespace
            """), cause: .introspection)

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
        for c in columns {
            let rel = int(c[0]), num = int(c[1]), name = c[2].displayText ?? ""
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
            models[rel]?.fields.append(field)
            attnames[rel, default: [:]][num] = name
        }
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
            let cols = (try? JSONSerialization.jsonObject(with: Data((ix[5].displayText ?? "[]").utf8))) as? [String] ?? []
            models[rel]?.indexes.append(Index(name: ix[1].displayText ?? "", columns: cols,
                                              isUnique: ix[2] == .bool(true), predicate: ix[4].displayText))
        }
        return Registry(backend: "postgresql", models: order.compactMap { models[$0] }, defaultSchema: defaultSchema)
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

    private func jsonInts(_ v: Value) -> [Int] {
        guard let text = v.displayText, let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Int] else { return [] }
        return array
    }
}
