/// A table (or view) named in a statement, with its schema and an optional alias.
public struct TableRef: Sendable, Hashable {
    /// The schema, `nil` for the default (`main` on SQLite, the search path on PostgreSQL).
    public var schema: String?
    public var name: String
    public var alias: String?

    public init(_ name: String, schema: String? = nil, alias: String? = nil) {
        self.name = name
        self.schema = schema
        self.alias = alias
    }

    /// The name a column qualifier uses: the alias when there is one.
    public var qualifier: String { alias ?? name }

    /// The same table under an alias.
    public func aliased(_ alias: String) -> TableRef { TableRef(name, schema: schema, alias: alias) }
}

/// A column, optionally qualified by a table (its alias or name).
public struct ColumnRef: Sendable, Hashable {
    public var table: String?
    public var name: String

    public init(_ name: String, table: String? = nil) {
        self.name = name
        self.table = table
    }
}
