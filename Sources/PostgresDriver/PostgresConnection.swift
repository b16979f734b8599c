import CLibPQ
import Foundation
import ORMCore

/// A connection to PostgreSQL through libpq.
///
/// Accepts any connection string libpq accepts: `postgresql://` and `postgres://` URLs, keyword
/// strings (`host=... dbname=...`), and libpq applies PG* variables, `.pgpass`, service files and
/// `sslmode` itself. Statements go through `PQsendQueryParams` (unnamed statements, so it also
/// works behind transaction-pooling proxies such as PgBouncer) in single-row mode, so a large
/// result streams with flat memory. Not `Sendable`: one thread at a time, checked by the compiler.
public final class PostgresConnection: DriverConnection {
    let conn: OpaquePointer
    public let dialect = Dialect.postgres
    /// Type names by OID for types the decoder does not know (enums, arrays, domains), filled by introspection.
    var typeNames: [UInt32: String] = [:]

    /// What the user gave, kept only to remove its password from libpq's messages.
    private let connectionString: String
    /// A password typed at the prompt, to remove from messages too.
    private var secrets: [String] = []

    /// Connects. The client encoding is part of what libpq sends at start-up
    /// (`client_encoding=UTF8`, no `SET` that would stay on a pooled server connection) and is
    /// checked; `connect_timeout=10` applies unless the string gives one, so nothing hangs.
    /// When the server asks for a password that was not given (anywhere libpq looks: the string,
    /// PGPASSWORD, `.pgpass`, a service file), `askPassword` is called with the user name (the
    /// command line asks on a terminal, without echo) and the connection is tried once more with
    /// it, as psql does. The password goes to libpq as its own keyword (`PQconnectdbParams`),
    /// never into a string that could be printed.
    public init(_ connectionString: String, askPassword: ((_ user: String) -> String?)? = nil) throws {
        try PostgresConnection.validate(connectionString)
        var secrets: [String] = []
        var connection = PostgresConnection.connect(connectionString, password: nil)
        if let c = connection, PQstatus(c) != CONNECTION_OK, PQconnectionNeedsPassword(c) == 1, let askPassword,
           let password = askPassword(PQuser(c).map { String(cString: $0) } ?? ""), !password.isEmpty {
            PQfinish(c)
            secrets.append(password)
            connection = PostgresConnection.connect(connectionString, password: password)
        }
        guard let c = connection else {
            throw DatabaseError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(c) == CONNECTION_OK else {
            // PQpass is the password libpq used, wherever it found it (a service file too).
            if let used = PQpass(c) { secrets.append(String(cString: used)) }
            let message = ConnectionInfo.redact(String(cString: PQerrorMessage(c)), connectionString: connectionString, hiding: secrets)
            PQfinish(c)
            throw DatabaseError(kind: PostgresErrorMapper.connectKind(message), message: message)
        }
        guard String(cString: pg_encoding_to_char(PQclientEncoding(c))) == "UTF8" else {
            PQfinish(c)
            throw DatabaseError(kind: .connectionFailed, message: "the server did not accept client_encoding UTF8")
        }
        conn = c
        self.connectionString = connectionString
        self.secrets = secrets
        // Server notices (NOTICE: ... skipping) are not errors; libpq would print them to stderr,
        // over the explorer's screen. They are dropped here.
        PQsetNoticeProcessor(c, { _, _ in }, nil)
    }

    deinit { close() }

    /// `PQconnectdbParams` with the user's string expanded in place of `dbname`: keywords before
    /// it are defaults the string may override, keywords after it are ours.
    private static func connect(_ connectionString: String, password: String?) -> OpaquePointer? {
        var keywords: [String?] = ["connect_timeout", "dbname", "client_encoding"]
        var values: [String?] = ["10", connectionString, "UTF8"]
        if let password {
            keywords.append("password")
            values.append(password)
        }
        return withCStrings(keywords + [nil]) { k in withCStrings(values + [nil]) { v in PQconnectdbParams(k, v, 1) } }
    }

    /// Parses the connection string without connecting (libpq's own parser), so a malformed one,
    /// or a URL libpq would misread, gets its own sentence; the sentence never holds a password.
    static func validate(_ s: String) throws {
        let parsed = ConnectionInfo.parse(s)
        if let sentence = ConnectionInfo.misreadURL(s) {
            throw DatabaseError(kind: .invalidConnectionString, message: sentence)
        }
        guard parsed.options == nil else { return }
        throw DatabaseError(kind: .invalidConnectionString,
                            message: ConnectionInfo.redact(parsed.error ?? "libpq cannot parse it", connectionString: s))
    }

    public var displayName: String {
        let host = PQhost(conn).map { String(cString: $0) } ?? "localhost"
        let port = PQport(conn).map { String(cString: $0) } ?? ""
        let db = PQdb(conn).map { String(cString: $0) } ?? ""
        let user = PQuser(conn).map { String(cString: $0) } ?? ""
        let where_ = host.hasPrefix("/") ? "socket \(host)" : host
        return "postgresql \(user)@\(where_):\(port)/\(db)"
    }

    public var inTransaction: Bool {
        let s = PQtransactionStatus(conn)
        return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE
    }

    /// The server's version number, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(conn)) }

    private var closed = false
    public func close() {
        guard !closed else { return }
        closed = true
        PQfinish(conn)
    }

    /// Nothing to do here: the server enforces the limit per transaction (`SET LOCAL
    /// statement_timeout`, which `Database` sends after each BEGIN), never as a session setting.
    public func setStatementTimeout(_ seconds: Double?) throws {}

    /// A hot standby, or a session whose `default_transaction_read_only` is on (a role or
    /// database setting, a read-only pooler), refuses every write.
    /// ```sql
    /// SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')
    /// ```
    public func readOnlyReason(using database: Database) throws -> String? {
        let row = try database.fetchAll(CompiledSQL("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')"),
                                        cause: .introspection).first
        if row?[0] == .bool(true) { return "the server is a hot standby: pg_is_in_recovery() is true" }
        if row?[1].displayText == "on" { return "the session's default_transaction_read_only is on" }
        return nil
    }

    /// Reads what the server sent while idle, without blocking and without a statement: a server
    /// that went away sent its FATAL and closed the socket, and libpq then marks the connection
    /// bad (the second read sees the end of the stream when the first read got the message).
    public var isAlive: Bool {
        for _ in 0..<2 {
            guard PQstatus(conn) == CONNECTION_OK, PQconsumeInput(conn) == 1 else { return false }
        }
        return PQstatus(conn) == CONNECTION_OK
    }

    /// Connects again with the same parameters (PQreset) after the connection was lost.
    public func reconnect() throws {
        PQreset(conn)
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = ConnectionInfo.redact(String(cString: PQerrorMessage(conn)), connectionString: connectionString, hiding: secrets)
            throw DatabaseError(kind: .connectionFailed, message: message.isEmpty ? "the server does not answer" : message)
        }
    }

