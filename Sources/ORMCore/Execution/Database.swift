import Foundation

/// A connection together with its dialect and query log: the one choke point every statement
/// passes through.
///
/// Each statement, compiled or raw, successful or failed, becomes one `StatementEvent` in `log`
/// with its SQL, bound values, duration, row count, the current action and its cause. Nothing
/// counts queries any other way.
///
/// ```swift
/// let db = Database(try SQLiteConnection(path: "demo.sqlite"))
/// let heroes = try db.withAction("open hero, page 1") {
///     try db.fetchAll(.select(Select(from: TableRef("hero")).limit(50)))
/// }
/// // SELECT * FROM "hero" LIMIT 50
/// db.log.count(for: "open hero, page 1") // 1
/// ```
public final class Database {
    public let connection: any DriverConnection
    public let log: QueryLog
    /// The named action statements are recorded under.
    public private(set) var action: String = "(none)"

    public var dialect: Dialect { connection.dialect }

    public init(_ connection: any DriverConnection, log: QueryLog = QueryLog()) {
        self.connection = connection
        self.log = log
    }

    /// Runs `body` with every statement recorded under `action`; the previous action is restored after.
    public func withAction<T>(_ action: String, _ body: () throws -> T) rethrows -> T {
        let previous = self.action
        self.action = action
        defer { self.action = previous }
        return try body()
    }

    /// Names the action the following statements belong to, until the next call.
    public func setAction(_ action: String) { self.action = action }

    // MARK: Compiled statements

    /// Compiles a statement for this connection's dialect.
    public func compile(_ statement: Statement) throws -> CompiledSQL {
        try SQLCompiler.compile(statement, dialect: dialect)
    }

    /// All rows of a statement.
    public func fetchAll(_ statement: Statement, cause: StatementCause = .query) throws -> [Row] {
        try fetchAll(compile(statement), cause: cause)
    }

    /// The first row, or `nil`.
    public func fetchOne(_ statement: Statement, cause: StatementCause = .query) throws -> Row? {
        try fetchAll(statement, cause: cause).first
    }

    /// Streams the rows of a statement without keeping them.
    public func forEachRow(_ statement: Statement, cause: StatementCause = .query, _ body: (Row) throws -> Void) throws {
        _ = try run(compile(statement), cause: cause, body)
    }

    /// Runs a write; returns the rows affected (or returned, with RETURNING).
    @discardableResult
    public func execute(_ statement: Statement, cause: StatementCause = .query) throws -> Int {
        try run(compile(statement), cause: cause) { _ in }
    }

