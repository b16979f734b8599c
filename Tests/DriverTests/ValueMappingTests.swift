import Foundation
import ORMCore
import TestSupport
import XCTest

/// Values travel both ways unchanged on both backends, NULL stays apart from the empty string.
final class ValueMappingTests: XCTestCase {
    func testScalarValuesRoundTrip() throws {
        try eachBackend { db, backend in
            try ddl(db, sqlite: """
                CREATE TABLE v (id INTEGER PRIMARY KEY, i16 smallint, i64 bigint, r double precision, n numeric, t text, vc varchar(5),
                b boolean, d date, tm time, ts timestamp, tz timestamptz, u UUID, j json, bin blob)
                """, postgres: """
                CREATE TABLE v (id integer PRIMARY KEY, i16 smallint, i64 bigint, r double precision, n numeric(30,10), t text, vc varchar(5),
                b boolean, d date, tm time, ts timestamp, tz timestamptz, u uuid, j jsonb, bin bytea)
                """)
            let u = UUID(uuidString: "1b4e28ba-2fa1-11d2-883f-0016d3cca427")!
            let pg = backend == .postgres
            let row: [Value] = [1, .int(-32768), .int(Int64.max), .double(-1.5e-7),
                                .decimal(pg ? "12345678901234567890.0123456789" : "12345.5"),
                                .text("孙悟空 🦸 Zoë"), .text("abcde"), .bool(true), .date("2024-02-29"), .time("23:59:58"),
                                .timestamp("2024-02-29 12:34:56.123456"), .timestamptz(pg ? "2024-02-29 12:34:56+00" : "2024-02-29 12:34:56+00"),
                                .uuid(u), .json(#"{"a": [1, 2]}"#), .blob([0, 1, 0xfe, 0xff])]
            let cols = ["id", "i16", "i64", "r", "n", "t", "vc", "b", "d", "tm", "ts", "tz", "u", "j", "bin"]
            try db.execute(.insert(Insert(into: TableRef("v"), columns: cols, rows: [row])))
            let back = try XCTUnwrap(db.fetchOne(.select(Select(from: TableRef("v")).columns(cols))))
            for (i, c) in cols.enumerated() where !(c == "n" && !pg) {
                XCTAssertEqual(back[i], row[i], "[\(backend)] column \(c)")
            }
            XCTAssertEqual(back["n"]?.displayText, pg ? "12345678901234567890.0123456789" : "12345.5", "numeric kept exact")
        }
    }

    func testNullIsNotTheEmptyString() throws {
        try eachBackend { db, _ in
            try db.execute(sql: "CREATE TABLE s (id integer PRIMARY KEY, t text)")
            try db.execute(.insert(Insert(into: TableRef("s"), columns: ["id", "t"], rows: [[1, .null], [2, ""]])))
            let rows = try db.fetchAll(.select(Select(from: TableRef("s")).orderBy("id")))
            XCTAssertEqual(rows.map { $0["t"] }, [.null, .text("")])
            XCTAssertEqual(try db.fetchAll(.select(Select(from: TableRef("s")).where(.col("t").equals(.null)))).count, 1)
        }
    }

    func testPostgresArraysEnumsAndOtherTypesAreShownFaithfully() throws {
        guard let db = try open(.postgres) else { throw XCTSkip("PostgreSQL is not configured: ORMSCOPE_TEST_PG_URL (make test sets it)") }
        defer { db.close() }
        try db.execute(sql: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')")
        try db.execute(sql: "CREATE TABLE p (id int PRIMARY KEY, tags text[], nums int[], m mood, iv interval, price money)")
        try db.execute(sql: "INSERT INTO p VALUES (1, '{a,\"b c\"}', '{1,2,3}', 'happy', '1 day 02:00:00', 12.5)")
        _ = try db.introspect()  // teaches the driver the enum's name
        let row = try XCTUnwrap(db.fetchOne(.select(Select(from: TableRef("p")))))
        XCTAssertEqual(row["tags"], .other(type: "text[]", text: #"{a,"b c"}"#))
        XCTAssertEqual(row["nums"], .other(type: "integer[]", text: "{1,2,3}"))
        XCTAssertEqual(row["m"], .other(type: "mood", text: "happy"))
        XCTAssertEqual(row["iv"], .other(type: "interval", text: "1 day 02:00:00"))
        // An enum value binds as text and the server casts it.
        try db.execute(.update(Update(table: TableRef("p"), set: [Assignment("m", .value("sad"))], where: .keyEquals(["id"], [1]))))
        XCTAssertEqual(try db.fetchOne(.select(Select(from: TableRef("p")).columns(["m"])))?[0].displayText, "sad")
        let registry = try db.introspect()
        XCTAssertEqual(registry.model(named: "p")?.field("m")?.type.enumLabels, ["sad", "ok", "happy"])
        XCTAssertEqual(registry.model(named: "p")?.field("tags")?.type.kind, .array)
    }

    /// LIKE keeps each database's own case rules (SQLite: ASCII letters fold, others do not;
    /// PostgreSQL: case-sensitive); ILIKE folds ASCII case on both.
    func testLikeHasEachBackendsOwnCaseRulesAndILikeIsCaseInsensitiveOnBoth() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE h (id integer PRIMARY KEY, name text)")
            try db.execute(.insert(Insert(into: TableRef("h"), columns: ["id", "name"], rows: [[1, "Deadpond"], [2, "deadpool"], [3, "Émile"], [4, "émile"]])))
            func ids(_ e: SQLExpression) throws -> [Value] {
                try db.fetchAll(.select(Select(from: TableRef("h")).columns(["id"]).where(e).orderBy("id"))).map { $0[0] }
            }
            switch backend {
            case .sqlite:
                XCTAssertEqual(try ids(.col("name").like("Dead%")), [1, 2], "SQLite's LIKE folds ASCII case")
                XCTAssertEqual(try ids(.col("name").like("É%")), [3], "SQLite's LIKE does not fold non-ASCII letters")
            case .postgres:
                XCTAssertEqual(try ids(.col("name").like("Dead%")), [1], "PostgreSQL's LIKE is case-sensitive")
                XCTAssertEqual(try ids(.col("name").like("É%")), [3])
            }
            XCTAssertEqual(try ids(.col("name").ilike("dead%")), [1, 2], "[\(backend)] ILIKE is case-insensitive")
        }
    }

    func testKeysetPagingWalksEveryRowOnce() throws {
        try eachBackend { db, _ in
            try db.execute(sql: "CREATE TABLE k (id integer PRIMARY KEY, grp integer NOT NULL)")
            try db.execute(.insert(Insert(into: TableRef("k"), columns: ["id", "grp"], rows: (1...95).map { [.int(Int64($0)), .int(Int64($0 % 4))] })))
            let terms = [OrderTerm(.col("grp"), .descending), OrderTerm(.col("id"))]
            var seen: [Int64] = [], key: [Value] = []
            while true {
                let page = try db.fetchAll(.select(Select(from: TableRef("k")).limit(10)
                    .keyset(.after, key: key, terms: terms, dialect: db.dialect)))
                if page.isEmpty { break }
                seen += page.map { if case .int(let n) = $0["id"]! { return n } else { return -1 } }
                key = [page.last!["grp"]!, page.last!["id"]!]
            }
            XCTAssertEqual(seen.count, 95)
            XCTAssertEqual(Set(seen).count, 95)
            let all = try db.fetchAll(.select(Select(from: TableRef("k"), orderBy: terms)))
            XCTAssertEqual(seen, all.map { if case .int(let n) = $0["id"]! { return n } else { return -1 } })
        }
    }
}
