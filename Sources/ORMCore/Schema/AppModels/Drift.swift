/// How the live database differs from the application's models, column by column, as
/// `alembic check` compares metadata with a database: missing and extra tables and columns, types,
/// nullability, primary and foreign keys, unique constraints and indexes.
///
/// Rules (README, "Drift"):
/// - types are compared by kind (integer, number, text, boolean, binary, date, time, timestamp,
///   json, uuid), then in detail (`detailDifference`: a text's length, and on PostgreSQL integer
///   width, numeric precision, time zone, json or jsonb); a type either side knows only by name is
///   not compared;
/// - nullability is not compared on primary key columns (SQLite reports them nullable);
/// - indexes and unique constraints are matched by their columns, not their names (Django's and
///   the databases' generated names differ); a live index that stands for the primary key, a
///   unique constraint or a model index of the same columns is not extra; an index's condition
///   and key expressions, where the file gives them, are compared in a normal form
///   (`IndexTextForm`; `Drift+Indexes.swift`), else an expression index is matched by its name;
/// - tables the migration tools keep for themselves (`alembic_version`, `django_migrations`) and
///   views are not extra.
public struct DriftDifference: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case missingTable = "missing-table", extraTable = "extra-table"
        case missingColumn = "missing-column", extraColumn = "extra-column"
        case type, nullability
        case primaryKey = "primary-key"
        case missingForeignKey = "missing-foreign-key", extraForeignKey = "extra-foreign-key"
        case missingUnique = "missing-unique", extraUnique = "extra-unique"
        case missingIndex = "missing-index", extraIndex = "extra-index"
        /// A partial index's condition: dropped (the index made full), added, or changed.
        case indexCondition = "index-condition"
        /// An index's key expression changed (`lower(email)` → `upper(email)`).
        case indexExpression = "index-expression"
        /// Not a difference: two texts of an index that ormscope cannot compare with confidence. It
        /// is said, and neither counted nor marked (`isDifference`).
        case indexUnsure = "index-unsure"
        /// A relationship of the models that the live schema cannot carry (what stops `--models`).
        case relationship
    }

    public var kind: Kind
    /// The table (canonical name).
    public var model: String
    public var column: String?
    /// One sentence saying what differs, the models' side first.
    public var sentence: String

    /// Whether it counts (the exit status, the explorer's marks): all but `index-unsure`.
    public var isDifference: Bool { kind != .indexUnsure }
}

public enum Drift {
    /// Tables that migration tools keep for themselves, never reported as extra.
    public static let toolTables: Set<String> = ["alembic_version", "django_migrations"]

    /// The kinds types are compared by (`family`), which a models file's column `kind` names.
    public static let kinds = ["integer", "number", "text", "boolean", "binary", "uuid", "date", "time", "timestamp", "json"]

