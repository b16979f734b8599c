/// What a driver provides: one open connection that runs SQL text with bound values.
///
/// Drivers only connect, execute, convert values, introspect and map native errors into
/// `DatabaseError`. They never build SQL for user data: that is the compiler's job. A driver's
/// connection is deliberately not `Sendable`: the compiler refuses to let two threads touch it,
/// and `AsyncDatabase` is the way to use one from async code.
public protocol DriverConnection: AnyObject {
    var dialect: Dialect { get }
    /// A description for status lines and errors, with any password removed.
    var displayName: String { get }

    /// Runs one statement. `onColumns` is called once before the first row with the result's
    /// column names (also when there are no rows); `onRow` once per row, streaming, so memory
    /// stays flat whatever the result size. Returns the number of rows affected by a write
    /// (0 for a query).
    func run(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
             onRow: ([Value]) throws -> Void) throws -> Int

    /// As `run`, each row handed on as cells (`CellSource`), valid only during the call: a driver
    /// that can hand out its current row without a `Value` per cell (SQLite) does; the default
    /// hands on `run`'s `Value` rows.
    func runCells(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                  onRow: (any CellSource) throws -> Void) throws -> Int

    /// Runs one statement whose rows come in a bounded number (a cursor's `FETCH FORWARD n`), read
    /// as one result rather than row by row; the default is `run`.
    func runWhole(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                  onRow: ([Value]) throws -> Void) throws -> Int

    /// Runs the same statement (a cursor's `FETCH FORWARD count`) again and again until a result
    /// holds fewer than `count` rows, handing on each one's rows, then `onDone(rows)` per run. A
    /// driver that can send the next run before handing on the rows of the one before (PostgreSQL)
    /// lets the server produce them while the caller writes these; the default runs them in turn.
    func runRepeatedly(_ sql: String, whileFull count: Int, onColumns: (Columns) throws -> Void,
                       onRow: ([Value]) throws -> Void, onDone: (Int) -> Void) throws

    /// Whether the connection reads big results through a server-side cursor (`DECLARE`, `FETCH`),
    /// faster than row by row (PostgreSQL); false where stepping one statement is the way (SQLite).
    var prefersCursors: Bool { get }

    /// Runs statements in order as one batch: `onColumns(i, ...)` and `onRow(i, ...)` as `run` does
    /// for statement `i`, then `onDone(i, affected)`. A failure stops the batch (later statements
    /// do not run). A driver that can send the next statement before the rows of the one before are
    /// read (libpq's pipeline mode) overlaps the server's work with the caller's; the default runs
    /// them one by one. `whole` reads each statement's result whole before its rows are handed
    /// over (cheaper per row than streaming them one by one; for catalog queries, whose rows are
    /// all kept anyway).
    func runBatch(_ statements: [CompiledSQL], whole: Bool, onColumns: (Int, Columns) throws -> Void,
                  onRow: (Int, [Value]) throws -> Void, onDone: (Int, Int) -> Void) throws

    /// Whether the connection takes rows through `copyIn` (PostgreSQL's COPY FROM STDIN).
    var copiesIn: Bool { get }

    /// The session's time zone, in which the server reads a timestamptz given without an offset
    /// (PostgreSQL's `TimeZone`, as the server reports it: no statement); nil where there is none.
    var sessionTimeZone: String? { get }

    /// Runs `sql` (a `COPY ... FROM STDIN` built by `SQLCompiler.copyFrom`) and streams the rows
    /// `rows` hands to `put` (each in the statement's column order) as the copy's data, encoded by
    /// the driver; returns the rows the server took. When `rows` throws, the copy is ended with an
    /// error (the server keeps nothing of it; the transaction is then failed) and the error is
    /// rethrown. The default throws: only a driver with `copiesIn` is asked.
    func copyIn(_ sql: String, rows: (_ put: ([Value]) throws -> Void) throws -> Void) throws -> Int

    /// Prepares one statement to be stepped page by page (`RowStepper`); nil when the driver pages
    /// through a server-side cursor instead (the default). Nothing runs until the first `next`.
    func openStepper(_ sql: String, binds: [Value]) throws -> (any RowStepper)?

    /// Reads the catalog into a model registry; every catalog query goes through `database`.
    func introspect(using database: Database) throws -> Registry

