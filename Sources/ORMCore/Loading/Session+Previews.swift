/// Long values read as previews (SQLAlchemy's deferred columns, with a prefix to show) and read
/// whole on first access.
///
/// A page of an explorer asks for `previewing:` its long text and binary fields: the select
/// reads each one's beginning, and the value's size, instead of the value. PostgreSQL:
///
/// ```sql
/// SELECT "id", substr("data", 1, 9) AS "data", substr("body", 1, 65) AS "body",
///        length("data") AS "data:length"
/// FROM "big_value" ORDER BY "id" ASC LIMIT 19
/// ```
///
/// PostgreSQL reads a slice of a stored value without the rest (`substr` of an uncompressed
/// value, `length` of a bytea from its header). SQLite's `substr` reads the whole value inside
/// the engine, so on a rowid table the select reads only each field's type and the beginnings
/// come by SQLite's blob I/O (see `loadPreviewing`).
///
/// A value that fits its preview whole (a text of 64 characters or fewer, a binary of 9 bytes or
/// fewer) is the value, as a full read gives it; a longer one becomes a preview, and the entity
/// holds no value for that field until `get` reads it whole (one statement for all the entity's
/// deferred fields, cause `deferred`).
extension Session {
    /// The fields of `model` a page can read as previews: binary fields, and text fields the
    /// schema does not bound to `ValuePreview.boundedText` characters (`text`, `varchar`,
    /// `varchar(5000)`; not `varchar(255)`), except those the page needs whole (`keeping`: its sort and key fields),
    /// the primary key, every column of a relationship (a later load reads the entity's values)
    /// and unique columns. A table without a primary key is addressed by its whole rows, so none.
    public static func previewableFields(of model: Model, keeping: [String]) -> [String] {
        guard !model.primaryKey.isEmpty else { return [] }
        var needed = Set(keeping + model.primaryKey)
        for rel in model.relationships { needed.formUnion(rel.localColumns + rel.remoteColumns) }
        for key in model.uniqueKeys { needed.formUnion(key) }
        return model.fields.filter { f in
            guard !needed.contains(f.name), !f.isGenerated else { return false }
            switch f.type.kind {
            case .blob: return true
            case .text:
                // A blank-padded character(n) reads back trimmed through substr: never previewed.
                if f.type.declared.lowercased().hasPrefix("character("), f.type.affinity == nil { return false }
                return (f.type.maxLength ?? .max) > ValuePreview.boundedText
            default: return false
            }
        }.map(\.name)
    }

    /// The rows of a page's selects with `fields` read as previews, merged as entities.
    ///
    /// SQLite, on a table whose key is its rowid: the select reads each such field's type only
    /// (`typeof(x)` reads no content), and each text or binary value's beginning is read by
    /// SQLite's blob I/O (`DriverConnection.readPrefix`, the first pages only). Where that cannot be
    /// done (a number in such a column, a table without rowid, a UTF-16 file), and on PostgreSQL,
    /// the select reads `substr(x, 1, n)` and a binary's `length(x)`.
    ///
    /// ```sql
    /// -- SQLite, rowid table:
    /// SELECT "id", typeof("data") AS "data", typeof("body") AS "body" FROM "big_value" ORDER BY "id" ASC LIMIT 19
    /// ```
    func loadPreviewing(_ selects: [Select], _ causes: [StatementCause], model: Model, layout: ModelLayout, fields: [String],
                        _ body: (Entity, [Value]) -> Void) throws {
        if database.dialect == .sqlite, let rowid = Session.rowidField(of: model), let key = layout.position(rowid) {
            let columns = PreviewColumns(model: model, fields: fields, typesOnly: true)
            var rows: [Row] = []
            // Each stands for the same select of the fields themselves, whose values the blob reads give.
            let plain = try selects.map { var s = $0; s.items = model.fieldNames.map { SelectItem(.col($0)) }; return try database.compile(.select(s)) }
            try database.standingFor(plain) {
                try run(selects.map { var s = $0; s.items = columns.items; return s }, causes) { rows.append($0) }
            }
            if let read = try readPrefixes(rows, columns: columns, model: model, key: key) {
                for (i, r) in read.enumerated() { body(mergePreviewing(r.values, r.previews, layout: layout), rows[i].values) }
                return
            }
        }
        let columns = PreviewColumns(model: model, fields: fields, typesOnly: false)
        try run(selects.map { var s = $0; s.items = columns.items; return s }, causes) { row in
            let (values, previews) = columns.read(row, fieldCount: layout.columns.count)
            body(mergePreviewing(values, previews, layout: layout), row.values)
        }
    }

