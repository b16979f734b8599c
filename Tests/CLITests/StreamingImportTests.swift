import Foundation
import ORMCore
import TestSupport
import XCTest

/// `rows` streaming, `export`, and `insert`/`upsert --from`: round trips on both backends, the
/// malformed-file cases, all-or-nothing batches and Ctrl-C rolling an import back.
final class StreamingImportTests: XCTestCase {
    func run(_ args: [String]) throws -> (out: String, err: String, status: Int32) { try CLIGoldenTests.run(args) }

    func demo(_ backend: Backend) throws -> String? { try demoDatabase(backend) }

    /// The demo with no heroes (their links first): the empty copy an import goes into.
    func emptyHeroes(_ location: String) throws {
        let db = Database(try connect(location))
        defer { db.close() }
        try db.execute(sql: "DELETE FROM hero_power_link")
        try db.execute(sql: "DELETE FROM hero")
    }

    func count(_ location: String) throws -> String {
        let r = try run(["count", "hero", "--db", location, "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.err)
        return r.out.split(separator: "\r\n").last.map(String.init) ?? ""
    }

    func file(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testRowsStreamsABigPageInOneStatementAndItsCursorStillWorks() throws {
        let db = try XCTUnwrap(try demo(.sqlite), "an SQLite file is always made")
        let all = try run(["rows", "hero", "--db", db, "--limit", "500000", "--format", "ndjson"])
        XCTAssertEqual(all.status, 0, all.err)
        XCTAssertEqual(all.out.split(separator: "\n").count, 60)
        let doc = try run(["rows", "hero", "--db", db, "--limit", "500000", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(doc.out.utf8)) as! [String: Any]
        XCTAssertEqual((object["rows"] as! [Any]).count, 60)
        XCTAssertEqual(object["query_count"] as? Int, 1)
        XCTAssertEqual(object["has_next"] as? Bool, false)
        // A small streamed page hands on a cursor that --after reads back.
        let first = try JSONSerialization.jsonObject(with: Data(try run(["rows", "hero", "--db", db, "--limit", "2", "--order", "name", "--format", "json"]).out.utf8)) as! [String: Any]
        let token = try XCTUnwrap(first["next_after"] as? String)
        let next = try run(["rows", "hero", "--db", db, "--limit", "2", "--order", "name", "--after", token, "--format", "csv"])
        let held = try run(["rows", "hero", "--db", db, "--limit", "4", "--order", "name", "--format", "csv"])
        let heldLines = held.out.split(separator: "\r\n")
        XCTAssertEqual(next.out.split(separator: "\r\n"), [heldLines[0], heldLines[3], heldLines[4]])
        // The table format still holds its page, so its limit stays 100,000.
        let table = try run(["rows", "hero", "--db", db, "--limit", "500000"])
        XCTAssertEqual(table.status, 64, "a number out of its range is a usage mistake")
        XCTAssertTrue(table.err.contains("100,000"), table.err)
    }

    func testExportThenInsertFromIntoAnEmptyCopyGivesTheSameRowsOnEachBackend() throws {
        for backend in Backend.allCases {
            guard let source = try demo(backend), let copy = try demo(backend) else { continue }
            try emptyHeroes(copy)
            for format in ["csv", "json", "ndjson"] {
                let exported = try run(["export", "hero", "--db", source, "--format", format])
                XCTAssertEqual(exported.status, 0, exported.err)
                XCTAssertTrue(exported.err.contains("exported 60 hero rows"), exported.err)
                let path = try file("heroes.\(format)", exported.out)
                let out = try file("again.\(format)", "")
                let inserted = try run(["insert", "hero", "--db", copy, "--from", path, "--format", "json"])
                XCTAssertEqual(inserted.status, 0, "[\(backend)] \(format): \(inserted.out) \(inserted.err)")
                let doc = try JSONSerialization.jsonObject(with: Data(inserted.out.utf8)) as? [String: Any]
                XCTAssertEqual(doc?["inserted"] as? Int, 60)
                // (PostgreSQL: and the SELECT setval that moves hero's id sequence past the ids, Database.catchUpSequences.)
                let verbs = (doc?["statements"] as? [[String: Any]])?.map { String(($0["sql"] as! String).prefix { $0 != " " }) }
                // (SQLite: and, before the rows, the form its created_at is stored in, Session.storedSample.)
                XCTAssertEqual(verbs, backend == .postgres ? ["BEGIN", "COPY", "SELECT", "COMMIT"] : ["BEGIN", "SELECT", "INSERT", "COMMIT"], "[\(backend)]")
                let again = try run(["export", "hero", "--db", copy, "--format", format, "--output", out])
                XCTAssertEqual(again.status, 0, again.err)
                let reread = try String(contentsOfFile: out, encoding: .utf8)
                if format == "json" {
                    // The documents differ in their statements (times); the rows are the same.
                    func rows(_ s: String) throws -> NSArray { (try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any])["rows"] as! NSArray }
                    XCTAssertEqual(try rows(reread), try rows(exported.out), "[\(backend)]")
                } else {
                    XCTAssertEqual(reread, exported.out, "[\(backend)] \(format)")
                }
                // An upsert of the same file changes nothing and inserts nothing new.
                let upserted = try run(["upsert", "hero", "--db", copy, "--from", path])
                XCTAssertEqual(upserted.status, 0, upserted.err)
                XCTAssertEqual(try count(copy), "60")
                try emptyHeroes(copy)
            }
        }
    }

    /// On PostgreSQL a whole export reads through a cursor inside one transaction, so it works
    /// behind a transaction pooler (pgbouncer in transaction mode) as on the server itself.
    func testExportThroughACursorWorksBehindATransactionPooler() throws {
        let url = try freshPgbouncerURL()
        XCTAssertEqual(try run(["create-demo", url, "--small"]).status, 0)
        let r = try run(["export", "hero", "--db", url, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err)
        let doc = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        XCTAssertEqual((doc["rows"] as! [Any]).count, 60)
        let verbs = (doc["statements"] as! [[String: Any]]).map { String(($0["sql"] as! String).prefix { $0 != " " }) }
        XCTAssertEqual(verbs, ["BEGIN", "DECLARE", "FETCH", "CLOSE", "COMMIT"])
    }

    func testExportGoldenCSVAndAFileKeptWholeOrNotAtAll() throws {
        let db = try XCTUnwrap(try demo(.sqlite), "an SQLite file is always made")
        let r = try run(["export", "team", "--db", db, "--format", "csv", "--order", "name:desc", "--where", "name like \"%a%\""])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("id,name,headquarters"), r.out)
        XCTAssertTrue(r.err.contains("ORDER BY \"name\" DESC, \"id\" ASC"), r.err)
        let noFormat = try run(["export", "team", "--db", db])
        XCTAssertEqual(noFormat.status, 64)
        XCTAssertEqual(noFormat.err, "ormscope: export writes csv, json or ndjson: add --format csv|json|ndjson (or an --output name ending .csv, .json or .ndjson).\n")
        // A failing export (an unknown field in --where) leaves no file behind.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("t.csv").path
        let bad = try run(["export", "team", "--db", db, "--format", "csv", "--where", "nmae = 1", "--output", out])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [])
    }

    /// On PostgreSQL every row is checked as it is read for the COPY: a bad one ends it with nothing kept.
    func testMalformedRowsNameTheirLineAndFieldAndWriteNothing() throws {
        for backend in Backend.allCases {
        guard let db = try demo(backend) else { continue }
        try emptyHeroes(db)
        let header = "id,name,secret_name,age,team_id,created_at\n"
        let good = "1,A,s,20,1,2025-01-01 00:00:00\n"
        let cases: [(String, String, String)] = [
            ("bad.csv", header + good + "2,B,\"s\"x,20,1,2025-01-01 00:00:00\n",
             "Line 3, field secret_name: text follows a closing quote"),
            ("bad.csv", header + good + "2,B,s,old,1,2025-01-01 00:00:00\n", "Line 3, field age: is a whole number (\"old\" is not)"),
            ("bad.csv", header + good + "2,B,s,20,1,2025-02-30 00:00:00\n", "Line 3, field created_at: is a date and time"),
            ("bad.csv", header + good + "2,\(String(repeating: "x", count: 101)),s,20,1,2025-01-01 00:00:00\n", "Line 3, field name:"),
            ("bad.csv", header + good + "2,B,s,20,1\n", "Line 3: the record has 5 fields, the header 6"),
            ("bad.csv", header + good + "2,\"B,s,20,1,2025-01-01\n", "Line 3, field name: a quoted field is not closed by the end of the file"),
            ("bad.csv", "id,nmae\n1,A\n", "nmae"),
            ("bad.ndjson", "{\"id\":1,\"name\":\"A\",\"secret_name\":\"s\",\"age\":20,\"team_id\":1,\"created_at\":\"2025-01-01T00:00:00\"}\n{\"id\":2,\"name\":\"B\"\n",
             "Line 2: a JSON value is not closed by the end of the file"),
            ("bad.ndjson", "{\"id\":1,\"name\":\"A\",\"secret_name\":\"s\",\"age\":20,\"team_id\":1,\"created_at\":\"2025-01-01T00:00:00\"}\n{\"id\":2,\"name\":\"B\",\"secret_name\":\"s\",\"age\":20,\"team_id\":1}\n",
             "Line 2, field created_at: is missing"),
            ("bad.json", "[{\"id\":1,\"name\":\"A\",\"secret_name\":\"s\",\"age\":20,\"team_id\":1,\"created_at\":\"2025-01-01T00:00:00\"},\n 3]",
             "Line 2: a row is a JSON object"),
        ]
        for (name, text, expected) in cases {
            let r = try run(["insert", "hero", "--db", db, "--from", try file(name, text)])
            XCTAssertEqual(r.status, 1, text)
            XCTAssertTrue(r.err.contains(expected), "\(r.err) lacks \(expected)")
            XCTAssertTrue(r.err.hasSuffix("nothing was written.\n") || expected == "nmae", r.err)
            XCTAssertEqual(try count(db), "0", "[\(backend)] \(text)")
        }
        }
    }

    /// A spreadsheet's "CSV UTF-8" starts with a byte-order mark: skipped, not read as part of the
    /// first field's name (a tester's read 'no field "\u{FEFF}name"; did you mean "name"?').
    func testAByteOrderMarkBeforeTheHeaderIsSkipped() throws {
        guard let db = try demo(.sqlite) else { return XCTFail("no SQLite") }
        try emptyHeroes(db)
        let bom = "\u{FEFF}"
        let csv = try run(["insert", "hero", "--db", db, "--from", try file("excel.csv", bom + "id,name,secret_name,age,team_id,created_at\r\n1,A,s,20,1,2025-01-01 00:00:00\r\n")])
        XCTAssertEqual(csv.status, 0, csv.err)
        let lines = try run(["insert", "hero", "--db", db, "--from", try file("bom.ndjson", bom + "{\"id\":2,\"name\":\"B\",\"secret_name\":\"s\",\"age\":20,\"team_id\":1,\"created_at\":\"2025-01-01T00:00:00\"}\n")])
        XCTAssertEqual(lines.status, 0, lines.err)
        XCTAssertEqual(try count(db), "2")
        // Only at the start: a mark inside a value is the value's.
        let inside = try run(["insert", "hero", "--db", db, "--from", try file("in.csv", "id,name,secret_name,age,team_id,created_at\n3,\(bom)C,s,20,1,2025-01-01 00:00:00\n"), "--format", "json"])
        XCTAssertEqual(inside.status, 0, inside.err)
        XCTAssertTrue(try run(["get", "hero", "3", "--db", db, "--format", "json"]).out.contains("\"name\":\"\(bom)C\""))
    }

    func testABatchTheDatabaseRefusesRollsBackTheBatchesBefore() throws {
        for backend in Backend.allCases {
            guard let db = try demo(backend) else { continue }
            try emptyHeroes(db)
            // 2,500 rows: the first two batches of 1,000 go in, the third holds a repeated id.
            var text = "id,name,secret_name,age,team_id,created_at\n"
            for i in 1...2500 { text += "\(i == 2400 ? 7 : i),Hero \(i),s,30,1,2025-01-01 00:00:00\n" }
            let r = try run(["insert", "hero", "--db", db, "--from", try file("many.csv", text)])
            XCTAssertEqual(r.status, 1, "[\(backend)] \(r.out)")
            // SQLite: the third batch's rows are sent again in halves until one is refused on its own;
            // PostgreSQL: one COPY, whose error names the row. Either way the one line, and its key.
            XCTAssertTrue(r.err.contains("The row of line 2401 was refused: Unique constraint"), "[\(backend)] \(r.err)")
            XCTAssertTrue(r.err.contains("a row with id = 7 already exists; nothing was written."), "[\(backend)] \(r.err)")
            XCTAssertEqual(try count(db), "0", "[\(backend)]")
        }
    }

    /// The tester's case: a bulk load refused by a unique key names the one line whose row failed
    /// and its key values, not its batch's lines; nothing of the load stays. An insert whose file
    /// repeats a key (the later row fails), and an upsert (batches on both backends) whose row
    /// gives a unique name another row already has.
    func testARefusedBulkLoadNamesTheOneLineAndTheKey() throws {
        for backend in Backend.allCases {
            guard let db = try demo(backend) else { continue }
            let before = try run(["count", "team", "--db", db, "--format", "csv"]).out
            var text = "id,name\n"
            for i in 1...1500 { text += "\(1000 + i),Team \(i % 1234 == 0 ? 5 : i)\n" }
            // Line 1235's row repeats the name of line 6's.
            var r = try run(["insert", "team", "--db", db, "--from", try file("teams.csv", text)])
            XCTAssertEqual(r.status, 1, "[\(backend)] \(r.out)")
            XCTAssertTrue(r.err.contains("The row of line 1235 was refused: Unique constraint"), "[\(backend)] \(r.err)")
            XCTAssertTrue(r.err.contains("(name): a row with name = Team 5 already exists; nothing was written."), "[\(backend)] \(r.err)")
            XCTAssertEqual(try run(["count", "team", "--db", db, "--format", "csv"]).out, before, "[\(backend)]")

            let existing = try run(["rows", "team", "--db", db, "--format", "json", "--order", "id", "--limit", "1"])
            let rows = try JSONSerialization.jsonObject(with: Data(existing.out.utf8)) as? [String: Any]
            let name = try XCTUnwrap(((rows?["rows"] as? [[String: Any]])?.first?["name"]) as? String, existing.out)
            text = "id,name\n"
            for i in 1...1500 { text += "\(1000 + i),\(i == 1300 ? name : "Team \(i)")\n" }
            r = try run(["upsert", "team", "--db", db, "--from", try file("teams.csv", text), "--format", "json"])
            XCTAssertEqual(r.status, 1, "[\(backend)] \(r.out)")
            XCTAssertTrue(r.err.contains("The row of line 1301 was refused: Unique constraint") || r.out.contains("The row of line 1301 was refused: Unique constraint"),
                          "[\(backend)] \(r.err)\(r.out)")
            XCTAssertTrue((r.err + r.out).contains("a row with name = \(name) already exists"), "[\(backend)] \(r.err)\(r.out)")
            XCTAssertEqual(try run(["count", "team", "--db", db, "--format", "csv"]).out, before, "[\(backend)]")

            // Two new rows of one batch give one name: SQLite names the second (the one refused);
            // PostgreSQL cannot tell which of the two and names both.
            text = "id,name\n2001,Twin\n2002,Other\n2003,Twin\n"
            r = try run(["upsert", "team", "--db", db, "--from", try file("twins.csv", text)])
            XCTAssertEqual(r.status, 1, "[\(backend)] \(r.out)")
            let twins = backend == .postgres ? "The row of line 2 or of line 4 (both give the key) was refused" : "The row of line 4 was refused"
            XCTAssertTrue(r.err.contains(twins) && r.err.contains("name = Twin"), "[\(backend)] \(r.err)")
            // One conflict key twice in a batch: PostgreSQL refuses the statement, named by the second row.
            text = "id,name\n2001,A\n2002,B\n2001,C\n"
            r = try run(["upsert", "team", "--db", db, "--from", try file("again.csv", text)])
            if backend == .postgres {
                XCTAssertTrue(r.err.contains("The row of line 4 was refused: it gives the same id = 2001 as line 2, and one upsert statement cannot change a row twice; nothing was written."), r.err)
            } else {
                XCTAssertEqual(r.status, 0, "SQLite applies both: \(r.err)")
            }
        }
    }

    /// Several full batches and a short last one (their SQL is compiled once per size and reused):
    /// what goes in comes out, NULLs, quotes and line breaks included, on both backends.
    func testAnImportOfManyBatchesWritesEveryRowAsGiven() throws {
        for backend in Backend.allCases {
            guard let db = try demo(backend) else { continue }
            try emptyHeroes(db)
            var text = "id,name,secret_name,age,team_id,created_at\r\n"
            for i in 1...2345 {
                let age = i % 9 == 0 ? "" : String(18 + i % 60)
                let team = i % 4 == 0 ? "" : String(1 + i % 3)
                text += "\(i),\"Hero, \"\"\(i)\"\"\",\"line\nbreak \(i)\",\(age),\(team),2025-01-01 00:00:00\r\n"
            }
            let path = try file("many.csv", text)
            let r = try run(["insert", "hero", "--db", db, "--from", path, "--format", "json"])
            XCTAssertEqual(r.status, 0, "[\(backend)] \(r.out)")
            let doc = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            if backend == .postgres {
                XCTAssertEqual(doc?["query_count"] as? Int, 4, "BEGIN, one COPY, the id sequence moved past the ids (Database.catchUpSequences), COMMIT")
            } else {
                XCTAssertEqual(doc?["query_count"] as? Int, 6, "BEGIN, the form of the stored created_at (Session.storedSample), 3 INSERTs, COMMIT")
                let runs = (doc?["statements"] as? [[String: Any]])?.compactMap { $0["runs"] as? Int }
                XCTAssertEqual(runs, [2], "two full batches are one entry")
            }
            let out = try run(["export", "hero", "--db", db, "--format", "csv"])
            XCTAssertEqual(out.out, text, "[\(backend)]")
        }
    }

    /// A COPY lives inside the import's transaction, so it works behind a transaction pooler
    /// (pgbouncer in transaction mode), its refusal included.
    func testAnImportByCopyWorksBehindATransactionPooler() throws {
        let url = try freshPgbouncerURL()
        XCTAssertEqual(try run(["create-demo", url, "--small"]).status, 0)
        try emptyHeroes(url)
        var text = "id,name,secret_name,age,team_id,created_at\n"
        for i in 1...3000 { text += "\(i),\"Hero\t\\\(i)\",\"two\nlines\",30,1,2025-01-01 00:00:00\n" }
        let path = try file("many.csv", text)
        let r = try run(["insert", "hero", "--db", url, "--from", path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.err)
        let doc = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        XCTAssertEqual(doc?["inserted"] as? Int, 3000)
        XCTAssertEqual(try count(url), "3000")
        let back = try run(["rows", "hero", "--db", url, "--where", "id = 3000", "--format", "csv"])
        XCTAssertTrue(back.out.contains("3000,Hero\t\\3000,\"two\nlines\",30,1,"), back.out)
        // The same file again: every id is taken; the first row's line (each row spans two) is named.
        let again = try run(["insert", "hero", "--db", url, "--from", path])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.err.contains("The row of line 2 was refused: Unique constraint"), again.err)
        XCTAssertEqual(try count(url), "3000")
    }

    /// Ctrl-C in the middle of PostgreSQL's COPY: the copy ends with an error and the transaction
    /// rolls back.
    func testCtrlCDuringACopyRollsItBack() throws {
        let db = try postgresOnlyURL()
        XCTAssertEqual(try run(["create-demo", db, "--small"]).status, 0)
        let watcher = Database(try connect(db))
        defer { watcher.close() }
        let copying = CompiledSQL("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %' AND pid <> pg_backend_pid()", [])
        // The COPY is running once the server shows it.
        try interruptAnImport(db) { try watcher.fetchAll(copying).first?[0] == .int(1) }
    }

    func testCtrlCDuringAnImportRollsItBack() throws {
        let db = try XCTUnwrap(try demo(.sqlite), "an SQLite file is always made")
        // Two batches are in the open transaction once SQLite's rollback journal exists.
        let journal = db + "-journal", wal = db + "-wal"
        try interruptAnImport(db) { FileManager.default.fileExists(atPath: journal) || FileManager.default.fileExists(atPath: wal) }
    }

    /// Feeds an import of 2,500 heroes through a pipe into the emptied `db`, sends SIGINT once
    /// `begun` says its transaction has written, and checks the import said so and wrote nothing.
    func interruptAnImport(_ db: String, begun: () throws -> Bool) throws {
        try emptyHeroes(db)
        let (p, input, err) = try CLIGoldenTests.started(["insert", "hero", "--db", db, "--from", "-", "--from-format", "csv"])
        var text = "id,name,secret_name,age,team_id,created_at\n"
        for i in 1...2500 { text += "\(i),Hero \(i),s,30,1,2025-01-01 00:00:00\n" }
        input.write(Data(text.utf8))
        var seen = false
        for _ in 0..<600 where !seen {
            seen = try begun()
            if !seen { usleep(50_000) }
        }
        XCTAssertTrue(seen, "no write transaction began")
        kill(p.processIdentifier, SIGINT)
        input.write(Data("9999,Late,s,30,1,2025-01-01 00:00:00\n".utf8))
        try input.close()
        let message = String(decoding: err.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 1, message)
        XCTAssertTrue(message.contains("Interrupted (Ctrl-C): the transaction was rolled back; nothing was written."), message)
        XCTAssertEqual(try count(db), "0")
    }
}

extension XCTestCase {
    /// A demo database on `backend` (SQLite file or a fresh PostgreSQL database), nil when PostgreSQL is not configured.
    func demoDatabase(_ backend: Backend) throws -> String? {
        let location: String
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-stream-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
            location = dir.appendingPathComponent("demo.sqlite").path
        case .postgres:
            guard let url = try freshPostgresURL() else { return nil }
            location = url
        }
        let r = try CLIGoldenTests.run(["create-demo", location, "--small"])
        XCTAssertEqual(r.status, 0, r.err)
        return location
    }
}
