import DemoDatabase
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// `g` and `G` on the rows grid go to the first row of the first page and the last row of the last
/// page (as in vim, less and VisiData); Home and End keep the page jumps.
final class FirstLastRowKeyTests: XCTestCase {
    func press(_ key: Key, _ state: inout ExplorerState, _ runtime: Runtime, _ ui: inout UIState) {
        runtime.play(&state, Keymap.handle(key, ui: &ui, state: state))
    }

    func cursorKey(_ s: ExplorerState) -> [Value]? {
        guard case .rows(let r) = s.screen, let page = r.page, r.cursor < page.primaryKeys.count else { return nil }
        return page.primaryKeys[r.cursor]
    }

    func testGAndShiftGGoToTheFirstAndLastRow() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let runtime = Runtime(session: try Session(db))
            // A grid that fits one page (team), then one of several pages (hero, 60 rows by 10).
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            var ui = UIState()
            runtime.play(&state, [.openModel("team")])
            guard case .rows(let teams) = state.screen, let n = teams.page?.rows.count, n > 2, teams.page?.hasNext == false else {
                return XCTFail("[\(backend)] team fits one page")
            }
            press(.char("j"), &state, runtime, &ui)
            press(.char("j"), &state, runtime, &ui)
            let before = state.report
            press(.char("g"), &state, runtime, &ui)
            XCTAssertEqual(cursorKey(state), teams.page?.primaryKeys.first, "[\(backend)] g: the first row")
            XCTAssertEqual(state.report, before, "[\(backend)] the page shown is the first: nothing is read")
            press(.char("G"), &state, runtime, &ui)
            XCTAssertEqual(cursorKey(state), teams.page?.primaryKeys.last, "[\(backend)] G: the last row")

            runtime.play(&state, [.showModels, .openModel("hero")])
            for _ in 0..<4 { press(.char("j"), &state, runtime, &ui) }
            press(.char("G"), &state, runtime, &ui)
            XCTAssertEqual(cursorKey(state), [.int(60)], "[\(backend)] G: the last row of the last page")
            press(.char("g"), &state, runtime, &ui)
            XCTAssertEqual(cursorKey(state), [.int(1)], "[\(backend)] g: the first row of the first page")
            // The tester's case: after a write reloads the page with the cursor on row 10, g then j is row 2.
            for _ in 0..<9 { press(.char("j"), &state, runtime, &ui) }
            runtime.play(&state, [.refresh])
            XCTAssertEqual(cursorKey(state), [.int(10)])
            press(.char("g"), &state, runtime, &ui)
            press(.char("j"), &state, runtime, &ui)
            XCTAssertEqual(cursorKey(state), [.int(2)], "[\(backend)]")
            // End and Home: the page jumps, the cursor on its line.
            press(.end, &state, runtime, &ui)
            XCTAssertEqual(cursorKey(state), [.int(52)], "[\(backend)] End: the last page, the cursor on its second line")
            press(.home, &state, runtime, &ui)
            XCTAssertEqual(cursorKey(state), [.int(2)], "[\(backend)]")
        }
    }
}
