import Foundation
import ORMCore
import TestSupport
import XCTest

/// `Database.forEachRow(cursor:)`: on PostgreSQL each FETCH is sent before the rows of the one
/// before are handed on (`runRepeatedly`); every row comes once and in order, each FETCH is logged,
/// and a caller that stops halfway leaves the connection ready (the FETCH in flight is drained).
final class CursorFetchTests: XCTestCase {
    func testEveryRowOnceInOrderAndEachFetchLoggedOnEachBackend() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE n (id integer PRIMARY KEY, t text)")
            try db.execute(sql: backend == .postgres
                ? "INSERT INTO n SELECT i, 'row ' || i FROM generate_series(1, 2500) AS s(i)"
                : "INSERT INTO n WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2500) SELECT i, 'row ' || i FROM r")
            for (fetch, fetches) in [(1000, 3), (500, 6)] {  // 1000, 1000, 500; five full and one empty
                var ids: [Int64] = []
                try db.forEachRow(cursor: .select(Select(from: TableRef("n")).orderBy("id")), fetch: fetch) { row in
                    if case .int(let i) = row["id"] { ids.append(i) }
                    XCTAssertEqual(row["t"], .text("row \(ids.last ?? 0)"))
                }
                XCTAssertEqual(ids, Array(1...2500), "[\(backend)] fetch \(fetch)")
                guard backend == .postgres else { continue }
                let logged = db.log.events.suffix(fetches + 2).filter { $0.sql.hasPrefix("FETCH") }
                XCTAssertEqual(logged.count, fetches, "[\(backend)] fetch \(fetch)")
                XCTAssertEqual(logged.map(\.rows).reduce(0, +), 2500)
            }
        }
    }

    func testStoppingHalfwayLeavesTheConnectionReady() throws {
        struct Stop: Error {}
        let db = Database(try connect(try postgresOnlyURL()))  // skips with the reason outside make test
        defer { db.close() }
        try db.execute(sql: "CREATE TABLE n (id integer PRIMARY KEY)")
        try db.execute(sql: "INSERT INTO n SELECT i FROM generate_series(1, 5000) AS s(i)")
        var seen = 0
        XCTAssertThrowsError(try db.forEachRow(cursor: .select(Select(from: TableRef("n")).orderBy("id")), fetch: 1000) { _ in
            seen += 1
            if seen == 1500 { throw Stop() }
        }) { XCTAssertTrue($0 is Stop, "\($0)") }
        XCTAssertFalse(db.inTransaction)
        XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT count(*) FROM n", [])).first?[0], .int(5000))
    }
}
