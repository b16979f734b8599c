import Explorer
import ExplorerRuntime
import Foundation
import ORMCore
import TestSupport
import XCTest

/// The SQL editor pane driven by its keys against both real backends: a typed statement's rows
/// paged from its cursor into the grid, several statements in order, a syntax error marked where
/// the server says, read-only refusals before the server, DDL reading the models again, a logged
/// statement copied into the editor and run again, manual mode, EXPLAIN.
final class SQLEditorRuntimeTests: XCTestCase {
    /// A runtime on `db` with `n` rows in `item` (id, label), the explorer's state and screen (100x30).
    struct Harness {
        let runtime: Runtime
        var state: ExplorerState
        var ui = UIState()

        init(_ db: Database, rows n: Int = 95, pageSize: Int = 10) throws {
            try db.execute(sql: "CREATE TABLE item (id integer PRIMARY KEY, label text NOT NULL)")
            if n > 0 {
                let values = (1...n).map { "(\($0), 'item \($0)')" }.joined(separator: ", ")
                try db.execute(sql: "INSERT INTO item (id, label) VALUES \(values)")
            }
            runtime = Runtime(session: try Session(db))
            state = ExplorerState(registry: runtime.session.registry, pageSize: pageSize, dialect: db.dialect)
            ui.windowWidth = 100
            ui.windowHeight = 30
        }

        /// Keys as the terminal loop handles them: the keymap, the update, every effect performed
        /// in turn, then the screen settled.
        mutating func press(_ keys: [Key]) {
            for k in keys {
                var queue = Explorer.press(k, ui: &ui, state: &state)
                while !queue.isEmpty {
                    if let result = runtime.perform(queue.removeFirst()) { queue += Explorer.update(&state, result) }
                }
                Keymap.settle(&ui, state)
            }
        }

        /// Text typed as a terminal sends it (a line break is Enter, CR; Ctrl-J is the run key).
        mutating func type(_ text: String) { press(text.map { $0 == "\n" ? Key.enter : Key.char($0) }) }

        /// Opens the editor, clears it, types `sql` and runs it with `key` (Ctrl-J by default).
        mutating func run(_ sql: String, key: Key = .char("\n")) {
            press([.char("Q"), .char("\u{0C}")])
            type(sql)
            press([key])
        }

        var typed: (RowsScreen, PageData)? {
            guard case .rows(let r) = state.screen, r.typed != nil, let page = r.page else { return nil }
            return (r, page)
        }

        var ids: [Int64] { typed?.1.rows.compactMap { if case .int(let i) = $0[0] { return i } else { return nil } } ?? [] }

        func screen() -> String { Renderer.render(state, ui, title: "t", width: ui.windowWidth, height: ui.windowHeight).text }
    }

