import DemoDatabase
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// Issue 11, item 5: `R` on the model list (and `:reload`) reads the schema again through the
/// runtime: new tables appear, dropped ones go (with a sentence when one was open), the open model
/// stays open when it still exists.
final class SchemaReloadTests: XCTestCase {
    func play(_ state: inout ExplorerState, _ runtime: Runtime, _ actions: [Action]) {
        for action in actions {
            var queue = Explorer.update(&state, action)
            while !queue.isEmpty {
                let effect = queue.removeFirst()
                if let result = runtime.perform(effect) { queue += Explorer.update(&state, result) }
            }
        }
    }

    func rows(_ s: ExplorerState) -> RowsScreen? { if case .rows(let r) = s.screen { return r } else { return nil } }

    func testReloadAfterCreateAndDropTable() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            let before = state.registry.models.count

            // R on the model list: a table created meanwhile appears; the cursor keeps its model.
            play(&state, runtime, [.moveCursor(2)])
            let cursorModel = state.registry.models[2].qualifiedName
            try db.execute(sql: "CREATE TABLE villain (id integer PRIMARY KEY, name text NOT NULL, hero_id integer REFERENCES hero (id))")
            play(&state, runtime, [.refresh])
            XCTAssertEqual(state.registry.models.count, before + 1, "[\(backend)]")
            XCTAssertNotNil(state.registry.model(named: "villain"))
            XCTAssertNotNil(runtime.session.registry.model(named: "villain"), "[\(backend)] the session's registry is replaced too")
            XCTAssertEqual(state.report?.action, "reload the schema: \(before + 1) models, 1 new (villain)")
            XCTAssertNil(state.report?.error)
            XCTAssertTrue(state.report!.statements.allSatisfy { $0.cause == .introspection })
            if case .models(let c) = state.screen { XCTAssertEqual(state.registry.models[c].qualifiedName, cursorModel) } else { XCTFail("[\(backend)] still on the model list") }
            // The new table's relationships were inferred, and its rows open.
            XCTAssertNotNil(state.registry.model(named: "hero")?.relationships.first { $0.target == "villain" })
            try db.execute(sql: "INSERT INTO villain VALUES (1, 'Loki', 1)")
            play(&state, runtime, [.openModel("villain")])
            XCTAssertEqual(rows(state)?.page?.rows.count, 1, "[\(backend)]")

            // :reload with hero open, after another table was created: hero stays open, its page read again.
            play(&state, runtime, [.back, .openModel("hero"), .pageNext])
            try db.execute(sql: "CREATE TABLE lair (id integer PRIMARY KEY)")
            play(&state, runtime, [.command("reload")])
            XCTAssertEqual(rows(state)?.request.model, "hero", "[\(backend)] the open model stays open")
            XCTAssertEqual(rows(state)?.page?.rows.count, 10)
            XCTAssertEqual(state.report?.action, "reload the schema: \(before + 2) models, 1 new (lair)")
            XCTAssertEqual(state.report?.statements.last?.cause, .query, "[\(backend)] the page read again joins the report")
            XCTAssertEqual(state.report?.warnings, [])

            // Dropped while open: back to the model list with a sentence; its screens leave the back stack.
            play(&state, runtime, [.showModels, .openModel("villain")])
            try db.execute(sql: "DROP TABLE villain")
            play(&state, runtime, [.reloadSchema])
            guard case .models = state.screen else { return XCTFail("[\(backend)] back to the model list: \(state.screen)") }
            XCTAssertNil(state.registry.model(named: "villain"))
            XCTAssertNil(runtime.session.registry.model(named: "villain"))
            XCTAssertEqual(state.report?.action, "reload the schema: \(before + 1) models, 1 dropped (villain)")
            XCTAssertEqual(state.report?.warnings, ["The table villain you had open is no longer in the database (dropped or renamed), so it was closed."])
            XCTAssertFalse(state.backStack.contains { if case .rows(let r) = $0 { return r.request.model == "villain" } else { return false } })
            // Nothing changed: said so.
            play(&state, runtime, [.refresh])
            XCTAssertEqual(state.report?.action, "reload the schema: \(before + 1) models, no table added or dropped")
            // The rest still works after the reloads.
            play(&state, runtime, [.openModel("lair")])
            XCTAssertEqual(rows(state)?.page?.rows.count, 0, "[\(backend)]")
            XCTAssertNil(state.report?.error)
        }
    }
}
