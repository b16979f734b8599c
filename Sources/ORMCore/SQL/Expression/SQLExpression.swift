/// The expression tree: what a WHERE clause, a SET value or a select item can hold.
///
/// Values are always bound (`.value` becomes a placeholder), identifiers always quoted, and
/// function names come from a closed list: no user text ever reaches the SQL unquoted.
public indirect enum SQLExpression: Sendable, Hashable {
    case column(ColumnRef)
    /// A bound value.
    case value(Value)
    /// An integer written into the SQL text (safe: digits only), as in `SELECT 1`.
    case integerLiteral(Int)
    case binary(SQLExpression, BinaryOperator, SQLExpression)
    case and([SQLExpression])
    case or([SQLExpression])
    case not(SQLExpression)
    case isNull(SQLExpression, negated: Bool)
    case inList(SQLExpression, [SQLExpression], negated: Bool)
    case inSelect(SQLExpression, Select, negated: Bool)
    case exists(Select)
    /// A row value `(a, b)`.
    case tuple([SQLExpression])
    case function(SQLFunction, [SQLExpression])
    /// `count(*)`.
    case countAll
    /// `CURRENT_TIMESTAMP` (an application's `onupdate=func.now()`: `now()` on PostgreSQL, the same on SQLite).
    case currentTimestamp
    /// The proposed row's column in `ON CONFLICT ... DO UPDATE` (`excluded.name`).
    case excluded(String)
    /// A select whose single value is the expression's value.
    case subquery(Select)
    /// The expression's text form, to compare values of a type that has no equality operator
    /// (json, xml, point, ...): `x::text` where the dialect needs the cast (PostgreSQL), the
    /// expression itself where every value compares (SQLite).
    case asText(SQLExpression)
    /// The hidden columns that tell rows of a table without a primary key apart, as the dialect
    /// names them (`("tableoid", "ctid")` on PostgreSQL, `"rowid"` on SQLite), skipping a name a
    /// column of the table takes (`avoiding`, SQLite's `_rowid_` and `oid` are then used).
    /// `list`: written as select items (`"tableoid", "ctid"`), not as one row value.
    case rowIdentity(avoiding: [String], list: Bool)

    public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case like = "LIKE"
        /// Case-insensitive LIKE: `ILIKE` where the dialect has it, `lower(a) LIKE lower(b)` elsewhere.
        case ilike = "ILIKE"
        case notLike = "NOT LIKE"
        /// Equal, with NULL equal to NULL: `IS NOT DISTINCT FROM` (PostgreSQL) or `IS` (SQLite).
        case isNotDistinctFrom = "IS NOT DISTINCT FROM"
        case add = "+"
        case subtract = "-"
        case multiply = "*"
        case divide = "/"
        case concat = "||"
    }
}

/// The functions an expression may call.
public enum SQLFunction: String, Sendable, Hashable, CaseIterable {
    case count, lower, upper, coalesce, min, max, sum, avg, length, substr, typeof
}

// MARK: - Building expressions

extension SQLExpression {
    /// A column, optionally qualified: `.col("name")`, `.col("id", of: "hero")`.
    public static func col(_ name: String, of table: String? = nil) -> SQLExpression {
        .column(ColumnRef(name, table: table))
    }

    public func equals(_ other: SQLExpression) -> SQLExpression { .binary(self, .equal, other) }
    public func equals(_ v: Value) -> SQLExpression { v.isNull ? .isNull(self, negated: false) : .binary(self, .equal, .value(v)) }
    public func notEquals(_ v: Value) -> SQLExpression { v.isNull ? .isNull(self, negated: true) : .binary(self, .notEqual, .value(v)) }
    public func compare(_ op: BinaryOperator, _ v: Value) -> SQLExpression { .binary(self, op, .value(v)) }
    public func like(_ pattern: String) -> SQLExpression { .binary(self, .like, .value(.text(pattern))) }
    public func ilike(_ pattern: String) -> SQLExpression { .binary(self, .ilike, .value(.text(pattern))) }
    public func isIn(_ values: [Value]) -> SQLExpression { .inList(self, values.map { .value($0) }, negated: false) }
    public func notIn(_ values: [Value]) -> SQLExpression { .inList(self, values.map { .value($0) }, negated: true) }
    public var isNull: SQLExpression { .isNull(self, negated: false) }
    public var isNotNull: SQLExpression { .isNull(self, negated: true) }

    /// `a AND b`, flattening nested ANDs.
    public static func && (a: SQLExpression, b: SQLExpression) -> SQLExpression {
        var parts: [SQLExpression] = []
        for e in [a, b] { if case .and(let inner) = e { parts += inner } else { parts.append(e) } }
        return .and(parts)
    }

    /// `a OR b`, flattening nested ORs.
    public static func || (a: SQLExpression, b: SQLExpression) -> SQLExpression {
        var parts: [SQLExpression] = []
        for e in [a, b] { if case .or(let inner) = e { parts += inner } else { parts.append(e) } }
        return .or(parts)
    }

    public static prefix func ! (e: SQLExpression) -> SQLExpression { .not(e) }

    /// Key columns equal to key values: `a = ?` or `a = ? AND b = ?`.
    public static func keyEquals(_ columns: [String], _ values: [Value], table: String? = nil) -> SQLExpression {
        let parts = zip(columns, values).map { SQLExpression.col($0, of: table).equals($1) }
        return parts.count == 1 ? parts[0] : .and(parts)
    }
}
