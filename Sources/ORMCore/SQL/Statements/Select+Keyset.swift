/// Keyset pagination: the rows after (or before) a key tuple, in the order given.
extension Select {
    public enum KeysetDirection: Sendable { case after, before }

    /// Rows strictly after (or before) `key` in the order of `terms`, which should end with a
    /// unique key so the order is total. An empty key means the first page.
    ///
    /// With one direction throughout, no nullable column and row values available it compiles to a
    /// row comparison, which an index on the key columns serves:
    /// ```sql
    /// -- after (10, 'b') ordered by "team_id" ASC, "id" ASC
    /// WHERE ("team_id", "id") > (?, ?) ORDER BY "team_id" ASC, "id" ASC LIMIT 50
    /// ```
    /// Otherwise it expands to `a > ? OR (a = ? AND b > ?)`, and a column that may be NULL
    /// (`nullable`) places NULLs where the dialect sorts them (SQLite first ascending, PostgreSQL
    /// last), so paging over NULLs neither skips nor repeats rows. `before` flips the comparison and
    /// the order; the caller reverses the fetched page to show it in the original order.
    public func keyset(_ direction: KeysetDirection, key: [Value], terms: [OrderTerm], dialect: Dialect,
                       nullable: [Bool] = []) -> Select {
        precondition(key.isEmpty || key.count == terms.count, "a key value per order term (or none for the first page)")
        let effective = direction == .after ? terms : terms.map(\.reversed)
        var s = self
        s.orderBy = effective
        s.offset = nil
        guard !key.isEmpty else { return s }
        let mayBeNull = terms.indices.map { $0 < nullable.count && nullable[$0] }
        let sameDirection = Set(effective.map(\.direction)).count == 1
        if sameDirection && dialect.supportsRowValues && terms.count > 1 && !mayBeNull.contains(true) && !key.contains(where: \.isNull) {
            let op: SQLExpression.BinaryOperator = effective[0].direction == .ascending ? .greater : .less
            return s.where(.binary(.tuple(effective.map(\.expression)), op, .tuple(key.map { .value($0) })))
        }
        var alternatives: [SQLExpression] = []
        for i in effective.indices {
            var parts: [SQLExpression] = []
            for j in 0..<i { parts.append(Select.same(effective[j].expression, key[j])) }
            guard let after = Select.beyond(effective[i], key[i], nullable: mayBeNull[i], dialect: dialect) else { continue }
            parts.append(after)
            alternatives.append(parts.count == 1 ? parts[0] : .and(parts))
        }
        if alternatives.isEmpty { return s.where(.or([])) }  // compiles to 1 = 0: nothing is beyond
        return s.where(alternatives.count == 1 ? alternatives[0] : .or(alternatives))
    }

    /// `e = v`, or `e IS NULL` for a NULL key part.
    static func same(_ e: SQLExpression, _ v: Value) -> SQLExpression {
        v.isNull ? .isNull(e, negated: false) : .binary(e, .equal, .value(v))
    }

    /// Values strictly beyond `v` in the term's order; nil when nothing can be (past the NULLs at the end).
    static func beyond(_ term: OrderTerm, _ v: Value, nullable: Bool, dialect: Dialect) -> SQLExpression? {
        // Where NULLs fall in this term's order: at its end, or at its start.
        let nullsAtEnd = (term.direction == .ascending) != dialect.nullsSortFirst
        if v.isNull {
            return nullsAtEnd ? nil : .isNull(term.expression, negated: true)
        }
        let op: SQLExpression.BinaryOperator = term.direction == .ascending ? .greater : .less
        let base = SQLExpression.binary(term.expression, op, .value(v))
        return nullable && nullsAtEnd ? .or([base, .isNull(term.expression, negated: false)]) : base
    }
}
