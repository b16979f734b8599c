import Foundation
import ORMCore
import TestSupport
import XCTest

/// `upsert` says what it did, inserted, updated or unchanged, in table and JSON output, on both
/// backends, with its statements and their causes (PostgreSQL's RETURNING says it; SQLite's row
/// is looked for first).
final class UpsertOutcomeTests: XCTestCase {
    func run(_ args: [String]) throws -> (out: String, err: String, status: Int32) { try CLIGoldenTests.run(args) }

    /// The demo on `backend` (`StreamingImportTests.demo`'s), nil when PostgreSQL is not configured.
    func demo(_ backend: Backend) throws -> String? { try demoDatabase(backend) }

    func testUpsertSaysWhetherItInsertedUpdatedOrLeftTheRow() throws {
        for backend in Backend.allCases {
            guard let db = try demo(backend) else { continue }
            func upsert(_ sets: [String], _ extra: [String] = []) throws -> [String: Any] {
                let r = try run(["upsert", "team", "--db", db, "--format", "json"] + sets.flatMap { ["--set", $0] } + extra)
                XCTAssertEqual(r.status, 0, "[\(backend)] \(r.err)")
                return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], r.out)
            }
            func causes(_ doc: [String: Any]) -> [String] { (doc["statements"] as? [[String: Any]])?.compactMap { $0["cause"] as? String } ?? [] }
            let check = "upsert into team: is the row there already? (SQLite does not say which it did)"
            let pg = backend == .postgres

            var doc = try upsert(["id=1", "name=Renamed"])
            XCTAssertEqual(doc["upsert"] as? String, "updated", "[\(backend)]")
            XCTAssertEqual(doc["said"] as? String, "updated team id = 1", "[\(backend)]")
            // BEGIN, (SQLite: the look), the upsert, COMMIT, the row read again.
            XCTAssertEqual(causes(doc), ["transaction"] + (pg ? [] : [check]) + ["flush: upsert team", "transaction", "refresh of team 1"], "[\(backend)]")
            XCTAssertEqual(doc["query_count"] as? Int, pg ? 4 : 5)

            doc = try upsert(["id=1", "name=Renamed"])
            XCTAssertEqual(doc["said"] as? String, "unchanged team id = 1", "[\(backend)] the values were there: nothing written")
            XCTAssertEqual(causes(doc), ["transaction"] + (pg ? [] : [check]) + ["flush: upsert team"]
                           + (pg ? ["upsert into team: the row it left unchanged"] : []) + ["transaction", "refresh of team 1"], "[\(backend)]")

            doc = try upsert(["id=77", "name=New"])
            XCTAssertEqual(doc["said"] as? String, "inserted team id = 77", "[\(backend)]")
            // (PostgreSQL: the inserted row's own id moves team's sequence past it, Database.catchUpSequences.)
            XCTAssertEqual(doc["query_count"] as? Int, 5)
            XCTAssertEqual(causes(doc).contains("moving the sequence of team.id past the values written"), pg, "[\(backend)]")

            // By a unique key other than the primary key: the row there keeps its id.
            doc = try upsert(["name=New", "headquarters=Pier 7"], ["--on-conflict", "name"])
            XCTAssertEqual(doc["said"] as? String, "updated team id = 77", "[\(backend)]")

            // A NULL in the target cannot conflict: SQLite does not look.
            doc = try upsert(["name=Newer"])
            XCTAssertEqual((doc["said"] as? String)?.hasPrefix("inserted team id = "), true, "[\(backend)] \(doc)")
            XCTAssertFalse(causes(doc).contains(check))

            let table = try run(["upsert", "team", "--db", db, "--set", "id=77", "--set", "name=New"])
            XCTAssertTrue(table.out.hasPrefix("Unchanged team id = 77.\n"), "[\(backend)] \(table.out)")
            XCTAssertTrue(try run(["upsert", "team", "--db", db, "--set", "id=77", "--set", "name=Other"]).out.hasPrefix("Updated team id = 77.\n"))
        }
    }
}

extension UpsertOutcomeTests {
    /// A unique violation names its key on both backends: PostgreSQL's DETAIL gives it, SQLite's
    /// message only the columns, so the values the write gave them are named (an update's from the
    /// row as it now is).
    func testAUniqueViolationNamesItsKeyOnBothBackends() throws {
        for backend in Backend.allCases {
            guard let db = try demo(backend) else { continue }
            let first = try run(["get", "team", "1", "--db", db, "--format", "json"])
            let name = try XCTUnwrap((((try JSONSerialization.jsonObject(with: Data(first.out.utf8)) as? [String: Any])?["rows"] as? [[String: Any]])?.first?["name"]) as? String)
            let update = try run(["update", "team", "2", "--db", db, "--set", "name=\(name)"])
            XCTAssertEqual(update.status, 1)
            XCTAssertTrue(update.err.contains("violated (name): a row with name = \(name) already exists; nothing was written."), "[\(backend)] \(update.err)")
            let upsert = try run(["upsert", "team", "--db", db, "--set", "id=2", "--set", "name=\(name)"])
            XCTAssertTrue(upsert.err.contains("a row with name = \(name) already exists"), "[\(backend)] \(upsert.err)")
        }
    }
}