    /// The field that is SQLite's rowid (an `INTEGER PRIMARY KEY`), if the model has one.
    static func rowidField(of model: Model) -> String? {
        guard model.primaryKey.count == 1, let f = model.field(model.primaryKey[0]),
              f.type.declared.uppercased() == "INTEGER" else { return nil }
        return f.name
    }

    /// Each row's values and previews, the text and binary values' beginnings read by blob I/O;
    /// nil when one of them cannot be (the caller reads the page by `substr` instead). A number
    /// stored in such a column (SQLite keeps what it is given) is read whole, one statement a field:
    ///
    /// ```sql
    /// SELECT "id", "v" FROM "mixed" WHERE "id" IN (?, ?)
    /// ```
    func readPrefixes(_ rows: [Row], columns: PreviewColumns, model: Model, key: Int) throws -> [(values: [Value], previews: [Int: ValuePreview])]? {
        var numbers: [Int: [Int]] = [:]   // field position -> rows holding a number there
        // Enough bytes for a preview's characters and the one after it, however wide in UTF-8.
        let want = 4 * (ValuePreview.characters + 1)
        var out: [(values: [Value], previews: [Int: ValuePreview])] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            var values = Array(row.values.prefix(model.fields.count))
            var previews: [Int: ValuePreview] = [:]
            guard case .int(let rowid) = values[key] else { return nil }
            for c in columns.columns {
                guard case .text(let type) = values[c.position] else { return nil }
                if type == "null" { values[c.position] = .null; continue }
                if type == "integer" || type == "real" { numbers[c.position, default: []].append(out.count); continue }
                guard type == "text" || type == "blob",
                      let read = database.connection.readPrefix(schema: model.schema, table: model.name, column: model.fields[c.position].name,
                                                                rowid: rowid, bytes: type == "blob" ? max(ValuePreview.bytes, want) : want) else { return nil }
                let whole = read.size == read.bytes.count
                if type == "blob" {
                    if whole && read.size <= max(ValuePreview.bytes, c.binary ? ValuePreview.bytes : ValuePreview.characters) {
                        values[c.position] = .blob(read.bytes)
                    } else {
                        values[c.position] = .null
                        previews[c.position] = ValuePreview(prefix: .blob(Array(read.bytes.prefix(ValuePreview.bytes))), byteCount: read.size)
                    }
                    continue
                }
                // A cut sequence at the end is not a character: only whole characters are kept.
                var bytes = read.bytes[...]
                if !whole { while let last = bytes.last, last & 0xC0 == 0x80 || last >= 0xC0 { bytes = bytes.dropLast(); if last >= 0xC0 { break } } }
                let text = String(decoding: bytes, as: UTF8.self)
                if whole && text.count <= ValuePreview.characters {
                    values[c.position] = .text(text)
                } else {
                    values[c.position] = .null
                    previews[c.position] = ValuePreview(prefix: .text(String(text.prefix(ValuePreview.characters))), byteCount: read.size)
                }
            }
            out.append((values, previews))
        }
        for (position, at) in numbers.sorted(by: { $0.key < $1.key }) {
            let field = model.fields[position].name, pk = model.fields[key].name
            let keys = at.map { out[$0].values[key] }
            let select = Select(from: model.table, where: .col(pk).isIn(keys)).columns([pk, field])
            var byKey: [Value: Value] = [:]
            for row in try database.fetchAll(.select(select), cause: .deferred(table: model.qualifiedName, key: NumberText.counted(keys.count, "row"), fields: [field])) {
                byKey[row[0]] = row[1]
            }
            for i in at { out[i].values[position] = byKey[out[i].values[key]] ?? .null }
        }
        return out
    }

    /// The entity for a row read with previews: values that fit are values, longer ones previews
    /// (their fields NULL in `values`). An entity already loaded (and not expired) keeps what it holds.
    func mergePreviewing(_ values: [Value], _ previews: [Int: ValuePreview], layout: ModelLayout) -> Entity {
        let table = identities(layout)
        if let existing = table.find(values, offset: 0, layout: layout) {
            if existing.isExpired {
                existing.values = values
                existing.previews = previews.isEmpty ? nil : previews
                existing.isExpired = false
            }
            return existing
        }
        let e = Entity(layout: layout, values: values, state: .persistent)
        e.sessionRef = ref
        if !previews.isEmpty { e.previews = previews }
        table.insert(e)
        return e
    }

    /// Reads an entity's deferred fields whole, in one statement:
    ///
    /// ```sql
    /// SELECT "data", "body" FROM "big_value" WHERE "id" = ?
    /// ```
    func loadDeferred(_ e: Entity) throws {
        guard let previews = e.previews else { return }
        guard let identity = e.identity, e.state == .persistent || e.state == .deleted else {
            throw SessionError.invalidState("Only a persistent object can read its deferred fields.")
        }
        let positions = previews.keys.sorted()
        let fields = positions.map { e.model.fieldNames[$0] }
        let select = Select(from: e.model.table, where: .keyEquals(e.model.primaryKey, identity.key)).columns(fields)
        guard let row = try database.fetchOne(.select(select), cause: .deferred(table: e.model.qualifiedName, key: identity.description, fields: fields)) else {
            throw SessionError.objectDeleted(identity: identity.description)
        }
        for (i, f) in zip(positions, fields) { e.values[i] = row[f] ?? .null }
        e.previews = nil
    }

    /// One field of one row, read whole without loading the row (the value viewer of a preview):
    ///
    /// ```sql
    /// SELECT "body" FROM "big_value" WHERE "id" = ?
    /// ```
    public func readWhole(_ modelName: String, key: [Value], field: String) throws -> Value {
        let model = try self.model(modelName)
        guard model.field(field) != nil else {
            throw SchemaError.unknownField(model: model.qualifiedName, field: field, suggestion: Suggest.closest(to: field, in: model.fieldNames))
        }
        let identity = IdentityKey(model: model.qualifiedName, key: key)
        if let e = lookup(identity), e.state == .persistent, !e.isExpired, e.preview(field) == nil, let v = e[field] { return v }
        let select = Select(from: model.table, where: .keyEquals(model.primaryKey, key)).columns([field])
        guard let row = try database.fetchOne(.select(select), cause: .deferred(table: model.qualifiedName, key: identity.description, fields: [field])) else {
            throw SessionError.objectDeleted(identity: identity.description)
        }
        return row[field] ?? .null
    }

    /// Several fields of one row, read whole in one statement (an edit form opened on a row the
    /// page holds some values of as previews):
    ///
    /// ```sql
    /// SELECT "bio", "notes" FROM "profile" WHERE "id" = ?
    /// ```
    public func readWhole(_ modelName: String, key: [Value], fields: [String]) throws -> [String: Value] {
        let model = try self.model(modelName)
        if let unknown = fields.first(where: { model.field($0) == nil }) {
            throw SchemaError.unknownField(model: model.qualifiedName, field: unknown, suggestion: Suggest.closest(to: unknown, in: model.fieldNames))
        }
        let identity = IdentityKey(model: model.qualifiedName, key: key)
        let select = Select(from: model.table, where: .keyEquals(model.primaryKey, key)).columns(fields)
        guard let row = try database.fetchOne(.select(select), cause: .deferred(table: model.qualifiedName, key: identity.description, fields: fields)) else {
            throw SessionError.objectDeleted(identity: identity.description)
        }
        return Dictionary(uniqueKeysWithValues: fields.map { ($0, row[$0] ?? .null) })
    }
}

