/// The typed face of the session: structs in, structs out.
extension Session {
    /// `SELECT * FROM t WHERE pk = ?` (or the identity map), decoded.
    public func get<T: TableModel>(_ type: T.Type, _ key: Value...) throws -> T? {
        guard let e = try get(T.qualifiedName, key) else { return nil }
        return try decode(type, e)
    }

    /// Rows decoded into `T`.
    public func all<T: TableModel>(_ type: T.Type, where predicate: SQLExpression? = nil, orderBy: [OrderTerm] = [],
                                   limit: Int? = nil, offset: Int? = nil) throws -> [T] {
        try query(T.qualifiedName, where: predicate, orderBy: orderBy, limit: limit, offset: offset).map { try decode(type, $0) }
    }

    /// Streams rows straight into structs without the identity map (for reading many rows fast),
    /// through Codable.
    ///
    /// ```sql
    /// SELECT * FROM "hero"
    /// ```
    public func stream<T: TableModel>(_ type: T.Type, _ select: Select? = nil, _ body: (T) throws -> Void) throws {
        let model = try self.model(T.qualifiedName)
        let decoder = RowDecoder()
        try database.forEachRow(.select(select ?? Select(from: model.table))) { try body(decoder.decode(type, from: $0)) }
    }

    /// Streams rows into a `RowDecodable` struct by position: the fast path.
    ///
    /// ```sql
    /// SELECT "id", "name", "age" FROM "hero"     -- T.columns
    /// ```
    public func stream<T: RowDecodable>(_ type: T.Type, _ select: Select? = nil, _ body: (T) throws -> Void) throws {
        let model = try self.model(T.qualifiedName)
        var s = select ?? Select(from: model.table)
        s.items = T.columns.map { SelectItem(.col($0)) }
        try database.forEachRow(.select(s)) { try body(T(row: $0)) }
    }

    /// Validates, inserts and flushes one row; returns it as the database stored it (ids, defaults).
    ///
    /// ```sql
    /// INSERT INTO "hero" ("name", "secret_name") VALUES (?, ?) RETURNING *
    /// ```
    public func insert<C: CreateModel>(_ input: C) throws -> C.Table {
        let values = try ValueEncoder().encode(input)
        let model = try self.model(C.Table.qualifiedName)
        try Validator.validate(values, model: model, isInsert: true, rules: C.Table.validations)
        let e = try new(C.Table.qualifiedName, values)
        try flush()
        return try decode(C.Table.self, e)
    }

    /// Changes only the fields the update sets (exclude_unset), validated first.
    ///
    /// ```sql
    /// SELECT * FROM "hero" WHERE "id" = ?      -- unless already loaded
    /// UPDATE "hero" SET "age" = ? WHERE "id" = ?
    /// ```
    @discardableResult
    public func update<U: UpdateModel>(_ type: U.Table.Type, key: [Value], _ input: U) throws -> U.Table {
        let values = try ValueEncoder().encode(input)
        let model = try self.model(U.Table.qualifiedName)
        try Validator.validate(values, model: model, isInsert: false, rules: U.Table.validations)
        let e = try require(U.Table.qualifiedName, key)
        for name in model.fieldNames where values[name] != nil { try e.set(name, values[name]!) }
        try flush()
        return try decode(U.Table.self, e)
    }

    /// Inserts a struct as a pending row (for `flush`/`commit` later).
    @discardableResult
    public func add<T: TableModel>(_ row: T) throws -> Entity {
        var values = try ValueEncoder().encode(row)
        let model = try self.model(T.qualifiedName)
        for f in model.fields where f.isAutoIncrement && values[f.name] == .null { values[f.name] = nil }
        try Validator.validate(values, model: model, isInsert: true, rules: T.validations)
        return try new(T.qualifiedName, values)
    }

    /// Decodes an entity (refreshing it first if expired).
    public func decode<T: Decodable>(_ type: T.Type, _ e: Entity) throws -> T {
        if e.isExpired { try reloadExpired(e) }
        if e.previews != nil { try loadDeferred(e) }
        return try RowDecoder().decode(type, from: Row(columns: e.layout.columns, values: e.values))
    }
}
