/// Keyset pagination: the rows after (or before) a key tuple, in the order given.
extension Select {
    public enum KeysetDirection: Sendable { case after, before }

    /// Rows strictly after (or before) `key` in the order of `terms`, which should end with a
    /// unique key so the order is total.
    ///
    /// With one direction throughout and row values available it compiles to a row comparison,
    /// which an index on the key columns serves:
    /// ```sql
    /// -- after (10, 'b') ordered by "team_id" ASC, "id" ASC
    /// WHERE ("team_id", "id") > (?, ?) ORDER BY "team_id" ASC, "id" ASC LIMIT 50
    /// ```
    /// Mixed directions expand to `a > ? OR (a = ? AND b < ?)`. `before` flips the comparison
    /// and the order; the caller reverses the fetched page to show it in the original order.
    public func keyset(_ direction: KeysetDirection, key: [Value], terms: [OrderTerm], dialect: Dialect) -> Select {
        precondition(key.isEmpty || key.count == terms.count, "a key value per order term (or none for the first page)")
        let effective = direction == .after ? terms : terms.map(\.reversed)
        var s = self
        s.orderBy = effective
        s.offset = nil
        guard !key.isEmpty else { return s }
        let sameDirection = Set(effective.map(\.direction)).count == 1
        if sameDirection && dialect.supportsRowValues && terms.count > 1 {
            let op: SQLExpression.BinaryOperator = effective[0].direction == .ascending ? .greater : .less
            return s.where(.binary(.tuple(effective.map(\.expression)), op, .tuple(key.map { .value($0) })))
        }
        var alternatives: [SQLExpression] = []
        for i in effective.indices {
            var parts: [SQLExpression] = []
            for j in 0..<i { parts.append(.binary(effective[j].expression, .equal, .value(key[j]))) }
            let op: SQLExpression.BinaryOperator = effective[i].direction == .ascending ? .greater : .less
            parts.append(.binary(effective[i].expression, op, .value(key[i])))
            alternatives.append(parts.count == 1 ? parts[0] : .and(parts))
        }
        return s.where(alternatives.count == 1 ? alternatives[0] : .or(alternatives))
    }
}
