/// Compiles statements into SQL text and bound values for one dialect.
///
/// A pure function of `(statement, dialect)`: values are always bound, identifiers always quoted,
/// and what the dialect cannot express throws `SQLCompileError` instead of emitting nothing.
public struct SQLCompiler {
    public let dialect: Dialect
    private(set) var sql = ""
    private var binds: [Value] = []

    public init(dialect: Dialect) { self.dialect = dialect }

    /// Compiles one statement.
    public static func compile(_ statement: Statement, dialect: Dialect) throws -> CompiledSQL {
        var c = SQLCompiler(dialect: dialect)
        switch statement {
        case .select(let s): try c.select(s)
        case .insert(let i): try c.insert(i)
        case .update(let u): try c.update(u)
        case .delete(let d): try c.delete(d)
        case .transaction(let t): try c.transaction(t)
        }
        return CompiledSQL(c.sql, c.binds)
    }

    // MARK: Text and values

    mutating func emit(_ text: String) { sql += text }

    mutating func bind(_ v: Value) {
        var value = v
        if !dialect.nativeBooleans, case .bool(let b) = v { value = .int(b ? 1 : 0) }
        binds.append(value)
        sql += dialect.placeholder(binds.count)
    }

    mutating func identifier(_ name: String) { sql += dialect.quote(name) }

    mutating func table(_ t: TableRef) {
        if let schema = t.schema { identifier(schema); emit(".") }
        identifier(t.name)
        if let alias = t.alias { emit(" AS "); identifier(alias) }
    }

    mutating func list<T>(_ items: [T], _ body: (inout SQLCompiler, T) throws -> Void) rethrows {
        for (i, item) in items.enumerated() {
            if i > 0 { emit(", ") }
            try body(&self, item)
        }
    }

    mutating func returning(_ r: Returning) throws {
        switch r {
        case .none: return
        case .all, .columns:
            guard dialect.supportsReturning else {
                throw SQLCompileError.unsupported("RETURNING", dialect: dialect.name)
            }
            emit(" RETURNING ")
            if case .columns(let cols) = r { list(cols) { $0.identifier($1) } } else { emit("*") }
        case .allAndInsertedFlag:
            guard dialect.supportsReturning, let flag = dialect.insertedFlag else {
                throw SQLCompileError.unsupported("RETURNING whether a row was inserted", dialect: dialect.name)
            }
            emit(" RETURNING *, \(flag) AS ")
            identifier(Returning.insertedColumn)
        }
    }

    mutating func transaction(_ t: TransactionCommand) throws {
        switch t {
        case .begin: emit("BEGIN")
        case .beginReadOnly: emit(dialect.readOnlyTransactions ? "BEGIN READ ONLY" : "BEGIN")
        case .setLocalTimeout(let ms):
            guard dialect.localStatementTimeout else { throw SQLCompileError.unsupported("SET LOCAL statement_timeout", dialect: dialect.name) }
            emit("SET LOCAL statement_timeout = \(max(0, ms))")
        case .commit: emit("COMMIT")
        case .rollback: emit("ROLLBACK")
        case .savepoint(let n): emit("SAVEPOINT "); identifier(n)
        case .releaseSavepoint(let n): emit("RELEASE SAVEPOINT "); identifier(n)
        case .rollbackToSavepoint(let n): emit("ROLLBACK TO SAVEPOINT "); identifier(n)
        }
    }
}

/// What a dialect cannot express, or a statement that is not well-formed.
public enum SQLCompileError: UserFacingError, Equatable {
    case unsupported(String, dialect: String)
    case invalid(String)

    public var sentence: String {
        switch self {
        case .unsupported(let what, let d): return "\(what) is not available in the \(d) dialect."
        case .invalid(let why): return "The statement is not valid: \(why)."
        }
    }
}