    func testATypedSelectPagesFromItsCursorIntoTheGrid() throws {
        try eachBackend { db, backend in
            var h = try Harness(db)
            h.run("SELECT id, label FROM item ORDER BY id")
            XCTAssertNil(h.state.report?.error, "\(backend)")
            XCTAssertEqual(h.ids, Array(1...10), "\(backend): the first page")
            XCTAssertEqual(h.typed?.0.typed?.hasMore, true)
            let statements = h.state.report?.statements ?? []
            XCTAssertTrue(statements.allSatisfy { [.typed, .typedPage(1), .transaction].contains($0.cause) }, "\(backend): \(statements.map(\.cause))")
            if backend == .postgres {
                XCTAssertTrue(statements.contains { $0.sql.hasPrefix("DECLARE") }, "\(backend): read through a cursor")
                XCTAssertTrue(statements.contains { $0.sql.hasPrefix("FETCH FORWARD 10") })
            }
            XCTAssertTrue(h.screen().contains("rows 1-10 · 10 read, more (Space reads on)"), h.screen())
            XCTAssertTrue(h.screen().contains("SQL: SELECT id, label FROM item ORDER BY id"), h.screen())
            // PgDn in the editor reads on; then on the grid (editor closed), Space.
            h.press([.pageDown])
            XCTAssertEqual(h.ids, Array(11...20), "\(backend)")
            h.press([.escape, .char(" "), .char(" ")])
            XCTAssertEqual(h.ids, Array(31...40), "\(backend)")
            if backend == .postgres {
                XCTAssertEqual(h.state.report?.statements.count, 1, "\(backend): one statement a page")
                XCTAssertTrue(h.state.report?.statements.first?.sql.hasPrefix("FETCH FORWARD 10 FROM") == true)
                XCTAssertEqual(h.state.report?.statements.first?.cause, .typedPage(4), "\(backend): one FETCH per page")
            }
            // Backwards is refused with a sentence; g runs it again from the first row.
            h.press([.pageUp])
            XCTAssertTrue(h.ui.message?.contains("forward only") == true, "\(h.ui.message ?? "")")
            XCTAssertEqual(h.ids, Array(31...40))
            h.press([.char("g")])
            XCTAssertEqual(h.ids, Array(1...10), "\(backend): run again")
            // The grid's keys for a model's rows say why not.
            h.press([.char("d")])
            XCTAssertTrue(h.ui.message?.contains("typed statement") == true, "\(h.ui.message ?? "")")
            // To the end: the status says all were read, and no next page is asked for.
            for _ in 0..<9 { h.press([.char(" ")]) }
            XCTAssertEqual(h.ids, Array(91...95), "\(backend)")
            XCTAssertTrue(h.screen().contains("rows 91-95 · 95 read, all read"), h.screen())
            // Another action closes the cursor (its transaction ends), and a write then works.
            h.press([.backspace])
            h.run("UPDATE item SET label = 'x' WHERE id = 1")
            XCTAssertNil(h.state.report?.error, "\(backend)")
            XCTAssertEqual(h.state.sqlRun?.lines, ["UPDATE: 1 row affected"], "\(backend)")
            XCTAssertFalse(db.inTransaction, "\(backend)")
        }
    }

    func testSeveralStatementsRunInOrderEachLogged() throws {
        try eachBackend { db, backend in
            var h = try Harness(db, rows: 0)
            h.run("INSERT INTO item VALUES (1, 'a');\nINSERT INTO item VALUES (2, 'b'), (3, 'c');\nSELECT count(*) AS n FROM item", key: .function(6))
            XCTAssertNil(h.state.report?.error, "\(backend)")
            XCTAssertEqual(h.state.sqlRun?.lines, ["INSERT: 1 row affected", "INSERT: 2 rows affected", "1 row read"], "\(backend)")
            XCTAssertEqual(h.typed?.1.rows, [[.int(3)]], "\(backend)")
            let typed = h.state.report?.statements.filter { $0.sql.hasPrefix("INSERT") } ?? []
            XCTAssertEqual(typed.count, 2)
            XCTAssertTrue(typed.allSatisfy { $0.cause == .typed })
            // Ctrl-J runs only the statement under the cursor (the last here).
            h.press([.char("\n")])
            XCTAssertEqual(h.state.report?.statements.filter { $0.sql.hasPrefix("INSERT") }.count, 0, "\(backend)")
            XCTAssertEqual(h.typed?.1.rows, [[.int(3)]])
            // The history has both runs, the newest last; Up on the first line brings them back.
            XCTAssertEqual(h.ui.sqlEditor.history.entries.count, 2)
        }
    }

    /// F6 runs each statement in auto-commit mode and stops at the first failure: the sentence says
    /// the statements before it stay written (a tester's UPDATE had been committed while the failed
    /// DELETE after it said "nothing was written").
    func testAFailureSaysTheStatementsBeforeItStayWritten() throws {
        try eachBackend { db, backend in
            var h = try Harness(db, rows: 2)
            h.run("UPDATE item SET label = 'x' WHERE id = 1;\nINSERT INTO item VALUES (2, 'dup');\nSELECT 3", key: .function(6))
            let error = try XCTUnwrap(h.state.report?.error, "\(backend)")
            XCTAssertTrue(error.hasPrefix("Statement 2 of 3 (INSERT): Unique constraint"), "\(backend): \(error)")
            XCTAssertTrue(error.hasSuffix("The 1 statement before it that writes (UPDATE) ran and was committed: it stays written. The 1 statement after it did not run."), "\(backend): \(error)")
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT label FROM item WHERE id = 1")).first?[0], .text("x"), "\(backend)")
            XCTAssertFalse(db.inTransaction, "\(backend)")
            // The error has no place of its own: the mark is the failed statement's start.
            XCTAssertEqual(h.ui.sqlEditor.editor.errorMark.map { [$0.line, $0.column] }, [1, 0], "\(backend)")
            // One statement and no place (a tester's cancel read "line 1, column 1"): no mark, no position.
            h.run("INSERT INTO item VALUES (1, 'dup')", key: .function(6))
            XCTAssertNotNil(h.state.report?.error, "\(backend)")
            XCTAssertNil(h.ui.sqlEditor.editor.errorMark, "\(backend)")
            XCTAssertFalse(h.screen().contains("✗ line 1, column 1"), h.screen())
        }
    }