    /// Cancels the running statement from another thread (PQcancel); it then fails as cancelled.
    public func makeCanceller() -> @Sendable () -> Void {
        let cancel = CancelHandle(PQgetCancel(conn))
        return { cancel.cancel() }
    }

    public func run(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                    onRow: ([Value]) throws -> Void) throws -> Int {
        guard send(sql, binds) else { throw connectionError(sql: sql) }
        return try readResults(sql: sql, onColumns: onColumns, onRow: onRow)
    }

    /// A cursor's FETCH: its rows (a bounded number) in one result, not one result per row.
    public func runWhole(_ sql: String, binds: [Value], onColumns: (Columns) throws -> Void,
                         onRow: ([Value]) throws -> Void) throws -> Int {
        guard send(sql, binds) else { throw connectionError(sql: sql) }
        return try readResults(sql: sql, singleRow: false, onColumns: onColumns, onRow: onRow)
    }

    public var prefersCursors: Bool { true }

    /// A cursor's FETCH run until it comes back short, the next one sent as soon as one's result is
    /// whole (the connection is then idle) and before its rows are handed on: the server reads and
    /// sends the next rows while the caller writes these. Two results are held at most.
    /// ```
    /// send 1 | wait 1, send 2, hand on 1 | wait 2, send 3, hand on 2 | ... | a short one: done
    /// ```
    public func runRepeatedly(_ sql: String, whileFull count: Int, onColumns: (Columns) throws -> Void,
                              onRow: ([Value]) throws -> Void, onDone: (Int) -> Void) throws {
        guard send(sql, []) else { throw connectionError(sql: sql) }
        var decoders: [PostgresValueCodec.Decoder]?
        var values = [Value]()
        while true {
            let res = try wholeResult(sql: sql)
            defer { PQclear(res) }
            let n = Int(PQntuples(res))
            let more = n >= count
            if more, !send(sql, []) { throw connectionError(sql: sql) }
            do {
                if decoders == nil {
                    let width = PQnfields(res)
                    let d = (0..<width).map { PostgresValueCodec.Decoder(oid: PQftype(res, $0), typeNames: typeNames) }
                    decoders = d
                    try onColumns(Columns((0..<width).map { String(cString: PQfname(res, $0)) }, types: d.map(\.typeName)))
                }
                try Self.decodeRows(res, decoders!, &values, onRow)
            } catch {
                // The next FETCH is in flight: its results are read and dropped, so the
                // connection is ready for what comes next (the transaction's ROLLBACK).
                if more { while let r = PQgetResult(conn) { PQclear(r) } }
                throw error
            }
            onDone(n)
            if !more { return }
        }
    }

