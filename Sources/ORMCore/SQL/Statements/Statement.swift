/// Any statement the compiler turns into SQL text and bound values.
public enum Statement: Sendable, Hashable {
    case select(Select)
    case insert(Insert)
    case update(Update)
    case delete(Delete)
    case transaction(TransactionCommand)
}

/// BEGIN, COMMIT, ROLLBACK, savepoints, and the settings that last one transaction.
public enum TransactionCommand: Sendable, Hashable {
    case begin, commit, rollback
    /// `BEGIN READ ONLY` (PostgreSQL); plain `BEGIN` where the dialect has no read-only
    /// transactions (SQLite, whose file is opened read-only instead).
    case beginReadOnly
    /// `SET LOCAL statement_timeout = 1000`: a time limit that ends with the transaction (0: none).
    case setLocalTimeout(milliseconds: Int)
    case savepoint(String), releaseSavepoint(String), rollbackToSavepoint(String)
}

/// SQL text with its bound values, ready for a driver.
public struct CompiledSQL: Sendable, Hashable {
    public var sql: String
    public var binds: [Value]
    public init(_ sql: String, _ binds: [Value] = []) {
        self.sql = sql
        self.binds = binds
    }
}
