import CSQLite
import Foundation
import ORMCore

/// A connection to an SQLite database file (or `:memory:`) through SQLite's C API.
///
/// Every connection enforces foreign keys (`sqlite3_db_config(SQLITE_DBCONFIG_ENABLE_FKEY)`, checked) and waits up to
/// `busyTimeout` for a lock (in 10 ms steps, so a cancel ends the wait). Nothing else about the
/// database's semantics is changed: LIKE keeps SQLite's own rules (case-insensitive for ASCII), so a
/// statement copied from the SQL pane returns the same rows in any other connection to the file.
/// Not `Sendable`: one thread at a time, checked by the compiler.
public final class SQLiteConnection: DriverConnection {
    let handle: OpaquePointer
    public let path: String
    public let dialect = Dialect.sqlite
    private var statements = StatementCache()
    /// `table NUL column` of the CHAR(32) columns read as hex UUIDs (from the registry's stored values).
    var hexUUIDColumns: Set<String> {
        get { statements.hexUUIDColumns }
        set { statements.hexUUIDColumns = newValue }
    }

    public func adoptStoredValues(_ map: StoredValueMap) {
        hexUUIDColumns = Set(map.columns(stored: .uuidHex).map { $0.table + "\u{0}" + $0.column })
    }
    /// Whether text is stored as UTF-8 (`textIsUTF8`), as the catalog read said.
    var utf8Text: Bool?
    /// How many connections the last catalog read used: 2 when a `CatalogWorker` read part of it.
    public internal(set) var catalogConnections = 1
    /// Whether the catalog read takes tables' columns, keys and indexes from their `CREATE` text
    /// (`CreateTableParser`); off, SQLite's pragmas read every table (tests compare the two).
    public var readsCreateText = true
    /// How many tables and views the last catalog read left to SQLite's pragmas.
    public internal(set) var catalogTablesReadByPragmas = 0
    /// The statement timeout, and the deadline the progress handler checks.
    private var timeout: Double?
    private let deadline = UnsafeMutablePointer<ormscope_deadline>.allocate(capacity: 1)
    /// The busy handler's state, shared with cancellers (which may outlive the connection).
    private let busy = BusyWait()