    /// The rows result of the statement sent last, read whole (every result up to libpq's NULL);
    /// the server's error, or a lost connection, is thrown instead. The caller clears it.
    /// Each row of a result decoded into `values` (one buffer, copy-on-write for callers that
    /// keep rows) and handed to `onRow`; a throw stops at that row.
    private static func decodeRows(_ res: OpaquePointer, _ decoders: [PostgresValueCodec.Decoder], _ values: inout [Value],
                                   _ onRow: ([Value]) throws -> Void) throws {
        let width = decoders.count
        for r in 0..<PQntuples(res) {
            values.removeAll(keepingCapacity: true)
            for c in 0..<width {
                let ci = Int32(c)
                if PQgetisnull(res, r, ci) == 1 { values.append(.null); continue }
                values.append(decoders[c].decode(PQgetvalue(res, r, ci), Int(PQgetlength(res, r, ci))))
            }
            try onRow(values)
        }
    }

    private func wholeResult(sql: String) throws -> OpaquePointer {
        var kept: OpaquePointer?
        var failure: DatabaseError?
        while let res = PQgetResult(conn) {
            switch PQresultStatus(res) {
            case PGRES_TUPLES_OK where kept == nil && failure == nil: kept = res; continue
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: break
            default:
                if failure == nil { failure = PostgresErrorMapper.map(result: res, connectionBad: PQstatus(conn) == CONNECTION_BAD, sql: sql) }
            }
            PQclear(res)
        }
        if failure != nil || PQstatus(conn) == CONNECTION_BAD || kept == nil {
            if let kept { PQclear(kept) }
            throw failure ?? (PQstatus(conn) == CONNECTION_BAD ? connectionError(sql: sql)
                : DatabaseError(kind: .other, message: "the statement returned no rows", sql: sql))
        }
        return kept!
    }

    /// Sends one statement with its values as text (the unnamed statement, parsed each time).
    private func send(_ sql: String, _ binds: [Value]) -> Bool {
        let texts: [String?] = binds.map(PostgresValueCodec.encode)
        let sent: Int32 = withCStrings(texts) { pointers in
            PQsendQueryParams(conn, sql, Int32(binds.count), nil, pointers, nil, nil, 0)
        }
        return sent == 1
    }

