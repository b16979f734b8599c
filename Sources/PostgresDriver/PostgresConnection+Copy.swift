import CLibPQ
import ORMCore

/// Rows into a table by `COPY ... FROM STDIN` (the text format), the way `psql \copy` sends them:
/// one statement, the rows as tab-separated lines in 64 KiB `PQputCopyData` chunks, then
/// `PQputCopyEnd`. Works behind PgBouncer (the copy lives inside the caller's transaction).
///
/// ```sql
/// COPY "hero" ("id", "name", "age") FROM STDIN
/// -- data: 1\tDeadpond\t30\n2\tRusty-Man\t\N\n ...
/// ```
extension PostgresConnection {
    public var copiesIn: Bool { true }

    /// `TimeZone` as the server last reported it (a parameter it sends at connect and on change).
    public var sessionTimeZone: String? { PQparameterStatus(conn, "TimeZone").map { String(cString: $0) } }

    public func copyIn(_ sql: String, rows: (_ put: ([Value]) throws -> Void) throws -> Void) throws -> Int {
        guard PQsendQuery(conn, sql) == 1 else { throw connectionError(sql: sql) }
        // The first result says whether the server is waiting for the data.
        guard let started = PQgetResult(conn) else { throw connectionError(sql: sql) }
        guard PQresultStatus(started) == PGRES_COPY_IN else {
            let e = PostgresErrorMapper.map(result: started, connectionBad: PQstatus(conn) == CONNECTION_BAD, sql: sql)
            PQclear(started)
            while let res = PQgetResult(conn) { PQclear(res) }
            throw e
        }
        PQclear(started)
        let chunk = 1 << 16
        var buffer = [UInt8]()
        buffer.reserveCapacity(chunk + 4096)
        func send() throws {
            let ok = buffer.withUnsafeBufferPointer { b in
                b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(conn, $0, Int32(b.count)) }
            }
            guard ok == 1 else { throw connectionError(sql: sql) }
            buffer.removeAll(keepingCapacity: true)
        }
        var failure: (any Error)?
        do {
            try rows { values in
                for i in values.indices {
                    if i > 0 { buffer.append(0x09) }
                    CopyText.append(values[i], to: &buffer)
                }
                buffer.append(0x0A)
                if buffer.count >= chunk { try send() }
            }
            if !buffer.isEmpty { try send() }
        } catch {
            failure = error
        }
        // An error ends the copy with a message: the server rolls the statement back.
        _ = failure == nil ? PQputCopyEnd(conn, nil) : PQputCopyEnd(conn, "ormscope stopped the copy")
        var affected = 0
        var serverError: DatabaseError?
        while let res = PQgetResult(conn) {
            defer { PQclear(res) }
            switch PQresultStatus(res) {
            case PGRES_COMMAND_OK: affected = Int(String(cString: PQcmdTuples(res))) ?? 0
            default:
                if serverError == nil {
                    serverError = PostgresErrorMapper.map(result: res, connectionBad: PQstatus(conn) == CONNECTION_BAD, sql: sql)
                }
            }
        }
        if let failure { throw failure }
        if let serverError { throw serverError }
        if PQstatus(conn) == CONNECTION_BAD { throw connectionError(sql: sql) }
        return affected
    }
}

/// COPY's text format for one value: `\N` for NULL, else the value's text parameter form
/// (`PostgresValueCodec.encode`) with backslash, tab, newline and carriage return escaped
/// (`\\`, `\t`, `\n`, `\r`), so any text survives. Integers are written as digits directly.
enum CopyText {
    static func append(_ v: Value, to out: inout [UInt8]) {
        switch v {
        case .null:
            out.append(0x5C)
            out.append(UInt8(ascii: "N"))
        case .int(let n):
            out.append(contentsOf: String(n).utf8)
        case .text(var s):
            s.withUTF8 { escaped($0, to: &out) }
        default:
            guard var s = PostgresValueCodec.encode(v) else { return append(.null, to: &out) }
            s.withUTF8 { escaped($0, to: &out) }
        }
    }

    @inline(__always)
    static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        for i in 0..<bytes.count {
            let b = bytes[i]
            guard b == 0x5C || b == 0x09 || b == 0x0A || b == 0x0D else { continue }
            if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
            out.append(0x5C)
            switch b {
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            default: out.append(0x5C)
            }
            start = i + 1
        }
        if start < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
    }
}
