/// A table or view seen as a model: its fields, keys, indexes and constraints.
public struct Model: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case table, view }

    /// The schema; `nil` for the default one (`main` on SQLite, `public` on PostgreSQL).
    public var schema: String?
    public var name: String
    public var kind: Kind
    public var fields: [Field]
    public var primaryKey: [String]
    public var uniqueConstraints: [UniqueConstraint]
    public var indexes: [Index]
    public var checks: [CheckConstraint]
    public var foreignKeys: [ForeignKey]
    /// The catalog's cheap estimate of the row count, if it has one (never a COUNT(*)).
    public var estimatedRowCount: Int?
    /// Relationships to other models, inferred from foreign keys or declared (filled by `Registry`).
    public var relationships: [Relationship] = []
    /// Sentences about choices relationship inference made on an ambiguous schema (a link table
    /// whose keys accept NULL, two keys to one table with no unique pair), shown in the model pane.
    public var notes: [String] = []
    /// The application's generic relations from this model (Django's `GenericRelation`), from a
    /// models file: followed by deletes only (`Session.appCascadePlan`), never loaded.
    public var genericRelations: [AppGenericRelation] = []
    /// The columns the application sets to the time on every UPDATE of a row (SQLAlchemy's
    /// `onupdate=func.now()`, a models file's `"onupdate": "CURRENT_TIMESTAMP"`): the app cascade's
    /// "set the key to NULL" UPDATE sets them too, as SQLAlchemy's does.
    public var appOnUpdate: [String] = []
    /// The table's comment (PostgreSQL `COMMENT ON TABLE`, read with `pg_description`).
    public var comment: String?
    /// A SQLite virtual table's module (`fts5`, `rtree`, ...); `nil` for an ordinary table.
    public var virtualModule: String?
    /// For a SQLite shadow table (`doc_fts_data`, `doc_fts_idx`, ...), the virtual table it stores;
    /// such a table is read-only here, since writing it would corrupt the virtual table.
    public var shadowOf: String?
    /// A PostgreSQL materialized view (a view's kind, read-only): its rows are a stored result,
    /// as fresh as its last `REFRESH MATERIALIZED VIEW`.
    public var isMaterialized = false
    /// A PostgreSQL partitioned table's key (`RANGE (created_at)`), as `pg_get_partkeydef` prints it.
    public var partitionKey: String?
    /// Its partitions, folded under it (they are not models of their own in the list).
    public var partitions: [Partition] = []

    /// One partition of a partitioned table: its name and bound (`FOR VALUES FROM (...) TO (...)`).
    public struct Partition: Sendable, Hashable {
        public var schema: String?
        public var name: String
        public var bound: String
        public var estimatedRowCount: Int?
        public init(schema: String? = nil, name: String, bound: String, estimatedRowCount: Int? = nil) {
            self.schema = schema
            self.name = name
            self.bound = bound
            self.estimatedRowCount = estimatedRowCount
        }
        public var modelName: ModelName { ModelName(schema: schema, table: name) }
    }

    /// What the model list shows as its kind: `table`, `view`, `matview` (a materialized view),
    /// `fts5` (a virtual table's module), `shadow` (a virtual table's storage) or `parted` (a
    /// partitioned table).
    public var kindLabel: String {
        if let module = virtualModule { return module }
        if isMaterialized { return "matview" }
        if shadowOf != nil { return "shadow" }
        if partitionKey != nil { return "parted" }
        return kind.rawValue
    }

    public init(schema: String? = nil, name: String, kind: Kind = .table, fields: [Field], primaryKey: [String] = [],
                uniqueConstraints: [UniqueConstraint] = [], indexes: [Index] = [], checks: [CheckConstraint] = [],
                foreignKeys: [ForeignKey] = [], estimatedRowCount: Int? = nil) {
        self.schema = schema
        self.name = name
        self.kind = kind
        self.fields = fields
        self.primaryKey = primaryKey
        self.uniqueConstraints = uniqueConstraints
        self.indexes = indexes
        self.checks = checks
        self.foreignKeys = foreignKeys
        self.estimatedRowCount = estimatedRowCount
    }

    /// The exact identity, (schema, table).
    public var modelName: ModelName { ModelName(schema: schema, table: name) }
    /// The canonical text of `modelName` (`hero`, `audit.store`, `"sx.ty"`, `sx.ty`): unambiguous, and
    /// what `Registry.model(named:)` reads back to this model. Safe as a dictionary key.
    public var qualifiedName: String { modelName.description }
    public var table: TableRef { TableRef(name, schema: schema) }
    public var isReadOnly: Bool { kind == .view || shadowOf != nil }

    /// The word a model's heading starts with (`show`, the model pane): `Model`, `View`, `Materialized view`.
    public var headingWord: String { isMaterialized ? "Materialized view" : kind == .view ? "View" : "Model" }

    /// The model as a sentence names it: `a view`, `a materialized view`, `a table`.
    public var kindPhrase: String { isMaterialized ? "a materialized view" : kind == .view ? "a view" : "a table" }

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// Joined-table inheritance: the model this one extends (its primary key is a foreign key to it).
    public var inheritanceParent: Relationship? {
        relationships.first { $0.isInheritance && $0.origin?.model == qualifiedName && $0.model == qualifiedName }
    }

    /// Joined-table inheritance: the models that extend this one.
    public var inheritanceChildren: [Relationship] {
        relationships.filter { $0.isInheritance && $0.origin?.model == $0.target }
    }

    public func relationship(_ name: String) -> Relationship? { relationships.first { $0.name == name } }

    /// The relationship a name as typed names (`relationship(typed:)`: exact, `"Categories"` only
    /// that, `categories` its one case-insensitive match), else a sentence naming the model and
    /// close matches.
    public func requireRelationship(_ name: String) throws -> Relationship {
        if let r = relationship(name) ?? relationship(typed: ModelName.Part(typed: name)) { return r }
        throw SchemaError.unknownRelationship(model: qualifiedName, name: name, suggestion: relationshipSuggestion(for: name))
    }

    /// The relationship to suggest for a name that is none: the one the name would have had but a
    /// field took (a column `team` beside `team_id` makes the relationship `team_rel`), else the
    /// closest name.
    public func relationshipSuggestion(for name: String) -> String? {
        if field(name) != nil, let r = relationships.first(where: { $0.name.hasPrefix(name + "_") && Naming.columnName($0.localColumns) == name }) {
            return r.name
        }
        return Suggest.closest(to: name, in: relationships.map(\.name))
    }

    /// The foreign keys the database enforces: all but those inferred from names (`NamedKeys`),
    /// which give relationships and nothing else (a delete preview, SQLite's failed-key search).
    public var enforcedForeignKeys: [ForeignKey] { foreignKeys.filter { !$0.isInferredFromName } }

    /// The field names, in table order.
    public var fieldNames: [String] { fields.map(\.name) }

    /// Column sets any of which identifies a row: the primary key, then each unique constraint
    /// (and unique index without a WHERE), usable as an upsert's conflict target.
    public var uniqueKeys: [[String]] {
        var keys: [[String]] = []
        _ = firstKey { k in
            if !keys.contains(k) { keys.append(k) }
            return false
        }
        return keys
    }

    /// Whether one of `uniqueKeys` satisfies `match`, without building the list (relationship
    /// inference asks it for every foreign key).
    public func hasUniqueKey(where match: ([String]) -> Bool) -> Bool { firstKey(where: match) }

    /// The rule of `uniqueKeys` in one place: offers each key in order (repeats included) until
    /// `body` returns true.
    private func firstKey(where body: ([String]) -> Bool) -> Bool {
        if !primaryKey.isEmpty, body(primaryKey) { return true }
        for u in uniqueConstraints where body(u.columns) { return true }
        for i in indexes where i.isUnique && i.predicate == nil && body(i.columns) { return true }
        return false
    }
}
