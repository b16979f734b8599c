import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// The explorer's drift marks come from the schema the session read (`Database.drift()`), and a
/// schema reload after the migration ran takes them away.
final class DriftReloadTests: XCTestCase {
    func testAReloadAfterTheMigrationClearsTheMark() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE team (id integer PRIMARY KEY, name text NOT NULL)")
            db.appModels = try AppModels.parse("""
                {"format": 1, "models": [{"class": "Team", "table": "team", "primary_key": ["id"], "columns": [
                  {"name": "id", "type": "INTEGER", "nullable": false}, {"name": "name", "type": "VARCHAR", "nullable": false},
                  {"name": "budget", "type": "INTEGER", "nullable": true}]}]}
                """, file: "models.json")
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            state.setDrift(db.drift())
            XCTAssertEqual(state.drift["team"]?.map(\.kind), [.missingColumn], "[\(backend)]")
            XCTAssertEqual(state.drift["team"]?.first?.column, "budget")
            try db.execute(sql: "ALTER TABLE team ADD COLUMN budget integer")
            runtime.play(&state, [.reloadSchema])
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertEqual(state.drift, [:], "[\(backend)] the migration ran: no drift")
        }
    }
}
