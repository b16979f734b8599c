extension SQLExpression {
    /// The same expression with every unqualified column qualified by `table`, so it stays
    /// unambiguous once joins bring in other tables with the same column names.
    public func qualified(with table: String) -> SQLExpression {
        func q(_ e: SQLExpression) -> SQLExpression { e.qualified(with: table) }
        switch self {
        case .column(let c) where c.table == nil: return .column(ColumnRef(c.name, table: table))
        case .column, .value, .integerLiteral, .countAll, .currentTimestamp, .excluded, .exists, .subquery, .rowIdentity: return self
        case .binary(let a, let op, let b): return .binary(q(a), op, q(b))
        case .and(let parts): return .and(parts.map(q))
        case .or(let parts): return .or(parts.map(q))
        case .not(let e): return .not(q(e))
        case .isNull(let e, let n): return .isNull(q(e), negated: n)
        case .inList(let e, let items, let n): return .inList(q(e), items.map(q), negated: n)
        case .inSelect(let e, let s, let n): return .inSelect(q(e), s, negated: n)
        case .tuple(let items): return .tuple(items.map(q))
        case .function(let f, let args): return .function(f, args.map(q))
        case .asText(let e): return .asText(q(e))
        }
    }

    /// `a IN (?, ?)` for one column, `(a, b) IN ((?, ?), (?, ?))` for several.
    public static func keysIn(_ columns: [String], table: String?, _ keys: [[Value]]) -> SQLExpression {
        if columns.count == 1 {
            return .inList(.col(columns[0], of: table), keys.map { .value($0[0]) }, negated: false)
        }
        return .inList(.tuple(columns.map { .col($0, of: table) }), keys.map { .tuple($0.map { .value($0) }) }, negated: false)
    }
}
