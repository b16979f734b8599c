import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver
import TestSupport
import XCTest

/// Every value, name and input read exactly, and the command line as a scripting tool: the real
/// binary on both backends.
extension CLIGoldenTests {
    /// A type with a default btree operator class (inet, cidr, interval, macaddr, money, bit,
    /// jsonb, ranges, arrays of them) is compared natively, so the value ormscope prints finds its
    /// row and `<` / `>` work; json, xml and point keep their text comparison; a literal the
    /// server refuses is one sentence naming the field and its type.
    func testPostgresTypesWithAnOrderCompareNatively() throws {
        let url = try postgresOnlyURL()
        let db = Database(try PostgresConnection(url))
        try db.execute(sql: """
            CREATE TABLE t (id int PRIMARY KEY, i inet, c cidr, iv interval, m macaddr, mo money, b bit(3),
                            r int4range, jb jsonb, a inet[], p point)
            """)
        try db.execute(sql: """
            INSERT INTO t VALUES (1, '10.0.0.1', '10.0.0.0/8', '90 minutes', '08:00:2b:01:02:03', '12.50', '101', '[1,5)', '{"a": 1}', '{10.0.0.1}', '(1,2)'),
                                 (2, '192.168.1.9', '192.168.0.0/16', '2 days', '08:00:2b:01:02:04', '99.00', '110', '[5,9)', '[2]', '{}', '(3,4)')
            """)
        db.close()
        // What ormscope prints for row 1 (inet without /32, the interval as 01:30:00) finds it.
        let shown = try run(["get", "t", "1", "--db", url, "--format", "json"])
        XCTAssertTrue(shown.out.contains(#""i":"10.0.0.1""#) && shown.out.contains(#""iv":"01:30:00""#), shown.out)
        func count(_ filter: String) throws -> String {
            let r = try run(["count", "t", "--db", url, "--where", filter, "--format", "json"])
            XCTAssertEqual(r.status, 0, "\(filter): \(r.err)\(r.out)")
            return (try? JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]).flatMap { $0?["count"] }.map { "\($0)" } ?? r.out
        }
        XCTAssertEqual(try count(#"i = "10.0.0.1""#), "1")
        XCTAssertEqual(try count(#"iv = "90 minutes""#), "1")
        XCTAssertEqual(try count(#"iv = "01:30:00""#), "1")
        XCTAssertEqual(try count(#"i < "11.0.0.0""#), "1")
        XCTAssertEqual(try count(#"iv > "1 day""#), "1")
        XCTAssertEqual(try count(#"c >= "10.0.0.0/8""#), "2")
        XCTAssertEqual(try count(#"m = "08:00:2b:01:02:03" and mo < "50" and b = "101" and r = "[1,5)""#), "1")
        XCTAssertEqual(try count(#"jb = '{"a":1}'"#), "1", "jsonb compares as jsonb, whatever the spacing")
        XCTAssertEqual(try count(#"a = "{10.0.0.1}""#), "1")
        XCTAssertEqual(try count(#"i in ("10.0.0.1", "192.168.1.9")"#), "2")
        XCTAssertEqual(try count(#"i like "192.%""#), "1")
        XCTAssertEqual(try count(#"p = "(1,2)""#), "1")
        let statement = try run(["count", "t", "--db", url, "--where", #"i = "10.0.0.1" and p = "(1,2)""#, "--format", "json"])
        XCTAssertTrue(statement.out.contains(#"(\"i\" = $1) AND (\"p\"::text = $2::text)"#), statement.out)
        let point = try run(["count", "t", "--db", url, "--where", #"p < "(1,2)""#])
        XCTAssertEqual(point.status, 1)
        XCTAssertTrue(point.err.contains("p (point) has no order"), point.err)
        for (filter, sentence) in [(#"i = "not-an-ip""#, #"Filter error at column 5: i (inet) cannot be "not-an-ip": invalid input syntax for type inet."#),
                                   (#"id > 0 and iv < "soon""#, #"Filter error at column 17: iv (interval) cannot be "soon": invalid input syntax for type interval."#)] {
            let bad = try run(["count", "t", "--db", url, "--where", filter])
            XCTAssertEqual(bad.status, 1, filter)
            XCTAssertEqual(bad.err, "ormscope: " + sentence + "\n")
            let rows = try run(["rows", "t", "--db", url, "--where", filter, "--format", "csv"])
            XCTAssertEqual(rows.err, "ormscope: " + sentence + "\n", "streamed rows say the same")
            let page = try run(["rows", "t", "--db", url, "--where", filter])
            XCTAssertEqual(page.err, "ormscope: " + sentence + "\n", "a held page says the same")
        }
    }

    /// SQLite orders any two values, so a column of a type it does not know (INET, MACADDR)
    /// compares with `<` too, as the database compares it (INTERVAL holds "INT": an integer there).
    func testSQLiteColumnsOfAnyDeclaredTypeHaveAnOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-exact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.sqlite").path
        let db = Database(try SQLiteConnection(path, create: true))
        try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, ip INET, mac MACADDR)")
        try db.execute(sql: "INSERT INTO t VALUES (1, '10.0.0.1', 'b'), (2, '10.0.0.9', 'a'), (3, '10.0.0.3', 'c')")
        db.close()
        let r = try run(["count", "t", "--db", path, "--where", #"ip = "10.0.0.1" or mac < "b""#, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err + r.out)
        XCTAssertTrue(r.out.contains(#""count":2"#), r.out)
    }

    /// Usage mistakes exit 64 (a failure at run time exits 1), and say which option is wrong.
    func testUsageMistakesExit64() throws {
        let path = try demo()
        let cases: [([String], String)] = [
            (["rows", "hero", "--limit", "0"], "--limit takes a whole number from 1 to 100,000 (\"0\" is not)."),
            (["rows", "hero", "--page", "2", "--after", "k1.WyIxIl0"], "Give only one of --page, --after, --before or --last."),
            (["update", "hero", "1"], "Give at least one --set FIELD=VALUE or --null FIELD."),
            (["update", "hero", "1", "--set", "age"], "--set takes FIELD=VALUE (\"age\" has no =)."),
            (["rows", "hero", "--order", "age:sideways"], "The sort \"age:sideways\" should be FIELD, FIELD:asc or FIELD:desc."),
            (["rows", "hero", "--load", "team:fast"], "\"fast\" is not a loading strategy: use lazy, selectin, joined or raise."),
            (["rows", "hero", "--timeout", "0"], "--timeout takes a number of seconds"),
            (["explain", "hero", "--analyze"], "add --yes to confirm."),
            (["export", "hero"], "export writes csv, json or ndjson"),
        ]
        for (args, sentence) in cases {
            let r = try run(args + ["--db", path])
            XCTAssertEqual(r.status, 64, "\(args): \(r.err)")
            XCTAssertTrue(r.err.contains(sentence), "\(args): \(r.err)")
        }
        for args in [["rows", "--bogus"], ["rows", "hero", "--bogus", "--db", path]] {
            let r = try run(args)
            XCTAssertEqual(r.status, 64, "\(args)")
            XCTAssertTrue(r.err.contains("Unknown option '--bogus'"), "\(args): \(r.err)")
        }
        // A failure at run time is still 1: a row that is not there.
        XCTAssertEqual(try run(["get", "hero", "999999", "--db", path]).status, 1)
    }

    /// `export --output NAME` takes the format from NAME's extension when --format is not given.
    func testExportTakesItsFormatFromTheOutputName() throws {
        let path = try demo()
        let dir = (path as NSString).deletingLastPathComponent
        for (name, start) in [("h.csv", "id,name,"), ("h.json", "{"), ("h.ndjson", "{\"id\":1,")] {
            let out = (dir as NSString).appendingPathComponent(name)
            let r = try run(["export", "hero", "--db", path, "--where", "id <= 2", "--output", out])
            XCTAssertEqual(r.status, 0, "\(name): \(r.err)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix(start), "\(name): \(text.prefix(80))")
        }
        let json = try String(contentsOfFile: (dir as NSString).appendingPathComponent("h.ndjson"), encoding: .utf8)
        XCTAssertEqual(json.split(separator: "\n").count, 2)
        let given = try run(["export", "hero", "--db", path, "--where", "id <= 2", "--format", "json", "--output", (dir as NSString).appendingPathComponent("x.csv")])
        XCTAssertEqual(given.status, 0)
        XCTAssertTrue(try String(contentsOfFile: (dir as NSString).appendingPathComponent("x.csv"), encoding: .utf8).hasPrefix("{"), "--format wins")
    }
}
