/// One column of a model.
public struct Field: Sendable, Hashable {
    public var name: String
    public var type: FieldType
    public var isNullable: Bool
    /// The default as the catalog prints it (`'member'::text`, `CURRENT_TIMESTAMP`), if any.
    public var defaultExpression: String?
    /// A generated (computed) column: never written.
    public var isGenerated: Bool
    /// An identity / autoincrement / serial column: the database assigns it when left out.
    public var isAutoIncrement: Bool
    /// A generated column's expression (`GENERATED ALWAYS AS (price * qty) STORED`), when the catalog gives it.
    public var generationExpression: String?
    /// The column's comment (PostgreSQL `COMMENT ON COLUMN`).
    public var comment: String?
    /// For a column of a PostgreSQL domain, the domain's base type (`text` for `CREATE DOMAIN email AS text`);
    /// `type.declared` is then the domain's name and `type.kind` the base type's kind.
    public var domainBaseType: String?
    /// How a value is stored when it differs from its kind: SQLite `CHAR(32)` holding UUIDs as 32 hex
    /// digits (SQLAlchemy's `Uuid` type) is `.uuidHex`: read as `.uuid`, written back as 32 hex digits.
    public var storage: Storage = .native

    public enum Storage: String, Sendable, Hashable {
        case native
        /// A UUID as 32 lower-case hex digits without hyphens.
        case uuidHex
    }

    public init(name: String, type: FieldType, isNullable: Bool = true, defaultExpression: String? = nil,
                isGenerated: Bool = false, isAutoIncrement: Bool = false) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.defaultExpression = defaultExpression
        self.isGenerated = isGenerated
        self.isAutoIncrement = isAutoIncrement
    }

    /// Whether an insert must give a value: not null, no default, not generated, not auto-assigned.
    public var isRequired: Bool { !isNullable && defaultExpression == nil && !isGenerated && !isAutoIncrement }
}
