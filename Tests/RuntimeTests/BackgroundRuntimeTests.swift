import DemoDatabase
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// Statements run off the caller's thread and can be cancelled while they run; the session goes on.
final class BackgroundRuntimeTests: XCTestCase {
    func testASlowActionCanBeCancelledAndTheNextOneRuns() async throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let setup = Database(try connect(location))
            try DemoDatabase.create(on: setup, size: .small)
            // A view that takes its time: endless on SQLite, twenty seconds on PostgreSQL.
            try setup.execute(sql: backend == .sqlite
                ? "CREATE VIEW slow AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i AS id FROM r"
                : "CREATE VIEW slow AS SELECT pg_sleep(20)::text AS id")
            setup.close()
            let runtime = BackgroundRuntime(session: try Session(Database(try connect(location))))
            let cancel = runtime.cancel
            let started = Date()
            let task = Task { await runtime.perform(.count(id: 1, action: "count slow", request: PageRequest(model: "slow"))) }
            try await Task.sleep(nanoseconds: 300_000_000)
            cancel()
            let result = await task.value
            guard case .failed(_, let report)? = result else { return XCTFail("[\(backend)] expected a failure, got \(String(describing: result))") }
            XCTAssertEqual(report.error, "The statement was cancelled; the session is still usable.", "[\(backend)]")
            XCTAssertLessThan(Date().timeIntervalSince(started), 10)
            let next = await runtime.perform(.count(id: 2, action: "count heroes", request: PageRequest(model: "hero", filter: "id in (1, 2)")))
            guard case .counted(_, let n, _)? = next else { return XCTFail("[\(backend)] \(String(describing: next))") }
            XCTAssertEqual(n, 2, "[\(backend)] the next action runs")
        }
    }
}
