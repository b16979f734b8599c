import ORMCore

/// Builds models from the rows of `introspect`'s catalog statements as each statement's rows
/// arrive, in the batch's order: relations, enum labels, type facts, columns, constraints,
/// indexes, expression index keys, comments, partitions. Each step needs only the ones before it
/// (a column's kind needs its type's facts; a constraint names columns by attnum).
struct PostgresCatalogBuilder {
    /// Models in the relations statement's order (schema, name), found by OID through `slot`.
    private var models: [Model] = []
    private var slot: [Int: Int] = [:]
    private var namesByOID: [Int: (schema: String?, name: String)] = [:]
    /// `current_schema()`, from the relations statement; `public` when there is no relation at all.
    private var defaultSchema: String? = "public"
    private var sawRelation = false
    /// Each relation's (and composite type's) row type's name, by the row type's OID.
    private var rowTypeNames: [Int: String] = [:]
    /// The user's array types named from their elements once all types are in (array OID, element OID).
    private var userArrays: [(array: Int, element: Int)] = []

    private var labels: [Int: [String]] = [:]
    private struct TypeFacts { var typtype: String; var category: String; var base: Int; var typmod: Int }
    private var types: [Int: TypeFacts] = [:]
    /// A domain's base type as `format_type` prints it (`character varying(200)`).
    private var domainBases: [Int: String] = [:]
    /// Names of the types a result column may have that the codec does not know by OID.
    private(set) var typeNames: [UInt32: String] = [:]

    /// Each relation's column rows, gathered unordered (an ORDER BY made the server sort 40,000
    /// rows on disk at 5,000 tables, past its work_mem) and put in attnum order once all are in.
    private var columnRows: [Int: [Row]] = [:]
    private var columnsBuilt = false
    /// Per relation (by slot), each attnum's column name and field position (attnums are small:
    /// at most 1,600 columns a table).
    private var attributes: [[(name: String, field: Int)?]] = []

    /// Expression indexes waiting for their keys: index OID -> (model slot, index position).
    private var expressionIndexes: [Int: (model: Int, index: Int)] = [:]

    mutating func relation(_ r: Row) {
        let oid = int(r[0])
        if !sawRelation { defaultSchema = r[5].displayText }  // No existing schema on the search path: all qualified.
        sawRelation = true
        let schema = r[1].displayText == defaultSchema ? nil : r[1].displayText
        let name = r[2].displayText ?? ""
        // Its row type's name, as `format_type` prints it: quoted as `quote_ident` quotes (capitals,
        // keywords), qualified unless its schema is the default.
        let quoted = r[8].displayText ?? name
        rowTypeNames[int(r[6])] = schema == nil ? quoted : (r[7].displayText ?? "") + "." + quoted
        let relkind = r[3].displayText ?? ""
        if relkind == "c" { return }  // A composite type: a name, not a model.
        let kind: Model.Kind = ["v", "m"].contains(relkind) ? .view : .table
        let tuples = int(r[4])
        slot[oid] = models.count
        models.append(Model(schema: schema, name: name, kind: kind, fields: [],
                            estimatedRowCount: kind == .table ? (tuples < 0 ? nil : tuples) : nil))
        namesByOID[oid] = (schema, name)
    }

    mutating func enumLabel(_ e: Row) {
        labels[int(e[0]), default: []].append(e[1].displayText ?? "")
    }

    mutating func type(_ t: Row) {
        let oid = int(t[0])
        types[oid] = TypeFacts(typtype: t[1].displayText ?? "", category: t[2].displayText ?? "", base: int(t[3]), typmod: int(t[4]))
        if let name = t[5].displayText { typeNames[UInt32(oid)] = name }
        else if t[1].displayText == "c" { typeNames[UInt32(oid)] = rowTypeNames[oid] }
        else if t[2].displayText == "A", t[8] == .bool(true) { userArrays.append((oid, int(t[7]))) }
        if let base = t[6].displayText { domainBases[oid] = base }
    }

    /// Names the user's arrays as `format_type` does: the element's name and `[]`.
    private mutating func nameArrays() {
        for (array, element) in userArrays {
            if let name = typeNames[UInt32(element)] { typeNames[UInt32(array)] = name + "[]" }
        }
        userArrays = []
    }

    mutating func column(_ c: Row) {
        if !userArrays.isEmpty { nameArrays() }
        columnRows[int(c[0]), default: []].append(c)
    }

    /// Puts each relation's columns in attnum order and builds its fields, once.
    private mutating func buildColumns() {
        guard !columnsBuilt else { return }
        columnsBuilt = true
        attributes = Array(repeating: [], count: models.count)
        for (rel, rows) in columnRows {
            guard let m = slot[rel] else { continue }
            // (Mostly in attnum order already: a heap scan returns them as they were added.)
            let attnums = rows.map { int($0[1]) }
            let ordered = zip(attnums, attnums.dropFirst()).allSatisfy({ $0 < $1 }) ? rows
                : zip(attnums, rows).sorted { $0.0 < $1.0 }.map(\.1)
            var fields: [Field] = []
            fields.reserveCapacity(ordered.count)
            var names = [(name: String, field: Int)?](repeating: nil, count: (attnums.max() ?? 0) + 1)
            for c in ordered {
                let name = c[2].displayText ?? ""
                names[int(c[1])] = (name, fields.count)
                fields.append(field(c, name: name))
            }
            models[m].fields = fields
            attributes[m] = names
        }
        columnRows = [:]
    }

