import Foundation
import ORMCore
import TestSupport
import XCTest

/// `Database.copyIn` (PostgreSQL's COPY FROM STDIN): every kind of value arrives as an INSERT
/// would write it, text that COPY's own format would misread (tabs, backslashes, `\N`, line
/// breaks) included; a throw from the rows ends the copy with nothing kept; one logged statement.
final class CopyInTests: XCTestCase {
    static let ddl = """
        CREATE TABLE v (id integer PRIMARY KEY, i16 smallint, i64 bigint, r double precision, n numeric(30,10), t text,
            b boolean, d date, ts timestamp, tz timestamptz, u uuid, j jsonb, bin bytea, tags text[])
        """
    static let columns = ["id", "i16", "i64", "r", "n", "t", "b", "d", "ts", "tz", "u", "j", "bin", "tags"]
    static let rows: [[Value]] = [
        [1, .int(-32768), .int(Int64.max), .double(-1.5e-7), .decimal("12345678901234567890.0123456789"),
         .text("tab\there back\\slash \\N cr\rlf\r\nnl\n孙悟空 🦸"), .bool(true), .date("2024-02-29"),
         .timestamp("2024-02-29 12:34:56.123456"), .timestamptz("2024-02-29 12:34:56+00"),
         .uuid(UUID(uuidString: "1b4e28ba-2fa1-11d2-883f-0016d3cca427")!), .json(#"{"a": [1, "x\ty\\z"]}"#),
         .blob([0, 1, 0x5c, 0x09, 0x0a, 0xfe, 0xff]), .other(type: "text[]", text: #"{a,"b c","d\\e"}"#)],
        [2, .null, .null, .double(2.0), .null, .text(""), .bool(false), .null, .null, .null, .null, .null, .blob([]), .null],
        [3, .null, .null, .null, .null, .text("\\N"), .null, .null, .null, .null, .null, .null, .null, .null],
    ]

    func read(_ db: Database, _ table: String) throws -> [Row] {
        try db.fetchAll(.select(Select(from: TableRef(table)).columns(Self.columns).orderBy("id")))
    }

    func testEveryKindOfValueArrivesAsAnInsertWritesIt() throws {
        let url = try postgresOnlyURL()
        let db = Database(try connect(url))
        defer { db.close() }
        try db.execute(sql: Self.ddl)
        try db.execute(sql: "CREATE TABLE w (LIKE v)")
        try db.execute(.insert(Insert(into: TableRef("v"), columns: Self.columns, rows: Self.rows)))
        XCTAssertTrue(db.copiesIn)
        let n = try db.transaction {
            try db.copyIn(TableRef("w"), columns: Self.columns, cause: .flush(.insert, table: "w")) { put in
                for r in Self.rows { try put(r) }
            }
        }
        XCTAssertEqual(n, 3)
        let inserted = try read(db, "v"), copied = try read(db, "w")
        XCTAssertEqual(copied.map(\.values), inserted.map(\.values))
        XCTAssertEqual(copied[0]["t"], Self.rows[0][5], "COPY's own escapes do not leak into the text")
        XCTAssertEqual(copied[2]["t"], .text("\\N"), "the text \\N is not NULL")
        XCTAssertEqual(copied[1]["t"], .text(""), "the empty string is not NULL")
        let copies = db.log.events.filter { $0.sql.hasPrefix("COPY") }
        XCTAssertEqual(copies.map(\.sql), [#"COPY "w" ("id", "i16", "i64", "r", "n", "t", "b", "d", "ts", "tz", "u", "j", "bin", "tags") FROM STDIN"#])
        XCTAssertEqual(copies.first?.rows, 3)
        XCTAssertEqual(copies.first?.paramsRedacted, true)
    }

    func testAThrowFromTheRowsEndsTheCopyWithNothingKeptAndTheConnectionWorks() throws {
        struct Stop: Error {}
        let url = try postgresOnlyURL()
        let db = Database(try connect(url))
        defer { db.close() }
        try db.execute(sql: Self.ddl)
        XCTAssertThrowsError(try db.transaction {
            _ = try db.copyIn(TableRef("v"), columns: Self.columns, cause: .flush(.insert, table: "v")) { put in
                for i in 0..<5000 { try put([.int(Int64(10 + i))] + Self.rows[1].dropFirst()) }  // past one 64 KiB chunk
                throw Stop()
            }
        }) { XCTAssertTrue($0 is Stop, "\($0)") }
        XCTAssertEqual(try read(db, "v").count, 0)
        // A duplicate key: the server's error says which row of the copy.
        XCTAssertThrowsError(try db.transaction {
            _ = try db.copyIn(TableRef("v"), columns: Self.columns, cause: .flush(.insert, table: "v")) { put in
                for r in Self.rows + [Self.rows[1]] { try put(r) }
            }
        }) { e in
            XCTAssertEqual((e as? DatabaseError)?.kind, .uniqueViolation, "\(e)")
            XCTAssertEqual((e as? DatabaseError)?.copyRow, 4)
        }
        XCTAssertEqual(try read(db, "v").count, 0)
        XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT 1", [])).count, 1)
    }
}