    /// Streams the rows of several statements run as one batch, each with its index. On
    /// PostgreSQL each statement is sent before the rows of the one before are read, so the
    /// server works on the next while the caller handles these (selectin's chunks). Each is
    /// logged as its own statement; its time runs from the end of the one before to its own end,
    /// so the times add up to the batch's.
    public func forEachRow(batch: [(statement: Statement, cause: StatementCause)], _ body: (Int, Row) throws -> Void) throws {
        let compiled = try batch.map { try compile($0.statement) }
        var mark = DispatchTime.now().uptimeNanoseconds
        var columns = Columns([])
        var count = 0
        var done = 0
        func elapsed() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { mark = now }
            return Double(now - mark) / 1e9
        }
        do {
            try connection.runBatch(compiled, onColumns: { _, c in columns = c },
                                    onRow: { i, values in
                                        count += 1
                                        try body(i, Row(columns: columns, values: values))
                                    },
                                    onDone: { i, affected in
                                        record(compiled[i], cause: batch[i].cause, seconds: elapsed(), rows: count > 0 ? count : affected, failure: nil)
                                        count = 0
                                        done = i + 1
                                    })
        } catch {
            guard done < compiled.count else { throw error }
            var failure = error
            if var e = error as? DatabaseError, e.sql == nil {
                e.sql = compiled[done].sql
                failure = e
            }
            record(compiled[done], cause: batch[done].cause, seconds: elapsed(), rows: count, failure: failure)
            throw failure
        }
    }

    // MARK: SQL text (scripts, DDL, catalog queries)

    /// All rows of SQL text with bound values: for catalog queries and scripts, still logged and counted.
    public func fetchAll(_ compiled: CompiledSQL, cause: StatementCause = .query) throws -> [Row] {
        var rows: [Row] = []
        _ = try run(compiled, cause: cause) { rows.append($0) }
        return rows
    }

    /// Runs SQL text (DDL, a script line); returns rows affected.
    @discardableResult
    public func execute(sql: String, _ binds: [Value] = [], cause: StatementCause = .script) throws -> Int {
        try run(CompiledSQL(sql, binds), cause: cause) { _ in }
    }

    // MARK: The choke point

    /// Runs one statement, recording it in the log whatever happens. Everything above calls this
    /// (and `forEachRow(batch:)`, which records each statement of a batch the same way).
    private func run(_ compiled: CompiledSQL, cause: StatementCause, _ body: (Row) throws -> Void) throws -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        var count = 0
        var affected = 0
        var failure: (any Error)?
        do {
            var columns = Columns([])
            affected = try connection.run(compiled.sql, binds: compiled.binds,
                                          onColumns: { columns = $0 },
                                          onRow: { values in
                                              count += 1
                                              try body(Row(columns: columns, values: values))
                                          })
        } catch var e as DatabaseError {
            if e.sql == nil { e.sql = compiled.sql }
            failure = e
        } catch {
            failure = error
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        record(compiled, cause: cause, seconds: seconds, rows: count > 0 ? count : affected, failure: failure)
        if let failure { throw failure }
        return count > 0 ? count : affected
    }

    /// The log entry of one statement, run or failed.
    private func record(_ compiled: CompiledSQL, cause: StatementCause, seconds: Double, rows: Int, failure: (any Error)?) {
        let redact = log.redactParams
        log.record(StatementEvent(
            sequence: log.nextSequence(), sql: compiled.sql, params: redact ? [] : compiled.binds,
            paramsRedacted: redact, duration: seconds, rows: rows,
            action: action, cause: cause,
            error: failure.map { ($0 as? any UserFacingError)?.sentence ?? "\($0)" }))
    }

    // MARK: Transactions

    public var inTransaction: Bool { connection.inTransaction }

    public func beginTransaction() throws { try execute(.transaction(.begin), cause: .transaction) }
    public func commit() throws { try execute(.transaction(.commit), cause: .transaction) }
    public func rollback() throws { try execute(.transaction(.rollback), cause: .transaction) }

    /// Runs `body` in a transaction (or a savepoint when one is already open): committed when it
    /// returns, rolled back when it throws, so nothing is half-written.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if inTransaction {
            let name = "ormscope_sp\(log.totalCount)"
            try execute(.transaction(.savepoint(name)), cause: .transaction)
            do {
                let result = try body()
                try execute(.transaction(.releaseSavepoint(name)), cause: .transaction)
                return result
            } catch {
                _ = try? execute(.transaction(.rollbackToSavepoint(name)), cause: .transaction)
                _ = try? execute(.transaction(.releaseSavepoint(name)), cause: .transaction)
                throw error
            }
        }
        try beginTransaction()
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            if inTransaction { try? rollback() }
            throw error
        }
    }

    /// A function any thread may call to cancel the statement running now.
    public func makeCanceller() -> @Sendable () -> Void { connection.makeCanceller() }

    /// Limits how long one statement may run (nil: no limit).
    public func setStatementTimeout(_ seconds: Double?) throws { try connection.setStatementTimeout(seconds, using: self) }

    /// Reads the schema into a registry (statements recorded with cause `introspection`).
    public func introspect() throws -> Registry { try connection.introspect(using: self) }

    public func close() { connection.close() }
}