    func testASyntaxErrorIsMarkedWhereTheServerSaysAndStopsTheRun() throws {
        try eachBackend { db, backend in
            var h = try Harness(db, rows: 3)
            h.run("SELECT 1 AS one;\nSELECT id\n  FROM item WHERE id = = 1;\nSELECT 2", key: .function(6))
            let error = try XCTUnwrap(h.state.sqlRun?.error, "\(backend)")
            XCTAssertTrue(error.lowercased().contains("syntax"), "\(backend): \(error)")
            let mark = try XCTUnwrap(h.ui.sqlEditor.editor.errorMark, "\(backend): no mark")
            XCTAssertEqual(mark.line, 2, "\(backend)")
            XCTAssertEqual(h.ui.sqlEditor.editor.lines[2][mark.column], "=", "\(backend): at the second =")
            XCTAssertEqual(h.ui.sqlEditor.editor.lines[2][mark.column - 2], "=", "\(backend)")
            XCTAssertTrue(h.screen().contains("✗ line 3, column \(mark.column + 1): "), h.screen())
            XCTAssertFalse(h.state.report?.statements.contains { $0.sql == "SELECT 2" } ?? true, "\(backend): the run stopped")
            XCTAssertFalse(db.inTransaction)
            // Typing clears the mark.
            h.type(" ")
            XCTAssertNil(h.ui.sqlEditor.editor.errorMark)
        }
    }

    func testReadOnlyModeRefusesAWriteBeforeTheServer() throws {
        try eachBackend { db, backend in
            var h = try Harness(db, rows: 3)
            h.state.readOnlyReason = "--read-only"
            let before = db.log.totalCount
            h.run("DELETE FROM item")
            XCTAssertEqual(db.log.totalCount, before, "\(backend): nothing sent")
            XCTAssertEqual(h.state.sqlRun?.error, h.state.report?.error, "the editor's last line says it too")
            XCTAssertEqual(h.state.report?.error, "Not run: DELETE writes and the session is read-only (--read-only); nothing was sent to the database.")
            XCTAssertTrue(h.screen().contains("Not run: DELETE writes"), h.screen())
            // A read still runs.
            h.run("SELECT count(*) FROM item")
            XCTAssertEqual(h.typed?.1.rows, [[.int(3)]], "\(backend)")
        }
    }

    func testDDLReadsTheModelsAgainAndCompletionKnowsTheNewTable() throws {
        try eachBackend { db, backend in
            var h = try Harness(db, rows: 1)
            h.run("CREATE TABLE gadget (id integer PRIMARY KEY, maker text)")
            XCTAssertNil(h.state.report?.error, "\(backend)")
            XCTAssertNotNil(h.state.registry.model(named: "gadget"), "\(backend)")
            XCTAssertTrue(h.state.sqlRun?.lines.contains("The schema changed: the models were read again.") == true)
            h.press([.char("\u{0C}")])
            h.type("SELECT * FROM gad")
            h.press([.tab])
            XCTAssertEqual(h.ui.sqlEditor.editor.text, "SELECT * FROM gadget", "\(backend)")
        }
    }

