/// Any statement the compiler turns into SQL text and bound values.
public enum Statement: Sendable, Hashable {
    case select(Select)
    case insert(Insert)
    case update(Update)
    case delete(Delete)
    case transaction(TransactionCommand)
}

/// BEGIN, COMMIT, ROLLBACK and savepoints.
public enum TransactionCommand: Sendable, Hashable {
    case begin, commit, rollback
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
