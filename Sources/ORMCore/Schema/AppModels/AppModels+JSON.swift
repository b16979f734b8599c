/// Reading a models file (format 1): every key checked, every mistake one sentence naming the
/// file, the line and the key.
extension AppModels {
    /// Parses a models file's text. `file` is the name errors quote.
    ///
    /// Throws `AppModelsError`: text that is not JSON (with the line and column where it stops being JSON), a
    /// missing or unknown `format`, an unknown key, a value of the wrong type, an unknown kind or
    /// loading strategy.
    public static func parse(_ text: String, file: String = "models file") throws -> AppModels {
        let located: LocatedJSON
        switch JSONNode.parseWithLines(text) {
        case .failure(let e):
            let near = e.near.isEmpty ? "at the end of the text" : "at `\(e.near)`"
            throw AppModelsError("\(file), line \(e.line), column \(e.column): this is not JSON (the text stops being JSON \(near)); nothing was applied.")
        case .success(let (node, lines)): located = LocatedJSON(node, keyLines: lines)
        }
        var r = Reader(file: file)
        return try r.file(located)
    }

    /// Reads the tree; `where` names what is being read in errors (`model hero`, `relationship Hero.team`).
    struct Reader {
        let file: String
        /// Whether the application's ORM keeps one object per row (SQLAlchemy's identity map); a
        /// Django file's (`"source": "django:..."`) does not.
        var sharesLoadedRows = true

        func fail(_ v: LocatedJSON, _ key: String, _ what: String, in place: String) -> AppModelsError {
            AppModelsError("\(file), line \(v.line), key \"\(key)\"\(place.isEmpty ? "" : " of \(place)"): \(what); nothing was applied.")
        }

        func object(_ v: LocatedJSON, _ key: String, in place: String, known: [String]) throws -> LocatedJSON {
            guard case .object = v.node else { throw fail(v, key, "expected an object, found \(Self.kind(v.node))", in: place) }
            for (k, value) in v.members where !known.contains(k) {
                let hint = Suggest.closest(to: k, in: known).map { "did you mean \"\($0)\"?" } ?? "known keys: \(known.joined(separator: ", "))"
                throw AppModelsError("\(file), line \(value.line), key \"\(k)\"\(place.isEmpty ? "" : " of \(place)"): this key is not part of format \(AppModels.format) (\(hint)); nothing was applied.")
            }
            return v
        }

        func string(_ parent: LocatedJSON, _ key: String, in place: String, required: Bool = false) throws -> String? {
            guard let v = parent[key] else {
                if required { throw AppModelsError("\(file), line \(parent.line)\(place.isEmpty ? "" : ", \(place)"): the key \"\(key)\" is missing; nothing was applied.") }
                return nil
            }
            switch v.node {
            case .string(let s) where !s.isEmpty || !required: return s
            case .null where !required: return nil
            default: throw fail(v, key, "expected \(required ? "a non-empty string" : "a string or null"), found \(Self.kind(v.node))", in: place)
            }
        }

        func bool(_ parent: LocatedJSON, _ key: String, in place: String, default d: Bool) throws -> Bool {
            guard let v = parent[key] else { return d }
            guard case .bool(let b) = v.node else { throw fail(v, key, "expected true or false, found \(Self.kind(v.node))", in: place) }
            return b
        }

        func strings(_ parent: LocatedJSON, _ key: String, in place: String) throws -> [String]? {
            guard let v = parent[key] else { return nil }
            if case .null = v.node { return nil }
            guard case .array(let items) = v.node else { throw fail(v, key, "expected a list of strings, found \(Self.kind(v.node))", in: place) }
            return try items.map {
                guard case .string(let s) = $0 else { throw fail(v, key, "expected a list of strings, found \(Self.kind($0)) in it", in: place) }
                return s
            }
        }

        /// A constant (`"on_delete_value": 1`): a string, a number, true, false or null; nil when the key is absent.
        func constant(_ parent: LocatedJSON, _ key: String, in place: String) throws -> Value? {
            guard let v = parent[key] else { return nil }
            switch v.node {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .string(let s): return .text(s)
            case .number(let n): return Int64(n).map(Value.int) ?? Double(n).map(Value.double) ?? .decimal(n)
            case .array, .object: throw fail(v, key, "expected a constant (a string, a number, true, false or null), found \(Self.kind(v.node))", in: place)
            }
        }