    func testALoggedStatementIsCopiedIntoTheEditorWithItsValuesAndRunsAgain() throws {
        try eachBackend { db, backend in
            var h = try Harness(db)
            h.press([.char("Q")])
            h.press([.escape])
            h.runtime.play(&h.state, [.openModel("item"), .filter("id > 90")])
            let page = try XCTUnwrap({ if case .rows(let r) = h.state.screen { return r.page } else { return nil } }())
            XCTAssertEqual(page.rows.count, 5)
            let logged = try XCTUnwrap(h.state.report?.groups.first?.first, "\(backend)")
            XCTAssertFalse(logged.params.isEmpty, "\(backend): the filter's value is bound")
            h.ui.focus = .sql
            h.press([.char("e")])
            XCTAssertEqual(h.ui.mode, .sqlEditor)
            let text = h.ui.sqlEditor.editor.text
            XCTAssertTrue(text.contains("90"), "\(backend): \(text)")
            XCTAssertFalse(text.contains("?") || text.contains("$1"), "\(backend): values written in: \(text)")
            // Change the bound value and run it again.
            let changed = text.replacingOccurrences(of: "90", with: "93")
            h.press([.char("\u{0C}")])
            h.type(changed)
            h.press([.function(5)])
            XCTAssertNil(h.state.report?.error, "\(backend): \(changed)")
            XCTAssertEqual(h.ids, [94, 95], "\(backend)")
            XCTAssertEqual(h.state.report?.statements.first { $0.sql == changed }?.cause ?? .typed, .typed)
        }
    }

    func testManualModeStagesTypedWritesUntilRollback() throws {
        try eachBackend { db, backend in
            var h = try Harness(db, rows: 2)
            h.press([.char("m")])
            h.run("DELETE FROM item WHERE id = 1")
            XCTAssertNil(h.state.report?.error, "\(backend)")
            XCTAssertEqual(h.state.staged, 1, "\(backend)")
            XCTAssertTrue(db.inTransaction, "\(backend)")
            h.run("SELECT count(*) FROM item")
            XCTAssertEqual(h.typed?.1.rows, [[.int(1)]], "\(backend): the transaction sees its delete")
            h.run("COMMIT")
            XCTAssertTrue(h.state.report?.error?.contains("holds the transaction") == true, "\(h.state.report?.error ?? "")")
            h.press([.escape, .char("U")])
            XCTAssertEqual(h.state.staged, 0)
            h.run("SELECT count(*) FROM item")
            XCTAssertEqual(h.typed?.1.rows, [[.int(2)]], "\(backend): rolled back")
        }
    }

    func testExplainOfTheStatementUnderTheCursorDrawsThePlan() throws {
        try eachBackend { db, backend in
            var h = try Harness(db, rows: 3)
            h.press([.char("Q")])
            h.type("SELECT * FROM item WHERE id = 2")
            h.press([.function(7)])
            XCTAssertNil(h.state.report?.error, "\(backend)")
            let plan = try XCTUnwrap(h.state.plan, "\(backend)")
            XCTAssertFalse(plan.plan.lines.isEmpty)
            XCTAssertTrue(h.screen().contains("EXPLAIN (the plan; nothing ran)"), h.screen())
            XCTAssertTrue(h.screen().contains("SQL editor"), "the editor stays above the plan")
            // F8: EXPLAIN ANALYZE asks first (PostgreSQL), then runs inside a transaction rolled back.
            h.press([.escape, .char("Q"), .char("\u{0C}")])
            h.type("DELETE FROM item WHERE id = 2")
            h.press([.function(8)])
            if backend == .sqlite {
                XCTAssertEqual(h.state.report?.error, "SQLite has no EXPLAIN ANALYZE; Enter shows the query plan.")
                return
            }
            XCTAssertNotNil(h.state.confirmation, "\(backend): it asks")
            XCTAssertTrue(h.screen().contains("EXPLAIN ANALYZE runs this DELETE"), h.screen())
            h.press([.char("y")])
            XCTAssertNil(h.state.report?.error)
            XCTAssertEqual(h.state.plan?.plan.analyzed, true)
            h.run("SELECT count(*) FROM item")
            XCTAssertEqual(h.typed?.1.rows, [[.int(3)]], "\(backend): the DELETE was rolled back")
        }
    }
}
