/// Long values read as previews (SQLAlchemy's deferred columns, with a prefix to show) and read
/// whole on first access.
///
/// A page of an explorer asks for `previewing:` its long text and binary fields: the select reads
/// each one's beginning, and the binary's size, instead of the value:
///
/// ```sql
/// SELECT "id", substr("data", 1, 9) AS "data", substr("body", 1, 65) AS "body",
///        length("data") AS "data:length"
/// FROM "big_value" ORDER BY "id" ASC LIMIT 19
/// ```
///
/// A value that fits its preview whole (a text of 64 characters or fewer, a binary of 9 bytes or
/// fewer) is the value, as a full read gives it; a longer one becomes a preview, and the entity
/// holds no value for that field until `get` reads it whole (one statement for all the entity's
/// deferred fields, cause `deferred`). PostgreSQL reads a slice of a stored value without reading
/// the rest (`substr` of an uncompressed value, `length` of a bytea from its header); SQLite's
/// `length` of a blob reads only its header, its `substr` reads the value inside the engine, and
/// neither copies a long value out of it.
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

    /// The page's select with `fields` read as previews (see the type's comment for the SQL).
    static func previewing(_ select: Select, model: Model, fields: [String]) -> (Select, PreviewColumns) {
        let columns = PreviewColumns(model: model, fields: fields)
        var s = select
        s.items = columns.items
        return (s, columns)
    }

    /// The entity for a row of a previewing select: values that fit are values, longer ones
    /// previews. An entity already loaded (and not expired) keeps what it holds.
    func mergePreviewing(_ row: Row, layout: ModelLayout, columns: PreviewColumns) -> Entity {
        var values = Array(row.values.prefix(layout.columns.count))
        var previews: [Int: ValuePreview] = [:]
        for c in columns.columns {
            guard let p = columns.preview(of: values[c.position], column: c, row: row) else { continue }
            previews[c.position] = p
            values[c.position] = .null
        }
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

    init(model: Model, fields: [String]) {
        let names = model.fieldNames
        var columns: [Column] = [], items: [SelectItem] = [], lengths: [SelectItem] = []
        for (i, f) in model.fields.enumerated() {
            guard fields.contains(f.name) else {
                items.append(SelectItem(.col(f.name)))
                continue
            }
            let binary = f.type.kind == .blob
            // One character more than a preview holds tells a text that fits from a longer one.
            let count = binary ? ValuePreview.bytes : ValuePreview.characters + 1
            items.append(SelectItem(.function(.substr, [.col(f.name), .integerLiteral(1), .integerLiteral(count)]), as: f.name))
            var lengthItem: Int?
            if binary {
                var alias = f.name + ":length"
                while names.contains(alias) { alias += "_" }
                lengthItem = names.count + lengths.count
                lengths.append(SelectItem(.function(.length, [.col(f.name)]), as: alias))
            }
            columns.append(Column(position: i, binary: binary, lengthItem: lengthItem))
        }
        self.columns = columns
        self.items = items + lengths
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