        /// An index's `where`: left out (nil: not compared), null (full), a string (every backend's) or
        /// an object of backends' texts (`{"postgresql": "...", "sqlite": "..."}`).
        func conditions(_ index: LocatedJSON, in place: String) throws -> [String: String]? {
            guard let v = index["where"] else { return nil }
            switch v.node {
            case .null: return [:]
            case .string(let s): return [AppIndexText.everyBackend: s]
            case .object:
                _ = try object(v, "where", in: place, known: AppIndexText.backends)
                var out: [String: String] = [:]
                for (backend, text) in v.members {
                    guard case .string(let s) = text.node else { throw fail(text, backend, "expected the condition's text, found \(Self.kind(text.node))", in: "the where of \(place)") }
                    out[backend] = s
                }
                return out
            default: throw fail(v, "where", "expected null, the condition's text or an object of backends' texts, found \(Self.kind(v.node))", in: place)
            }
        }

        /// An index's `expressions`: each key's text, as a list (every backend's) or an object of backends' lists.
        func expressions(_ index: LocatedJSON, in place: String) throws -> [String: [String]]? {
            guard let v = index["expressions"] else { return nil }
            switch v.node {
            case .null: return nil
            case .array: return [AppIndexText.everyBackend: try strings(index, "expressions", in: place) ?? []]
            case .object:
                _ = try object(v, "expressions", in: place, known: AppIndexText.backends)
                var out: [String: [String]] = [:]
                for (backend, _) in v.members { out[backend] = try strings(v, backend, in: "the expressions of \(place)") ?? [] }
                return out
            default: throw fail(v, "expressions", "expected a list of the keys' texts or an object of backends' lists, found \(Self.kind(v.node))", in: place)
            }
        }

        func array(_ parent: LocatedJSON, _ key: String, in place: String) throws -> [LocatedJSON] {
            guard let v = parent[key] else { return [] }
            guard case .array = v.node else { throw fail(v, key, "expected a list, found \(Self.kind(v.node))", in: place) }
            return v.items
        }

        static func kind(_ n: JSONNode) -> String {
            switch n {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .number(let s): return "the number \(s)"
            case .string(let s): return "\"\(s)\""
            case .array: return "a list"
            case .object: return "an object"
            }
        }

        mutating func file(_ top: LocatedJSON) throws -> AppModels {
            let root = try object(top, "(top)", in: "", known: ["format", "source", "dialect", "models"])
            guard let f = root["format"] else {
                throw AppModelsError("\(file), line \(top.line): the key \"format\" is missing (this build reads format \(AppModels.format)); nothing was applied.")
            }
            guard case .number(let n) = f.node, n == String(AppModels.format) else {
                throw fail(f, "format", "this build reads format \(AppModels.format), found \(Self.kind(f.node))", in: "")
            }
            let source = try string(root, "source", in: "")
            let dialect = try string(root, "dialect", in: "")
            sharesLoadedRows = !(source?.hasPrefix("django:") ?? false)
            guard root["models"] != nil else {
                throw AppModelsError("\(file), line \(top.line): the key \"models\" is missing; nothing was applied.")
            }
            var models: [AppModel] = []
            for item in try array(root, "models", in: "") { models.append(try model(item)) }
            var seen = Set<ModelName>()
            for m in models where !seen.insert(m.modelName).inserted {
                throw AppModelsError("\(file), line \(m.line): the table \(m.modelName) is described twice; nothing was applied.")
            }
            return AppModels(source: source, dialect: dialect, file: file, models: models)
        }

