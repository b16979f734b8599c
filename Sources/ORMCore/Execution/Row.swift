/// The column names of a result, shared by all its rows, and their types where the driver knows
/// them.
public final class Columns: Sendable {
    public let names: [String]
    /// Each column's type as the database names it (PostgreSQL's type name, SQLite's declared
    /// type, "" for an expression); empty when the driver did not say.
    public let types: [String]
    private let index: [String: Int]

    public init(_ names: [String], types: [String] = []) {
        self.names = names
        self.types = types
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        self.index = index
    }

    public var count: Int { names.count }
    /// The position of a column by name (the first one when a name repeats).
    public func position(of name: String) -> Int? { index[name] }
}

/// One row of a result: values in column order, readable by position or by name.
public struct Row: Sendable, Hashable {
    public let columns: Columns
    public var values: [Value]

    public init(columns: Columns, values: [Value]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ i: Int) -> Value { values[i] }
    /// The value of a column by name; `nil` when no such column.
    public subscript(_ name: String) -> Value? {
        columns.position(of: name).map { values[$0] }
    }

    public static func == (a: Row, b: Row) -> Bool { a.columns.names == b.columns.names && a.values == b.values }
    public func hash(into h: inout Hasher) { h.combine(values) }
}
