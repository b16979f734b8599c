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
