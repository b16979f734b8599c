import CLibPQ
import CSQLite
import Foundation

/// The baselines: the same query read through each backend's C API with no ORM in between.
///
/// Each loop still produces the Swift values a Swift program needs from each cell (an `Int64`,
/// a `String`, a `Double`), because that is the least any Swift program reading these rows does;
/// anything less would measure C against Swift, not the ORM against no ORM. Cells are not checked
/// for NULL: every column is NOT NULL.
enum BareLoops {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// SQLite: `sqlite3_prepare_v2`, then `sqlite3_step` with `column_int64` / `column_text` (+ `column_bytes`,
    /// decoded as UTF-8 into a `String`) / `column_double` per row, on its own connection.
    static func sqlite(path: String, sql: String) throws -> Checksum {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            throw Failure(description: "sqlite3_open_v2 failed for \(path)")
        }
        defer { sqlite3_close_v2(db) }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw Failure(description: "sqlite3_prepare_v2: " + String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(stmt) }
        var sum = Checksum()
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw Failure(description: "sqlite3_step: " + String(cString: sqlite3_errmsg(db))) }
            let id = sqlite3_column_int64(stmt, 0)
            let bytes = Int(sqlite3_column_bytes(stmt, 1))
            let name = sqlite3_column_text(stmt, 1).map {
                String(decoding: UnsafeBufferPointer(start: $0, count: bytes), as: UTF8.self)
            } ?? ""
            let score = sqlite3_column_double(stmt, 2)
            sum.add(id: id, name: name, score: score)
        }
        return sum
    }

    /// PostgreSQL: `PQexecParams` (text format) for the whole result, then `PQgetvalue` per cell
    /// converted with `strtoll` / `String(decoding:)` (+ `PQgetlength`) / `strtod`, on its own connection.
    static func postgres(url: String, sql: String) throws -> Checksum {
        guard let conn = PQconnectdb(url) else { throw Failure(description: "PQconnectdb returned NULL") }
        defer { PQfinish(conn) }
        guard PQstatus(conn) == CONNECTION_OK else {
            throw Failure(description: "cannot connect: " + String(cString: PQerrorMessage(conn)))
        }
        guard let res = PQexecParams(conn, sql, 0, nil, nil, nil, nil, 0) else {
            throw Failure(description: "PQexecParams returned NULL")
        }
        defer { PQclear(res) }
        guard PQresultStatus(res) == PGRES_TUPLES_OK else {
            throw Failure(description: "PQexecParams: " + String(cString: PQresultErrorMessage(res)))
        }
        var sum = Checksum()
        for r in 0..<PQntuples(res) {
            let id = Int64(strtoll(PQgetvalue(res, r, 0), nil, 10))
            let length = Int(PQgetlength(res, r, 1))
            let name = PQgetvalue(res, r, 1).withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
            let score = strtod(PQgetvalue(res, r, 2), nil)
            sum.add(id: id, name: name, score: score)
        }
        return sum
    }
}
