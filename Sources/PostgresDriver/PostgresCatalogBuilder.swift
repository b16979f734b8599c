import ORMCore

/// Builds models from the rows of `introspect`'s catalog statements as each statement's rows
/// arrive, in the batch's order: enum labels, relations, type facts, columns, constraints,
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
    private struct TypeFacts {
        var typtype: String; var category: String; var base: Int; var typmod: Int
        /// A default btree operator class of its own (or binary-coercible to, or polymorphic).
        var btree: Bool = false
        /// An array's element type (0 for none).
        var element: Int = 0
    }
    private var types: [Int: TypeFacts] = [:]
    /// A domain's base type as `format_type` prints it (`character varying(200)`).
    private var domainBases: [Int: String] = [:]
    /// The catalog's types as `format_type(oid, -1)` names a column of them without a typmod
    /// (`bpchar` where a result column's `format_type(oid, NULL)` is `character`). A column with a
    /// typmod (`varchar(100)`) is named by the server; one without, from here or `typeNames`.
    private var catalogColumnNames: [Int: String] = [:]
    /// Names of the types a result column may have that the codec does not know by OID.
    private(set) var typeNames: [UInt32: String] = [:]

    /// Each model's fields are built as their rows arrive, unordered (an ORDER BY made the server
    /// sort 40,000 rows on disk at 5,000 tables, past its work_mem), with their attnums here (by
    /// slot), and put in attnum order once all are in.
    private var attnums: [[Int]] = []
    private var columnsBuilt = false
    /// Per model (by slot), each attnum's field position, -1 for none (attnums are small: at most
    /// 1,600 columns a table).
    private var attributes: [[Int32]] = []
    /// A column's type and a domain's base type name, by its type's OID and typmod (all a column's
    /// type depends on: `format_type(oid, typmod)` names it), made once per pair.
    private var columnTypes: [Int: (type: FieldType, domainBase: String?)] = [:]

    /// Expression indexes waiting for their keys: index OID -> (model slot, index position).
    private var expressionIndexes: [Int: (model: Int, index: Int)] = [:]

    mutating func relation(_ r: PostgresCatalogRow) {
        let oid = r.int(0)
        if !sawRelation { defaultSchema = r.text(5) }  // No existing schema on the search path: all qualified.
        sawRelation = true
        let namespace = r.text(1)
        let schema = namespace == defaultSchema ? nil : namespace
        let name = r.text(2) ?? ""
        // Its row type's name, as `format_type` prints it: quoted as `quote_ident` quotes (capitals,
        // keywords), qualified unless its schema is the default.
        let quoted = r.text(8) ?? name
        rowTypeNames[r.int(6)] = schema == nil ? quoted : (r.text(7) ?? "") + "." + quoted
        let relkind = r.letter(3)
        if relkind == UInt8(ascii: "c") { return }  // A composite type: a name, not a model.
        let kind: Model.Kind = relkind == UInt8(ascii: "v") || relkind == UInt8(ascii: "m") ? .view : .table
        let tuples = r.int(4)
        slot[oid] = models.count
        models.append(Model(schema: schema, name: name, kind: kind, fields: [],
                            estimatedRowCount: kind == .table ? (tuples < 0 ? nil : tuples) : nil))
        models[models.count - 1].isMaterialized = relkind == UInt8(ascii: "m")
        namesByOID[oid] = (schema, name)
    }

    mutating func enumLabel(_ e: PostgresCatalogRow) {
        labels[e.int(0), default: []].append(e.text(1) ?? "")
    }

    mutating func type(_ t: PostgresCatalogRow) {
        let oid = t.int(0)
        let typtype = t.text(1) ?? "", category = t.text(2) ?? ""
        types[oid] = TypeFacts(typtype: typtype, category: category, base: t.int(3), typmod: t.int(4),
                               btree: t.bool(10), element: category == "A" ? t.int(7) : 0)
        if let name = t.text(5) { typeNames[UInt32(oid)] = name }
        else if typtype == "c" { typeNames[UInt32(oid)] = rowTypeNames[oid] }
        else if category == "A", t.bool(8) { userArrays.append((oid, t.int(7))) }
        if let base = t.text(6) { domainBases[oid] = base }
        if let name = t.text(9) { catalogColumnNames[oid] = name }
    }

    /// Names the user's arrays as `format_type` does: the element's name and `[]`.
    private mutating func nameArrays() {
        for (array, element) in userArrays {
            if let name = typeNames[UInt32(element)] { typeNames[UInt32(array)] = name + "[]" }
        }
        userArrays = []
    }

    mutating func column(_ c: PostgresCatalogRow) {
        if !userArrays.isEmpty { nameArrays() }
        if attnums.isEmpty { attnums = Array(repeating: [], count: models.count) }
        guard let m = slot[c.int(0)] else { return }
        attnums[m].append(c.int(1))
        models[m].fields.append(field(c))
    }

    /// Puts each model's fields in attnum order and notes where each attnum is, once.
    private mutating func buildColumns() {
        guard !columnsBuilt else { return }
        columnsBuilt = true
        attributes = Array(repeating: [], count: models.count)
        for m in attnums.indices where !attnums[m].isEmpty {
            var numbers = attnums[m]
            // (Mostly in attnum order already: a heap scan returns them as they were added.)
            if !zip(numbers, numbers.dropFirst()).allSatisfy({ $0 < $1 }) {
                let order = numbers.indices.sorted { numbers[$0] < numbers[$1] }
                let fields = models[m].fields
                models[m].fields = order.map { fields[$0] }
                numbers = order.map { numbers[$0] }
            }
            var positions = [Int32](repeating: -1, count: numbers[numbers.count - 1] + 1)
            for (i, n) in numbers.enumerated() { positions[n] = Int32(i) }
            attributes[m] = positions
        }
        attnums = []
    }

    /// One column's field: its kind from its type's facts (a domain's from its base type).
    private mutating func field(_ c: PostgresCatalogRow) -> Field {
        // attidentity: 'a' GENERATED ALWAYS, 'd' BY DEFAULT, '' none.
        let identity = c.letter(6)
        let hasIdentity = identity != 0
        let isGenerated = c.letter(7) != 0
        let dflt = c.text(5)
        let t = columnType(c)
        var f = Field(name: c.text(2) ?? "", type: t.type, isNullable: !c.bool(4),
                      defaultExpression: isGenerated ? nil : dflt,
                      isGenerated: isGenerated,
                      isAutoIncrement: hasIdentity || (dflt?.hasPrefix("nextval(") ?? false))
        f.identity = identity == UInt8(ascii: "a") ? .always : identity == UInt8(ascii: "d") ? .byDefault : nil
        if isGenerated { f.generationExpression = dflt.map(PostgresConnection.unwrapped) }
        f.domainBaseType = t.domainBase
        return f
    }

    /// A column's type: its kind from its type's facts (a domain's from its base type's), named by
    /// the server when it has a typmod, from the types statement otherwise.
    private mutating func columnType(_ c: PostgresCatalogRow) -> (type: FieldType, domainBase: String?) {
        let oid = c.int(8), typmod = c.int(9)
        let key = oid << 32 | (typmod & 0xFFFF_FFFF)
        if let known = columnTypes[key] { return known }
        // A type missing from the facts is a table's row type (the only kind the types statement
        // leaves out): a composite.
        let facts = types[oid] ?? TypeFacts(typtype: "c", category: "C", base: 0, typmod: -1)
        let base = types[facts.base]
        let isDomain = facts.typtype == "d"
        let type = FieldType.postgres(declared: c.text(3) ?? catalogColumnNames[oid] ?? typeNames[UInt32(oid)] ?? "",
                                      oid: UInt32(oid), typtype: facts.typtype, category: facts.category,
                                      baseOID: UInt32(facts.base), baseType: base?.typtype ?? "", baseCategory: base?.category ?? "",
                                      typmod: isDomain ? facts.typmod : typmod,
                                      enumLabels: labels[facts.base != 0 ? facts.base : oid] ?? [],
                                      hasDefaultBtree: ordered(oid))
        // The kind, length and labels are the base type's already; its name is shown beside the domain's.
        let t = (type, isDomain ? domainBases[oid] : nil)
        columnTypes[key] = t
        return t
    }

    /// `FieldType.hasEquality` from the catalog: the type's default btree operator class; a
    /// domain's base type's, an array's element's (array_ops compares by the element's). A row
    /// type (missing from the facts) compares by its text: its fields may have none.
    private func ordered(_ oid: Int) -> Bool {
        var oid = oid
        for _ in 0..<8 {  // (a domain over an array of a domain: a few steps, never a loop)
            guard let f = types[oid] else { return false }
            if f.typtype == "d", f.base != 0 { oid = f.base; continue }
            if f.element != 0 { oid = f.element; continue }
            return f.btree
        }
        return false
    }

    private func names(_ m: Int?, _ keys: String?) -> [String] {
        keyNumbers(keys).map { n in m.flatMap { column($0, n) } ?? "#\(n)" }
    }

    /// The position of the field an attnum is in its model, if it is one.
    private func attribute(_ m: Int, _ attnum: Int) -> Int? {
        attnum >= 0 && attnum < attributes[m].count && attributes[m][attnum] >= 0 ? Int(attributes[m][attnum]) : nil
    }

    private func column(_ m: Int, _ attnum: Int) -> String? { attribute(m, attnum).map { models[m].fields[$0].name } }

    mutating func constraint(_ k: PostgresCatalogRow) {
        buildColumns()
        guard let m = slot[k.int(0)] else { return }  // (A partition's, or a table's that is no model.)
        let name = k.text(1)
        switch k.letter(2) {
        case UInt8(ascii: "p"): models[m].primaryKey = names(m, k.text(3))
        case UInt8(ascii: "u"): models[m].uniqueConstraints.append(UniqueConstraint(name: name, columns: names(m, k.text(3))))
        case UInt8(ascii: "c"):
            var def = k.text(8) ?? ""
            if def.hasPrefix("CHECK ") { def = String(def.dropFirst(6)) }
            if def.hasPrefix("(") && def.hasSuffix(")") { def = String(def.dropFirst().dropLast()) }
            models[m].checks.append(CheckConstraint(name: name, expression: def))
        case UInt8(ascii: "f"):
            let target = k.int(4)
            let ref = namesByOID[target]
            models[m].foreignKeys.append(ForeignKey(
                name: name, columns: names(m, k.text(3)), referencedSchema: ref?.schema,
                referencedTable: ref?.name ?? "oid \(target)", referencedColumns: names(slot[target], k.text(5)),
                onDelete: action(k.letter(7)), onUpdate: action(k.letter(6)),
                isDeferrable: k.bool(9), isInitiallyDeferred: k.bool(10)))
        default: break
        }
    }

    /// A plain index's columns come as `indkey` ("2 5": attnums, key columns first); an index on
    /// expressions gets each key's text from the expression keys statement that follows.
    mutating func index(_ ix: PostgresCatalogRow) {
        buildColumns()
        guard let m = slot[ix.int(0)] else { return }  // (A partition's, or a table's that is no model.)
        let expressions = ix.bool(7)
        let cols = expressions ? [] : (ix.text(5) ?? "").split(separator: " ").prefix(ix.int(6))
            .map { n in column(m, Int(n) ?? 0) ?? "#\(n)" }
        if expressions { expressionIndexes[ix.int(8)] = (m, models[m].indexes.count) }
        models[m].indexes.append(Index(name: ix.text(1) ?? "", columns: cols,
                                       isUnique: ix.bool(2), predicate: ix.text(4)))
    }

    /// One key of an index on expressions, in key order (`lower(email)`, or a plain column's name).
    mutating func expressionKey(_ k: PostgresCatalogRow) {
        guard let at = expressionIndexes[k.int(0)] else { return }
        models[at.model].indexes[at.index].columns.append(k.text(2) ?? "")
    }

    /// A table's comment (`objsubid` 0) or a column's (its attnum).
    mutating func comment(_ d: PostgresCatalogRow) {
        buildColumns()
        guard let m = slot[d.int(0)] else { return }
        let sub = d.int(1), text = d.text(2)
        if sub == 0 { models[m].comment = text } else if let i = attribute(m, sub) { models[m].fields[i].comment = text }
    }

    /// A partitioned table's key, and one of its partitions (folded under it, not a model).
    mutating func partition(_ p: PostgresCatalogRow) {
        guard let m = slot[p.int(0)] else { return }
        models[m].partitionKey = p.text(1)
        guard let name = p.text(3) else { return }
        let namespace = p.text(2)
        let schema = namespace == defaultSchema ? nil : namespace
        let tuples = p.int(5)
        models[m].partitions.append(Model.Partition(schema: schema, name: name, bound: p.text(4) ?? "",
                                                    estimatedRowCount: tuples < 0 ? nil : tuples))
    }

    /// The registry of everything read, relationships inferred. A table's constraints and indexes
    /// are put in name order here (byte order, as the server sorts `name`): the statements leave
    /// out an ORDER BY that cost the server a sort of 10,000 rows each at 5,000 tables.
    mutating func registry() -> Registry {
        nameArrays()
        buildColumns()
        let byName = { (a: String?, b: String?) in (a ?? "").utf8.lexicographicallyPrecedes((b ?? "").utf8) }
        for i in models.indices {
            models[i].uniqueConstraints.sort { byName($0.name, $1.name) }
            models[i].checks.sort { byName($0.name, $1.name) }
            models[i].foreignKeys.sort { byName($0.name, $1.name) }
            models[i].indexes.sort { byName($0.name, $1.name) }
        }
        // A partitioned table holds no rows itself: its estimate is its partitions' when all are known.
        for i in models.indices where models[i].partitionKey != nil {
            let counts = models[i].partitions.map(\.estimatedRowCount)
            models[i].estimatedRowCount = models[i].partitions.isEmpty || counts.contains(nil) ? nil : counts.reduce(0) { $0 + ($1 ?? 0) }
        }
        // (Handed over, not copied: the registry sets each model's relationships in place.)
        let all = models
        models = []
        return Registry(backend: "postgresql", models: all, defaultSchema: defaultSchema)
    }

    private func action(_ letter: UInt8) -> String {
        switch letter {
        case UInt8(ascii: "c"): return "CASCADE"
        case UInt8(ascii: "n"): return "SET NULL"
        case UInt8(ascii: "d"): return "SET DEFAULT"
        case UInt8(ascii: "r"): return "RESTRICT"
        default: return "NO ACTION"
        }
    }

    /// `{1,2}` (an int2[]'s text: `conkey`) read by hand (10,000 keys at 5,000 tables); anything
    /// else that is not digits, commas and braces reads as no columns.
    private func keyNumbers(_ v: String?) -> [Int] {
        guard let text = v else { return [] }
        var out: [Int] = []
        var n = 0, digits = false
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): n = n * 10 + Int(b - UInt8(ascii: "0")); digits = true
            case UInt8(ascii: ","), UInt8(ascii: "}"): if digits { out.append(n) }; n = 0; digits = false
            case UInt8(ascii: "{"): continue
            default: return []
            }
        }
        return out
    }
}
