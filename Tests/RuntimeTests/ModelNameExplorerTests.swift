import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// Issue 10, item 1 in the explorer: `:` commands, the models list and filter paths reach exactly the
/// table named, on both backends, with tables whose names hold dots, spaces and quotes.
final class ModelNameExplorerTests: XCTestCase {
    func play(_ state: inout ExplorerState, _ runtime: Runtime, _ actions: [Action]) { runtime.play(&state, actions) }

    func rows(_ s: ExplorerState) -> RowsScreen? { if case .rows(let r) = s.screen { return r } else { return nil } }

    func testCommandsAndFiltersReachTheNamedTable() throws {
        try eachBackend { db, backend in
            let pg = backend == .postgres
            // On PostgreSQL the collision of the issue: public."sx.ty" and sx.ty; on SQLite, "sx.ty" and ty.
            let dotted = pg ? #"public."sx.ty""# : #""sx.ty""#
            let other = pg ? "sx.ty" : "ty"
            if pg { try db.execute(sql: "CREATE SCHEMA sx") }
            try db.execute(sql: "CREATE TABLE \(dotted) (id integer PRIMARY KEY, v text)")
            try db.execute(sql: "CREATE TABLE \(other) (id integer PRIMARY KEY, v text, dotted_id integer REFERENCES \(dotted) (id))")
            try db.execute(sql: #"CREATE TABLE "a b" (id integer PRIMARY KEY, v text, other_id integer REFERENCES "# + other + " (id))")
            try db.execute(sql: "INSERT INTO \(dotted) VALUES (1, 'dotted one'), (2, 'dotted two')")
            try db.execute(sql: "INSERT INTO \(other) VALUES (1, 'other one', 2), (2, 'other two', 1)")
            try db.execute(sql: #"INSERT INTO "a b" VALUES (1, 'space one', 1), (2, 'space two', 2)"#)
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            var ui = UIState()
            func type(_ line: String) {
                _ = Keymap.handle(.char(":"), ui: &ui, state: state)
                for c in line { _ = Keymap.handle(.char(c), ui: &ui, state: state) }
                play(&state, runtime, Keymap.handle(.enter, ui: &ui, state: state))
            }
            func values() -> [String] { rows(state)?.page?.rows.map { $0[1].displayText ?? "" } ?? [] }
            let otherName = pg ? "sx.ty" : "ty"

            XCTAssertEqual(state.registry.models.map(\.qualifiedName).sorted(), (["\"a b\"", "\"sx.ty\"", otherName]).sorted(), "[\(backend)]")
            type(#"rows '"sx.ty"'"#)
            XCTAssertEqual(rows(state)?.request.model, #""sx.ty""#, "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertEqual(values(), ["dotted one", "dotted two"], "[\(backend)]")
            type(pg ? "rows sx.ty" : "rows ty")
            XCTAssertEqual(values(), ["other one", "other two"], "[\(backend)] \(state.report?.error ?? "")")
            type(pg ? "rows --schema public sx.ty" : "rows --schema main sx.ty")
            XCTAssertEqual(values(), ["dotted one", "dotted two"], "[\(backend)] \(state.report?.error ?? "")")
            type(#"rows "a b" --where "other.dotted.v = 'dotted two'""#)
            XCTAssertEqual(values(), ["space one"], "[\(backend)] a filter path through two odd names: \(state.report?.error ?? "")")
            if pg {
                type("rows sx.tyy")
                XCTAssertEqual(state.report?.error, "There is no table \"tyy\" in schema \"sx\"; did you mean \"sx.ty\"?")
            }

            // The models list opens each model by its own identity.
            for (i, m) in state.registry.models.enumerated() {
                let actions = Keymap.handle(.enter, ui: &ui, state: withCursor(state, i))
                XCTAssertEqual(actions, [.openModel(m.qualifiedName)])
                play(&state, runtime, actions)
                XCTAssertEqual(rows(state)?.request.model, m.qualifiedName, "[\(backend)] \(state.report?.error ?? "")")
                XCTAssertEqual(state.currentModel?.modelName, m.modelName)
            }

            // A write from the : prompt lands in the named table only.
            type(pg ? "update sx.ty 1 --set v=CHANGED" : "update ty 1 --set v=CHANGED")
            XCTAssertNil(state.report?.error, "[\(backend)]")
            let dottedRows = try db.fetchAll(CompiledSQL("SELECT v FROM \(dotted) ORDER BY id", [])).map { $0[0].displayText ?? "" }
            let otherRows = try db.fetchAll(CompiledSQL("SELECT v FROM \(other) ORDER BY id", [])).map { $0[0].displayText ?? "" }
            XCTAssertEqual(dottedRows, ["dotted one", "dotted two"], "[\(backend)]")
            XCTAssertEqual(otherRows, ["CHANGED", "other two"], "[\(backend)]")
        }
    }

    func withCursor(_ s: ExplorerState, _ i: Int) -> ExplorerState {
        var s = s
        s.screen = .models(cursor: i)
        return s
    }
}