    /// Every difference between the models and the live registry (the registry as read from the
    /// catalog, without a models file applied), in the models' order, then the extra tables.
    public static func compare(_ app: AppModels, _ registry: Registry) -> [DriftDifference] {
        var live: [ModelName: Model] = [:]
        var folded: [ModelName: Model] = [:]
        for m in registry.models {
            live[m.modelName] = m
            folded[ModelName(schema: m.schema?.lowercased(), table: m.name.lowercased())] = m
        }
        /// A models file names the default schema as nil, or by its name.
        func key(_ schema: String?, _ table: String) -> ModelName {
            ModelName(schema: schema == registry.defaultSchema ? nil : schema, table: table)
        }
        func find(_ name: ModelName) -> Model? {
            live[name] ?? (registry.backend == "sqlite" ? folded[ModelName(schema: name.schema?.lowercased(), table: name.table.lowercased())] : nil)
        }
        var out: [DriftDifference] = []
        var described = Set<ModelName>()
        /// The missing tables as a relationship's `target`, `secondary` or generic table names them.
        var missing = Set<String>()
        func named(_ text: String) -> String { registry.backend == "sqlite" ? text.lowercased() : text }
        for am in app.models {
            let name = key(am.schema, am.table)
            guard let m = find(name) else {
                if !am.isManaged { continue }  // made by hand or elsewhere, as the application's migrations skip it
                out.append(.init(kind: .missingTable, model: name.description, column: nil,
                                 sentence: "Table \(name)\(am.className.map { " (\($0))" } ?? "") is in the models but not in the database."))
                if let s = am.schema { missing.insert(named(s + "." + am.table)) }
                if name.schema == nil { missing.insert(named(am.table)) }
                continue
            }
            described.insert(m.modelName)
            // An unmanaged model's table is not the migrations' (Django's makemigrations --check
            // ignores it): not compared, and not extra.
            if am.isManaged { out += compareModel(am, m, backend: registry.backend, kindsInDetail: app.dialect == registry.backend) }
        }
        // The relationships, as `--models` checks them: a file drift passes is one --models applies.
        // One that has a missing table at either end, or as its link or content-type table, is that
        // table's consequence, not a difference of its own (as `alembic check` and `makemigrations
        // --check` say a missing table once): left out.
        if app.models.contains(where: { !$0.relationships.isEmpty }) {
            var fitting = app
            if !missing.isEmpty {
                func touchesMissing(_ r: AppRelationship) -> Bool {
                    missing.contains(named(r.target)) || r.secondary.map { missing.contains(named($0.link)) } == true
                        || r.generic.map { missing.contains(named($0.contentTypeTable)) } == true
                }
                for i in fitting.models.indices {
                    let own = fitting.models[i]
                    if missing.contains(named(own.schema.map { $0 + "." + own.table } ?? own.table)) || missing.contains(named(own.table)) && own.schema == nil {
                        fitting.models[i].relationships = []
                    } else {
                        fitting.models[i].relationships.removeAll(where: touchesMissing)
                    }
                }
            }
            for (m, r, why) in registry.misfits(fitting) {
                out.append(.init(kind: .relationship, model: key(m.schema, m.table).description, column: r.columns.first,
                                 sentence: "Relationship \(m.className ?? m.table).\(r.name) (line \(r.line)) does not fit the database: \(why)."))
            }
        }
        for m in registry.models where m.kind == .table && !described.contains(m.modelName) && !toolTables.contains(m.name)
            && m.shadowOf == nil && m.virtualModule == nil {
            out.append(.init(kind: .extraTable, model: m.qualifiedName, column: nil,
                             sentence: "Table \(m.qualifiedName) is in the database but not in the models."))
        }
        return out
    }

    /// `kindsInDetail`: the file's types are this backend's DDL (`AppModels.dialect`), so a column
    /// with a `kind` is compared in detail as one without.
    static func compareModel(_ am: AppModel, _ m: Model, backend: String, kindsInDetail: Bool = false) -> [DriftDifference] {
        var out: [DriftDifference] = []
        let t = m.qualifiedName
        func add(_ kind: DriftDifference.Kind, _ column: String?, _ sentence: String) {
            out.append(.init(kind: kind, model: t, column: column, sentence: sentence))
        }
        func cols(_ c: [String]) -> String { "(" + c.joined(separator: ", ") + ")" }
        let fold = backend == "sqlite"
        func same(_ a: String, _ b: String) -> Bool { fold ? a.lowercased() == b.lowercased() : a == b }
        func sameSet(_ a: [String], _ b: [String]) -> Bool {
            fold ? Set(a.map { $0.lowercased() }) == Set(b.map { $0.lowercased() }) : Set(a) == Set(b)
        }
        var liveFields: [String: Field] = [:]
        for f in m.fields { liveFields[fold ? f.name.lowercased() : f.name] = f }
        let pk = Set(am.primaryKey)
        for c in am.columns {
            guard let f = liveFields[fold ? c.name.lowercased() : c.name] else {
                add(.missingColumn, c.name, "Column \(t).\(c.name)\(c.type.map { " (\($0))" } ?? "") is in the models but not in the database.")
                continue
            }
            if let why = typeDifference(c.type, kind: c.kind, f.type, sqlite: fold, kindsInDetail: kindsInDetail) {
                let models = c.kind.map { k in (k == "integer" ? "an " : "a ") + k + (c.type.map { " (\($0))" } ?? "") } ?? c.type ?? ""
                add(.type, c.name, "Column \(t).\(c.name) is \(models) in the models but \(f.type.declared) in the database (\(why)).")
            }
            if !pk.contains(c.name) && !m.primaryKey.contains(f.name) && c.isNullable != f.isNullable {
                add(.nullability, c.name, c.isNullable
                    ? "Column \(t).\(c.name) accepts NULL in the models but is NOT NULL in the database."
                    : "Column \(t).\(c.name) is NOT NULL in the models but accepts NULL in the database.")
            }
        }
        let modelColumns = Set(am.columns.map { fold ? $0.name.lowercased() : $0.name })
        if !am.columns.isEmpty {
            for f in m.fields where !modelColumns.contains(fold ? f.name.lowercased() : f.name) {
                add(.extraColumn, f.name, "Column \(t).\(f.name) (\(f.type.declared)) is in the database but not in the models.")
            }
        }
        if !am.primaryKey.isEmpty || !am.columns.isEmpty, !sameSet(am.primaryKey, m.primaryKey) {
            add(.primaryKey, nil, "The primary key of \(t) is \(am.primaryKey.isEmpty ? "none" : cols(am.primaryKey)) in the models but \(m.primaryKey.isEmpty ? "none" : cols(m.primaryKey)) in the database.")
        }
        for fk in am.foreignKeys {
            let match = m.foreignKeys.first { sameSet($0.columns, fk.columns) && same($0.referencedTable, fk.referencedTable) }
            guard let live = match else {
                add(.missingForeignKey, fk.columns.first, "Foreign key \(t) \(cols(fk.columns)) → \(fk.referencedTable) \(cols(fk.referencedColumns)) is in the models but not in the database.")
                continue
            }
            if fk.onDelete.uppercased() != live.onDelete.uppercased() {
                add(.missingForeignKey, fk.columns.first, "Foreign key \(t) \(cols(fk.columns)) → \(fk.referencedTable) is ON DELETE \(fk.onDelete.uppercased()) in the models but ON DELETE \(live.onDelete) in the database.")
            }
        }
        if !am.columns.isEmpty {
            for fk in m.foreignKeys where !am.foreignKeys.contains(where: { sameSet($0.columns, fk.columns) && same($0.referencedTable, fk.referencedTable) }) {
                add(.extraForeignKey, fk.columns.first, "Foreign key \(t) \(cols(fk.columns)) → \(fk.referencedModelName) \(cols(fk.referencedColumns)) is in the database but not in the models.")
            }
        }
        let liveUnique = m.uniqueKeys
        for u in am.uniqueConstraints where !liveUnique.contains(where: { sameSet($0, u.columns) }) {
            add(.missingUnique, u.columns.first, "Unique constraint \(u.name.map { $0 + " " } ?? "")on \(t) \(cols(u.columns)) is in the models but not in the database.")
        }
        // (A unique index on expressions keys no columns: `lower(email)` does not stand for `email`.)
        let modelKeys = [am.primaryKey] + am.uniqueConstraints.map(\.columns)
            + am.indexes.filter { $0.isUnique && (am.indexTexts.isEmpty || am.indexTexts[$0.name]?.keys(on: backend) == nil) }.map(\.columns)
        if !am.columns.isEmpty {
            for u in m.uniqueConstraints where !modelKeys.contains(where: { sameSet($0, u.columns) }) {
                add(.extraUnique, u.columns.first, "Unique constraint \(u.name.map { $0 + " " } ?? "")on \(t) \(cols(u.columns)) is in the database but not in the models.")
            }
        }
        compareIndexes(am, m, backend: backend, knownKeys: modelKeys, add: add)
        return out
    }

