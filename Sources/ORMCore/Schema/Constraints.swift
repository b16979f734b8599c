/// A foreign key, possibly composite or self-referential, with its referential actions.
public struct ForeignKey: Sendable, Hashable {
    public var name: String?
    public var columns: [String]
    public var referencedSchema: String?
    public var referencedTable: String
    public var referencedColumns: [String]
    /// The referenced model's exact identity (never a joined `schema.table` string).
    public var referencedModelName: ModelName { ModelName(schema: referencedSchema, table: referencedTable) }
    /// `NO ACTION`, `CASCADE`, `SET NULL`, `SET DEFAULT` or `RESTRICT`.
    public var onDelete: String
    public var onUpdate: String
    /// `DEFERRABLE`: the check may be put off to COMMIT (`SET CONSTRAINTS`, or `INITIALLY DEFERRED`).
    public var isDeferrable: Bool
    /// `DEFERRABLE INITIALLY DEFERRED`: a violation is reported at COMMIT, not at the statement
    /// (Django creates every foreign key this way on PostgreSQL). RESTRICT is never deferred.
    public var isInitiallyDeferred: Bool
    /// Not in the database: inferred from the column's name (`NamedKeys`, `--infer-keys`). It gives
    /// relationships; nothing enforces it, so what the database does on a delete passes it by.
    public var isInferredFromName: Bool

    public init(name: String? = nil, columns: [String], referencedSchema: String? = nil, referencedTable: String,
                referencedColumns: [String], onDelete: String = "NO ACTION", onUpdate: String = "NO ACTION",
                isDeferrable: Bool = false, isInitiallyDeferred: Bool = false, isInferredFromName: Bool = false) {
        self.name = name
        self.columns = columns
        self.referencedSchema = referencedSchema
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onDelete = onDelete
        self.onUpdate = onUpdate
        self.isDeferrable = isDeferrable
        self.isInitiallyDeferred = isInitiallyDeferred
        self.isInferredFromName = isInferredFromName
    }

    /// What the database does with it, as `show` and the model pane say it: `on delete CASCADE, on
    /// update NO ACTION, DEFERRABLE INITIALLY DEFERRED`, or that it is inferred and enforced by nothing.
    public var behaviour: String {
        if isInferredFromName { return "inferred from its name (--infer-keys): no constraint, the database enforces nothing" }
        return "on delete \(onDelete), on update \(onUpdate)" + (deferrability.map { ", " + $0 } ?? "")
    }

    /// `DEFERRABLE INITIALLY DEFERRED`, `DEFERRABLE INITIALLY IMMEDIATE`, or nil when not deferrable.
    public var deferrability: String? {
        isDeferrable ? "DEFERRABLE INITIALLY " + (isInitiallyDeferred ? "DEFERRED" : "IMMEDIATE") : nil
    }
}

/// A UNIQUE constraint (or the unique index that stands for one on SQLite).
public struct UniqueConstraint: Sendable, Hashable {
    public var name: String?
    public var columns: [String]
    public init(name: String? = nil, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}

/// An index; `columns` holds the indexed columns or, for an expression index, its text.
public struct Index: Sendable, Hashable {
    public var name: String
    public var columns: [String]
    public var isUnique: Bool
    /// The WHERE of a partial index.
    public var predicate: String?
    public init(name: String, columns: [String], isUnique: Bool, predicate: String? = nil) {
        self.name = name
        self.columns = columns
        self.isUnique = isUnique
        self.predicate = predicate
    }
}

/// A CHECK constraint with its expression as the catalog prints it.
public struct CheckConstraint: Sendable, Hashable {
    public var name: String?
    public var expression: String
    public init(name: String? = nil, expression: String) {
        self.name = name
        self.expression = expression
    }
}
