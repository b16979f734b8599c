import Foundation
import ORMCore
import TestSupport
import XCTest

/// Drift's types in detail (tester 10's T20) on the typed app (Tests/PythonApps/typed: SQLModel
/// with uuid.UUID keys, as the FastAPI template writes them), made by create_all, against
/// alembic check's findings; and a database that lacks tables said once per table (T33).
extension AppModelsTests {
    /// `models-from python:typed.models`, its uuid columns given the kind `uuid` when the exporter
    /// did not write one (SQLAlchemy's Uuid is CHAR(32) in the generic DDL and UUID on PostgreSQL:
    /// tester 10's T1, the exporter's part).
    func exportTyped() throws -> String {
        let r = try run(["models-from", "python:typed.models", "--python", try appPython()])
        XCTAssertEqual(r.status, 0, r.err)
        let raw = try scratch("typed.json")
        try r.out.write(toFile: raw, atomically: true, encoding: .utf8)
        return try changed(raw, "typed-kinds.json") { models in
            for i in models.indices {
                models[i]["columns"] = (models[i]["columns"] as? [[String: Any]] ?? []).map { c in
                    var c = c
                    if c["type"] as? String == "CHAR(32)" && c["kind"] == nil { c["kind"] = "uuid" }
                    return c
                }
            }
        }
    }

    /// Each change alembic 1.20's compare_metadata(compare_type=True) reports on PostgreSQL is one
    /// difference (exit 1), and a fresh create_all none, on both backends. On SQLite, which keeps a
    /// declared type without its width, precision, zone or jsonb, only text against varchar(50) is.
    func testDriftFindsEachTypeChangeAlembicCheckFinds() throws {
        let file = try exportTyped()
        let sqlite = try scratch("typed.sqlite")
        var locations = [("sqlite", sqlite)]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        for (backend, location) in locations {
            try python(["-m", "typed.models", location])
            let fresh = try run(["drift", "--models", file, "--db", location])
            XCTAssertEqual(fresh.out, "No drift: the database matches typed-kinds.json (2 models).\n", "[\(backend)]")
            XCTAssertEqual(fresh.status, 0, "[\(backend)]")
        }
        if locations.count > 1 {
            let url = locations[1].1
            let changes: [(column: String, to: String, back: String, sentence: String)] = [
                ("id", "integer", "bigint", "Column ledger.id is BIGINT in the models but integer in the database (bigint against integer)."),
                ("rank", "integer", "smallint", "Column ledger.rank is SMALLINT in the models but integer in the database (smallint against integer)."),
                ("amount", "numeric(12,4)", "numeric(10,2)",
                 "Column ledger.amount is NUMERIC(10, 2) in the models but numeric(12,4) in the database (numeric(10,2) against numeric(12,4))."),
                ("at", "timestamp without time zone", "timestamp with time zone",
                 "Column ledger.at is TIMESTAMP WITH TIME ZONE in the models but timestamp without time zone in the database (with time zone against without time zone)."),
                ("naive", "timestamp with time zone", "timestamp without time zone",
                 "Column ledger.naive is DATETIME in the models but timestamp with time zone in the database (without time zone against with time zone)."),
                ("body", "varchar(50)", "text", "Column ledger.body is TEXT in the models but character varying(50) in the database (text against length 50)."),
                ("code", "text", "varchar(50)", "Column ledger.code is VARCHAR(50) in the models but text in the database (length 50 against text)."),
                ("doc", "json", "jsonb", "Column ledger.doc is JSONB in the models but json in the database (jsonb against json)."),
                ("data", "jsonb", "json", "Column ledger.data is JSON in the models but jsonb in the database (json against jsonb)."),
            ]
            for change in changes {
                let db = Database(try connect(url))
                try db.execute(sql: "ALTER TABLE ledger ALTER COLUMN \(change.column) TYPE \(change.to)")
                db.close()
                let drift = try run(["drift", "--models", file, "--db", url])
                XCTAssertEqual(drift.out.split(separator: "\n").map(String.init),
                               [change.sentence, "1 difference between typed-kinds.json and the database."], "[postgres] \(change.column) → \(change.to)")
                XCTAssertEqual(drift.status, 1, "[postgres] \(change.column)")
                let asJSON = try json(try run(["drift", "--models", file, "--db", url, "--format", "json"]).out)
                XCTAssertEqual((asJSON["differences"] as? [[String: Any]])?.map { [$0["kind"] as? String, $0["column"] as? String] }, [["type", change.column]])
                let undo = Database(try connect(url))
                try undo.execute(sql: "ALTER TABLE ledger ALTER COLUMN \(change.column) TYPE \(change.back)")
                undo.close()
            }
            XCTAssertEqual(try run(["drift", "--models", file, "--db", url]).status, 0, "every change undone")
        }
        // SQLite: the same changes made by rebuilding the table (SQLite alters no column's type).
        let changed = try scratch("changed.sqlite")
        let made = try Spawn.run(["sqlite3", changed, """
            CREATE TABLE owner (id CHAR(32) NOT NULL, email VARCHAR(255) NOT NULL, PRIMARY KEY (id));
            CREATE UNIQUE INDEX ix_owner_email ON owner (email);
            CREATE TABLE ledger (id INTEGER NOT NULL, owner_id CHAR(32) NOT NULL, rank INTEGER NOT NULL, count BIGINT NOT NULL,
              amount NUMERIC(12, 4) NOT NULL, at DATETIME NOT NULL, naive TIMESTAMP WITH TIME ZONE NOT NULL, stamped DATETIME NOT NULL,
              body VARCHAR(50) NOT NULL, code VARCHAR(50) NOT NULL, doc JSON NOT NULL, data JSONB NOT NULL,
              PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES owner (id));
            """])
        XCTAssertEqual(made.status, 0, made.output)
        let drift = try run(["drift", "--models", file, "--db", changed])
        XCTAssertEqual(drift.out.split(separator: "\n").map(String.init), [
            "Column ledger.body is TEXT in the models but VARCHAR(50) in the database (text against length 50).",
            "1 difference between typed-kinds.json and the database.",
        ], "[sqlite]")
    }

    /// T33: against a database `migrate` never ran on, each of the file's tables is one difference
    /// and nothing else: no relationship reaching a missing table is said again.
    func testADatabaseWithoutTheTablesIsOneDifferencePerTable() throws {
        let file = try exportDjango()
        let app = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8))
        let tables = app.models.filter(\.isManaged).count
        XCTAssertGreaterThan(app.models.flatMap(\.relationships).count, tables, "relationships enough to have repeated them")
        var locations = [("sqlite", try scratch("empty.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        XCTAssertEqual(try Spawn.run(["sqlite3", locations[0].1, "CREATE TABLE unrelated (id INTEGER PRIMARY KEY);"]).status, 0)
        for (backend, location) in locations {
            let drift = try run(["drift", "--models", file, "--db", location, "--format", "json"])
            XCTAssertEqual(drift.status, 1, "[\(backend)] \(drift.err)")
            let differences = try json(drift.out)["differences"] as? [[String: Any]] ?? []
            XCTAssertEqual(Set(differences.compactMap { $0["kind"] as? String }).subtracting(["extra-table"]), ["missing-table"], "[\(backend)] \(drift.out)")
            XCTAssertEqual(differences.filter { $0["kind"] as? String == "missing-table" }.count, tables, "[\(backend)]")
        }
    }
}
