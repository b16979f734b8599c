/// A SELECT statement.
///
/// ```swift
/// Select(from: TableRef("hero")).where(.col("age").compare(.greater, 30)).orderBy("name").limit(20)
/// // SQLite:     SELECT * FROM "hero" WHERE "age" > ? ORDER BY "name" ASC LIMIT 20
/// // PostgreSQL: SELECT * FROM "hero" WHERE "age" > $1 ORDER BY "name" ASC LIMIT 20
/// ```
public struct Select: Sendable, Hashable {
    /// The table; `nil` only for a select of expressions alone (`SELECT EXISTS (...)`).
    public var from: TableRef?
    /// The selected items; empty means `*`.
    public var items: [SelectItem]
    public var distinct: Bool
    public var joins: [Join]
    public var predicate: SQLExpression?
    public var orderBy: [OrderTerm]
    public var limit: Int?
    public var offset: Int?

    public init(from: TableRef?, items: [SelectItem] = [], distinct: Bool = false, joins: [Join] = [],
                where predicate: SQLExpression? = nil, orderBy: [OrderTerm] = [], limit: Int? = nil,
                offset: Int? = nil) {
        self.from = from
        self.items = items
        self.distinct = distinct
        self.joins = joins
        self.predicate = predicate
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
    }

    /// Adds a condition, AND-ed with any already there.
    public func `where`(_ e: SQLExpression) -> Select {
        var s = self
        s.predicate = predicate.map { $0 && e } ?? e
        return s
    }

    public func orderBy(_ column: String, _ direction: OrderTerm.Direction = .ascending, table: String? = nil) -> Select {
        var s = self
        s.orderBy.append(OrderTerm(.col(column, of: table), direction))
        return s
    }

    public func limit(_ n: Int?, offset: Int? = nil) -> Select {
        var s = self
        s.limit = n
        s.offset = offset
        return s
    }

    /// The named columns only.
    public func columns(_ names: [String], table: String? = nil) -> Select {
        var s = self
        s.items = names.map { SelectItem(.col($0, of: table)) }
        return s
    }

    /// `SELECT count(*) FROM ... WHERE ...` with the same FROM, joins and WHERE (order and paging dropped).
    public func count() -> Select {
        Select(from: from, items: [SelectItem(.countAll)], joins: joins, where: predicate)
    }

    /// `SELECT EXISTS (SELECT 1 FROM ... WHERE ...) AS "exists"`: one boolean row.
    public func exists() -> Select {
        var inner = self
        inner.items = [SelectItem(.integerLiteral(1))]
        inner.orderBy = []
        inner.limit = nil
        inner.offset = nil
        return Select(from: nil, items: [SelectItem(.exists(inner), as: "exists")])
    }
}

/// One selected item, optionally named with `AS`.
public struct SelectItem: Sendable, Hashable {
    public var expression: SQLExpression
    public var alias: String?
    public init(_ expression: SQLExpression, as alias: String? = nil) {
        self.expression = expression
        self.alias = alias
    }
}

/// One ORDER BY term.
public struct OrderTerm: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable { case ascending = "ASC", descending = "DESC" }
    public var expression: SQLExpression
    public var direction: Direction
    public init(_ expression: SQLExpression, _ direction: Direction = .ascending) {
        self.expression = expression
        self.direction = direction
    }
    public var reversed: OrderTerm { OrderTerm(expression, direction == .ascending ? .descending : .ascending) }
}

/// A JOIN clause.
public struct Join: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case inner = "JOIN", leftOuter = "LEFT OUTER JOIN" }
    public var kind: Kind
    public var table: TableRef
    public var on: SQLExpression
    public init(_ kind: Kind, _ table: TableRef, on: SQLExpression) {
        self.kind = kind
        self.table = table
        self.on = on
    }
}
