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
        try db.execute(sql: "CREATE DOMAIN ipaddr AS inet")
        try db.execute(sql: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')")
        try db.execute(sql: """
            CREATE TABLE t (id int PRIMARY KEY, i inet, c cidr, iv interval, m macaddr, mo money, b bit(3),
                            r int4range, jb jsonb, a inet[], p point, d ipaddr, e mood)
            """)
        try db.execute(sql: """
            INSERT INTO t VALUES (1, '10.0.0.1', '10.0.0.0/8', '90 minutes', '08:00:2b:01:02:03', '12.50', '101', '[1,5)', '{"a": 1}', '{10.0.0.1}', '(1,2)', '10.0.0.1', 'ok'),
                                 (2, '192.168.1.9', '192.168.0.0/16', '2 days', '08:00:2b:01:02:04', '99.00', '110', '[5,9)', '[2]', '{}', '(3,4)', '192.168.1.9', 'happy')
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
        XCTAssertEqual(try count(#"d < "11.0.0.0""#), "1", "a domain orders as its base type")
        XCTAssertEqual(try count(#"e > "sad" and e < "happy""#), "1", "an enum orders by its labels")
        let statement = try run(["count", "t", "--db", url, "--where", #"i = "10.0.0.1" and p = "(1,2)""#, "--format", "json"])
        XCTAssertTrue(statement.out.contains(#"(\"i\" = $1) AND (\"p\"::text = $2::text)"#), statement.out)
        let point = try run(["count", "t", "--db", url, "--where", #"p < "(1,2)""#])
        XCTAssertEqual(point.status, 1)
        XCTAssertTrue(point.err.contains("p (point) has no order"), point.err)
        for (filter, sentence) in [(#"i = "not-an-ip""#, #"Filter error at column 5: i (inet) cannot be "not-an-ip": invalid input syntax for type inet."#),
                                   (#"id > 0 and iv < "soon""#, #"Filter error at column 17: iv (interval) cannot be "soon": invalid input syntax for type interval."#),
                                   (#"e = "Happy""#, #"Filter error at column 5: e (mood) cannot be "Happy": it is one of sad, ok, happy."#)] {
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
        // Asked for JSON, a mistake the argument parser finds is JSON too, as a run-time failure is.
        for (args, sentence) in [(["rows", "hero", "--limit", "abc", "--format", "json"], "The value 'abc' is invalid for '--limit <limit>'"),
                                 (["rows", "--bogus", "--format=ndjson"], "Unknown option '--bogus'")] {
            let r = try run(args + ["--db", path])
            XCTAssertEqual(r.status, 64, "\(args)")
            let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], r.out)
            XCTAssertEqual(doc["error"] as? String, sentence, "\(args): \(r.out)")
            XCTAssertEqual(doc["format"] as? Int, 1, r.out)
        }
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

extension CLIGoldenTests {
    /// A field or relationship name is read as a model name is: `"authorId"` (what a psql user
    /// types) is exactly that field, a bare `authorid` its one case-insensitive match, in --where,
    /// --order, --set, --null, --on-conflict, --load and follow's relationship; a name that
    /// matches nothing is told with a suggestion that is never what was typed. Both backends.
    func testFieldNamesAreReadAsModelNamesAre() throws {
        try eachPrismaDatabase { backend, location in
            func ok(_ args: [String]) throws -> String {
                let r = try run(args + ["--db", location])
                XCTAssertEqual(r.status, 0, "[\(backend)] \(args): \(r.err)")
                return r.out
            }
            for filter in [#""authorId" = 1"#, "authorid = 1", "AUTHORID = 1", #"author."name" = "Ada""#, #""author".name = "Ada""#, "Author.NAME = 'Ada'"] {
                XCTAssertEqual(try ok(["count", "Post", "--where", filter, "--format", "csv"]), "count\r\n2\r\n", "[\(backend)] \(filter)")
            }
            XCTAssertEqual(try ok(["count", "Post", "--where", "categories.name = 'tech'", "--format", "csv"]), "count\r\n2\r\n", "[\(backend)]")
            // A quoted name is exact: "authorid" is not authorId, and the sentence suggests the real one.
            let quoted = try run(["count", "Post", "--db", location, "--where", #""authorid" = 1"#])
            XCTAssertEqual(quoted.status, 1)
            XCTAssertTrue(quoted.err.contains(#"Post has no field "authorid"; did you mean authorId?"#), "[\(backend)] \(quoted.err)")
            // --order, with a path through a relationship.
            for order in [#""publishedAt":desc"#, "publishedat:desc"] {
                let ids = try ok(["rows", "Post", "--order", order, "--order", "id", "--format", "csv"]).split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[0] }
                XCTAssertEqual(ids.count, 3, "[\(backend)] \(order)")
            }
            let byAuthor = try ok(["rows", "Post", "--order", #""author"."name":desc"#, "--order", "ID", "--format", "csv"])
            XCTAssertEqual(byAuthor.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) }, ["3", "1", "2"], "[\(backend)]")
            let typo = try run(["rows", "Post", "--db", location, "--order", #""createdAt""#])
            XCTAssertFalse(typo.err.contains(#"did you mean "createdAt""#) && typo.err.contains(#"field "createdAt""#), "never what was typed: \(typo.err)")
            // --load and follow's relationship.
            XCTAssertTrue(try ok(["get", "Post", "2", "--load", "categories:selectin", "--format", "json"]).contains(#""Categories":["#), "[\(backend)]")
            XCTAssertTrue(try ok(["follow", "User", "1", "posts", "--format", "csv"]).contains("Swift"), "[\(backend)]")
            // --set, --null, --on-conflict.
            XCTAssertTrue(try ok(["update", "Post", "3", "--set", #""authorId"=1"#, "--null", "PUBLISHEDAT", "--format", "json"]).contains(#""authorId":1"#), "[\(backend)]")
            XCTAssertTrue(try ok(["upsert", "User", "--set", "ID=3", "--set", "email=cy@y", "--set", "createdat=2024-01-02 00:00:00",
                                  "--on-conflict", #""id""#, "--format", "json"]).contains(#""email":"cy@y""#), "[\(backend)]")
            let twice = try run(["update", "Post", "3", "--db", location, "--set", "authorId=1", "--set", "authorid=2"])
            XCTAssertEqual(twice.status, 64, "[\(backend)] \(twice.err)")
        }
    }
}

extension CLIGoldenTests {
    /// Standard output not a terminal (a pipe, `$(...)`): the table format's answer alone is on
    /// standard output, the statement log on standard error, for every command; JSON keeps its
    /// statements inside. Both backends.
    func testTheStatementLogLeavesAPipeToTheAnswer() throws {
        try eachPrismaDatabase { backend, location in
            let count = try run(["count", "Post", "--db", location])
            XCTAssertEqual(count.out, "3\n", "[\(backend)]")
            XCTAssertTrue(count.err.hasPrefix("\n-- 1 statement, "), "[\(backend)] \(count.err)")
            XCTAssertTrue(count.err.contains("SELECT count(*) FROM \"Post\""), "[\(backend)] \(count.err)")
            let exists = try run(["exists", "Post", "--db", location, "--where", "id = 1"])
            XCTAssertEqual(exists.out, "true\n", "[\(backend)]")
            XCTAssertEqual(exists.status, 0)
            let rows = try run(["rows", "Post", "--db", location, "--limit", "1"])
            XCTAssertTrue(rows.out.hasSuffix("(1 row; more: --after k1.WyIxIl0)\n"), "[\(backend)] \(rows.out)")
            XCTAssertFalse(rows.out.contains("SELECT"), "[\(backend)] \(rows.out)")
            XCTAssertTrue(rows.err.contains("SELECT * FROM \"Post\""), "[\(backend)] \(rows.err)")
            for args in [["get", "Post", "1"], ["models"], ["show", "Post"], ["update", "Post", "1", "--set", "title=Hi"],
                         ["sql", "SELECT 1 AS one"], ["explain", "Post"]] {
                let r = try run(args + ["--db", location])
                XCTAssertEqual(r.status, 0, "[\(backend)] \(args): \(r.err)")
                XCTAssertFalse(r.out.contains("\n-- "), "[\(backend)] \(args): the log is on stdout: \(r.out)")
                XCTAssertTrue(r.err.contains("\n-- "), "[\(backend)] \(args): no log on stderr: \(r.err)")
            }
            let json = try run(["count", "Post", "--db", location, "--format", "json"])
            XCTAssertTrue(json.out.contains(#""statements":[{"#), "[\(backend)] \(json.out)")
            XCTAssertEqual(json.err, "")
        }
    }
}

extension CLIGoldenTests {
    /// `body` on a fresh database of the Prisma fixture, on each backend there is.
    func eachPrismaDatabase(_ body: (Backend, String) throws -> Void) throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            try FrameworkSchema.prisma.create(on: db, backend)
            db.close()
            try body(backend, location)
        }
    }
}

extension CLIGoldenTests {
    /// The error sentence at the end of standard error, after any statement log (which precedes
    /// it there when standard output is not a terminal).
    static func sentence(_ err: String) -> String {
        guard let at = err.range(of: "\normscope: ", options: .backwards) else { return err }
        return String(err[err.index(after: at.lowerBound)...])
    }
}

extension CLIGoldenTests {
    /// Tester 10's T3: a UUID key in the 32 hex digits SQLAlchemy stores in SQLite's CHAR(32) (what
    /// sqlite3 shows, and Python's uuid.hex) is read as the UUID it is, as the dashed form is, on both
    /// backends; anything else still gets the sentence.
    func testAUUIDKeyWithoutDashesIsRead() throws {
        let hex = "932353c051924e1b95e8c7e60d184601", dashed = "932353c0-5192-4e1b-95e8-c7e60d184601"
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            try db.execute(sql: backend == .sqlite ? "CREATE TABLE account (id CHAR(32) PRIMARY KEY, name text)" : "CREATE TABLE account (id uuid PRIMARY KEY, name text)")
            try db.execute(sql: "INSERT INTO account VALUES ('\(backend == .sqlite ? hex : dashed)', 'a')")
            db.close()
            for key in [hex, dashed, hex.uppercased()] {
                let r = try run(["get", "account", key, "--db", location, "--format", "csv"])
                XCTAssertEqual(r.status, 0, "[\(backend)] \(key): " + r.err)
                XCTAssertTrue(r.out.hasSuffix(",a\r\n"), "[\(backend)] \(key): " + r.out)
            }
            let bad = try run(["get", "account", String(hex.dropLast()), "--db", location])
            XCTAssertTrue(bad.err.contains("is a UUID"), "[\(backend)] " + bad.err)
        }
    }
}