    /// A function another thread may call to cancel the statement running now (the statement then
    /// fails with `DatabaseError.Kind.cancelled` and the connection stays usable).
    func makeCanceller() -> @Sendable () -> Void

    /// Limits how long one statement may run (nil: no limit) where the connection enforces it
    /// itself (SQLite); past it the statement fails with `DatabaseError.Kind.timeout`. A dialect
    /// with `localStatementTimeout` leaves this to `Database`, which sets it per transaction.
    func setStatementTimeout(_ seconds: Double?) throws

    /// Why the database refuses writes on this connection (a hot standby, a read-only session or
    /// file), nil when it takes them; any SQL it needs goes through `database`.
    func readOnlyReason(using database: Database) throws -> String?

    /// Opens the connection again with the same settings after it was lost; a driver whose
    /// connection cannot be lost (an SQLite file) does nothing.
    func reconnect() throws

    /// Whether the connection still works, found out without running a statement (a server that
    /// restarted or terminated the backend has closed the socket): the pre-ping before an action.
    var isAlive: Bool { get }

    /// Whether a transaction is open on the connection right now.
    var inTransaction: Bool { get }

    func close()

    /// Tells the driver which columns store values in another form (`Field.storage`), so it reads
    /// them as their kind (SQLite's hex UUIDs come back as `.uuid`). The default ignores it.
    func adoptStoredValues(_ map: StoredValueMap)

    /// The first `bytes` bytes of a stored text (UTF-8) or binary value and its whole size, read
    /// without reading the rest (SQLite's incremental blob I/O on the row `rowid`), or nil where
    /// the driver cannot (the default; a table without rowid, a UTF-16 database). Not a statement:
    /// nothing is compiled from user text.
    func readPrefix(schema: String?, table: String, column: String, rowid: Int64, bytes: Int) -> PrefixRead?
}

/// A stored value's first bytes and its whole size in bytes (`DriverConnection.readPrefix`).
public struct PrefixRead: Sendable, Equatable {
    public var bytes: [UInt8]
    public var size: Int
    public init(bytes: [UInt8], size: Int) {
        self.bytes = bytes
        self.size = size
    }
}

extension DriverConnection {
    public func readPrefix(schema: String?, table: String, column: String, rowid: Int64, bytes: Int) -> PrefixRead? { nil }
    public func runWhole(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                         onRow: ([Value]) throws -> Void) throws -> Int {
        try run(sql, binds: binds, onColumns: onColumns, onRow: onRow)
    }
    public func runCells(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                         onRow: (any CellSource) throws -> Void) throws -> Int {
        try run(sql, binds: binds, onColumns: onColumns, onRow: { try onRow($0) })
    }
    public var prefersCursors: Bool { false }
    public func runRepeatedly(_ sql: String, whileFull count: Int, onColumns: (Columns) throws -> Void,
                              onRow: ([Value]) throws -> Void, onDone: (Int) -> Void) throws {
        while true {
            var n = 0
            _ = try runWhole(sql, binds: [], onColumns: onColumns, onRow: { n += 1; try onRow($0) })
            onDone(n)
            if n < count { return }
        }
    }
    public var copiesIn: Bool { false }
    public var sessionTimeZone: String? { nil }
    public func copyIn(_ sql: String, rows: (_ put: ([Value]) throws -> Void) throws -> Void) throws -> Int {
        throw DatabaseError(kind: .other, message: "this connection cannot COPY rows in", sql: sql)
    }
    public func reconnect() throws {}
    public func adoptStoredValues(_ map: StoredValueMap) {}
    public var isAlive: Bool { true }
    public func runBatch(_ statements: [CompiledSQL], whole: Bool, onColumns: (Int, Columns) throws -> Void,
                         onRow: (Int, [Value]) throws -> Void, onDone: (Int, Int) -> Void) throws {
        try runEachInTurn(statements, onColumns: onColumns, onRow: onRow, onDone: onDone)
    }

    /// A batch run one statement after the other (the default, and a pipelining driver's fallback).
    public func runEachInTurn(_ statements: [CompiledSQL], onColumns: (Int, Columns) throws -> Void,
                              onRow: (Int, [Value]) throws -> Void, onDone: (Int, Int) -> Void) throws {
        for (i, s) in statements.enumerated() {
            let affected = try run(s.sql, binds: s.binds, onColumns: { try onColumns(i, $0) }, onRow: { try onRow(i, $0) })
            onDone(i, affected)
        }
    }
}
