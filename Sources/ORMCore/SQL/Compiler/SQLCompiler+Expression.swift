extension SQLCompiler {
    /// Writes an expression, parenthesising compound operands so precedence is never guessed.
    mutating func expression(_ e: SQLExpression) throws {
        switch e {
        case .column(let c):
            if let t = c.table { identifier(t); emit(".") }
            identifier(c.name)
        case .value(let v):
            bind(v)
        case .integerLiteral(let n):
            emit(String(n))
        case .binary(let a, .ilike, let b) where dialect.caseInsensitiveLike == .lowerBothSides:
            try expression(.binary(.function(.lower, [a]), .like, .function(.lower, [b])))
        case .binary(let a, .isNotDistinctFrom, let b):
            try operand(a)
            emit(" \(dialect.nullSafeEqual) ")
            try operand(b)
        case .binary(let a, let op, let b):
            try operand(a)
            emit(" \(op.rawValue) ")
            try operand(b)
        case .and(let parts), .or(let parts):
            guard !parts.isEmpty else {
                // An empty AND is true, an empty OR false: written as a comparison every dialect takes.
                if case .and = e { emit("1 = 1") } else { emit("1 = 0") }
                return
            }
            let joiner: String
            if case .and = e { joiner = " AND " } else { joiner = " OR " }
            for (i, p) in parts.enumerated() {
                if i > 0 { emit(joiner) }
                try operand(p)
            }
        case .not(let inner):
            emit("NOT ")
            try operand(inner)
        case .isNull(let inner, let negated):
            try operand(inner)
            emit(negated ? " IS NOT NULL" : " IS NULL")
        case .inList(let inner, let items, let negated):
            guard !items.isEmpty else {
                // x IN () is not SQL; it is false (and NOT IN () true).
                emit(negated ? "1 = 1" : "1 = 0")
                return
            }
            try operand(inner)
            emit(negated ? " NOT IN (" : " IN (")
            try list(items) { try $0.expression($1) }
            emit(")")
        case .inSelect(let inner, let select, let negated):
            try operand(inner)
            emit(negated ? " NOT IN (" : " IN (")
            try self.select(select)
            emit(")")
        case .exists(let select):
            emit("EXISTS (")
            try self.select(select)
            emit(")")
        case .asText(let inner):
            try operand(inner)
            if let cast = dialect.textCast { emit(cast) }
        case .rowIdentity(let avoiding, let list):
            guard let names = dialect.rowIdentity.first(where: { $0.allSatisfy { !avoiding.contains($0) } }) else {
                throw SQLCompileError.unsupported("Telling apart rows of a table without a primary key", dialect: dialect.name)
            }
            if names.count > 1 && !list { emit("(") }
            for (i, n) in names.enumerated() {
                if i > 0 { emit(", ") }
                identifier(n)
            }
            if names.count > 1 && !list { emit(")") }
        case .subquery(let select):
            emit("(")
            try self.select(select)
            emit(")")
        case .tuple(let items):
            guard dialect.supportsRowValues || items.count == 1 else {
                throw SQLCompileError.unsupported("Row values", dialect: dialect.name)
            }
            emit("(")
            try list(items) { try $0.expression($1) }
            emit(")")
        case .function(let f, let args):
            emit(f.rawValue + "(")
            try list(args) { try $0.expression($1) }
            emit(")")
        case .countAll:
            emit("count(*)")
        case .currentTimestamp:
            emit("CURRENT_TIMESTAMP")
        case .excluded(let name):
            emit("excluded.")
            identifier(name)
        }
    }

    /// An operand of an operator: compound expressions get parentheses.
    mutating func operand(_ e: SQLExpression) throws {
        switch e {
        case .binary, .and, .or, .not, .isNull, .inList, .inSelect:
            emit("("); try expression(e); emit(")")
        default:
            try expression(e)
        }
    }
}
