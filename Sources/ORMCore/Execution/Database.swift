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
    /// Read-only mode and the statement time limit: settings of each transaction, never of the
    /// session, so nothing stays behind on a pooled server connection.
    public private(set) var settings = TransactionSettings()
    /// How deep `withAction` calls are nested (the outermost one ends the settings transaction).
    private var actionDepth = 0
    /// A transaction begun only to carry `settings` for an action's reads.
    var settingsTransactionOpen = false
    /// What the next logged statements stand for (`standingFor`), BEGIN and COMMIT aside.
    private var standIns: ArraySlice<CompiledSQL> = []

    public var dialect: Dialect { connection.dialect }

    /// Set when a statement typed by the user changed the schema (CREATE, ALTER, DROP...): the
    /// model registry read before it may be out of date. `Session.replaceRegistry` clears it.
    public var registryStale = false
    /// The typed statement's result still open (`openTyped`): the next typed statement closes it
    /// first, so a cursor's read-only transaction never holds the statements after it.
    weak var openTypedResult: TypedResult?

    public init(_ connection: any DriverConnection, log: QueryLog = QueryLog()) {
        self.connection = connection
        self.log = log
    }

    /// Runs `body` with every statement recorded under `action`; the previous action is restored after.
    ///
    /// The outermost action is also the scope of the settings transaction: when read-only mode
    /// or a time limit needs one (PostgreSQL), the action's first read outside a transaction
    /// begins it and the action's end commits it (rolls it back when `body` throws):
    /// ```sql
    /// BEGIN READ ONLY
    /// SET LOCAL statement_timeout = 1000
    /// SELECT * FROM "hero" ORDER BY "id" LIMIT 50
    /// COMMIT
    /// ```
    public func withAction<T>(_ action: String, _ body: () throws -> T) throws -> T {
        let previous = self.action
        self.action = action
        actionDepth += 1
        defer {
            actionDepth -= 1
            self.action = previous
        }
        let result: T
        do {
            result = try body()
        } catch {
            if actionDepth == 1 { try? endSettingsTransaction(commit: false) }
            throw error
        }
        if actionDepth == 1 { try endSettingsTransaction(commit: true) }
        return result
    }

    /// Runs `body`, whose statements stand, in order, for `statements` (`StatementEvent.standsFor`):
    /// one each, the first statements `body` logs (a BEGIN or COMMIT aside).
    public func standingFor<T>(_ statements: [CompiledSQL], _ body: () throws -> T) rethrows -> T {
        let previous = standIns
        standIns = statements[...]
        defer { standIns = previous }
        return try body()
    }

    /// Names the action the following statements belong to, until the next call.
    public func setAction(_ action: String) { self.action = action }

    // MARK: Compiled statements

    /// Compiles a statement for this connection's dialect.
    public func compile(_ statement: Statement) throws -> CompiledSQL {
        try SQLCompiler.compile(storedValues.isEmpty ? statement : statement.storingValues(storedValues), dialect: dialect)
    }

    /// The application's own models (a models file), applied by every `introspect()`.
    public var appModels: AppModels?
    /// Whether `introspect()` adds the foreign keys the names say and the catalog lacks
    /// (`NamedKeys`: `--infer-keys`, `infer_keys = true`).
    public var infersKeysFromNames = false

    /// The registry the last `introspect()` read from the catalog, before `appModels` applied: what
    /// `drift()` compares the models with.
    public private(set) var liveRegistry: Registry?

    /// Every difference between `appModels` and the schema the last `introspect()` read
    /// (`Drift.compare`); nil without a models file or before a read. Computed when asked.
    public func drift() -> [DriftDifference]? {
        guard let appModels, let liveRegistry else { return nil }
        return Drift.compare(appModels, liveRegistry)
    }

    /// Columns whose values are stored in another form (SQLite hex UUIDs): set from the registry by
    /// `introspect()` and by a session given a registry, and applied by `compile`.
    public var storedValues = StoredValueMap() {
        didSet { if storedValues != oldValue { connection.adoptStoredValues(storedValues) } }
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

    /// Streams the rows of a statement as cells (`CellSource`, valid only during `body`): on
    /// SQLite the statement's current row itself, no `Value` per cell; elsewhere each row's
    /// values. `onColumns` comes before the first row. With `cursor`, as `forEachRow(cursor:)`
    /// (PostgreSQL's cursor, in FETCHes of 10,000 rows).
    public func forEachCells(_ statement: Statement, cursor: Bool = false, cause: StatementCause = .query,
                             onColumns: (Columns) -> Void, _ body: (any CellSource) throws -> Void) throws {
        if cursor && connection.prefersCursors {
            var columns: Columns?
            return try forEachRow(cursor: statement, cause: cause) { row in
                if row.columns !== columns { columns = row.columns; onColumns(row.columns) }
                try body(row.values)
            }
        }
        let compiled = try compile(statement)
        _ = try withSettings(cause: cause) {
            try logged(compiled, cause: cause) { counted in
                try connection.runCells(compiled.sql, binds: compiled.binds, onColumns: onColumns, onRow: { cells in
                    counted()
                    try body(cells)
                })
            }
        }
    }

    /// Streams every row of a query of any size in flat memory. Where the connection prefers it
    /// (PostgreSQL) through a server-side cursor inside a transaction (a savepoint inside an open
    /// one; the action's settings apply), fetched `fetch` rows at a time: one result per FETCH
    /// rather than one per row, and safe behind a transaction pooler (the cursor lives and dies in
    /// the transaction); each FETCH is sent before the rows of the one before are handed on
    /// (`DriverConnection.runRepeatedly`), so the server reads the next 10,000 while these are
    /// written. Elsewhere (SQLite) the statement is stepped, as `forEachRow` does.
    /// ```sql
    /// BEGIN
    /// DECLARE "ormscope_cursor_7" NO SCROLL CURSOR FOR SELECT * FROM "hero" ORDER BY "id" ASC
    /// FETCH FORWARD 10000 FROM "ormscope_cursor_7"   -- until a FETCH returns fewer rows
    /// CLOSE "ormscope_cursor_7"
    /// COMMIT
    /// ```
    public func forEachRow(cursor statement: Statement, fetch: Int = 10_000, cause: StatementCause = .query,
                           _ body: (Row) throws -> Void) throws {
        guard connection.prefersCursors else { return try forEachRow(statement, cause: cause, body) }
        let compiled = try compile(statement)
        let name = dialect.quote("ormscope_cursor_\(log.totalCount)")
        try transaction {
            _ = try run(CompiledSQL("DECLARE \(name) NO SCROLL CURSOR FOR " + compiled.sql, compiled.binds), cause: cause) { _ in }
            // Each FETCH is logged as its own statement, its time from the end of the one before.
            let fetchSQL = CompiledSQL("FETCH FORWARD \(max(1, fetch)) FROM \(name)")
            try withSettings(cause: cause) {
                var columns = Columns([])
                var count = 0
                try logging({ _ in (fetchSQL, cause) }, count: nil, rowsSoFar: { count }) { done in
                    var fetched = 0
                    try connection.runRepeatedly(fetchSQL.sql, whileFull: max(1, fetch), onColumns: { columns = $0 },
                                                 onRow: { count += 1; try body(Row(columns: columns, values: $0)) },
                                                 onDone: { n in
                                                     done(fetched, n)
                                                     fetched += 1
                                                     count = 0
                                                 })
                }
            }
            _ = try run(CompiledSQL("CLOSE \(name)"), cause: cause) { _ in }
        }
    }

    /// Whether rows can be copied in (`copyIn`): PostgreSQL's COPY FROM STDIN.
    public var copiesIn: Bool { connection.copiesIn }
    /// The session's time zone (PostgreSQL's `TimeZone`), nil on SQLite (`DriverConnection.sessionTimeZone`).
    public var sessionTimeZone: String? { connection.sessionTimeZone }

    /// Writes the rows `rows` hands to `put` (values in `columns` order) into `table` by one
    /// COPY, logged as one statement (its values redacted: they are the caller's data). A throw
    /// from `rows` ends the copy with nothing kept and is rethrown; run it inside a transaction so
    /// the failed statement takes the rest with it. Returns the rows written.
    /// ```sql
    /// COPY "hero" ("id", "name", "age") FROM STDIN
    /// ```
    public func copyIn(_ table: TableRef, columns: [String], cause: StatementCause,
                       _ rows: (_ put: ([Value]) throws -> Void) throws -> Void) throws -> Int {
        let compiled = try SQLCompiler.copyFrom(table, columns: columns, dialect: dialect)
        return try withSettings(cause: cause) {
            let start = DispatchTime.now().uptimeNanoseconds
            var written = 0
            var failure: (any Error)?
            do {
                written = try connection.copyIn(compiled.sql, rows: rows)
            } catch var e as DatabaseError {
                if e.sql == nil { e.sql = compiled.sql }
                failure = e
            } catch {
                failure = error
            }
            let redacted = log.redactParams
            log.redactParams = true
            record(compiled, cause: cause, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, rows: written, failure: failure)
            log.redactParams = redacted
            if let failure { throw failure }
            return written
        }
    }

    /// Runs a write; returns the rows affected (or returned, with RETURNING).
    @discardableResult
    public func execute(_ statement: Statement, cause: StatementCause = .query) throws -> Int {
        try run(compile(statement), cause: cause) { _ in }
    }

    /// The rows of several fixed statements (catalog queries) run as one batch, each with its
    /// statement's index, as `forEachRow(batch:)` runs them: on PostgreSQL the server reads the next
    /// catalog while the caller builds from these. Each result is read whole before its rows are
    /// handed over (they are all kept anyway); each statement is logged on its own.
    public func forEachRow(batch: [CompiledSQL], cause: StatementCause, _ body: (Int, Row) throws -> Void) throws {
        try withSettings(cause: cause) { try runBatch(batch, batch.map { _ in cause }, whole: true, body) }
    }

    /// Streams the rows of several statements run as one batch, each with its index. On
    /// PostgreSQL each statement is sent before the rows of the one before are read, so the
    /// server works on the next while the caller handles these (selectin's chunks). Each is
    /// logged as its own statement; its time runs from the end of the one before to its own end,
    /// so the times add up to the batch's.
    public func forEachRow(batch: [(statement: Statement, cause: StatementCause)], _ body: (Int, Row) throws -> Void) throws {
        let compiled = try batch.map { try compile($0.statement) }
        try withSettings(cause: .query) { try runBatch(compiled, batch.map(\.cause), whole: false, body) }
    }

    private func runBatch(_ compiled: [CompiledSQL], _ causes: [StatementCause], whole: Bool, _ body: (Int, Row) throws -> Void) throws {
        var columns = Columns([])
        var count = 0
        try logging({ (compiled[$0], causes[$0]) }, count: compiled.count, rowsSoFar: { count }) { done in
            try connection.runBatch(compiled, whole: whole, onColumns: { _, c in columns = c },
                                    onRow: { i, values in
                                        count += 1
                                        try body(i, Row(columns: columns, values: values))
                                    },
                                    onDone: { i, affected in
                                        done(i, count > 0 ? count : affected)
                                        count = 0
                                    })
        }
    }

    /// Fixed statements (a driver's catalog queries) run by the driver's own reader, which hands
    /// its rows to its own code without a `Value` per cell: `read` runs them and calls `done(i,
    /// rows)` as statement `i` ends. Each is logged and counted as `forEachRow(batch:)` logs it.
    public func logged(batch: [CompiledSQL], cause: StatementCause, _ read: (_ done: (Int, Int) -> Void) throws -> Void) throws {
        try withSettings(cause: cause) { try logging({ (batch[$0], cause) }, count: batch.count, rowsSoFar: { 0 }, read) }
    }

    /// Logs each statement of a batch (`count` of them; nil: as many as `run` says, the FETCHes of
    /// a cursor) as it ends, its time from the end of the one before, and the one that failed with
    /// its error and the rows it had given. `statement(i)` is the i-th statement and its cause.
    private func logging(_ statement: @escaping (Int) -> (CompiledSQL, StatementCause), count: Int?, rowsSoFar: () -> Int,
                         _ run: (_ done: (Int, Int) -> Void) throws -> Void) throws {
        var mark = DispatchTime.now().uptimeNanoseconds
        var done = 0
        func elapsed() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { mark = now }
            return Double(now - mark) / 1e9
        }
        do {
            try run { i, rows in
                let (sql, cause) = statement(i)
                record(sql, cause: cause, seconds: elapsed(), rows: rows, failure: nil)
                done = i + 1
            }
        } catch {
            guard count.map({ done < $0 }) ?? true else { throw error }
            let (sql, cause) = statement(done)
            var failure = error
            if var e = error as? DatabaseError, e.sql == nil {
                e.sql = sql.sql
                failure = e
            }
            record(sql, cause: cause, seconds: elapsed(), rows: rowsSoFar(), failure: failure)
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
    func run(_ compiled: CompiledSQL, cause: StatementCause, onColumns: ((Columns) -> Void)? = nil, _ body: (Row) throws -> Void) throws -> Int {
        try withSettings(cause: cause) { try runLogged(compiled, cause: cause, onColumns: onColumns, body) }
    }

    func runLogged(_ compiled: CompiledSQL, cause: StatementCause, onColumns: ((Columns) -> Void)? = nil,
                   _ body: (Row) throws -> Void) throws -> Int {
        try logged(compiled, cause: cause) { counted in
            var columns = Columns([])
            return try connection.run(compiled.sql, binds: compiled.binds, onColumns: { columns = $0; onColumns?($0) }, onRow: { values in
                counted()
                try body(Row(columns: columns, values: values))
            })
        }
    }

    /// Times `run` (which calls `counted` once per row and returns the rows affected) and records
    /// the statement, failed or not; returns the rows read, or affected when none were.
    private func logged(_ compiled: CompiledSQL, cause: StatementCause, _ run: (_ counted: () -> Void) throws -> Int) throws -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        var count = 0
        var affected = 0
        var failure: (any Error)?
        do {
            affected = try run({ count += 1 })
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

    /// Logs a statement a driver ran on a connection of its own (SQLite's catalog, read in part on
    /// a second connection at the same time), with its time and rows, as if it had run here.
    public func logged(_ compiled: CompiledSQL, cause: StatementCause, seconds: Double, rows: Int) {
        record(compiled, cause: cause, seconds: seconds, rows: rows, failure: nil)
    }

    /// The log entry of one statement, run or failed.
    func record(_ compiled: CompiledSQL, cause: StatementCause, seconds: Double, rows: Int, failure: (any Error)?) {
        let redact = log.redactParams
        log.record(StatementEvent(
            sequence: log.nextSequence(), sql: compiled.sql, params: redact ? [] : compiled.binds,
            paramsRedacted: redact, duration: seconds, rows: rows,
            action: action, cause: cause,
            error: failure.map { ($0 as? any UserFacingError)?.sentence ?? "\($0)" }, standsFor: cause == .transaction ? nil : standIns.popFirst()))
    }

    // MARK: Transactions

    /// Whether a transaction is open on the connection right now (the connection's own word).
    public var inTransaction: Bool { connection.inTransaction }

    /// Begins a transaction carrying the settings: read-only and the time limit where the
    /// dialect has them per transaction.
    /// ```sql
    /// BEGIN                               -- BEGIN READ ONLY in read-only mode (PostgreSQL)
    /// SET LOCAL statement_timeout = 1000  -- with a time limit (PostgreSQL)
    /// ```
    /// `readOnly` asks for `BEGIN READ ONLY` whatever the mode (a cursor over a typed read).
    public func beginTransaction(readOnly: Bool = false) throws {
        try execute(.transaction(settings.readOnly || readOnly ? .beginReadOnly : .begin), cause: .transaction)
        if let ms = settings.timeoutMilliseconds, dialect.localStatementTimeout {
            do { try execute(.transaction(.setLocalTimeout(milliseconds: ms)), cause: .transaction) }
            catch { if inTransaction { _ = try? rollback() }; throw error }
        }
    }

    /// Commits. A COMMIT that fails ends the transaction too: PostgreSQL has rolled it back
    /// already; SQLite keeps it open (a deferred foreign key, a lock) and it is rolled back here,
    /// so no transaction outlives a failed commit on either backend.
    /// ```sql
    /// COMMIT      -- and on failure, where the transaction is still open: ROLLBACK
    /// ```
    public func commit() throws {
        settingsTransactionOpen = false
        if held { return }  // the holder commits (`commitHeld`)
        do { try execute(.transaction(.commit), cause: .transaction) }
        catch {
            if inTransaction { _ = try? rollback() }
            throw error
        }
    }

    public func rollback() throws {
        settingsTransactionOpen = false
        held = false
        try execute(.transaction(.rollback), cause: .transaction)
    }

    // MARK: A transaction held across actions (the shell's --transaction)

    /// Whether a transaction is held open across actions: `commit()` then leaves it open (the work
    /// of each command stays in it), and `rollback()` ends it (a command that fails whole).
    public private(set) var held = false

    /// Begins the held transaction: every command's writes go into it (under savepoints) until
    /// `commitHeld` or `rollbackHeld`.
    /// ```sql
    /// BEGIN
    /// ```
    public func holdTransaction() throws {
        try beginTransaction()
        held = true
    }

    /// Commits the held transaction (and holds no more).
    /// ```sql
    /// COMMIT
    /// ```
    public func commitHeld() throws {
        held = false
        try commit()
    }

    /// Rolls the held transaction back, when it is still open (and holds no more).
    /// ```sql
    /// ROLLBACK
    /// ```
    public func rollbackHeld() throws {
        held = false
        if inTransaction { try rollback() }
    }

    /// Read-only mode and the time limit. On PostgreSQL they are settings of each transaction
    /// (`BEGIN READ ONLY`, `SET LOCAL statement_timeout`), so they are safe behind a transaction
    /// pooler; SQLite's connection enforces them itself (a read-only open, a progress handler).
    /// A new time limit applies at once, also inside an open transaction:
    /// ```sql
    /// SET LOCAL statement_timeout = 300   -- 0 when the limit is lifted
    /// ```
    public func configure(_ settings: TransactionSettings) throws {
        let timeoutChanged = settings.timeout != self.settings.timeout
        self.settings = settings
        try connection.setStatementTimeout(settings.timeout)
        if timeoutChanged, inTransaction, dialect.localStatementTimeout {
            try execute(.transaction(.setLocalTimeout(milliseconds: settings.timeoutMilliseconds ?? 0)), cause: .transaction)
        }
    }

    /// Limits how long one statement may run (nil: no limit).
    public func setStatementTimeout(_ seconds: Double?) throws {
        var s = settings
        s.timeout = seconds
        try configure(s)
    }

    /// Whether reads need a transaction to carry the settings (PostgreSQL with read-only mode or
    /// a time limit).
    var settingsNeedTransaction: Bool {
        (settings.readOnly && dialect.readOnlyTransactions) || (settings.timeout != nil && dialect.localStatementTimeout)
    }

    /// Runs a statement inside a transaction carrying the settings when they need one and none is
    /// open: for the rest of the action inside `withAction`, else for this statement alone.
    private func withSettings<T>(cause: StatementCause, _ body: () throws -> T) throws -> T {
        guard settingsNeedTransaction, cause != .transaction, !connection.inTransaction else { return try body() }
        try beginTransaction()
        if actionDepth > 0 {
            settingsTransactionOpen = true
            return try body()
        }
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            if inTransaction { _ = try? rollback() }
            throw error
        }
    }

    /// Ends the settings transaction of the action that just ended, if one is open.
    private func endSettingsTransaction(commit: Bool) throws {
        guard settingsTransactionOpen else { return }
        settingsTransactionOpen = false
        guard inTransaction else { return }
        if commit { try self.commit() } else { try rollback() }
    }

    /// A write about to begin its own transaction takes over the action's settings transaction
    /// instead (it is then the write's to commit or roll back); true when there was one.
    public func adoptSettingsTransaction() -> Bool {
        guard settingsTransactionOpen, inTransaction else { return false }
        settingsTransactionOpen = false
        return true
    }

    /// Opens the connection again after it was lost (a server restart, a terminated backend):
    /// whatever transaction was open is gone with the old connection.
    public func reconnect() throws {
        settingsTransactionOpen = false
        try connection.reconnect()
    }

    /// Whether the connection still works, asked without a statement (see `DriverConnection.isAlive`).
    public var isAlive: Bool { connection.isAlive }

    /// Runs `body` in a transaction (or a savepoint when one is already open): committed when it
    /// returns, rolled back when it throws, so nothing is half-written.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let adopted = adoptSettingsTransaction()
        if inTransaction && !adopted {
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
        if !adopted { try beginTransaction() }
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            if inTransaction { try? rollback() }
            throw error
        }
    }

    /// Why the database itself refuses writes, asked of the server or file (a hot standby, a
    /// session whose `default_transaction_read_only` is on, a file opened read-only); nil when
    /// it takes them.
    public func serverReadOnlyReason() throws -> String? { try connection.readOnlyReason(using: self) }

    /// A function any thread may call to cancel the statement running now.
    public func makeCanceller() -> @Sendable () -> Void { connection.makeCanceller() }

    /// Reads the schema into a registry (statements recorded with cause `introspection`), under
    /// the current action name and in one settings transaction when one is needed.
    ///
    /// With `appModels` set (`--models FILE`), the registry carries the application's relationships
    /// (`Registry.applying`); a file the live schema contradicts throws and nothing of it applies.
    public func introspect() throws -> Registry {
        let catalog = try withAction(action) { try connection.introspect(using: self) }
        liveRegistry = appModels == nil ? nil : catalog  // (drift compares with the catalog, never with a guess)
        let live = infersKeysFromNames ? catalog.inferringKeysFromNames() : catalog
        let registry = try appModels.map { app in try withAction(action) { try resolvingGenericRelations(try live.applying(app)) } } ?? live
        storedValues = StoredValueMap(registry)
        return registry
    }

    public func close() { connection.close() }
}

/// Read-only mode and the statement time limit, as `Database.configure` applies them.
public struct TransactionSettings: Sendable, Equatable {
    /// Why writes are refused (`--read-only`, a hot standby, a read-only file); nil: they are not.
    public var readOnlyReason: String?
    /// Seconds one statement may run; nil: no limit.
    public var timeout: Double?

    public init(readOnlyReason: String? = nil, timeout: Double? = nil) {
        self.readOnlyReason = readOnlyReason
        self.timeout = timeout
    }

    public var readOnly: Bool { readOnlyReason != nil }
    /// The longest limit PostgreSQL takes: 2,147,483,647 ms.
    public static let longestTimeout = 2_147_483.0
    var timeoutMilliseconds: Int? { timeout.map { max(1, Int((min($0, Self.longestTimeout) * 1000).rounded())) } }
}