/// The select items of a previewing page and how to read its rows back.
struct PreviewColumns {
    struct Column {
        /// The field's position among the model's fields (and the row's first items).
        let position: Int
        let binary: Bool
        /// The position of the row's `length(...)` item (binary fields).
        let lengthItem: Int?
    }
    let columns: [Column]
    /// The model's fields in order (previews in the place of their fields), then the lengths.
    let items: [SelectItem]

    /// `typesOnly`: each previewed field as `typeof(x)` (its beginning is read by blob I/O);
    /// otherwise `substr(x, 1, n)`, and `length(x)` of a binary.
    init(model: Model, fields: [String], typesOnly: Bool) {
        let names = model.fieldNames
        var columns: [Column] = [], items: [SelectItem] = [], lengths: [SelectItem] = []
        for (i, f) in model.fields.enumerated() {
            guard fields.contains(f.name) else {
                items.append(SelectItem(.col(f.name)))
                continue
            }
            let binary = f.type.kind == .blob
            var lengthItem: Int?
            if typesOnly {
                items.append(SelectItem(.function(.typeof, [.col(f.name)]), as: f.name))
            } else {
                // One character more than a preview holds tells a text that fits from a longer one.
                let count = binary ? ValuePreview.bytes : ValuePreview.characters + 1
                items.append(SelectItem(.function(.substr, [.col(f.name), .integerLiteral(1), .integerLiteral(count)]), as: f.name))
                if binary {
                    var alias = f.name + ":length"
                    while names.contains(alias) { alias += "_" }
                    lengthItem = names.count + lengths.count
                    lengths.append(SelectItem(.function(.length, [.col(f.name)]), as: alias))
                }
            }
            columns.append(Column(position: i, binary: binary, lengthItem: lengthItem))
        }
        self.columns = columns
        self.items = items + lengths
    }