    /// Opens a file path, a `sqlite:` URL (`sqlite:///rel/path` and `sqlite:////abs/path` as SQLAlchemy
    /// reads them, `sqlite:rel/path`, `sqlite::memory:`) or `:memory:`.
    /// A missing file is an error unless `create` is set.
    ///
    /// The file is opened read-only when asked (`readOnly`, `?mode=ro` in a `sqlite:` URL) and when
    /// nobody may write it (no write permission bits, as after `chmod 444`: even root, who could
    /// write it anyway, is then kept from it); `readOnlyReason` says which.
    public init(_ location: String, create: Bool = false, readOnly: Bool = false, busyTimeout: Double = 5) throws {
        let path = try SQLiteConnection.path(from: location)
        // The path as a message quotes it; what was typed, redacted, when it held a password (sqlite://u:pw@...).
        let redacted = Redact.connectionString(location)
        let shown = redacted == location ? path : redacted
        var why: String? = readOnly ? "it was opened read-only" : nil
        if why == nil, SQLiteConnection.query(of: location)["mode"] == "ro" { why = "the URL asks for mode=ro" }
        if why == nil, path != ":memory:", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o222 == 0 {
            why = "the file \(path) is not writable (mode \(String(mode, radix: 8)))"
        }
        let readOnly = why != nil
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        if path != ":memory:" && !create && !FileManager.default.fileExists(atPath: path) {
            throw DatabaseError(kind: .connectionFailed, message: "there is no SQLite database file at \(shown)")
        }
        _ = SQLiteConnection.configured
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw DatabaseError(kind: .connectionFailed, message: "cannot open \(shown): \(message)")
        }
        self.handle = db
        self.path = path
        self.openedReadOnly = why
        deadline.initialize(to: ormscope_deadline(deadline: 0, fired: 0))
        sqlite3_extended_result_codes(db, 1)
        ormscope_install_busy_wait(db, busy.state, Int32(busyTimeout * 1000))
        // A file that is not a database fails on first read, not on open: read now to say so.
        if sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nil, nil, nil) != SQLITE_OK {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close_v2(db)
            throw DatabaseError(kind: .connectionFailed, message: "cannot open \(shown): \(message)")
        }
        // The one connection setting, made through the C API rather than a statement (as libpq's
        // start-up parameters are), and its result checked: a connection that did not take it is
        // never used.
        guard ormscope_enable_foreign_keys(db) == 1 else {
            sqlite3_close_v2(db)
            throw DatabaseError(kind: .connectionFailed, message: "cannot open \(shown): foreign-key enforcement could not be turned on")
        }
    }

    /// SQLite's process-wide settings, made once before the first connection opens.
    private static let configured: Void = { _ = ormscope_sqlite_memstatus_off() }()

    /// Why this connection was opened read-only, when it was.
    private let openedReadOnly: String?


    /// The query items of a `sqlite:` URL (`sqlite:///x.db?mode=ro`).
    static func query(of location: String) -> [String: String] {
        guard location.hasPrefix("sqlite:"), let q = location.firstIndex(of: "?") else { return [:] }
        var out: [String: String] = [:]
        for pair in location[location.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }

    /// SQLite's own word (`sqlite3_db_readonly`), with the reason the file was opened so.
    public func readOnlyReason(using database: Database) throws -> String? {
        guard sqlite3_db_readonly(handle, "main") == 1 else { return nil }
        return openedReadOnly ?? "the file is opened read-only"
    }

    deinit {
        close()
        deadline.deallocate()
    }

    static func path(from location: String) throws -> String {
        if location == ":memory:" { return location }
        guard location.hasPrefix("sqlite:") else { return location }
        var rest = String(location.dropFirst("sqlite:".count))
        if rest == ":memory:" || rest == "//:memory:" { return ":memory:" }
        // SQLAlchemy's rule, which applications' DATABASE_URLs follow (dj-database-url's too):
        // sqlite:///app.db is app.db in the current directory, sqlite:////abs/app.db is /abs/app.db.
        if rest.hasPrefix("///") { rest = String(rest.dropFirst(3)) }
        else if rest.hasPrefix("//") { rest = String(rest.dropFirst(2)) }  // sqlite://rel → rel
        if let q = rest.firstIndex(of: "?") { rest = String(rest[..<q]) }
        guard !rest.isEmpty else {
            throw DatabaseError(kind: .invalidConnectionString, message: "the sqlite: URL names no file")
        }
        return rest.removingPercentEncoding ?? rest
    }

    public var displayName: String { path == ":memory:" ? "sqlite :memory:" : "sqlite \(path)" }

    public var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    private var closed = false
    public func close() {
        guard !closed else { return }
        closed = true
        statements.finalizeAll()
        sqlite3_close_v2(handle)
    }

    /// Interrupts a running statement from another thread (the statement fails as cancelled),
    /// including one waiting for another connection's lock: the busy handler sees the flag and
    /// stops waiting at once (sqlite3_interrupt alone does not end that wait).
    public func makeCanceller() -> @Sendable () -> Void {
        let h = UnsafeSendableHandle(handle)
        let busy = self.busy
        return {
            ormscope_busy_cancel(busy.state)
            sqlite3_interrupt(h.pointer)
        }
    }

    /// SQLite has no server-side timeout: a progress handler checks a deadline every 1,000
    /// instructions and interrupts the statement past it.
    public func setStatementTimeout(_ seconds: Double?) throws {
        timeout = seconds.flatMap { $0 > 0 ? $0 : nil }
        ormscope_install_deadline(handle, deadline, timeout == nil ? 0 : 1000)
    }

    public func run(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                    onRow: ([Value]) throws -> Void) throws -> Int {
        // One buffer for every row: a caller that keeps a row keeps its own copy (copy-on-write),
        // one that does not costs no allocation per row.
        var values = [Value]()
        return try step(sql, binds: binds, onColumns: onColumns) { stmt, readers in
            values.removeAll(keepingCapacity: true)
            for i in 0..<readers.count { values.append(readers[i].read(stmt, Int32(i))) }
            try onRow(values)
        }
    }

    /// As `run`, each row handed on as the statement's current row (`SQLiteCells`): text as
    /// SQLite's own bytes, no `Value` built for a cell the caller writes straight out.
    public func runCells(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                         onRow: (any CellSource) throws -> Void) throws -> Int {
        try step(sql, binds: binds, onColumns: onColumns) { stmt, readers in try onRow(SQLiteCells(stmt: stmt, readers: readers)) }
    }

    /// Prepares (or finds) the statement, binds, and steps it to the end, calling `onRow` on each row.
    private func step(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                      onRow: (OpaquePointer, [ColumnReader]) throws -> Void) throws -> Int {
        startStatementClock()
        let cached: StatementCache.Entry
        do { cached = try statements.statement(for: sql, db: handle) } catch var e as DatabaseError {
            if e.kind == .busy, ormscope_busy_was_cancelled(busy.state) != 0 { e.kind = .cancelled }
            throw e
        }
        let stmt = cached.pointer
        defer { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }
        guard Int(sqlite3_bind_parameter_count(stmt)) == binds.count else {
            throw DatabaseError(kind: .other, message: "the statement takes \(sqlite3_bind_parameter_count(stmt)) values but \(binds.count) were given", sql: sql)
        }
        for (i, v) in binds.enumerated() { try bind(v, at: Int32(i + 1), stmt: stmt, sql: sql) }
        try onColumns(cached.columns)
        let readers = cached.readers
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_ROW {
                try onRow(stmt, readers)
            } else if rc == SQLITE_DONE {
                return sqlite3_stmt_readonly(stmt) != 0 ? 0 : Int(sqlite3_changes(handle))
            } else {
                throw error(code: rc, sql: sql)
            }
        }
    }

    /// Starts the time limit (when there is one) and forgets an earlier cancel: both are for the
    /// statement (or stepper page) about to run.
    func startStatementClock() {
        if let timeout {
            deadline.pointee = ormscope_deadline(deadline: ormscope_now_ns() + Int64(min(timeout, TransactionSettings.longestTimeout) * 1e9), fired: 0)
        }
        ormscope_busy_reset(busy.state)  // a cancel is for the statement running when it comes
    }

    /// A prepared statement's columns and readers (hex UUIDs as the registry says).
    func describe(_ stmt: OpaquePointer) -> (Columns, [ColumnReader]) { statements.describe(stmt) }

    func bind(_ v: Value, at i: Int32, stmt: OpaquePointer, sql: String) throws {
        let rc: Int32
        switch v {
        case .null: rc = sqlite3_bind_null(stmt, i)
        case .int(let n): rc = sqlite3_bind_int64(stmt, i, n)
        case .double(let d) where d.isNaN:
            // SQLite has no NaN: sqlite3_bind_double would store it as NULL, silently.
            throw DatabaseError(kind: .valueDoesNotFit, message: "SQLite has no NaN (it would store NULL instead); give a number, or choose NULL",
                                code: String(SQLITE_MISMATCH), sql: sql)
        case .double(let d): rc = sqlite3_bind_double(stmt, i, d)
        case .bool(let b): rc = sqlite3_bind_int64(stmt, i, b ? 1 : 0)
        case .blob(let bytes): rc = bytes.withUnsafeBytes { ormscope_bind_blob(stmt, i, $0.baseAddress, Int32($0.count)) }
        case .uuid(let u): rc = ormscope_bind_text(stmt, i, u.uuidString.lowercased(), -1)
        default:
            // The byte count, not -1: with -1 SQLite stops at the first NUL and the rest of the text is lost.
            let text = v.displayText ?? ""
            rc = ormscope_bind_text(stmt, i, text, Int32(text.utf8.count))
        }
        if rc != SQLITE_OK { throw error(code: rc, sql: sql) }
    }

    func error(code: Int32, sql: String?) -> DatabaseError {
        var e = SQLiteErrorMapper.map(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        if e.kind == .cancelled, deadline.pointee.fired == 1 { e.kind = .timeout }
        // A lock wait given up because of a cancel reports SQLITE_BUSY: it was the cancel.
        if e.kind == .busy, ormscope_busy_was_cancelled(busy.state) != 0 { e.kind = .cancelled }
        return e
    }
}

/// The statement's current row, cell by cell (`ColumnReader.cell`); valid until the next step.
struct SQLiteCells: CellSource {
    let stmt: OpaquePointer
    let readers: [ColumnReader]
    var cellCount: Int { readers.count }
    @inline(__always) func cell(_ i: Int) -> Cell { readers[i].cell(stmt, Int32(i)) }
    /// The copy made for this type (`CellSource.copy`): each cell read inline, no dynamic call per cell.
    func copy(_ count: Int, into block: inout CellBlock) { block.append(self, count: count) }
}

/// The busy handler's state: the lock-wait limit and the cancel flag (set from any thread through
/// the shim's atomics). A class so a canceller keeps it alive after the connection is gone.
final class BusyWait: @unchecked Sendable {
    let state = UnsafeMutablePointer<ormscope_busy>.allocate(capacity: 1)
    init() { state.initialize(to: ormscope_busy(cancelled: 0, timeout_ms: 0, started: 0)) }
    deinit { state.deallocate() }
}

/// A raw pointer that may cross threads only to call `sqlite3_interrupt`, which SQLite allows.
struct UnsafeSendableHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ p: OpaquePointer) { pointer = p }
}
