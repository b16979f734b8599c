extension SQLCompiler {
    /// `SELECT [DISTINCT] items FROM t [JOIN ...] [WHERE ...] [ORDER BY ...] [LIMIT n] [OFFSET m]`
    mutating func select(_ s: Select) throws {
        emit(s.distinct ? "SELECT DISTINCT " : "SELECT ")
        if s.items.isEmpty {
            guard s.from != nil else { throw SQLCompileError.invalid("a SELECT with no table must name what it selects") }
            emit("*")
        } else {
            try list(s.items) { c, item in
                try c.expression(item.expression)
                if let a = item.alias { c.emit(" AS "); c.identifier(a) }
            }
        }
        if let from = s.from {
            emit(" FROM ")
            table(from)
        }
        for j in s.joins {
            emit(" \(j.kind.rawValue) ")
            table(j.table)
            emit(" ON ")
            try expression(j.on)
        }
        if let p = s.predicate {
            emit(" WHERE ")
            try expression(p)
        }
        if !s.orderBy.isEmpty {
            emit(" ORDER BY ")
            try list(s.orderBy) { c, term in
                try c.operand(term.expression)
                c.emit(" " + term.direction.rawValue)
            }
        }
        if let limit = s.limit {
            guard limit >= 0 else { throw SQLCompileError.invalid("LIMIT must not be negative") }
            emit(" LIMIT \(limit)")
        } else if s.offset != nil, dialect.offsetNeedsLimit {
            emit(" LIMIT -1")
        }
        if let offset = s.offset {
            guard offset >= 0 else { throw SQLCompileError.invalid("OFFSET must not be negative") }
            emit(" OFFSET \(offset)")
        }
    }

    /// `INSERT INTO t (cols) [OVERRIDING SYSTEM VALUE] VALUES (...), (...) [ON CONFLICT ...] [RETURNING ...]`
    mutating func insert(_ i: Insert) throws {
        guard !i.rows.isEmpty else { throw SQLCompileError.invalid("an INSERT needs at least one row") }
        guard i.rows.allSatisfy({ $0.count == i.columns.count }) else {
            throw SQLCompileError.invalid("every inserted row needs one value per column")
        }
        emit("INSERT INTO ")
        table(i.table)
        if i.columns.isEmpty {
            guard i.rows.count == 1 else { throw SQLCompileError.invalid("DEFAULT VALUES inserts one row") }
            emit(" DEFAULT VALUES")
        } else {
            emit(" (")
            list(i.columns) { $0.identifier($1) }
            emit(i.overridingSystemValue ? ") OVERRIDING SYSTEM VALUE VALUES " : ") VALUES ")
            try list(i.rows) { c, row in
                c.emit("(")
                try c.list(row) { try $0.expression($1) }
                c.emit(")")
            }
        }
        if let oc = i.onConflict { try onConflict(oc) }
        try returning(i.returning)
    }

    mutating func onConflict(_ oc: OnConflict) throws {
        guard dialect.supportsUpsert else { throw SQLCompileError.unsupported("ON CONFLICT (upsert)", dialect: dialect.name) }
        emit(" ON CONFLICT")
        if !oc.target.isEmpty {
            emit(" (")
            list(oc.target) { $0.identifier($1) }
            emit(")")
        }
        switch oc.action {
        case .doNothing:
            emit(" DO NOTHING")
        case .doUpdate(let assignments, let predicate):
            guard !oc.target.isEmpty else {
                throw SQLCompileError.invalid("ON CONFLICT DO UPDATE needs a conflict target (a primary key or unique columns)")
            }
            guard !assignments.isEmpty else { throw SQLCompileError.invalid("ON CONFLICT DO UPDATE needs at least one column to set") }
            emit(" DO UPDATE SET ")
            try assign(assignments)
            if let p = predicate { emit(" WHERE "); try expression(p) }
        }
    }

    mutating func assign(_ assignments: [Assignment]) throws {
        try list(assignments) { c, a in
            c.identifier(a.column)
            c.emit(" = ")
            try c.expression(a.value)
        }
    }

    /// `UPDATE t SET a = ?, b = ? [WHERE ...] [RETURNING ...]`
    mutating func update(_ u: Update) throws {
        guard !u.assignments.isEmpty else { throw SQLCompileError.invalid("an UPDATE needs at least one column to set") }
        emit("UPDATE ")
        table(u.table)
        emit(" SET ")
        try assign(u.assignments)
        if let p = u.predicate { emit(" WHERE "); try expression(p) }
        try returning(u.returning)
    }

    /// `DELETE FROM t [WHERE ...] [RETURNING ...]`
    mutating func delete(_ d: Delete) throws {
        emit("DELETE FROM ")
        table(d.table)
        if let p = d.predicate { emit(" WHERE "); try expression(p) }
        try returning(d.returning)
    }
}
