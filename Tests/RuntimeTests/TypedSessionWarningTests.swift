import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// The SQL editor's typed `SET` warns as `ormscope sql` does (ReadOnlyAndPoolerTests): where a
/// session setting lives behind a transaction pooler. On SQLite (no pooler, no SET) nothing.
final class TypedSessionWarningTests: XCTestCase {
    func testATypedSessionSetWarnsInTheSQLPane() throws {
        try eachBackend { db, backend in
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 5, dialect: db.dialect)
            let set = backend == .postgres ? "SET search_path = public" : "PRAGMA cache_size = 100"
            runtime.play(&state, [.runSQL([TypedStatement(sql: set, dialect: db.dialect)])])
            let report = try XCTUnwrap(state.report, "[\(backend)]")
            XCTAssertNil(report.error, "[\(backend)]")
            if backend == .postgres {
                XCTAssertEqual(report.warnings.count, 1, "\(report.warnings)")
                XCTAssertTrue(report.warnings.first?.hasPrefix("SET search_path changes this connection's session") ?? false, "\(report.warnings)")
            } else {
                XCTAssertEqual(report.warnings, [], "[\(backend)]")
            }
            runtime.play(&state, [.runSQL([TypedStatement(sql: "SELECT 1", dialect: db.dialect)])])
            XCTAssertEqual(state.report?.warnings, [], "[\(backend)] a read says nothing")
        }
    }
}