    /// Families of kinds that are the same type to an application (`real` and `decimal` are both numbers).
    static func family(_ k: FieldType.Kind) -> String? {
        switch k {
        case .integer: return "integer"
        case .real, .decimal: return "number"
        case .text, .enumeration: return "text"
        case .boolean: return "boolean"
        case .blob: return "binary"
        case .uuid: return "uuid"
        case .date: return "date"
        case .time: return "time"
        case .timestamp, .timestamptz: return "timestamp"
        case .json: return "json"
        case .array, .other: return nil
        }
    }

    /// Why a models type and a live type differ, or nil when they agree (or cannot be compared).
    /// The same text on both sides always agrees (SQLite keeps the declared text: its `char(32)`
    /// read as a uuid by its values is still the `char(32)` the models declare). A column `kind`
    /// (Django's field class) is compared instead of the declared type's kind, the length still
    /// from the type; on SQLite, which has no uuid or json storage, a uuid or json kind is kept
    /// in a text column (Django's `char(32)` and `text` there). Types of one kind are then compared
    /// in detail (`detailDifference`); a column with a kind only when `kindsInDetail` (the file's
    /// types are this backend's), as a Django file's `integer` under SQLite's settings is PostgreSQL's `bigint`.
    static func typeDifference(_ declared: String?, kind: String?, _ live: FieldType, sqlite: Bool, kindsInDetail: Bool = false) -> String? {
        // (Spellings compared only for a difference found: nothing more per column on the way to none.)
        guard let why = kindDifference(declared, kind: kind, live, sqlite: sqlite, kindsInDetail: kindsInDetail) else { return nil }
        func spelled(_ t: String) -> String { t.lowercased().split(separator: " ").joined(separator: " ") }
        if let d = declared, spelled(d) == spelled(live.declared) { return nil }
        return why
    }

