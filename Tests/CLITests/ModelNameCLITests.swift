import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver
import TestSupport
import XCTest

/// Issue 10, item 1: tables whose names hold dots, quotes, spaces, unicode, reserved words and case,
/// in two schemas, each reached exactly by the real binary. After every write all the tables are
/// read back directly, so a write that lands in the wrong table fails the test.
extension CLIGoldenTests {
    /// One table of the fixture: its SQL name, the canonical name ormscope lists, and other ways to type it.
    struct OddTable {
        var sql: String
        var canonical: String
        var label: String
        var aliases: [[String]]
    }

    static let postgresTables: [OddTable] = [
        OddTable(sql: #"public."sx.ty""#, canonical: #""sx.ty""#, label: "public sx.ty",
                 aliases: [[#"public."sx.ty""#], ["--schema", "public", "sx.ty"]]),
        OddTable(sql: "sx.ty", canonical: "sx.ty", label: "schema sx ty", aliases: [[#""sx"."ty""#], ["--schema", "sx", "ty"], ["ty"]]),
        OddTable(sql: #"sx."sx.ty""#, canonical: #"sx."sx.ty""#, label: "schema sx sx.ty", aliases: [["--schema", "sx", "sx.ty"]]),
        OddTable(sql: #"public."a""b""#, canonical: #""a""b""#, label: "quote", aliases: [["--schema", "public", "a\"b"]]),
        OddTable(sql: #"public."my table""#, canonical: #""my table""#, label: "space", aliases: [["my table"]]),
        OddTable(sql: #"public."héros 🦸""#, canonical: #""héros 🦸""#, label: "unicode", aliases: [["héros 🦸"]]),
        OddTable(sql: #"public."select""#, canonical: "select", label: "reserved select", aliases: [[#""select""#]]),
        OddTable(sql: #"public."order""#, canonical: "order", label: "reserved order", aliases: [["public.order"]]),
        OddTable(sql: #"public."Hero""#, canonical: "Hero", label: "mixed case", aliases: [[#""Hero""#]]),
        OddTable(sql: "public.hero", canonical: "hero", label: "lower case", aliases: [["public.hero"]]),
    ]

    static let sqliteTables: [OddTable] = [
        OddTable(sql: #""sx.ty""#, canonical: #""sx.ty""#, label: "dotted", aliases: [["main.\"sx.ty\""], ["--schema", "main", "sx.ty"]]),
        OddTable(sql: #""a b""#, canonical: #""a b""#, label: "space", aliases: [["a b"]]),
        OddTable(sql: #""a""b""#, canonical: #""a""b""#, label: "quote", aliases: [["--schema", "main", "a\"b"]]),
        OddTable(sql: #""select""#, canonical: "select", label: "reserved", aliases: [["SELECT"]]),
        OddTable(sql: #""héros 🦸""#, canonical: #""héros 🦸""#, label: "unicode", aliases: [["héros 🦸"]]),
        OddTable(sql: "ty", canonical: "ty", label: "plain", aliases: [["main.ty"]]),
    ]

    /// Creates the tables, rows (1, "<label> one") and (2, "<label> two"), and foreign keys across schemas.
    func createOddTables(_ db: Database, _ tables: [OddTable], postgres: Bool) throws {
        if postgres { try db.execute(sql: "CREATE SCHEMA sx") }
        for t in tables {
            try db.execute(sql: "CREATE TABLE \(t.sql) (id integer PRIMARY KEY, v text)")
            try db.execute(sql: "INSERT INTO \(t.sql) (id, v) VALUES (1, '\(t.label) one'), (2, '\(t.label) two')")
        }
        if postgres {
            // sx.ty -> public."sx.ty", public.hero -> sx.ty, public."order" -> public."select"
            try db.execute(sql: #"ALTER TABLE sx.ty ADD COLUMN dotted_id integer REFERENCES public."sx.ty" (id)"#)
            try db.execute(sql: "UPDATE sx.ty SET dotted_id = 2")
            try db.execute(sql: "ALTER TABLE public.hero ADD COLUMN ty_id integer REFERENCES sx.ty (id)")
            try db.execute(sql: "UPDATE public.hero SET ty_id = 1")
            try db.execute(sql: #"ALTER TABLE public."order" ADD COLUMN select_id integer REFERENCES public."select" (id)"#)
        } else {
            try db.execute(sql: #"CREATE TABLE link (id integer PRIMARY KEY, dotted_id integer REFERENCES "sx.ty" (id), space_id integer REFERENCES "a b" (id))"#)
            try db.execute(sql: "INSERT INTO link VALUES (1, 2, 1)")
        }
    }

    /// Every table's rows, read directly: table SQL name -> [id: v].
    func snapshot(_ db: Database, _ tables: [OddTable]) throws -> [String: [Int: String]] {
        var out: [String: [Int: String]] = [:]
        for t in tables {
            var rows: [Int: String] = [:]
            for r in try db.fetchAll(CompiledSQL("SELECT id, v FROM \(t.sql) ORDER BY id", [])) {
                guard case .int(let id) = r[0] else { continue }
                rows[Int(id)] = r[1].displayText ?? "NULL"
            }
            out[t.sql] = rows
        }
        return out
    }

    /// rows, get, update, insert and delete --yes through the binary, each reaching exactly one table.
    func checkOddTables(_ location: String, _ db: Database, _ tables: [OddTable]) throws {
        var expected = try snapshot(db, tables)
        let models = try json(run(["models", "--db", location, "--format", "json"]).out)
        let listed = (models["models"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        XCTAssertEqual(Set(listed).count, listed.count, "each model listed once, distinctly: \(listed)")
        for t in tables { XCTAssertTrue(listed.contains(t.canonical), "\(t.canonical) is listed: \(listed)") }
        let text = try run(["models", "--db", location])
        for t in tables { XCTAssertTrue(text.out.contains("\n\(t.canonical) "), "\(t.canonical) in the table output:\n\(text.out)") }

        for t in tables {
            for typed in [[t.canonical]] + t.aliases {
                let rows = try run(["rows"] + typed + ["--db", location, "--format", "json"])
                XCTAssertEqual(rows.status, 0, "\(typed): \(rows.err)")
                let object = try json(rows.out)
                let values = (object["rows"] as? [[String: Any]])?.compactMap { $0["v"] as? String }
                XCTAssertEqual(values, ["\(t.label) one", "\(t.label) two"], "rows \(typed)")
                let model = object["model"] as? [String: Any]
                XCTAssertEqual(model?["name"] as? String, t.canonical, "rows \(typed) names its model")
                let get = try json(run(["get"] + typed + ["2", "--db", location, "--format", "json"]).out)
                XCTAssertEqual((get["rows"] as? [[String: Any]])?.first?["v"] as? String, "\(t.label) two", "get \(typed)")
            }
            let update = try run(["update", t.canonical, "1", "--db", location, "--set", "v=CHANGED \(t.label)"])
            XCTAssertEqual(update.status, 0, "update \(t.canonical): \(update.err)")
            expected[t.sql]![1] = "CHANGED \(t.label)"
            XCTAssertEqual(try snapshot(db, tables), expected, "update \(t.canonical) changed only \(t.sql)")

            let insert = try run(["insert", t.canonical, "--db", location, "--set", "id=3", "--set", "v=new \(t.label)", "--format", "json"])
            XCTAssertEqual(insert.status, 0, "insert \(t.canonical): \(insert.err)")
            expected[t.sql]![3] = "new \(t.label)"
            XCTAssertEqual(try snapshot(db, tables), expected, "insert \(t.canonical) wrote only \(t.sql)")

            let typedLast = t.aliases.last ?? [t.canonical]
            let delete = try run(["delete"] + typedLast + ["3", "--yes", "--db", location])
            XCTAssertEqual(delete.status, 0, "delete \(typedLast): \(delete.err)")
            expected[t.sql]![3] = nil
            XCTAssertEqual(try snapshot(db, tables), expected, "delete \(typedLast) removed only \(t.sql)'s row")
        }
    }

    func testOddNamesReachExactlyTheirTableOnPostgreSQL() throws {
        let url = try postgresOnlyURL()
        let db = Database(try PostgresConnection(url))
        defer { db.close() }
        let tables = Self.postgresTables
        try createOddTables(db, tables, postgres: true)
        try checkOddTables(url, db, tables)

        // A foreign key pairs with its real target, across schemas, in show's JSON and when loaded.
        let show = try json(run(["show", "sx.ty", "--db", url, "--format", "json"]).out)
        let model = try XCTUnwrap(show["model"] as? [String: Any])
        XCTAssertEqual(model["name"] as? String, "sx.ty")
        XCTAssertEqual(model["schema"] as? String, "sx")
        XCTAssertEqual(model["table"] as? String, "ty")
        let rels = (model["relationships"] as? [[String: Any]]) ?? []
        XCTAssertEqual(rels.first { $0["name"] as? String == "dotted" }?["target"] as? String, #""sx.ty""#)
        XCTAssertEqual(rels.first { $0["name"] as? String == "heroes" }?["target"] as? String, "hero")
        XCTAssertEqual((model["foreign_keys"] as? [[String: Any]])?.first?["referenced_model"] as? String, #""sx.ty""#)
        let dotted = try json(run(["show", #""sx.ty""#, "--db", url, "--format", "json"]).out)["model"] as? [String: Any]
        XCTAssertEqual(dotted?["schema"] as? NSNull, NSNull())
        XCTAssertEqual(dotted?["table"] as? String, "sx.ty")
        XCTAssertEqual((dotted?["relationships"] as? [[String: Any]])?.map { $0["name"] as? String }, ["ties"])

        let loaded = try json(run(["rows", "hero", "--db", url, "--load", "ty.dotted:selectin", "--format", "json"]).out)
        let first = (loaded["rows"] as? [[String: Any]])?.first
        let ty = first?["ty"] as? [String: Any]
        XCTAssertEqual(ty?["v"] as? String, "CHANGED schema sx ty", "hero.ty is sx.ty")
        XCTAssertEqual((ty?["dotted"] as? [String: Any])?["v"] as? String, "public sx.ty two", "sx.ty.dotted is public.\"sx.ty\"")

        // The filter language walks the same relationships.
        let filtered = try json(run(["rows", "hero", "--db", url, "--where", "ty.dotted.v = 'public sx.ty two'", "--format", "json"]).out)
        XCTAssertEqual((filtered["rows"] as? [Any])?.count, 2, "\(filtered)")
        let none = try json(run(["rows", "hero", "--db", url, "--where", "ty.dotted.v = 'schema sx ty one'", "--format", "json"]).out)
        XCTAssertEqual((none["rows"] as? [Any])?.count, 0)

        // Mistakes get one sentence, never another table.
        let unknown = try run(["update", "sx.tz", "1", "--db", url, "--set", "v=x"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.err, "ormscope: There is no table \"tz\" in schema \"sx\"; did you mean \"sx.ty\"?\n")
        let ambiguous = try run(["get", "HERO", "1", "--db", url])
        XCTAssertEqual(ambiguous.err, "ormscope: \"HERO\" names more than one model (Hero, hero); write one of them as shown.\n")
        let unclosed = try run(["rows", "\"sx.ty", "--db", url])
        XCTAssertEqual(unclosed.err, "ormscope: \"\"sx.ty\" is not a model name: the quote at character 1 is never closed.\n")
    }

    func testOddNamesReachExactlyTheirTableOnSQLite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("names.sqlite").path
        let db = Database(try SQLiteConnection(path, create: true))
        defer { db.close() }
        let tables = Self.sqliteTables
        try createOddTables(db, tables, postgres: false)
        try checkOddTables(path, db, tables)

        let loaded = try json(run(["rows", "link", "--db", path, "--load", "dotted:joined", "--load", "space:selectin", "--format", "json"]).out)
        let first = (loaded["rows"] as? [[String: Any]])?.first
        XCTAssertEqual((first?["dotted"] as? [String: Any])?["v"] as? String, "dotted two")
        XCTAssertEqual((first?["space"] as? [String: Any])?["v"] as? String, "CHANGED space")
        let show = try json(run(["show", "sx.ty", "--db", path, "--format", "json"]).out)
        XCTAssertNil(show["model"], "sx.ty is schema sx, which SQLite does not have here")
        let err = try run(["show", "sx.ty", "--db", path]).err
        XCTAssertEqual(err, "ormscope: There is no table \"ty\" in schema \"sx\"; did you mean '\"sx.ty\"'?\n")
    }

    /// A model without a schema is written unqualified, so the default schema is the one an unqualified
    /// name reaches: the search path's first. Under `search_path = sx, public` public's table is
    /// `public.shadow` and a write to it lands there, not in `sx.shadow`.
    func testTheDefaultSchemaIsTheSearchPathsFirstOnPostgreSQL() throws {
        let url = try postgresOnlyURL()
        let name = String(try XCTUnwrap(URLComponents(string: url)?.path.dropFirst()))
        let setup = Database(try PostgresConnection(url))
        try setup.execute(sql: "CREATE SCHEMA sx")
        try setup.execute(sql: "CREATE TABLE public.shadow (id integer PRIMARY KEY, v text)")
        try setup.execute(sql: "CREATE TABLE sx.shadow (id integer PRIMARY KEY, v text)")
        try setup.execute(sql: "INSERT INTO public.shadow VALUES (1, 'public one'), (2, 'public two')")
        try setup.execute(sql: "INSERT INTO sx.shadow VALUES (1, 'sx one'), (2, 'sx two')")
        try setup.execute(sql: "ALTER DATABASE \(name) SET search_path = sx, public")
        setup.close()
        let db = Database(try PostgresConnection(url))
        defer { db.close() }
        func both() throws -> [String] {
            try ["public.shadow", "sx.shadow"].flatMap { t in
                try db.fetchAll(CompiledSQL("SELECT v FROM \(t) ORDER BY id", [])).map { $0[0].displayText ?? "" }
            }
        }
        let models = try json(run(["models", "--db", url, "--format", "json"]).out)
        XCTAssertEqual(Set((models["models"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []), ["shadow", "public.shadow"])
        XCTAssertEqual(try run(["update", "public.shadow", "1", "--db", url, "--set", "v=CHANGED"]).status, 0)
        XCTAssertEqual(try both(), ["CHANGED", "public two", "sx one", "sx two"])
        XCTAssertEqual(try run(["update", "shadow", "2", "--db", url, "--set", "v=CHANGED"]).status, 0)
        XCTAssertEqual(try both(), ["CHANGED", "public two", "sx one", "CHANGED"])
        XCTAssertEqual(try run(["delete", "--schema", "public", "shadow", "2", "--yes", "--db", url]).status, 0)
        XCTAssertEqual(try both(), ["CHANGED", "sx one", "CHANGED"])
        let get = try json(run(["get", "sx.shadow", "1", "--db", url, "--format", "json"]).out)
        XCTAssertEqual((get["rows"] as? [[String: Any]])?.first?["v"] as? String, "sx one")
    }
}
