import Foundation
import ORMCore
import TestSupport
import XCTest

/// `rows` with a budgets file (`--budgets FILE`, `budgets = FILE`): a page over its budget prints,
/// then exits 3 naming the file's line and the statements over it; within it, 0.
final class BudgetsCLITests: XCTestCase {
    func testRowsOverABudgetsFilesBudgetExitsThree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-budgets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = dir + "/demo.sqlite", file = dir + "/budgets.txt"
        XCTAssertEqual(try CLIGoldenTests.run(["create-demo", db, "--small"]).status, 0)
        try "rows team --load heroes -> 2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let over = try CLIGoldenTests.run(["rows", "team", "--load", "heroes:lazy", "--limit", "3", "--db", db, "--budgets", file])
        XCTAssertEqual(over.status, 3, over.err)
        XCTAssertTrue(over.out.contains("3 rows"), over.out)
        XCTAssertTrue(over.err.contains("\normscope: 4 statements ran, over the budget of 2 (budgets.txt, line 1: rows team --load heroes); over it: #3 (lazy load of "), over.err)
        let within = try CLIGoldenTests.run(["rows", "team", "--load", "heroes:selectin", "--limit", "3", "--db", db, "--budgets", file])
        XCTAssertEqual(within.status, 0, within.err)
        // The config's budgets = FILE does the same; --budgets none ignores it; a page without a budget passes.
        let config = dir + "/config"
        try "budgets = \(file)\n".write(toFile: config, atomically: true, encoding: .utf8)
        XCTAssertEqual(try CLIGoldenTests.run(["rows", "team", "--load", "heroes:lazy", "--limit", "3", "--db", db], env: ["ORMSCOPE_CONFIG": config]).status, 3)
        XCTAssertEqual(try CLIGoldenTests.run(["rows", "team", "--load", "heroes:lazy", "--limit", "3", "--db", db, "--budgets", "none"], env: ["ORMSCOPE_CONFIG": config]).status, 0)
        XCTAssertEqual(try CLIGoldenTests.run(["rows", "hero", "--limit", "3", "--db", db, "--budgets", file]).status, 0)
        // A bad line: one sentence, nothing printed.
        try "rows squad -> 2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try CLIGoldenTests.run(["rows", "team", "--db", db, "--budgets", file])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.err.hasPrefix("ormscope: budgets.txt, line 1: "), bad.err)
        XCTAssertEqual(bad.out, "")
    }

    /// Every kind of command against its line, on both backends: at the line's maximum it exits 0
    /// (a delete's preview: 1, it needs --yes), one below it exits 3 with the sentence naming the
    /// line and the statements over it. The first matching line counts; with --max-statements the
    /// tighter budget does.
    func testEveryCommandKindAtAndOverItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-budgets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var locations = [("sqlite", dir + "/demo.sqlite")]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        let file = dir + "/budgets.txt", csv = dir + "/teams.csv"
        for (backend, db) in locations {
            XCTAssertEqual(try CLIGoldenTests.run(["create-demo", db, "--small"]).status, 0, backend)
            // (arguments at the edge, arguments one over, the line, the statements the command runs, its status within);
            // PostgreSQL streams an export and typed SQL through a cursor in a transaction (BEGIN, DECLARE, FETCH ..., COMMIT).
            let pg = backend == "postgres"
            let cases: [([String], [String], String, Int, Int32)] = [
                (["count", "hero", "--where", "age > 30"], ["count", "hero", "--where", "age > 30"], "count hero --where \"age > 30\"", 1, 0),
                (["exists", "hero"], ["exists", "hero"], "exists hero", 1, 0),
                (["follow", "team", "1", "heroes", "--load", "powers:selectin"], ["follow", "team", "2", "heroes", "--load", "powers:selectin"],
                 "follow team heroes --load powers", 2, 0),
                (["get", "team", "1", "--load", "heroes:lazy"], ["get", "team", "1", "--load", "heroes:lazy"], "get team 1 --load heroes", 2, 0),
                (["export", "hero", "--format", "ndjson"], ["export", "hero", "--format", "ndjson"], "export hero", pg ? 5 : 1, 0),
                (["insert", "team", "--set", "name=Budget A"], ["insert", "team", "--set", "name=Budget B"], "insert team", 4, 0),
                (["insert", "team", "--from", csv], ["upsert", "team", "--from", csv, "--on-conflict", "name"], "", 3, 0),
                (["update", "hero", "2", "--set", "age=31"], ["update", "hero", "2", "--set", "age=32"], "update hero 2", 5, 0),
                (["upsert", "team", "--set", "name=Budget A", "--set", "headquarters=X", "--on-conflict", "name"],
                 ["upsert", "team", "--set", "name=Budget A", "--set", "headquarters=Y", "--on-conflict", "name"], "upsert team --on-conflict name", pg ? 4 : 5, 0),  // (SQLite looks for the row first: UpsertOutcome)
                (["delete", "hero", "4"], ["delete", "hero", "4"], "delete hero", 2, 1),
                (["delete", "hero", "5", "--yes"], ["delete", "hero", "6", "--yes"], "delete hero --yes", 4, 0),
                (["sql", "SELECT 1; SELECT 2"], ["sql", "SELECT 1; SELECT 2"], "sql", pg ? 8 : 2, 0),
            ]
            for (edge, over, givenLine, n, within) in cases {
                try "name,headquarters\nCSV \(UUID().uuidString.prefix(8)),x\nCSV \(UUID().uuidString.prefix(8)),y\n".write(toFile: csv, atomically: true, encoding: .utf8)
                // --from budgets that file only: the insert's line, then the upsert's.
                let line = givenLine.isEmpty ? "insert team --from \"\(csv)\"" : givenLine
                try "# \(backend)\n\(line) -> \(n)\n".write(toFile: file, atomically: true, encoding: .utf8)
                let ok = try CLIGoldenTests.run(edge + ["--db", db, "--budgets", file])
                XCTAssertEqual(ok.status, within, "[\(backend)] \(line) at \(n): \(ok.err)")
                XCTAssertFalse(ok.err.contains("over the budget"), "[\(backend)] \(ok.err)")
                let overLine = givenLine.isEmpty ? "upsert team --from \"\(csv)\"" : line
                try "\(overLine) -> \(n - 1)\n".write(toFile: file, atomically: true, encoding: .utf8)
                let bad = try CLIGoldenTests.run(over + ["--db", db, "--budgets", file])
                XCTAssertEqual(bad.status, 3, "[\(backend)] \(overLine) at \(n - 1): \(bad.err)")
                XCTAssertTrue(bad.err.contains("ormscope: \(n) statement\(n == 1 ? "" : "s") ran, over the budget of \(n - 1) (budgets.txt, line 1: \(overLine)); over it: #\(n) ("),
                              "[\(backend)] \(bad.err)")
            }
            // A line for another row, another file or without --yes does not budget the delete.
            try "delete hero 9 --yes -> 0\ndelete hero -> 0\ninsert team -> 0\n".write(toFile: file, atomically: true, encoding: .utf8)
            XCTAssertEqual(try CLIGoldenTests.run(["delete", "hero", "10", "--yes", "--db", db, "--budgets", file]).status, 0, backend)
            XCTAssertEqual(try CLIGoldenTests.run(["insert", "team", "--from", csv, "--db", db, "--budgets", file]).status, 0, "[\(backend)] insert team budgets single rows")
            // The first matching line counts; the tighter of it and --max-statements.
            try "count hero -> 5\ncount hero -> 0\n".write(toFile: file, atomically: true, encoding: .utf8)
            XCTAssertEqual(try CLIGoldenTests.run(["count", "hero", "--db", db, "--budgets", file]).status, 0, backend)
            let tighter = try CLIGoldenTests.run(["count", "hero", "--db", db, "--budgets", file, "--max-statements", "0"])
            XCTAssertEqual(tighter.status, 3, backend)
            XCTAssertTrue(tighter.err.contains("over the budget of 0 (--max-statements)"), tighter.err)
            try "count hero -> 0\n".write(toFile: file, atomically: true, encoding: .utf8)
            let fileTighter = try CLIGoldenTests.run(["count", "hero", "--db", db, "--budgets", file, "--max-statements", "5"])
            XCTAssertTrue(fileTighter.status == 3 && fileTighter.err.contains("(budgets.txt, line 1: count hero)"), fileTighter.err)
            // A bad line for another action: one sentence naming the file and the line, nothing run.
            try "count hero -> 1\ndelete hero --force -> 2\n".write(toFile: file, atomically: true, encoding: .utf8)
            let badLine = try CLIGoldenTests.run(["count", "hero", "--db", db, "--budgets", file])
            XCTAssertEqual(badLine.status, 1, backend)
            XCTAssertEqual(badLine.err, "ormscope: budgets.txt, line 2: --force is not part of a budget's action (--yes and --nullify-children are); a line is ACTION -> MAX, e.g. rows team --load heroes -> 2.\n")
            XCTAssertEqual(badLine.out, "", backend)
        }
    }

    /// `delete` with a models file follows the application's cascades; its preview and its --yes
    /// meet the same lines as without one (and as the explorer's `d` and `y`).
    func testTheApplicationsCascadeDeleteIsBudgeted() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            defer { db.close() }
            for sql in ["CREATE TABLE team (id integer PRIMARY KEY, name text NOT NULL)",
                        "CREATE TABLE hero (id integer PRIMARY KEY, name text NOT NULL, team_id integer REFERENCES team (id))",
                        "INSERT INTO team VALUES (1, 'Avengers'), (2, 'Defenders')",
                        "INSERT INTO hero VALUES (1, 'a', 1), (2, 'b', 1), (3, 'c', 2)"] { try db.execute(sql: sql) }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-budgets-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let models = dir + "/models.json", file = dir + "/budgets.txt"
            try """
                {"format": 1, "models": [{"class": "Team", "table": "team", "relationships": [
                  {"name": "heroes", "kind": "one-to-many", "target": "hero", "columns": ["team_id"], "cascade": ["all", "delete-orphan"]}]}]}
                """.write(toFile: models, atomically: true, encoding: .utf8)
            // The preview reads the team and its heroes: 2 statements.
            try "delete team -> 1\n".write(toFile: file, atomically: true, encoding: .utf8)
            let preview = try CLIGoldenTests.run(["delete", "team", "1", "--db", location, "--models", models, "--budgets", file])
            XCTAssertEqual(preview.status, 3, "[\(backend)] \(preview.err)")
            XCTAssertTrue(preview.out.contains("level 1: 2 hero rows: delete (cascade from Team.heroes)"), preview.out)
            XCTAssertTrue(preview.err.contains("ormscope: 2 statements ran, over the budget of 1 (budgets.txt, line 1: delete team); over it: #2 (cascade from Team.heroes)"), preview.err)
            try "delete team -> 2\n".write(toFile: file, atomically: true, encoding: .utf8)
            XCTAssertEqual(try CLIGoldenTests.run(["delete", "team", "1", "--db", location, "--models", models, "--budgets", file]).status, 1,
                           "[\(backend)] within its budget the preview ends as always: it needs --yes")
            // The yes: the reads, then the deletes in one transaction.
            try "delete team 2 --yes -> 1\n".write(toFile: file, atomically: true, encoding: .utf8)
            let yes = try CLIGoldenTests.run(["delete", "team", "2", "--yes", "--db", location, "--models", models, "--budgets", file])
            XCTAssertEqual(yes.status, 3, "[\(backend)] \(yes.err)")
            XCTAssertTrue(yes.out.contains("Deleted team as the application's models say"), yes.out)
            XCTAssertTrue(yes.err.contains("over the budget of 1 (budgets.txt, line 1: delete team 2 --yes); over it: #2 ("), yes.err)
            XCTAssertTrue(yes.err.contains("DELETE FROM \"hero\""), yes.err)
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT id FROM hero ORDER BY id")).map { $0[0] }, [.int(1), .int(2)], "[\(backend)] the delete ran and was committed")
        }
    }
}