        func model(_ item: LocatedJSON) throws -> AppModel {
            guard case .object = item.node else { throw fail(item, "models", "expected an object, found \(Self.kind(item.node))", in: "") }
            let table = try string(item, "table", in: "a model", required: true)!
            let className = try string(item, "class", in: "model \(table)")
            let place = "model " + (className ?? table)
            let v = try object(item, "models", in: place, known: ["class", "schema", "table", "columns", "primary_key", "unique",
                                                                 "indexes", "foreign_keys", "relationships", "managed"])
            var m = AppModel(className: className, schema: try string(v, "schema", in: place), table: table, line: v.line)
            m.isManaged = try bool(v, "managed", in: place, default: true)
            for c in try array(v, "columns", in: place) {
                let o = try object(c, "columns", in: place, known: ["name", "type", "kind", "nullable", "default", "onupdate"])
                let name = try string(o, "name", in: "a column of \(place)", required: true)!
                let cplace = "column \(table).\(name)"
                let kind = try string(o, "kind", in: cplace)
                if let k = kind, !Drift.kinds.contains(k) {
                    throw fail(o["kind"]!, "kind", "expected one of \(Drift.kinds.joined(separator: ", ")), found \"\(k)\"", in: cplace)
                }
                let onUpdate = try string(o, "onupdate", in: cplace)
                if let u = onUpdate, u != "CURRENT_TIMESTAMP" {
                    throw fail(o["onupdate"]!, "onupdate", "expected \"CURRENT_TIMESTAMP\" or null, found \"\(u)\"", in: cplace)
                }
                m.columns.append(AppColumn(name: name, type: try string(o, "type", in: cplace),
                                           isNullable: try bool(o, "nullable", in: cplace, default: true),
                                           defaultExpression: try string(o, "default", in: cplace), kind: kind, onUpdate: onUpdate, line: o.line))
            }
            m.primaryKey = try strings(v, "primary_key", in: place) ?? []
            for u in try array(v, "unique", in: place) {
                let o = try object(u, "unique", in: place, known: ["name", "columns"])
                m.uniqueConstraints.append(UniqueConstraint(name: try string(o, "name", in: "a unique constraint of \(place)"),
                                                            columns: try strings(o, "columns", in: "a unique constraint of \(place)") ?? []))
            }
            for x in try array(v, "indexes", in: place) {
                let o = try object(x, "indexes", in: place, known: ["name", "columns", "unique", "where", "expressions"])
                let name = try string(o, "name", in: "an index of \(place)", required: true)!
                let iplace = "index \(name)"
                m.indexes.append(Index(name: name, columns: try strings(o, "columns", in: iplace) ?? [],
                                       isUnique: try bool(o, "unique", in: iplace, default: false)))
                let text = AppIndexText(conditions: try conditions(o, in: iplace), expressions: try expressions(o, in: iplace))
                if text.conditions != nil || text.expressions != nil { m.indexTexts[name] = text }
            }
            for k in try array(v, "foreign_keys", in: place) {
                let o = try object(k, "foreign_keys", in: place, known: ["name", "columns", "references", "references_schema", "referenced_columns", "on_delete"])
                let kplace = "a foreign key of \(place)"
                m.foreignKeys.append(ForeignKey(name: try string(o, "name", in: kplace), columns: try strings(o, "columns", in: kplace) ?? [],
                                                referencedSchema: try string(o, "references_schema", in: kplace),
                                                referencedTable: try string(o, "references", in: kplace, required: true)!,
                                                referencedColumns: try strings(o, "referenced_columns", in: kplace) ?? [],
                                                onDelete: try string(o, "on_delete", in: kplace) ?? "NO ACTION"))
            }
            for r in try array(v, "relationships", in: place) { m.relationships.append(try relationship(r, owner: m)) }
            return m
        }

