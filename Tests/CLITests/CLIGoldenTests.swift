import Foundation
import ORMCore
import TestSupport
import XCTest

/// End-to-end runs of the real `ormscope` binary: exact output for the demo, JSON shape, and
/// one clear sentence (and exit status 1) for bad input.
final class CLIGoldenTests: XCTestCase {
    static var binary: URL {
        // The test bundle sits next to the built products.
        var dir = Bundle(for: CLIGoldenTests.self).bundleURL.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("ormscope").path) {
            dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
        }
        return dir.appendingPathComponent("ormscope")
    }

    func run(_ args: [String], env: [String: String] = [:], cwd: URL? = nil) throws -> (out: String, err: String, status: Int32) {
        try Self.run(args, env: env, cwd: cwd)
    }

    /// The real binary with `args` (DATABASE_URL unset, `env` added, in `cwd` when given): its output and exit status.
    static func run(_ args: [String], env: [String: String] = [:], cwd: URL? = nil) throws -> (out: String, err: String, status: Int32) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        if let cwd { p.currentDirectoryURL = cwd }
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        // (libpq's variables that name a server are where ormscope connects without --db, and PGTZ its zone: not inherited.)
        for v in ["PGDATABASE", "PGSERVICE", "PGHOST", "PGHOSTADDR", "PGTZ"] { environment[v] = nil }
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), p.terminationStatus)
    }

    /// The binary started with `args` (DATABASE_URL unset), fed through a pipe: its standard input
    /// to write to, its standard error to read; standard output is discarded.
    static func started(_ args: [String]) throws -> (process: Process, input: FileHandle, err: FileHandle) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["DATABASE_URL"] = nil
        p.environment = env
        let input = Pipe(), err = Pipe()
        p.standardInput = input
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return (p, input.fileHandleForWriting, err.fileHandleForReading)
    }

    func demo() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.sqlite").path
        let r = try run(["create-demo", path])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("Created the demo database in \(path)"), r.out)
        return path
    }

    func testModelsListsTheDemoRegistry() throws {
        let path = try demo()
        let r = try run(["models", "--db", path])
        XCTAssertEqual(r.status, 0)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "sqlite \(path): 10 models")
        XCTAssertEqual(lines[2], "MODEL            KIND   ROWS~  FIELDS  PRIMARY KEY        FOREIGN KEYS")
        XCTAssertEqual(lines[7], "hero             table  6000   6       id                 team_id → team")
        XCTAssertEqual(lines[8], "hero_power_link  table  11856  4       hero_id, power_id  power_id → power; hero_id → hero")
        XCTAssertEqual(lines[9], "hero_summary     view   -      4                          ")
        // A fixed count (issue 11): the schema's text and the table kinds, the view's columns (by the
        // pragma: the tables are read from their text), 1 for every estimate.
        // (Standard output is a pipe here: the statement log is on standard error, the answer alone on standard output.)
        XCTAssertTrue(r.err.contains("-- 4 statements"), r.err)
        XCTAssertFalse(r.out.contains("-- 4 statements"), r.out)
        // No subcommand means `models`; DATABASE_URL stands in for --db.
        let viaEnv = try run([], env: ["DATABASE_URL": path])
        XCTAssertEqual(viaEnv.status, 0)
        XCTAssertEqual(viaEnv.out.split(separator: "\n").prefix(12), r.out.split(separator: "\n").prefix(12))
    }

    func testShowAndJSON() throws {
        let path = try demo()
        let show = try run(["show", "answer", "--db", path])
        XCTAssertEqual(show.status, 0)
        XCTAssertTrue(show.out.contains("Unique:\n  - (user_id, question_id)"), show.out)
        XCTAssertTrue(show.out.contains("(user_id) → app_user (id) on delete CASCADE"), show.out)
        let json = try run(["show", "hero_power_link", "--db", path, "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let model = try XCTUnwrap(object["model"] as? [String: Any])
        XCTAssertEqual(model["primary_key"] as? [String], ["hero_id", "power_id"])
        XCTAssertEqual((model["checks"] as? [[String: Any]])?.first?["name"] as? String, "ck_link_role")
        XCTAssertEqual(object["query_count"] as? Int, (object["statements"] as? [Any])?.count)
        XCTAssertNotNil(object["warnings"] as? [Any])
    }

    func testBadInputGetsOneSentence() throws {
        let path = try demo()
        let typo = try run(["show", "heroo", "--db", path])
        XCTAssertEqual(typo.status, 1)
        XCTAssertEqual(typo.err, "ormscope: There is no model named \"heroo\"; did you mean \"hero\"?\n")
        let missing = try run(["models", "--db", "/nonexistent/demo.sqlite", "--format", "json"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.out, #"{"format":1,"error":"Could not connect: there is no SQLite database file at /nonexistent/demo.sqlite."}"# + "\n")
        let none = try run(["models"])
        XCTAssertEqual(none.err, "ormscope: No database given: pass --db URL|PATH, or set DATABASE_URL, or libpq's PGDATABASE / PGSERVICE / PGHOST / PGHOSTADDR as for psql.\n")
        let malformed = try run(["models", "--db", "postgresql://bob:TopSecret1@host:99999999/db"])
        XCTAssertEqual(malformed.status, 1)
        XCTAssertFalse(malformed.err.contains("TopSecret1"), malformed.err)
        XCTAssertTrue(malformed.err.hasPrefix("ormscope: "), malformed.err)
        XCTAssertEqual(malformed.err.split(separator: "\n").count, 1, "one sentence: \(malformed.err)")
        let again = try run(["create-demo", path])
        XCTAssertEqual(again.err, "ormscope: \(path) already exists; the demo is only created in a new file.\n")
    }
}

extension CLIGoldenTests {
    func testExplainLoadingShowsEachStrategysCount() throws {
        let path = try demo()
        let r = try run(["explain-loading", "team", "heroes", "--db", path, "--limit", "50"])
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "team.heroes: 50 parents, \(lines[0].split(separator: " ")[3]) related rows")
        XCTAssertTrue(lines[2].hasPrefix("lazy      51"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("selectin  2 "), lines[3])
        XCTAssertTrue(lines[4].hasPrefix("joined    1 "), lines[4])
        XCTAssertTrue(r.out.contains("!! Potential N+1 on Team.heroes: lazy-loaded for 50 parents"), r.out)
        XCTAssertTrue(r.out.contains("   ... 48 more like it"), r.out)

        let json = try run(["explain-loading", "hero", "powers", "--db", path, "--limit", "10", "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let counts = (object["strategies"] as? [[String: Any]])?.map { $0["query_count"] as? Int }
        XCTAssertEqual(counts, [11, 2, 1])

        let bad = try run(["explain-loading", "team", "heros", "--db", path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.err, "ormscope: Model team has no relationship \"heros\"; did you mean \"heroes\"?\n")
    }
}

extension CLIGoldenTests {
    func json(_ out: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], out)
    }

    func testRowsPagesFiltersAndLoads() throws {
        let path = try demo()
        let first = try json(run(["rows", "hero", "--db", path, "--limit", "3", "--order", "name:desc", "--format", "json"]).out)
        XCTAssertEqual((first["rows"] as? [[String: Any]])?.count, 3)
        XCTAssertEqual(first["query_count"] as? Int, 1)
        let next = try XCTUnwrap(first["next_after"] as? String)
        let second = try json(run(["rows", "hero", "--db", path, "--limit", "3", "--order", "name:desc", "--after", next, "--format", "json"]).out)
        let names = ((first["rows"] as? [[String: Any]]) ?? []).map { $0["name"] as? String } + ((second["rows"] as? [[String: Any]]) ?? []).map { $0["name"] as? String }
        XCTAssertEqual(names, names.sorted { ($0 ?? "") > ($1 ?? "") }, "the second page continues the first")
        let statement = try XCTUnwrap((second["statements"] as? [[String: Any]])?.first)
        XCTAssertEqual(statement["sql"] as? String, #"SELECT * FROM "hero" WHERE ("name" < ?) OR (("name" = ?) AND ("id" > ?)) ORDER BY "name" DESC, "id" ASC LIMIT 4"#)

        // CSV cannot carry loaded rows, and says so on stderr (its standard output stays the CSV).
        let loadedCSV = try run(["rows", "team", "--db", path, "--limit", "2", "--load", "heroes:selectin", "--format", "csv"])
        XCTAssertEqual(loadedCSV.err, "ormscope: CSV holds the team rows only: the loaded heroes are not in it (--format json or ndjson nests them).\n")
        XCTAssertTrue(loadedCSV.out.hasPrefix("id,name,headquarters\r\n"), loadedCSV.out)
        let lazy = try json(run(["rows", "team", "--db", path, "--limit", "10", "--load", "heroes:lazy", "--format", "json"]).out)
        let selectin = try json(run(["rows", "team", "--db", path, "--limit", "10", "--load", "heroes:selectin", "--format", "json"]).out)
        XCTAssertEqual(lazy["query_count"] as? Int, 11)
        XCTAssertEqual(selectin["query_count"] as? Int, 2)
        XCTAssertEqual((lazy["warnings"] as? [String])?.first?.hasPrefix("Potential N+1 on Team.heroes"), true)
        XCTAssertEqual((selectin["warnings"] as? [String]) ?? ["x"], [])

        let csv = try run(["rows", "team", "--db", path, "--limit", "2", "--format", "csv"])
        XCTAssertEqual(csv.out, "id,name,headquarters\r\n1,Preventers,Sharp Tower\r\n2,Z-Force,Sister Margaret's Bar\r\n")

        let filtered = try run(["rows", "hero", "--db", path, "--where", "team.name = 'Avengers' and age >= 80", "--limit", "100"])
        XCTAssertEqual(filtered.status, 0, filtered.err)
        XCTAssertTrue(filtered.err.contains(#"WHERE ("hero"."team_id" IN"#) || filtered.err.contains(#"WHERE ("team_id" IN (SELECT "id" FROM "team" WHERE "name" = ?)) AND ("age" >= ?)"#), filtered.err)

        let typo = try run(["rows", "hero", "--db", path, "--where", "agee > 3"])
        XCTAssertEqual(typo.err, "ormscope: Filter error at column 1: hero has no field agee; did you mean age?\n")
        let get = try json(run(["get", "hero_power_link", "1,\(try firstPower(path))", "--db", path, "--format", "json"]).out)
        XCTAssertEqual((get["rows"] as? [[String: Any]])?.count, 1)
        let missing = try run(["get", "hero", "999999", "--db", path])
        XCTAssertEqual(missing.err, "ormscope: No hero row has id = 999999.\n")
    }

    /// The first power of hero 1, read through the binary itself.
    func firstPower(_ path: String) throws -> Int {
        let out = try json(run(["rows", "hero_power_link", "--db", path, "--where", "hero_id = 1", "--limit", "1", "--format", "json"]).out)
        return try XCTUnwrap((out["rows"] as? [[String: Any]])?.first?["power_id"] as? Int)
    }
}

extension CLIGoldenTests {
    func testWritesCommitValidateAndRefuse() throws {
        let path = try demo()
        let inserted = try json(run(["insert", "team", "--db", path, "--set", "name=Newcomers", "--null", "headquarters", "--format", "json"]).out)
        let row = try XCTUnwrap((inserted["rows"] as? [[String: Any]])?.first)
        XCTAssertEqual(row["name"] as? String, "Newcomers")
        XCTAssertTrue(row["headquarters"] is NSNull)
        XCTAssertEqual((inserted["statements"] as? [[String: Any]])?.compactMap { $0["cause"] as? String },
                       ["transaction", "flush: insert team", "transaction", "refresh of team \(row["id"]!)"])

        let update = try json(run(["update", "hero", "3", "--db", path, "--set", "age=44", "--format", "json"]).out)
        let sql = (update["statements"] as? [[String: Any]])?.compactMap { $0["sql"] as? String } ?? []
        XCTAssertTrue(sql.contains(#"UPDATE "hero" SET "age" = ? WHERE "id" = ?"#), "\(sql)")
        XCTAssertEqual(try json(run(["get", "hero", "3", "--db", path, "--format", "json"]).out)["rows"].flatMap { ($0 as? [[String: Any]])?.first?["age"] as? Int }, 44)

        let upsert = try json(run(["upsert", "team", "--db", path, "--set", "name=Avengers", "--set", "headquarters=Tower", "--on-conflict", "name", "--format", "json"]).out)
        XCTAssertEqual((upsert["rows"] as? [[String: Any]])?.first?["headquarters"] as? String, "Tower")
        XCTAssertEqual(try json(run(["rows", "team", "--db", path, "--where", "name = 'Avengers'", "--format", "json"]).out)["rows"].flatMap { ($0 as? [Any])?.count }, 1)

        for (args, message) in [
            (["insert", "team", "--set", "name=Avengers"], "ormscope: Unique constraint on team violated (name): a row with name = Avengers already exists; nothing was written.\n"),
            (["update", "hero", "3", "--set", "age=old"], "ormscope: Cannot write hero: age is a whole number (\"old\" is not); nothing was written.\n"),
            (["update", "hero", "3", "--set", "age=99999999999999999999"],
             "ormscope: Cannot write hero: age is a whole number from -9223372036854775808 to 9223372036854775807 (\"99999999999999999999\" is out of range); nothing was written.\n"),
            (["update", "hero", "99999", "--set", "age=1"], "ormscope: No hero row has id = 99999; nothing was changed.\n"),
            (["insert", "hero", "--set", "name=X"], "ormscope: Cannot write hero: secret_name is required; nothing was written.\n"),
            (["insert", "hero", "--set", "nmae=X"], "ormscope: Model hero has no field \"nmae\"; did you mean \"name\"?\n"),
            (["delete", "hero", "3"], "ormscope: Deleting hero 3 needs --yes to confirm; nothing was deleted.\n"),
            (["insert", "team", "--set", "name=X", "--read-only"], "ormscope: Read-only mode (--read-only): insert refused; nothing was written.\n"),
            (["upsert", "team", "--set", "name=Y", "--on-conflict", "headquarters"], "ormscope: (headquarters) is not the primary key or a unique constraint of team; choose one of: (id), (name).\n"),
            (["insert", "hero_summary", "--set", "name=X"], "ormscope: hero_summary is a view and cannot be written to.\n"),
        ] {
            let r = try run(args + ["--db", path])
            XCTAssertEqual(r.status, 1, "\(args)")
            XCTAssertEqual(Self.sentence(r.err), message, "\(args)")
        }
        XCTAssertEqual(try json(run(["rows", "team", "--db", path, "--where", "name = 'X' or name = 'Y'", "--format", "json"]).out)["rows"].flatMap { ($0 as? [Any])?.count }, 0,
                       "nothing was written by the refused commands")
        let deleted = try run(["delete", "hero", "3", "--db", path, "--yes"])
        XCTAssertEqual(deleted.status, 0, deleted.err)
        XCTAssertEqual(try run(["get", "hero", "3", "--db", path]).status, 1)
    }
}

extension CLIGoldenTests {
    /// A first word that is no command is said as such, with the closest one, exit 64 (it had
    /// been taken as an argument of the default command, `explore`, whose usage was printed).
    func testAMistypedCommandIsNamedWithTheClosestOne() throws {
        let r = try Self.run(["rws", "team"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.err, "ormscope: 'rws' is not a command (did you mean rows?); `ormscope --help` lists them.\n")
        XCTAssertEqual(try Self.run(["folow"]).err, "ormscope: 'folow' is not a command (did you mean follow?); `ormscope --help` lists them.\n")
        XCTAssertEqual(try Self.run(["frobnicate"]).err, "ormscope: 'frobnicate' is not a command; `ormscope --help` lists them.\n")
        XCTAssertEqual(try Self.run(["help"]).status, 0, "help is a command")
    }

    /// `follow MODEL KEY REL`: one row's related rows, as the explorer's `f` shows them, a page at a
    /// time: one-to-many from the key alone, many-to-one reading the row first, many-to-many
    /// through the link table.
    func testFollowPrintsOneRowsRelatedRows() throws {
        let path = try demo()
        func csv(_ args: [String]) throws -> [String] {
            let r = try Self.run(args + ["--db", path, "--format", "csv"])
            XCTAssertEqual(r.status, 0, r.err)
            return r.out.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        }
        XCTAssertEqual(try csv(["follow", "team", "1", "heroes", "--limit", "5"]),
                       try csv(["rows", "hero", "--where", "team_id = 1", "--limit", "5"]))
        let json = try JSONSerialization.jsonObject(with: Data(try Self.run(["follow", "team", "1", "heroes", "--limit", "2", "--db", path, "--format", "json"]).out.utf8)) as? [String: Any]
        let after = try XCTUnwrap(json?["next_after"] as? String)
        XCTAssertEqual((json?["statements"] as? [Any])?.count, 1, "a one-to-many needs only the key")
        XCTAssertEqual(try csv(["follow", "team", "1", "heroes", "--limit", "2", "--after", after]),
                       Array(try csv(["rows", "hero", "--where", "team_id = 1", "--limit", "4"]).suffix(2)))
        // hero's columns: id, name, secret_name, age, team_id, created_at.
        let hero = try Self.run(["get", "hero", "81", "--db", path, "--format", "csv"]).out.split(separator: "\r\n")[1].split(separator: ",")
        XCTAssertEqual(try csv(["follow", "hero", "81", "team"]), [String(hero[4])])
        XCTAssertEqual(try csv(["follow", "hero", "1", "powers"]), try csv(["rows", "power", "--where", "heroes.id = 1", "--limit", "50"]))
        let bad = try Self.run(["follow", "hero", "1", "powrs", "--db", path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.err, "ormscope: Model hero has no relationship \"powrs\"; did you mean \"powers\"?\n")
        XCTAssertEqual(try Self.run(["follow", "hero", "999999", "team", "--db", path]).err, "ormscope: No hero row has id = 999999.\n")
    }

    /// The table format says how to ask for the next page, and which related rows a loaded path
    /// read (by key), not only how many.
    func testRowsTableSaysTheNextPageAndTheLoadedRowsKeys() throws {
        let path = try demo()
        let r = try Self.run(["rows", "team", "--db", path, "--limit", "2", "--load", "heroes:selectin"])
        XCTAssertEqual(r.status, 0, r.err)
        let line = try XCTUnwrap(r.out.split(separator: "\n").first { $0.hasPrefix("(2 rows") }, r.out)
        let after = try XCTUnwrap(line.components(separatedBy: "more: --after ").last?.dropLast())
        let next = try Self.run(["rows", "team", "--db", path, "--limit", "2", "--after", String(after), "--format", "csv"])
        XCTAssertTrue(next.out.hasPrefix("id,name,headquarters\r\n3,"), next.out)
        let heroes = try Self.run(["rows", "hero", "--db", path, "--where", "team_id = 1", "--limit", "3", "--format", "csv"]).out
            .split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[0] }
        XCTAssertTrue(r.out.contains("  team 1 heroes: 92 rows (hero \(heroes.joined(separator: ", ")), "), r.out)
        let last = try Self.run(["rows", "team", "--db", path, "--last", "--limit", "2"])
        XCTAssertTrue(last.out.contains("(2 rows)\n"), "no next page after the last: \(last.out)")
    }

    /// `--load heroes` alone loads by selectin (as SQLAlchemy's `selectinload(Team.heroes)` reads):
    /// a tester coming from SQLAlchemy typed the name and was refused.
    func testLoadWithoutAStrategyLoadsBySelectin() throws {
        let path = try demo()
        let plain = try json(run(["rows", "team", "--db", path, "--limit", "2", "--load", "heroes", "--format", "json"]).out)
        let spelled = try json(run(["rows", "team", "--db", path, "--limit", "2", "--load", "heroes:selectin", "--format", "json"]).out)
        XCTAssertEqual(plain["query_count"] as? Int, 2)
        XCTAssertEqual((plain["statements"] as? [[String: Any]])?.compactMap { $0["sql"] as? String },
                       (spelled["statements"] as? [[String: Any]])?.compactMap { $0["sql"] as? String })
        XCTAssertEqual(((plain["rows"] as? [[String: Any]])?.first?["heroes"] as? [Any])?.count, 92)
        XCTAssertEqual(try run(["rows", "team", "--db", path, "--load", "heroes:", "--format", "csv"]).status, 64)
    }

    /// Rows loaded through a link table carry its own fields under `_link`; through a link of the
    /// two keys alone there is nothing to carry, and no `_link` (a tester's script met `{}`).
    func testLinkDataIsThereOnlyWhenTheLinkHoldsSome() throws {
        let path = try demo()
        let heroes = try json(run(["rows", "hero", "--db", path, "--limit", "1", "--load", "powers:selectin", "--format", "json"]).out)
        let power = try XCTUnwrap(((heroes["rows"] as? [[String: Any]])?.first?["powers"] as? [[String: Any]])?.first)
        XCTAssertEqual((power["_link"] as? [String: Any]).map { Set($0.keys) }, ["role", "joined_at"])
        let file = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(file))
        for sql in ["CREATE TABLE post (id integer PRIMARY KEY, title text)", "CREATE TABLE cat (id integer PRIMARY KEY, name text)",
                    "CREATE TABLE cat_post (cat_id integer REFERENCES cat (id), post_id integer REFERENCES post (id), PRIMARY KEY (cat_id, post_id))",
                    "INSERT INTO post VALUES (1, 'a'), (2, 'b')", "INSERT INTO cat VALUES (1, 'x')", "INSERT INTO cat_post VALUES (1, 1), (1, 2)"] {
            try db.execute(sql: sql)
        }
        db.close()
        let r = try run(["rows", "cat", "--db", file, "--load", "posts:selectin", "--format", "ndjson"])
        XCTAssertEqual(r.out, #"{"id":1,"name":"x","posts":[{"id":1,"title":"a"},{"id":2,"title":"b"}]}"# + "\n", r.err)
    }

    /// The shell runs the same commands on one connection; a mistake prints its sentence and the
    /// next line still runs.
    func testShellRunsCommandsAndSurvivesMistakes() throws {
        let path = try demo()
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = ["shell", "--db", path]
        let input = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = input
        p.standardOutput = out
        p.standardError = err
        try p.run()
        input.fileHandleForWriting.write(Data("""
            rows team --limit 2 --format csv
            rows hero --where "agee > 1"
            rows team --where "name = 'x
            frobnicate
            rws team
            get team 1 --format csv

            quit
            rows team --format csv

            """.utf8))
        input.fileHandleForWriting.closeFile()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 1, "a script with failed commands fails as a whole")
        XCTAssertTrue(e.hasSuffix("ormscope: 4 of 6 commands failed.\n"), e)
        XCTAssertTrue(o.hasPrefix("id,name,headquarters\r\n1,Preventers,Sharp Tower\r\n2,Z-Force,Sister Margaret's Bar\r\n"), o)
        XCTAssertTrue(e.contains("ormscope: Filter error at column 1: hero has no field agee; did you mean age?\n"), e)
        XCTAssertTrue(e.contains("ormscope: The line has an unclosed \" quote; nothing was run.\n"), e)
        XCTAssertTrue(o.contains("ormscope: 'frobnicate' is not a command; `ormscope --help` lists them.\n"), "an unknown command is named: \(o)")
        XCTAssertTrue(o.contains("ormscope: 'rws' is not a command (did you mean rows?); `ormscope --help` lists them.\n"), o)
        XCTAssertFalse(o.contains("USAGE: ormscope explore"), "not the explorer's usage: \(o)")
        XCTAssertTrue(o.contains("id,name,headquarters\r\n1,Preventers,Sharp Tower\r\n"), "the line after the mistakes ran")
        XCTAssertEqual(o.components(separatedBy: "id,name,headquarters").count, 3, "nothing after quit ran")
    }
}

extension CLIGoldenTests {
    /// Tester 10's T2: the shared options may come before the command's name, as the issue's
    /// walk-through types them (`ormscope --models models.json --db $DATABASE_URL ...`).
    func testOptionsBeforeTheCommandsName() throws {
        let path = try demo()
        let counted = try run(["--db", path, "--format", "json", "--read-only", "count", "team"])
        XCTAssertEqual(counted.status, 0, counted.err)
        XCTAssertTrue(counted.out.contains(#""count":"#), counted.out)
        let shown = try run(["--models=none", "--db", path, "show", "team"])
        XCTAssertEqual(shown.status, 0, shown.err)
        XCTAssertTrue(shown.out.contains("heroes"), shown.out)
        let stray = try run(["--db", path, "nosuchcommand"])
        XCTAssertNotEqual(stray.status, 0, "not a command: left to the parser")
    }

    /// Tester 10's T15: each shell line reports its own statements. The same command twice used to
    /// report the first line's SELECT again under the second, with a false "duplicate statements".
    func testEachShellLineReportsItsOwnStatements() throws {
        let path = try demo()
        let (p, input, err) = try Self.started(["shell", "--db", path])
        input.write(Data("rows team --limit 2\nrows team --limit 2\ncount team\nrows team --limit 2 --load heroes\nrows team --limit 2 --load heroes\n".utf8))
        input.closeFile()
        let e = String(decoding: err.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, e)
        let reports = e.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { $0.split(separator: ",")[0] }
        XCTAssertEqual(reports, ["-- 1 statement", "-- 1 statement", "-- 1 statement", "-- 2 statements", "-- 2 statements"], e)
        XCTAssertFalse(e.contains("duplicate statements"), e)
    }
}

extension CLIGoldenTests {
    /// A `GENERATED ALWAYS AS IDENTITY` column is refused by `--set` in one sentence before any SQL
    /// (the server would refuse the insert), shown as generated by `show`, and assigned when
    /// left out; a `BY DEFAULT` one takes a value or its default.
    func testAnIdentityColumnGeneratedAlwaysIsNotSettable() throws {
        guard let url = try freshPostgresURL() else { throw XCTSkip("the test database is not configured: ORMSCOPE_TEST_PG_URL for PostgreSQL (make test sets it)") }
        let db = Database(try connect(url))
        try db.execute(sql: "CREATE TABLE ticket (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seq int GENERATED BY DEFAULT AS IDENTITY, title text NOT NULL)")
        db.close()
        let refused = try run(["insert", "ticket", "--db", url, "--set", "id=5", "--set", "title=a"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.err.hasSuffix("ticket.id is an identity column GENERATED ALWAYS: the database assigns it and it cannot be set; nothing was written.\n")
                      || refused.err.contains("id is an identity column GENERATED ALWAYS: the database assigns it and it cannot be set"), refused.err)
        let upsert = try run(["upsert", "ticket", "--db", url, "--set", "id=5", "--set", "title=a"])
        XCTAssertTrue(upsert.err.contains("id is an identity column GENERATED ALWAYS"), upsert.err)
        let described = try run(["show", "ticket", "--db", url])
        XCTAssertTrue(described.out.contains("PK auto generated"), described.out)
        let inserted = try json(run(["insert", "ticket", "--db", url, "--set", "title=a", "--format", "json"]).out)
        XCTAssertEqual((inserted["rows"] as? [[String: Any]])?.first?["id"] as? Int, 1)
        let byDefault = try json(run(["insert", "ticket", "--db", url, "--set", "title=b", "--set", "seq=40", "--format", "json"]).out)
        XCTAssertEqual((byDefault["rows"] as? [[String: Any]])?.first?["seq"] as? Int, 40)
    }

    /// An export of a table with a generated column and a GENERATED ALWAYS identity loads back as it
    /// was (a tester could restore neither): the generated values are left out, and said so, the
    /// database computing them again; the ids go in as they are (COPY writes them; an upsert's
    /// INSERT says OVERRIDING SYSTEM VALUE), and the sequence moves past them.
    func testAnExportWithGeneratedAndIdentityColumnsLoadsBackAsItWas() throws {
        let source = try postgresOnlyURL(), target = try postgresOnlyURL()
        for url in [source, target] {
            let db = Database(try connect(url))
            try db.execute(sql: "CREATE TABLE entry (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, amount numeric NOT NULL, vat numeric GENERATED ALWAYS AS (round(amount * 0.19, 2)) STORED)")
            if url == source { try db.execute(sql: "INSERT INTO entry (amount) VALUES (10), (20.5), (3)") }
            db.close()
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("entry-\(UUID().uuidString).ndjson").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: file) }
        XCTAssertEqual(try run(["export", "entry", "--db", source, "--format", "ndjson", "--output", file]).status, 0)
        let loaded = try run(["insert", "entry", "--from", file, "--db", target, "--format", "json"])
        XCTAssertEqual(loaded.status, 0, loaded.out + loaded.err)
        XCTAssertEqual(try json(loaded.out)["warnings"] as? [String], [
            "vat is generated by the database: the file's values were left out, and the database computed them.",
            "The sequence entry_id_seq of entry.id now stands at 3, the largest value written: the next insert that leaves entry.id out gets the one after."])
        let original = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertEqual(try run(["export", "entry", "--db", target, "--format", "ndjson"]).out, original, "the same rows, generated values included")
        let upsert = try run(["upsert", "entry", "--from", file, "--db", target, "--format", "json"])
        XCTAssertEqual(upsert.status, 0, upsert.out + upsert.err)
        let sql = (try json(upsert.out)["statements"] as? [[String: Any]])?.compactMap { $0["sql"] as? String } ?? []
        XCTAssertTrue(sql.contains { $0.hasPrefix(#"INSERT INTO "entry" ("id", "amount") OVERRIDING SYSTEM VALUE VALUES"#) }, "\(sql)")
        let next = try json(run(["insert", "entry", "--db", target, "--set", "amount=1", "--format", "json"]).out)
        XCTAssertEqual((next["rows"] as? [[String: Any]])?.first?["id"] as? Int, 4)
        // One row by --set is no restore: the identity is still refused there.
        XCTAssertTrue(try run(["insert", "entry", "--db", target, "--set", "id=9", "--set", "amount=1"]).err.contains("GENERATED ALWAYS"))
    }

    /// A loaded collection without the application's order_by is written in its target's key order,
    /// whatever the strategy: a tester comparing strategies on PostgreSQL got [2, 1] from selectin and
    /// [1, 2] from joined (the server's heap order against the join's).
    func testEveryStrategyWritesTheSameDocument() throws {
        let url = try postgresOnlyURL()
        let db = Database(try connect(url))
        for sql in ["CREATE TABLE box (id integer PRIMARY KEY)", "CREATE TABLE item (id integer PRIMARY KEY, box_id integer REFERENCES box (id))",
                    "INSERT INTO box VALUES (1), (2)", "INSERT INTO item VALUES (3, 1), (1, 1), (2, 1), (5, 2), (4, 2)"] {
            try db.execute(sql: sql)
        }
        db.close()
        var documents: [String: String] = [:]
        for strategy in ["lazy", "selectin", "joined"] {
            let r = try run(["rows", "box", "--db", url, "--load", "items:\(strategy)", "--format", "ndjson"])
            XCTAssertEqual(r.status, 0, r.err)
            documents[strategy] = r.out
        }
        XCTAssertEqual(documents["selectin"], #"{"id":1,"items":[{"id":1,"box_id":1},{"id":2,"box_id":1},{"id":3,"box_id":1}]}"# + "\n"
                       + #"{"id":2,"items":[{"id":4,"box_id":2},{"id":5,"box_id":2}]}"# + "\n")
        XCTAssertEqual(documents["lazy"], documents["selectin"])
        XCTAssertEqual(documents["joined"], documents["selectin"])
    }

    /// The same commands against a real PostgreSQL database.
    func testCommandsOnPostgreSQL() throws {
        guard let url = try freshPostgresURL() else { throw XCTSkip("the test database is not configured: ORMSCOPE_TEST_PG_URL for PostgreSQL (make test sets it)") }
        let created = try run(["create-demo", url, "--small"])
        XCTAssertEqual(created.status, 0, created.err)
        XCTAssertFalse(created.out.contains("ormscope-test"), "the password is never printed: \(created.out)")
        let models = try run(["models", "--db", url])
        XCTAssertTrue(models.out.hasPrefix("postgresql postgres@127.0.0.1:"), models.out)
        XCTAssertFalse(models.out.contains("ormscope-test"))
        let lazy = try json(run(["rows", "team", "--db", url, "--load", "heroes:lazy", "--format", "json"]).out)
        let joined = try json(run(["rows", "team", "--db", url, "--load", "heroes:joined", "--format", "json"]).out)
        XCTAssertEqual(lazy["query_count"] as? Int, 7)
        XCTAssertEqual(joined["query_count"] as? Int, 1)
        let inserted = try run(["insert", "team", "--db", url, "--set", "name=Postgres Team", "--format", "json"])
        XCTAssertEqual(inserted.status, 0, inserted.err)
        let dup = try run(["insert", "team", "--db", url, "--set", "name=Postgres Team"])
        XCTAssertEqual(dup.err, "ormscope: Unique constraint team_name_key on team violated (name): a row with name = Postgres Team already exists; nothing was written.\n")
        let readOnly = try run(["rows", "team", "--db", url, "--read-only", "--limit", "1", "--format", "csv"])
        XCTAssertEqual(readOnly.status, 0, readOnly.err)
        var bad = URLComponents(string: url)!
        bad.password = "wrong-Secret-9"
        let refused = try run(["models", "--db", bad.string!])
        XCTAssertEqual(refused.status, 1)
        XCTAssertFalse(refused.err.contains("wrong-Secret-9"), refused.err)
        XCTAssertTrue(refused.err.contains("password authentication failed"), refused.err)
    }

    /// In a real terminal the shell completes names with Tab (libedit), runs the line, and keeps history.
    func testShellCompletesInATerminal() throws {
        try TmuxSession.require()
        let path = try demo()
        let historyFile = path + ".history"
        let tmux = try TmuxSession("\(Self.binary.path) shell --db \(path) --history \(historyFile)")
        @discardableResult func waitFor(_ text: String) throws -> String { try tmux.waitFor(text) }
        try waitFor("ormscope shell on sqlite")  // the banner; libedit draws its prompt once input starts
        try tmux.type("sho")
        try tmux.keys("Tab")
        try tmux.type("tea")
        try tmux.keys("Tab")
        try tmux.keys("Enter")
        let screen = try waitFor("Model team")
        XCTAssertTrue(screen.contains("ormscope> show team"), screen)
        XCTAssertTrue(screen.contains("Model team"), screen)
        try tmux.type("quit")
        try tmux.keys("Enter")
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: historyFile) { Thread.sleep(forTimeInterval: 0.05) }
        let history = (try? String(contentsOfFile: historyFile, encoding: .utf8)) ?? ""
        XCTAssertTrue(history.contains("show\\040team"), "history is kept in the file (libedit writes a space as \\040): \(history)")
    }
}

extension CLIGoldenTests {
    func testExplainPrintsThePlanAndAsksBeforeAnalyze() throws {
        let path = try demo()
        let r = try run(["explain", "hero", "--db", path, "--where", "team.name = 'Avengers'"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix(#"SELECT * FROM "hero" WHERE "team_id" IN (SELECT "id" FROM "team" WHERE "name" = ?) ORDER BY "id" ASC LIMIT 51"#), r.out)
        XCTAssertTrue(r.out.contains("SEARCH hero USING INDEX ix_hero_team_id"), r.out)
        let ask = try run(["explain", "hero", "--db", path, "--analyze"])
        XCTAssertEqual(ask.err, "ormscope: EXPLAIN ANALYZE runs the statement (inside a transaction that is rolled back); add --yes to confirm.\n")
    }
}

import ORMCore

extension CLIGoldenTests {
    /// `delete` without --yes prints what each foreign key will do (one count per key) and refuses;
    /// `--yes --nullify-children` sets the refusing children's key to NULL, then deletes, in one
    /// transaction; a refused delete is one sentence and changes nothing.
    func testDeletePreviewAndNullifyChildren() throws {
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        for sql in [
            "CREATE TABLE team (id integer PRIMARY KEY, name text NOT NULL)",
            "CREATE TABLE hero (id integer PRIMARY KEY, name text NOT NULL, team_id integer REFERENCES team (id))",
            "CREATE TABLE badge (id integer PRIMARY KEY, team_id integer NOT NULL REFERENCES team (id) ON DELETE RESTRICT)",
            "CREATE INDEX ix_hero_team ON hero (team_id)",
            "INSERT INTO team (id, name) VALUES (1, 'Avengers'), (2, 'Defenders')",
            "INSERT INTO hero (id, name, team_id) VALUES (1, 'a', 1), (2, 'b', 1), (3, 'c', 2)",
            "INSERT INTO badge (id, team_id) VALUES (1, 2)",
        ] { try db.execute(sql: sql) }
        db.close()

        let preview = try run(["delete", "team", "1", "--db", path])
        XCTAssertEqual(preview.status, 1)
        // The preview on standard output; its statements, then the sentence, on standard error (a pipe).
        XCTAssertTrue(preview.err.hasSuffix("\normscope: Deleting team 1 needs --yes to confirm (add --nullify-children to set the 2 referring rows' key to NULL first); nothing was deleted.\n"), preview.err)
        let lines = preview.out.split(separator: "\n").map(String.init)
        let log = preview.err.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(4)), [
            "Deleting team 1:",
            "  badge.team_id (RESTRICT): no rows refer to it",
            "  hero.team_id (NO ACTION): 2 rows refer to it; the database refuses the delete",
            "  (badge.team_id has no index: its count reads the whole table)",
        ])
        XCTAssertEqual(lines.count, 4, preview.out)
        XCTAssertTrue(log.first?.hasPrefix("-- 3 statements") ?? false, preview.err)
        XCTAssertEqual(log.filter { $0.hasSuffix("delete preview") }.count, 3, preview.err)
        XCTAssertTrue(preview.err.contains(#"SELECT count(*) FROM "hero" WHERE "team_id" = ?  [1]"#), preview.err)

        // Refused without --nullify-children: one sentence naming the table and key, nothing changed.
        let refused = try run(["delete", "team", "1", "--db", path, "--yes"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.err, "ormscope: Cannot delete team 1: 2 hero rows through hero.team_id (NO ACTION) still refer to it; set their team_id to NULL first (N in the explorer, --nullify-children on the command line), or delete them; nothing was deleted.\n")

        let done = try run(["delete", "team", "1", "--db", path, "--yes", "--nullify-children", "--format", "json"])
        XCTAssertEqual(done.status, 0, done.err)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(done.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["nullified_children"] as? Int, 2)
        let statements = try XCTUnwrap(object["statements"] as? [[String: Any]])
        XCTAssertEqual(statements.compactMap { $0["sql"] as? String }, [
            #"SELECT * FROM "team" WHERE "id" = ?"#, "BEGIN",
            #"UPDATE "badge" SET "team_id" = ? WHERE "team_id" = ?"#,
            #"UPDATE "hero" SET "team_id" = ? WHERE "team_id" = ?"#,
            #"DELETE FROM "team" WHERE "id" = ?"#, "COMMIT",
        ])
        XCTAssertEqual(statements.compactMap { $0["cause"] as? String },
                       ["query", "transaction", "flush: update badge", "flush: update hero", "flush: delete team", "transaction"])
        func csv(_ model: String) throws -> String {
            try run(["rows", model, "--db", path, "--format", "csv"]).out.replacingOccurrences(of: "\r\n", with: "\n")
        }
        XCTAssertEqual(try csv("hero"), "id,name,team_id\n1,a,\n2,b,\n3,c,2\n")

        // A NOT NULL key cannot be set to NULL: one sentence, and team 2 and its rows stay.
        let notNull = try run(["delete", "team", "2", "--db", path, "--yes", "--nullify-children"])
        XCTAssertEqual(notNull.status, 1)
        XCTAssertTrue(notNull.err.hasPrefix("ormscope: Cannot set badge.team_id to NULL before deleting team 2: "), notNull.err)
        XCTAssertTrue(notNull.err.hasSuffix("; delete or re-point those rows first; nothing was changed.\n"), notNull.err)
        XCTAssertEqual(try csv("team"), "id,name\n2,Defenders\n")
        XCTAssertEqual(try csv("hero"), "id,name,team_id\n1,a,\n2,b,\n3,c,2\n")
    }
}

extension CLIGoldenTests {
    /// A table without a primary key through the binary: an insert exits 0 and prints the row;
    /// update and delete take the row's full values as its key and change one of two identical rows.
    func testATableWithoutAPrimaryKeyIsWrittenByTheBinary() throws {
        for backend in Backend.allCases {
            guard let db = try location(backend) else { continue }
            let d = Database(try connect(db))
            try d.execute(sql: "CREATE TABLE log (a integer, b text)")
            try d.execute(sql: "INSERT INTO log VALUES (1, 'x'), (1, 'x')")
            d.close()
            let insert = try run(["insert", "log", "--db", db, "--set", "a=2", "--set", "b=y", "--format", "json"])
            XCTAssertEqual(insert.status, 0, "[\(db)] \(insert.err)")
            let rows = try json(insert.out)["rows"] as? [[String: Any]]
            XCTAssertEqual(rows?.first?["a"] as? Int, 2, insert.out)
            XCTAssertEqual(rows?.first?["b"] as? String, "y", insert.out)
            let update = try run(["update", "log", "1,x", "--db", db, "--set", "b=z"])
            XCTAssertEqual(update.status, 0, "[\(db)] \(update.err)")
            XCTAssertTrue(update.out.contains("(1 row)"), update.out)
            let delete = try run(["delete", "log", "1,x", "--yes", "--db", db])
            XCTAssertEqual(delete.status, 0, "[\(db)] \(delete.err)")
            let left = try run(["rows", "log", "--db", db, "--format", "csv"])
            XCTAssertEqual(left.out.split(whereSeparator: \.isNewline).dropFirst().sorted(), ["1,z", "2,y"], "[\(db)] \(left.out)")
            let gone = try run(["update", "log", "9,none", "--db", db, "--set", "b=q"])
            XCTAssertEqual(gone.status, 1)
            XCTAssertTrue(gone.err.contains("matched no row"), gone.err)
        }
    }
}
