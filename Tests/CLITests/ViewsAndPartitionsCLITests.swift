import Foundation
import ORMCore
import TestSupport
import XCTest

/// What a tester's SQLAlchemy application on PostgreSQL met outside plain tables: a view and a
/// materialized view (no key to address a row by), a partitioned table and its partitions.
final class ViewsAndPartitionsCLITests: XCTestCase {
    func run(_ args: [String]) throws -> (out: String, err: String, status: Int32) { try CLIGoldenTests.run(args) }

    func testViewsPartitionsAndTheirSentences() throws {
        let url = try postgresOnlyURL()
        let db = Database(try connect(url))
        for sql in ["CREATE SCHEMA ledger",
                    "CREATE TABLE ledger.entry (id integer PRIMARY KEY, amount numeric NOT NULL)",
                    "INSERT INTO ledger.entry VALUES (1, 10), (2, 5)",
                    "CREATE VIEW ledger.totals AS SELECT sum(amount) AS total FROM ledger.entry",
                    "CREATE MATERIALIZED VIEW ledger.daily AS SELECT count(*) AS n FROM ledger.entry",
                    "CREATE TABLE ledger.measurement (id integer, taken date NOT NULL, value integer, PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken)",
                    "CREATE TABLE ledger.measurement_2024 PARTITION OF ledger.measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                    "CREATE TABLE ledger.measurement_2025 PARTITION OF ledger.measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"] {
            try db.execute(sql: sql)
        }
        db.close()
        // A view has no key: one sentence that says so, for every command that takes one.
        for args in [["update", "ledger.daily", "x", "--set", "n=1"], ["get", "ledger.totals", "1"], ["delete", "ledger.daily", "1", "--yes"]] {
            let r = try run(args + ["--db", url])
            XCTAssertEqual(r.status, 1, "\(args) \(r.err)")
            XCTAssertTrue(r.err.contains(" with no primary key: its rows cannot be addressed by a key; read them with rows --where, or use sql."), "\(args) \(r.err)")
        }
        XCTAssertTrue(try run(["get", "ledger.daily", "1", "--db", url]).err.hasPrefix("ormscope: ledger.daily is a materialized view with no primary key"))
        XCTAssertTrue(try run(["get", "ledger.totals", "1", "--db", url]).err.hasPrefix("ormscope: ledger.totals is a view with no primary key"))
        let insert = try run(["insert", "ledger.daily", "--set", "n=1", "--db", url])
        XCTAssertEqual(insert.err, "ormscope: ledger.daily is a materialized view and cannot be written to.\n")
        // `models` tells a materialized view from a view (it is as fresh as its last REFRESH).
        let models = try run(["models", "--db", url]).out
        XCTAssertTrue(models.split(separator: "\n").contains { $0.hasPrefix("ledger.daily ") && $0.contains("matview") }, models)
        XCTAssertTrue(try run(["show", "ledger.daily", "--db", url]).out.hasPrefix("Materialized view ledger.daily"))

        // A row no partition takes is said as that; a partition named as a model points to its table.
        let outside = try run(["insert", "ledger.measurement", "--set", "id=1", "--set", "taken=2030-01-01", "--db", url])
        XCTAssertEqual(outside.err, "ormscope: No partition of measurement takes the row: none of its partitions' bounds holds its partition key taken = 2030-01-01; nothing was written.\n")
        let partition = try run(["rows", "ledger.measurement_2024", "--db", url])
        XCTAssertEqual(partition.status, 1)
        XCTAssertTrue(partition.err.hasPrefix("ormscope: ledger.measurement_2024 is a partition of ledger.measurement (FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')): open ledger.measurement and filter on its partition key"), partition.err)
        XCTAssertEqual(try run(["count", "ledger.measurement", "--db", url, "--where", #"taken >= "2024-01-01""#, "--format", "csv"]).out, "count\r\n0\r\n")
    }
}