        func relationship(_ item: LocatedJSON, owner: AppModel) throws -> AppRelationship {
            let ownerName = owner.className ?? owner.table
            guard case .object = item.node else { throw fail(item, "relationships", "expected an object, found \(Self.kind(item.node))", in: "model \(ownerName)") }
            let name = try string(item, "name", in: "a relationship of model \(ownerName)", required: true)!
            let place = "relationship \(ownerName).\(name)"
            let v = try object(item, "relationships", in: place,
                               known: ["name", "kind", "target", "columns", "referenced_columns", "secondary", "back_populates",
                                       "loading", "cascade", "passive_deletes", "on_delete", "on_delete_value", "order_by", "holds_key", "parent_link", "generic",
                                       "noload", "target_equals"])
            let kindText = try string(v, "kind", in: place, required: true)!
            guard let kind = Relationship.Kind(rawValue: kindText) else {
                throw fail(v["kind"]!, "kind", "expected one of many-to-one, one-to-many, one-to-one, many-to-many, found \"\(kindText)\"", in: place)
            }
            var loading = LoadStrategy.lazy
            if let text = try string(v, "loading", in: place) {
                guard let s = LoadStrategy(rawValue: text) else {
                    throw fail(v["loading"]!, "loading", "expected one of \(LoadStrategy.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"", in: place)
                }
                loading = s
            }
            var secondary: RelationshipDeclaration.Through?
            if let s = v["secondary"], s.node != .null {
                let o = try object(s, "secondary", in: place, known: ["table", "columns", "target_columns"])
                secondary = .init(try string(o, "table", in: "the secondary of \(place)", required: true)!,
                                  ownerColumns: try strings(o, "columns", in: "the secondary of \(place)") ?? [],
                                  targetColumns: try strings(o, "target_columns", in: "the secondary of \(place)") ?? [])
            }
            if kind == .manyToMany && secondary == nil {
                throw AppModelsError("\(file), line \(v.line), \(place): a many-to-many needs the key \"secondary\" (its link table); nothing was applied.")
            }
            let behaviour = Relationship.AppBehaviour(loading: loading, cascade: try strings(v, "cascade", in: place) ?? [],
                                                      passiveDeletes: try bool(v, "passive_deletes", in: place, default: false),
                                                      onDelete: try string(v, "on_delete", in: place),
                                                      onDeleteValue: try constant(v, "on_delete_value", in: place),
                                                      orderBy: try strings(v, "order_by", in: place) ?? [], className: owner.className,
                                                      sharesLoadedRows: sharesLoadedRows,
                                                      holdsKey: try bool(v, "holds_key", in: place, default: false),
                                                      parentLink: try bool(v, "parent_link", in: place, default: false),
                                                      noload: try bool(v, "noload", in: place, default: false))
            if behaviour.onDeleteValue != nil, !["SET_DEFAULT", "SET"].contains(behaviour.onDelete?.uppercased() ?? "") {
                throw fail(v["on_delete_value"]!, "on_delete_value", "a value is written only by on_delete SET_DEFAULT or SET, found \(behaviour.onDelete.map { "\"\($0)\"" } ?? "no on_delete")", in: place)
            }
            if behaviour.holdsKey && kind != .oneToOne {
                throw fail(v["holds_key"]!, "holds_key", "only a one-to-one holds its key on either side (a many-to-one always does)", in: place)
            }
            if behaviour.parentLink && !behaviour.holdsKey {
                throw fail(v["parent_link"]!, "parent_link", "a parent link is a one-to-one that holds the key (\"holds_key\": true)", in: place)
            }
            var generic: AppGenericKey?
            if let g = v["generic"], g.node != .null {
                let o = try object(g, "generic", in: place, known: ["content_type_column", "content_type_table", "app_label", "model"])
                let gplace = "the generic of \(place)"
                generic = AppGenericKey(contentTypeColumn: try string(o, "content_type_column", in: gplace, required: true)!,
                                        contentTypeTable: try string(o, "content_type_table", in: gplace, required: true)!,
                                        appLabel: try string(o, "app_label", in: gplace, required: true)!,
                                        model: try string(o, "model", in: gplace, required: true)!)
                if kind != .oneToMany {
                    throw fail(v["kind"]!, "kind", "a generic relation is one-to-many, found \"\(kindText)\"", in: place)
                }
            }
            var r = AppRelationship(name: name, kind: kind, target: try string(v, "target", in: place, required: true)!,
                                    columns: try strings(v, "columns", in: place) ?? [],
                                    referencedColumns: try strings(v, "referenced_columns", in: place), secondary: secondary,
                                    backPopulates: try string(v, "back_populates", in: place), behaviour: behaviour, generic: generic, line: v.line)
            if let t = v["target_equals"], t.node != .null {
                guard case .object = t.node else { throw fail(t, "target_equals", "expected an object of the target's columns and constants, found \(Self.kind(t.node))", in: place) }
                for (column, _) in t.members {
                    r.targetEquals.append(.init(column: column, value: try constant(t, column, in: "the target_equals of \(place)")!))
                }
                if generic != nil, !r.targetEquals.isEmpty {
                    throw fail(t, "target_equals", "a generic relation's condition is its content type (\"generic\")", in: place)
                }
            }
            return r
        }
    }
}