    /// One column's field: its kind from its type's facts (a domain's from its base type).
    private func field(_ c: Row, name: String) -> Field {
        let identity = c[6].displayText ?? ""
        let generated = c[7].displayText ?? ""
        let dflt = c[5].displayText
        let typeOID = int(c[8])
        // A type missing from the facts is a table's row type (the only kind the types statement
        // leaves out): a composite.
        let facts = types[typeOID] ?? TypeFacts(typtype: "c", category: "C", base: 0, typmod: -1)
        let base = types[facts.base]
        let isDomain = facts.typtype == "d"
        let type = FieldType.postgres(declared: c[3].displayText ?? "", oid: UInt32(typeOID), typtype: facts.typtype,
                                      category: facts.category, baseOID: UInt32(facts.base),
                                      baseType: base?.typtype ?? "", baseCategory: base?.category ?? "",
                                      typmod: isDomain ? facts.typmod : int(c[9]),
                                      enumLabels: labels[facts.base != 0 ? facts.base : typeOID] ?? [])
        var f = Field(name: name, type: type, isNullable: c[4] != .bool(true),
                      defaultExpression: generated.isEmpty ? dflt : nil,
                      isGenerated: !generated.isEmpty,
                      isAutoIncrement: !identity.isEmpty || (dflt?.hasPrefix("nextval(") ?? false))
        if !generated.isEmpty { f.generationExpression = dflt.map(PostgresConnection.unwrapped) }
        // The kind, length and labels are the base type's already; its name is shown beside the domain's.
        if isDomain { f.domainBaseType = domainBases[typeOID] }
        return f
    }

    private func names(_ m: Int?, _ json: Value) -> [String] {
        jsonInts(json).map { n in m.flatMap { attribute($0, n)?.name } ?? "#\(n)" }
    }

    private func attribute(_ m: Int, _ attnum: Int) -> (name: String, field: Int)? {
        attnum >= 0 && attnum < attributes[m].count ? attributes[m][attnum] : nil
    }

    mutating func constraint(_ k: Row) {
        buildColumns()
        guard let m = slot[int(k[0])] else { return }
        let name = k[1].displayText
        switch k[2].displayText {
        case "p": models[m].primaryKey = names(m, k[3])
        case "u": models[m].uniqueConstraints.append(UniqueConstraint(name: name, columns: names(m, k[3])))
        case "c":
            var def = k[8].displayText ?? ""
            if def.hasPrefix("CHECK ") { def = String(def.dropFirst(6)) }
            if def.hasPrefix("(") && def.hasSuffix(")") { def = String(def.dropFirst().dropLast()) }
            models[m].checks.append(CheckConstraint(name: name, expression: def))
        case "f":
            let target = int(k[4])
            let ref = namesByOID[target]
            models[m].foreignKeys.append(ForeignKey(
                name: name, columns: names(m, k[3]), referencedSchema: ref?.schema,
                referencedTable: ref?.name ?? "oid \(target)", referencedColumns: names(slot[target], k[5]),
                onDelete: action(k[7]), onUpdate: action(k[6]),
                isDeferrable: k[9] == .bool(true), isInitiallyDeferred: k[10] == .bool(true)))
        default: break
        }
    }

    /// A plain index's columns come as `indkey` ("2 5": attnums, key columns first); an index on
    /// expressions gets each key's text from the expression keys statement that follows.
    mutating func index(_ ix: Row) {
        buildColumns()
        guard let m = slot[int(ix[0])] else { return }
        let expressions = ix[7] == .bool(true)
        let cols = expressions ? [] : (ix[5].displayText ?? "").split(separator: " ").prefix(int(ix[6]))
            .map { n in attribute(m, Int(n) ?? 0)?.name ?? "#\(n)" }
        if expressions { expressionIndexes[int(ix[8])] = (m, models[m].indexes.count) }
        models[m].indexes.append(Index(name: ix[1].displayText ?? "", columns: cols,
                                       isUnique: ix[2] == .bool(true), predicate: ix[4].displayText))
    }

    /// One key of an index on expressions, in key order (`lower(email)`, or a plain column's name).
    mutating func expressionKey(_ k: Row) {
        guard let at = expressionIndexes[int(k[0])] else { return }
        models[at.model].indexes[at.index].columns.append(k[2].displayText ?? "")
    }

    /// A table's comment (`objsubid` 0) or a column's (its attnum).
    mutating func comment(_ d: Row) {
        buildColumns()
        guard let m = slot[int(d[0])] else { return }
        let sub = int(d[1]), text = d[2].displayText
        if sub == 0 { models[m].comment = text } else if let i = attribute(m, sub)?.field { models[m].fields[i].comment = text }
    }

    /// A partitioned table's key, and one of its partitions (folded under it, not a model).
    mutating func partition(_ p: Row) {
        guard let m = slot[int(p[0])] else { return }
        models[m].partitionKey = p[1].displayText
        guard let name = p[3].displayText else { return }
        let schema = p[2].displayText == defaultSchema ? nil : p[2].displayText
        let tuples = int(p[5])
        models[m].partitions.append(Model.Partition(schema: schema, name: name, bound: p[4].displayText ?? "",
                                                    estimatedRowCount: tuples < 0 ? nil : tuples))
    }

    /// The registry of everything read, relationships inferred.
    mutating func registry() -> Registry {
        nameArrays()
        buildColumns()
        // A partitioned table holds no rows itself: its estimate is its partitions' when all are known.
        for i in models.indices where models[i].partitionKey != nil {
            let counts = models[i].partitions.map(\.estimatedRowCount)
            models[i].estimatedRowCount = models[i].partitions.isEmpty || counts.contains(nil) ? nil : counts.reduce(0) { $0 + ($1 ?? 0) }
        }
        return Registry(backend: "postgresql", models: models, defaultSchema: defaultSchema)
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