    /// Reads one statement's results in single-row mode, until libpq says they are over (NULL);
    /// an error is thrown after the rest is drained, so the connection is ready for the next one.
    private func readResults(sql: String, singleRow: Bool = true, onColumns: (Columns) throws -> Void,
                             onRow: ([Value]) throws -> Void) throws -> Int {
        if singleRow { PQsetSingleRowMode(conn) }
        var columns: Columns?
        var decoders: [PostgresValueCodec.Decoder] = []
        var values = [Value]()
        return try readResults(sql: sql, noRows: { try onColumns(Columns([])) }) { res in
            if columns == nil {
                let n = PQnfields(res)
                decoders = (0..<n).map { PostgresValueCodec.Decoder(oid: PQftype(res, $0), typeNames: typeNames) }
                columns = Columns((0..<n).map { String(cString: PQfname(res, $0)) }, types: decoders.map(\.typeName))
                try onColumns(columns!)
            }
            try Self.decodeRows(res, decoders, &values, onRow)
        }
    }

    /// One statement's results up to libpq's NULL, each result of rows (the whole result, or one
    /// row of it in single-row mode) handed to `onRows`; a statement without rows calls
    /// `noRows` and gives its affected count. A throw from `onRows` (the statement is cancelled),
    /// or the server's error, is thrown after the rest is drained, so the connection is ready for
    /// the next one.
    private func readResults(sql: String, noRows: () throws -> Void, onRows: (OpaquePointer) throws -> Void) throws -> Int {
        var firstError: DatabaseError?
        var affected = 0
        var sawRows = false
        var callbackError: (any Error)?
        while let res = PQgetResult(conn) {
            defer { PQclear(res) }
            if callbackError != nil || firstError != nil { continue }  // drain the rest
            switch PQresultStatus(res) {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
                sawRows = true
                do { try onRows(res) } catch { callbackError = error; PQrequestCancel(conn) }
            case PGRES_COMMAND_OK:
                affected = Int(String(cString: PQcmdTuples(res))) ?? 0
                if !sawRows { try? noRows() }
            case PGRES_EMPTY_QUERY:
                break
            default:
                firstError = PostgresErrorMapper.map(result: res, connectionBad: PQstatus(conn) == CONNECTION_BAD, sql: sql)
            }
        }
        if let callbackError { throw callbackError }
        if let firstError { throw firstError }
        if PQstatus(conn) == CONNECTION_BAD { throw connectionError(sql: sql) }
        return affected
    }

    /// Statements of a batch in libpq's pipeline mode: the next one is sent (with a flush request,
    /// so the server sends its rows at once) before this one's rows are read, so the server runs
    /// the next while the caller handles these. Two in flight keep what is queued small.
    ///
    /// ```
    /// send 1, send 2 | read 1, send 3 | read 2, send 4 | ... | read n | sync
    /// ```
    /// A failure stops sending; the server skips what was already sent (PGRES_PIPELINE_ABORTED)
    /// up to the sync, and the first error is thrown. Inside an open transaction the batch is part
    /// of it; outside one, the statements up to the sync form one implicit transaction (reads only
    /// come here).
    public func runBatch(_ statements: [CompiledSQL], whole: Bool, onColumns: (Int, Columns) throws -> Void,
                         onRow: (Int, [Value]) throws -> Void, onDone: (Int, Int) -> Void) throws {
        // A statement sent ahead waits in the server's socket buffer while the server may be
        // blocked sending the rows we are not reading yet: only small statements are sent ahead
        // (a selectin chunk of 500 keys is a few KB; a socket buffer holds 128 KB and more), so
        // sending can never wait on reading.
        func size(_ v: Value) -> Int {
            switch v {
            case .text(let t), .decimal(let t), .json(let t), .other(_, let t): return 8 + t.utf8.count
            case .blob(let b): return 8 + 2 * b.count
            default: return 40
            }
        }
        let small = statements.allSatisfy { $0.sql.utf8.count + $0.binds.reduce(0) { $0 + size($1) } < 65_536 }
        guard statements.count > 1, small, PQenterPipelineMode(conn) == 1 else {
            return try runEachInTurn(statements, onColumns: onColumns, onRow: onRow, onDone: onDone)
        }
        // Catalog statements (read whole, a few KB of SQL in all) are all sent at once, so the
        // server runs them back to back while their rows are built into models here.
        try pipelined(statements, ahead: whole ? statements.count : 2) { i in
            let affected = try readResults(sql: statements[i].sql, singleRow: !whole, onColumns: { try onColumns(i, $0) }, onRow: { try onRow(i, $0) })
            onDone(i, affected)
        }
    }

