import Foundation
import ORMCore
import TestSupport
import XCTest

/// Drift of partial indexes and indexes on expressions, with the real frameworks on both backends:
/// none on a schema SQLAlchemy's create_all or Django's migrate just made (conditions like
/// `deleted_at IS NULL`, `status = 'active'`, `NOT archived`, an IN list, expressions like
/// lower(email)); a condition dropped, added or with another constant and an expression changed
/// found; texts that cannot be compared with confidence said, not counted; a file that leaves
/// `where` and `expressions` out not compared by them.
extension AppModelsTests {
    /// Runs each statement on the database at `location`.
    func execute(_ location: String, _ statements: [String]) throws {
        let db = Database(try connect(location))
        defer { db.close() }
        for s in statements { try db.execute(sql: s) }
    }

    /// The index of `name` on the model of `table` in a models file's JSON objects, changed.
    static func editIndex(_ models: inout [[String: Any]], _ table: String, _ name: String, _ change: (inout [String: Any]) -> Void) {
        edit(&models, table, "indexes", name, change)
    }

    func testIndexDriftAfterSQLAlchemysCreateAllIsNoneAndFindsEachChange() throws {
        let file = try export("sa_indexes", to: "indexes.json")  // (Tests/PythonApps/sa_indexes.py)
        let written = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8)).models.first { $0.table == "account" }
        XCTAssertEqual(written?.indexTexts["ix_account_unarchived"]?.conditions, ["postgresql": "NOT archived", "sqlite": "archived = 0"],
                       "each backend's compile of ~archived")
        XCTAssertEqual(written?.indexTexts["ix_account_pg_only"]?.conditions, ["postgresql": "deleted_at IS NOT NULL"], "full on SQLite")
        XCTAssertEqual(written?.indexTexts["ix_account_status_email"]?.expressions, ["*": ["status", "lower(email)"]])
        XCTAssertEqual(written?.indexTexts["ix_account_plain"]?.conditions, [:], "a full index says so")
        var locations = [("sqlite", try scratch("indexes.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        for (backend, location) in locations {
            let sqlite = backend == "sqlite"
            try python(["sa_indexes.py", location])
            let fresh = try run(["drift", "--models", file, "--db", location])
            XCTAssertEqual(fresh.status, 0, "[\(backend)] \(fresh.out)")
            XCTAssertEqual(fresh.out, "No drift: the database matches indexes.json (2 models).\n", "[\(backend)]")

            // A spelling the normal form does not relate to the catalog's: said, not counted.
            let respelled = try changed(file, "indexes.json") { models in
                Self.editIndex(&models, "account", "ix_account_unarchived") { $0["where"] = "archived = false" }
            }
            let unsure = try run(["drift", "--models", respelled, "--db", location])
            XCTAssertEqual(unsure.status, 0, "[\(backend)] \(unsure.out)")
            XCTAssertEqual(unsure.out.split(separator: "\n").map(String.init), [
                "The condition of index ix_account_unarchived on account is WHERE archived = false in the models and WHERE \(sqlite ? "archived = 0" : "NOT archived") in the database, which ormscope cannot compare with confidence (not counted as a difference).",
                "No drift: the database matches indexes.json (2 models).",
            ], "[\(backend)]")
            let unsureJSON = try json(try run(["drift", "--models", respelled, "--db", location, "--format", "json"]).out)
            XCTAssertEqual(unsureJSON["count"] as? Int, 0)
            XCTAssertEqual((unsureJSON["not_compared"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, ["index-unsure"])

            // Migrations that were not written: a condition dropped, a constant changed, a condition
            // added, an expression changed.
            try execute(location, [
                "DROP INDEX ix_account_live", "CREATE INDEX ix_account_live ON account (email)",
                "DROP INDEX ix_account_active", "CREATE INDEX ix_account_active ON account (status) WHERE status = 'archived'",
                "DROP INDEX ix_account_plain", "CREATE INDEX ix_account_plain ON account (status, email) WHERE deleted_at IS NOT NULL",
                "DROP INDEX ix_account_email_ci", "CREATE UNIQUE INDEX ix_account_email_ci ON account (upper(email))",
            ])
            let drift = try run(["drift", "--models", file, "--db", location])
            XCTAssertEqual(drift.status, 1, "[\(backend)] \(drift.out)")
            XCTAssertEqual(drift.out.split(separator: "\n").map(String.init), [
                "The condition of index ix_account_active on account has another constant: it is WHERE status = 'active' in the models but WHERE \(sqlite ? "status = 'archived'" : "status::text = 'archived'::text") in the database.",
                "Unique index ix_account_email_ci on account is on (lower(email)) in the models but on (\(sqlite ? "upper(email)" : "upper(email::text)")) in the database.",
                "Index ix_account_live on account is partial in the models (WHERE deleted_at IS NULL) but full in the database.",
                "Index ix_account_plain on account is full in the models but partial in the database (WHERE deleted_at IS NOT NULL).",
                "4 differences between indexes.json and the database.",
            ], "[\(backend)]")
            let asJSON = try json(try run(["drift", "--models", file, "--db", location, "--format", "json"]).out)
            XCTAssertEqual((asJSON["differences"] as? [[String: Any]])?.compactMap { $0["kind"] as? String },
                           ["index-condition", "index-expression", "index-condition", "index-condition"], "[\(backend)]")

            // A file (as one written by hand) that leaves `where` and `expressions` out compares neither.
            let bare = try changed(file, "indexes.json") { models in
                for m in models.indices {
                    models[m]["indexes"] = (models[m]["indexes"] as? [[String: Any]] ?? []).map { i in
                        i.filter { $0.key != "where" && $0.key != "expressions" }
                    }
                }
            }
            let uncompared = try run(["drift", "--models", bare, "--db", location])
            XCTAssertEqual(uncompared.status, 0, "[\(backend)] \(uncompared.out)")
        }
    }

    func testIndexDriftAfterDjangosMigrateIsNoneAndFindsEachChange() throws {
        var locations = [("sqlite", try scratch("library.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        let file = try exportDjango()
        let account = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8)).models.first { $0.table == "library_account" }
        XCTAssertEqual(account?.indexTexts["ix_account_unarchived"]?.conditions, ["*": "NOT \"archived\""])
        XCTAssertEqual(account?.indexTexts["uq_account_email_ci"]?.expressions, ["*": ["LOWER(\"email\")"]])
        XCTAssertEqual(account?.indexTexts["ix_account_a"]?.conditions, ["postgresql": "\"status\"::text LIKE 'a%'", "sqlite": "\"status\" LIKE 'a%' ESCAPE '\\'"],
                       "compiled for each backend, whichever the settings name")
        for (backend, location) in locations {
            let sqlite = backend == "sqlite"
            try python(["dj_app.py", location], in: Self.django)
            // (A fresh migrate on both backends, with the files of both settings: testDriftOnAFreshlyMigratedDjangoDatabaseIsNoneOnBothBackends.)
            let fresh = try run(["drift", "--models", file, "--db", location])
            XCTAssertEqual(fresh.status, 0, "[\(backend)] \(fresh.out)")
            XCTAssertFalse(fresh.out.contains("library_account"), "[\(backend)] no note either: \(fresh.out)")
            try execute(location, [
                "DROP INDEX ix_account_live", "CREATE INDEX ix_account_live ON library_account (email)",
                "DROP INDEX ix_account_active", "CREATE INDEX ix_account_active ON library_account (status) WHERE status = 'archived'",
                "DROP INDEX ix_account_email_status", "CREATE INDEX ix_account_email_status ON library_account (upper(email), status)",
            ])
            let drift = try run(["drift", "--models", file, "--db", location])
            XCTAssertEqual(drift.status, 1, "[\(backend)] \(drift.out)")
            XCTAssertEqual(drift.out.split(separator: "\n").map(String.init).filter { $0.contains("library_account") }, [
                "Index ix_account_live on library_account is partial in the models (WHERE \"deleted_at\" IS NULL) but full in the database.",
                "The condition of index ix_account_active on library_account has another constant: it is WHERE \"status\" = 'active' in the models but WHERE \(sqlite ? "status = 'archived'" : "status::text = 'archived'::text") in the database.",
                "Index ix_account_email_status on library_account is on (LOWER(\"email\"), \"status\") in the models but on (\(sqlite ? "upper(email), status" : "upper(email::text), status")) in the database.",
            ], "[\(backend)] \(drift.out)")
        }
    }
}