    /// A `substr` row's values and previews (previewed fields NULL in the values).
    func read(_ row: Row, fieldCount: Int) -> ([Value], [Int: ValuePreview]) {
        var values = Array(row.values.prefix(fieldCount))
        var previews: [Int: ValuePreview] = [:]
        for c in columns {
            guard let p = preview(of: values[c.position], column: c, row: row) else { continue }
            previews[c.position] = p
            values[c.position] = .null
        }
        return (values, previews)
    }

    /// The preview a row's value makes, or nil when it is the whole value.
    func preview(of v: Value, column c: Column, row: Row) -> ValuePreview? {
        switch v {
        case .null: return nil
        case .text(let t) where !c.binary:
            guard t.count > ValuePreview.characters else { return nil }
            return ValuePreview(prefix: .text(String(t.prefix(ValuePreview.characters))))
        case .blob(let b) where !c.binary:
            // (SQLite: a blob in a text column.)
            guard b.count > ValuePreview.characters else { return nil }
            return ValuePreview(prefix: .blob(Array(b.prefix(ValuePreview.bytes))))
        case .blob(let b):
            var size: Int?
            if let l = c.lengthItem, case .int(let n) = row.values[l] { size = Int(n) }
            guard let size, size <= b.count else { return ValuePreview(prefix: v, byteCount: size) }
            return nil
        default:
            // Not text or binary as read through substr (SQLite: a number in a binary column reads
            // back as text): a preview, never taken for the value.
            return ValuePreview(prefix: v)
        }
    }
}