    /// The catalog's statements as one pipelined batch, all sent at once (the server runs them
    /// back to back), each result read whole and its rows handed over as they are in libpq's
    /// result, without a `Value` per cell; `onDone` gets each statement's row count.
    func runCatalogBatch(_ statements: [CompiledSQL], onRow: (Int, PostgresCatalogRow) throws -> Void,
                         onDone: (Int, Int) -> Void) throws {
        func read(_ i: Int) throws {
            var count = 0
            // (Whole results; the pipeline's first statement may come row by row: libpq keeps
            // single-row mode from the statement before the pipeline for it.)
            _ = try readResults(sql: statements[i].sql, noRows: {}) { result in
                let n = PQntuples(result)
                for r in 0..<n { try onRow(i, PostgresCatalogRow(result: result, row: r)) }
                count += Int(n)
            }
            onDone(i, count)
        }
        guard PQenterPipelineMode(conn) == 1 else {
            for (i, s) in statements.enumerated() {
                guard send(s.sql, s.binds) else { throw connectionError(sql: s.sql) }
                try read(i)
            }
            return
        }
        try pipelined(statements, ahead: statements.count, read)
    }

    /// The pipeline's steps (in pipeline mode already): `ahead` statements sent, then each one's
    /// results read by `read` and the next sent, then the sync that ends it.
    private func pipelined(_ statements: [CompiledSQL], ahead: Int, _ read: (Int) throws -> Void) throws {
        var sent = 0
        func sendNext() throws {
            let s = statements[sent]
            guard send(s.sql, s.binds), PQsendFlushRequest(conn) == 1, PQflush(conn) == 0 else { throw connectionError(sql: s.sql) }
            sent += 1
        }
        var failure: (any Error)?
        do {
            while sent < min(ahead, statements.count) { try sendNext() }
            for i in statements.indices {
                try read(i)
                if sent < statements.count { try sendNext() }
            }
        } catch {
            failure = error
        }
        // End the pipeline: a sync, then everything up to its result is read and dropped.
        if PQpipelineSync(conn) == 1 {
            while PQstatus(conn) != CONNECTION_BAD {
                guard let res = PQgetResult(conn) else { continue }
                let status = PQresultStatus(res)
                PQclear(res)
                if status == PGRES_PIPELINE_SYNC { break }
            }
        }
        PQexitPipelineMode(conn)
        if let failure { throw failure }
    }

    func connectionError(sql: String?) -> DatabaseError {
        let message = String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines)
        let lost = PQstatus(conn) == CONNECTION_BAD
        return DatabaseError(kind: lost ? .connectionLost : .other,
                             message: message.isEmpty ? "the server closed the connection" : message, sql: sql)
    }
}

/// PQcancel's handle, which libpq documents as safe to use from another thread.
final class CancelHandle: @unchecked Sendable {
    let pointer: OpaquePointer?
    init(_ p: OpaquePointer?) { pointer = p }
    deinit { if let pointer { PQfreeCancel(pointer) } }
    func cancel() {
        guard let pointer else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(pointer, &buffer, 256)
    }
}

/// Calls `body` with C string pointers for each optional string (NULL for nil), valid during the call.
func withCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    if strings.isEmpty { return body(nil) }
    var owned: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } }
    defer { for p in owned { free(p) } }
    return owned.withUnsafeMutableBufferPointer { buf in
        buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buf.count) { body($0) }
    }
}