    static func kindDifference(_ declared: String?, kind: String?, _ live: FieldType, sqlite: Bool, kindsInDetail: Bool) -> String? {
        guard let b = family(live.kind) else { return nil }
        if let k = kind {
            if k != b {
                if sqlite {
                    if b == "text" && (k == "uuid" || k == "json") { return nil }
                    if let d = declared, family(FieldType.sqlite(d).kind) == b { return nil }
                }
                return "\(k) against \(b)"
            }
            guard let d = declared else { return nil }
            let model = FieldType(declared: d)
            // The text kinds' lengths are the same DDL on every backend (Django's varchar(n) and text).
            if k == "text" && family(model.kind) == "text" { return lengthDifference(model, live) }
            return kindsInDetail && family(model.kind) == b ? detailDifference(model, live) : nil
        }
        guard let declared else { return nil }
        return typeDifference(declared, live)
    }

    static func typeDifference(_ declared: String, _ live: FieldType) -> String? {
        let model = FieldType(declared: declared)
        // SQLite stores what an application declares: compare its declared names' kinds the same way.
        guard let a = family(model.kind), let b = family(live.kind) else { return nil }
        // SQLite has no uuid, boolean, date or timestamp storage of its own: a declared name of any kind is what it keeps.
        if live.affinity != nil, model.kind != live.kind, FieldType.sqlite(declared).kind == live.kind { return nil }
        if a != b { return "\(a) against \(b)" }
        return detailDifference(model, live)
    }

    /// What two types of one family still differ in, as `alembic check` (compare_type) and
    /// `makemigrations --check` see it: a text's length, or `text` against a length (`varchar(50)`
    /// truncates or refuses what `text` kept), on every backend; on PostgreSQL also the integer's
    /// width (`integer` against `bigint`: ids overflow), a numeric's precision and scale when both
    /// give them (`numeric(10,2)` rounds what `numeric(12,4)` kept), the time zone of a timestamp
    /// (each stored time shifts) and `json` against `jsonb` (its operators and indexes). SQLite has
    /// none of those: any INTEGER holds 64 bits, a NUMERIC keeps no precision, and DATETIME, JSON
    /// and JSONB are names it keeps without meaning (SQLAlchemy's create_all writes DATETIME for
    /// both kinds of timestamp there), so they are not compared on SQLite.
    static func detailDifference(_ model: FieldType, _ live: FieldType) -> String? {
        if model.kind == .text { return lengthDifference(model, live) }
        guard live.affinity == nil else { return nil }  // SQLite's driver gives every type its affinity
        switch (model.kind, live.kind) {
        case (.integer, .integer):
            // A width the models name (PostgreSQL's names, serials included: `FieldType.knownName`,
            // which leaves no affinity; not `INTEGER UNSIGNED`, an affinity's integer).
            guard model.affinity == nil else { return nil }
            let x = integerName(model.integerBits), y = integerName(live.integerBits)
            return x != y ? "\(x) against \(y)" : nil
        case (.decimal, .decimal):
            if model.declared == live.declared { return nil }  // (the same text: no split, 5,000 times on the bench)
            let x = FieldType.split(model.declared).arguments, y = FieldType.split(live.declared).arguments
            guard !x.isEmpty, !y.isEmpty, x.count == 1 ? [x[0], 0] != y : x != y else { return nil }
            func numeric(_ a: [Int]) -> String { "numeric(" + a.map(String.init).joined(separator: ",") + ")" }
            return "\(numeric(x)) against \(numeric(y))"
        case (.timestamp, .timestamptz): return "without time zone against with time zone"
        case (.timestamptz, .timestamp): return "with time zone against without time zone"
        case (.json, .json):
            if model.declared == live.declared { return nil }
            let x = FieldType.split(model.declared).base, y = FieldType.split(live.declared).base
            return x != y && (x == "json" || x == "jsonb") && (y == "json" || y == "jsonb") ? "\(x) against \(y)" : nil
        default: return nil
        }
    }

    /// `varchar(80)` against `varchar(100)`, and a length against `text` (either side).
    static func lengthDifference(_ model: FieldType, _ live: FieldType) -> String? {
        switch (model.maxLength, live.maxLength) {
        case let (x?, y?): return x != y ? "length \(x) against \(y)" : nil
        case let (x?, nil): return FieldType.split(live.declared).base == "text" ? "length \(x) against text" : nil
        case let (nil, y?): return FieldType.split(model.declared).base == "text" ? "text against length \(y)" : nil
        case (nil, nil): return nil
        }
    }

    /// PostgreSQL's name of an integer type by its width (nil: 64 bits).
    static func integerName(_ bits: Int?) -> String {
        switch bits { case 16: return "smallint"; case 32: return "integer"; default: return "bigint" }
    }
}
