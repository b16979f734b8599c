import Explorer
@testable import ORMCore
import XCTest

/// The SQL editor pane as the terminal would show it, without a database: typing over several
/// lines with the cursor placed, Tab's candidates, Ctrl-R, an error's place marked, and a typed
/// statement's rows paged into the grid from the results the runtime hands back.
final class SQLEditorPaneTests: XCTestCase {
    var s = ExplorerState(registry: PaneTests.registry, pageSize: 10)
    var ui: UIState = {
        var ui = UIState()
        ui.windowWidth = 100
        ui.windowHeight = 30
        return ui
    }()
    var effects: [Effect] = []

    func press(_ keys: [Key]) { for k in keys { effects += Explorer.press(k, ui: &ui, state: &s) } }
    func type(_ text: String) { press(text.map { $0 == "\n" ? .enter : .char($0) }) }
    var frame: Frame { Renderer.render(s, ui, title: "t", width: ui.windowWidth, height: ui.windowHeight) }
    var lines: [String] { frame.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// The runtime's answer to the last run asked for.
    func answer(_ result: SQLResult, error: String? = nil) {
        guard let id = s.pending else { return XCTFail("nothing pending") }
        _ = Explorer.update(&s, .sqlRan(id: id, result, ActionReport(action: "sql", error: error)))
        Keymap.settle(&ui, s)
    }

    func testTypingOverLinesDrawsTheTextWithLineNumbersAndPlacesTheCursor() {
        press([.char("Q")])
        XCTAssertEqual(ui.mode, .sqlEditor)
        type("SELECT id\n  FROM account")
        let l = lines
        // The models column is 26 cells wide at 100 columns; the editor starts beside it.
        let top = l.firstIndex { $0.contains("── SQL editor: Ctrl-J/F5 run") }
        XCTAssertEqual(top, 1, l.joined(separator: "\n"))
        XCTAssertTrue(l[2].hasSuffix("  1 SELECT id" + String(repeating: " ", count: 100 - 26 - 13)), "[\(l[2])]")
        XCTAssertTrue(l[3].contains("  2   FROM account"), l[3])
        XCTAssertEqual(ui.sqlEditor.editor.column, 14, "Enter indents as the line before")
        XCTAssertEqual(frame.cursor?.row, 3)
        XCTAssertEqual(frame.cursor?.column, 26 + 4 + 14)
        XCTAssertTrue(l.contains { $0.contains("Type a statement; Ctrl-J or F5 runs the one under the cursor.") })
        // Esc closes it; the text stays for the next time.
        press([.escape])
        XCTAssertEqual(ui.mode, .normal)
        XCTAssertFalse(frame.text.contains("SQL editor"))
        press([.char("Q")])
        XCTAssertEqual(ui.sqlEditor.editor.text, "SELECT id\n  FROM account")
    }

    func testAPasteIsTypedInOneEditButNotIntoTheSearch() {
        press([.char("Q")])
        XCTAssertTrue(Keymap.type("SELECT * FROM account", ui: &ui))
        XCTAssertEqual(ui.sqlEditor.editor.text, "SELECT * FROM account")
        press([.char("\u{12}")])
        XCTAssertFalse(Keymap.type("acc", ui: &ui), "the search takes keys one by one")
    }

    func testTabCompletesAndCyclesItsCandidatesOnTheLastLine() {
        press([.char("Q")])
        type("SELECT * FROM child_0")
        press([.tab])
        XCTAssertEqual(ui.sqlEditor.editor.text, "SELECT * FROM child_00", "the first of ten")
        XCTAssertTrue(lines.contains { $0.contains("Tab: [child_00]  child_01  child_02") }, frame.text)
        press([.tab])
        XCTAssertEqual(ui.sqlEditor.editor.text, "SELECT * FROM child_01")
        press([.char(" ")])
        XCTAssertNil(ui.sqlEditor.completion, "another key ends it")
        XCTAssertFalse(frame.text.contains("Tab: "))
        // One candidate: taken at once; fields after the model's name and a dot.
        type("c JOIN acc")
        press([.tab])
        XCTAssertEqual(ui.sqlEditor.editor.text, "SELECT * FROM child_01 c JOIN account")
        type(" a ON a.column_2")
        press([.tab])
        XCTAssertEqual(ui.sqlEditor.editor.text, "SELECT * FROM child_01 c JOIN account a ON a.column_20", "column_20..29 share no longer prefix: the first")
        XCTAssertNotNil(ui.sqlEditor.completion)
    }

    func testCtrlRSearchesTheHistoryAndUpWalksIt() {
        ui.sqlEditor = SQLEditorModel(history: SQLHistory(entries: ["SELECT 1", "SELECT * FROM account", "DELETE FROM table_01"]))
        press([.char("Q"), .char("\u{12}")])
        type("acc")
        XCTAssertEqual(ui.sqlEditor.editor.text, "SELECT * FROM account")
        XCTAssertTrue(lines.contains { $0.contains("(reverse-i-search)`acc': Enter keeps it, Esc drops it") }, frame.text)
        type("x")
        XCTAssertTrue(lines.contains { $0.contains("(reverse-i-search)`accx': no match") })
        press([.escape])
        XCTAssertEqual(ui.sqlEditor.editor.text, "", "Esc brings back what was there")
        XCTAssertEqual(ui.mode, .sqlEditor, "and leaves the editor open")
        press([.up])
        XCTAssertEqual(ui.sqlEditor.editor.text, "DELETE FROM table_01")
        press([.up, .up])
        XCTAssertEqual(ui.sqlEditor.editor.text, "SELECT 1")
        press([.down, .down, .down])
        XCTAssertEqual(ui.sqlEditor.editor.text, "")
    }

    func testRunAsksTheRuntimeAndItsRowsPageIntoTheGrid() {
        press([.char("Q")])
        type("SELECT 1;\nSELECT id, name FROM account")
        press([.char("\n")])
        guard case .runSQL(_, let action, let statements, let pageSize, let manual) = effects.last else { return XCTFail("\(effects)") }
        XCTAssertEqual(statements.count, 1, "only the statement under the cursor")
        XCTAssertTrue(statements[0].sql.hasSuffix("SELECT id, name FROM account"))
        XCTAssertEqual(action, "typed SELECT")
        XCTAssertEqual(pageSize, 10)
        XCTAssertFalse(manual)
        XCTAssertEqual(ui.sqlEditor.history.entries.last, "SELECT id, name FROM account")
        XCTAssertTrue(ui.sqlEditor.historyChanged, "for the terminal layer to write")
        let rows: [[Value]] = (1...10).map { [.int(Int64($0)), .text("name \($0)")] }
        var result = SQLResult(columns: ["id", "name"], rows: rows, rowsRead: 10, hasMore: true, returnsRows: true)
        result.statements = statements
        answer(result)
        var l = lines
        XCTAssertTrue(l.contains { $0.contains("SQL: SELECT id, name FROM account") }, frame.text)
        XCTAssertTrue(l.contains { $0.contains("id   name") }, frame.text)
        XCTAssertTrue(l.contains { $0.contains("10 rows read, more to read (PgDn)") }, frame.text)
        // A typed statement's line breaks are drawn as spaces in the SQL pane (never sent to the terminal).
        let report = s.report
        s.report = ActionReport(action: "sql", statements: [StatementEvent(sequence: 1, sql: "SELECT id,\n  name FROM account", params: [], paramsRedacted: false,
                                                                            duration: 0.001, rows: 10, action: "sql", cause: .typed)])
        XCTAssertTrue(frame.text.contains("SELECT id,   name FROM account"), frame.text)
        XCTAssertFalse(frame.lines.joined().contains { $0.text.contains("\n") }, "no line break reaches the terminal")
        s.report = report
        XCTAssertEqual(l.last?.hasPrefix("rows 1-10 · 10 read, more (Space reads on)"), true, l.last ?? "")
        // PgDn asks for the next page; it follows on from the first.
        effects = []
        press([.pageDown])
        guard case .nextSQLPage = effects.last else { return XCTFail("\(effects)") }
        answer(SQLResult(columns: ["id", "name"], rows: [[.int(11), .text("name 11")]], rowsRead: 11, hasMore: false, returnsRows: true))
        l = lines
        XCTAssertEqual(l.last?.hasPrefix("rows 11-11 · 11 read, all read"), true, l.last ?? "")
        XCTAssertTrue(l.contains { $0.contains("name 11") })
        // A resize reads nothing again (the cursor reads forward); the next run takes the new size.
        XCTAssertEqual(Explorer.update(&s, .resize(pageSize: 30)), [])
        XCTAssertEqual(s.pageSize, 30)
        XCTAssertTrue(lines.contains { $0.contains("name 11") })
        // Closed, the grid has the whole main pane and its keys: v shows the value whole.
        press([.escape, .right, .char("v")])
        guard case .value(let view) = ui.mode else { return XCTFail("\(ui.mode)") }
        XCTAssertEqual(view.title, "(sql).name of row 11")
    }

    /// account's grid, three rows read.
    func accountGrid() -> RowsScreen {
        var r = RowsScreen(request: PageRequest(model: "account", limit: 10), estimate: 3)
        let rows: [[Value]] = (1...3).map { [.int(Int64($0))] }
        r.page = PageData(columns: ["id"], rows: rows, keys: rows, primaryKeys: rows, hasPrevious: false, hasNext: false)
        r.shownRequest = r.request
        return r
    }

    /// The tester's `select ...; update ...` run with F6 over a model's grid: the grid kept the
    /// old values until R. A run that wrote reads the page under it again, logged with its cause;
    /// a run whose rows come over the grid marks it, and Backspace back to it reads it again.
    func testATypedWriteReadsTheModelsPageAgain() {
        s.screen = .rows(accountGrid())
        func ran(_ writes: Int, returnsRows: Bool, error: String? = nil) -> [Effect] {
            guard let id = s.pending else { XCTFail("nothing pending"); return [] }
            let result = SQLResult(columns: returnsRows ? ["n"] : [], rows: returnsRows ? [[.int(1)]] : [], rowsRead: returnsRows ? 1 : 0,
                                   summaries: ["UPDATE: 1 row affected"], returnsRows: returnsRows, writes: writes)
            return Explorer.update(&s, .sqlRan(id: id, result, ActionReport(action: "typed 2 statements", error: error)))
        }
        press([.char("Q")])
        type("select id from account; update account set id = 4 where id = 3")
        press([.function(6)])
        var after = ran(1, returnsRows: false)
        guard case .loadPage(_, let action, let request)? = after.first else { return XCTFail("the page is read again: \(after)") }
        XCTAssertEqual(action, "refresh after typed 2 statements", "logged with its cause")
        XCTAssertEqual(request.model, "account")
        XCTAssertTrue(s.reloadJoinsReport, "the re-read's statements join the run's report")
        XCTAssertEqual(s.sqlRun?.lines.last, "account read again: the run wrote.")
        // A plain read reads nothing again.
        s.pending = nil
        press([.function(6)])
        after = ran(0, returnsRows: false)
        XCTAssertEqual(after, [])
        // A failed run that wrote before it failed still reads the page again.
        press([.function(6)])
        after = ran(1, returnsRows: false, error: "syntax error")
        guard case .loadPage? = after.first else { return XCTFail("\(after)") }
        // A write whose last statement returns rows: they come over the grid, which is read again when back.
        s.pending = nil
        press([.function(6)])
        after = ran(1, returnsRows: true)
        XCTAssertEqual(after, [])
        guard case .rows(let shown) = s.screen, shown.typed != nil else { return XCTFail("the typed rows are shown") }
        let back = Explorer.update(&s, .back)
        guard case .loadPage(_, let backAction, _)? = back.first else { return XCTFail("back to the grid reads it: \(back)") }
        XCTAssertEqual(backAction, "refresh after typed 2 statements")
        guard case .rows(let grid) = s.screen else { return XCTFail() }
        XCTAssertNil(grid.staleAfter)
        XCTAssertEqual(grid.request.model, "account")
    }

    /// The same over the row view: the row is read again (its statement joining the run's), and
    /// the grid it was opened from is read again when Backspace is back to it.
    func testATypedWriteOverTheRowViewReadsTheRowAgain() {
        s.screen = .rows(accountGrid())
        s.backStack = []
        _ = Explorer.update(&s, .openRow)
        s.pending = nil
        guard case .row = s.screen else { return XCTFail("the row view is open") }
        press([.char("Q")])
        type("update account set column_01 = 'x' where id = 1")
        press([.char("\n")])
        guard let id = s.pending else { return XCTFail("the run is asked for") }
        let written = ActionReport(action: "typed UPDATE", statements: [StatementEvent(sequence: 1, sql: "update ...", params: [], paramsRedacted: false,
                                                                                      duration: 0, rows: 1, action: "typed UPDATE", cause: .typed)])
        let after = Explorer.update(&s, .sqlRan(id: id, SQLResult(summaries: ["UPDATE: 1 row affected"], writes: 1), written))
        guard case .loadRow(let rowID, let action, let model, let key)? = after.first else { return XCTFail("the row is read again: \(after)") }
        XCTAssertEqual(action, "refresh after typed UPDATE")
        XCTAssertEqual(model, "account")
        XCTAssertEqual(key, [.int(1)])
        XCTAssertEqual(s.sqlRun?.lines.last, "account 1 read again: the run wrote.")
        let read = ActionReport(action: "refresh", statements: [StatementEvent(sequence: 2, sql: "SELECT ...", params: [], paramsRedacted: false,
                                                                              duration: 0, rows: 1, action: "refresh", cause: .query)])
        _ = Explorer.update(&s, .rowLoaded(id: rowID, values: ["id": .int(1), "column_01": .text("x")], read))
        XCTAssertEqual(s.report?.statements.count, 2, "the row's read joins the run's statements")
        XCTAssertEqual(s.report?.action, "typed UPDATE")
        press([.escape])
        let back = Explorer.update(&s, .back)
        guard case .loadPage(_, let backAction, _)? = back.first else { return XCTFail("the grid is read again when back: \(back)") }
        XCTAssertEqual(backAction, "refresh after typed UPDATE")
    }

    func testAnErrorIsMarkedInTheTextWithTheServersSentence() {
        press([.char("Q")])
        type("SELECT id\nFROM account WHERE id = = 1")
        press([.function(5)])
        let text = ui.sqlEditor.editor.text
        let offset = Array(text.unicodeScalars).lastIndex(of: "=")!
        answer(SQLResult(errorOffset: offset), error: "The database refused the statement: syntax error at or near \"=\".")
        XCTAssertEqual(ui.sqlEditor.editor.errorMark?.line, 1)
        XCTAssertEqual(ui.sqlEditor.editor.errorMark?.column, 24)
        let row = frame.lines.first { $0.contains { $0.text == "=" && $0.style == .error } }
        XCTAssertNotNil(row, "the = the server named drawn as an error")
        XCTAssertTrue(lines.contains { $0.contains("✗ line 2, column 25: The database refused the statement: syntax error") }, frame.text)
        XCTAssertEqual(s.screen, .models(cursor: 0), "a failed run leaves the screen as it was")
    }

    func testReadOnlyAndTransactionControlAreRefusedWithoutAnEffect() {
        s.readOnlyReason = "a hot standby"
        press([.char("Q")])
        type("UPDATE account SET column_01 = 'x'")
        press([.char("\n")])
        XCTAssertTrue(effects.isEmpty, "\(effects)")
        XCTAssertEqual(s.report?.error, "Not run: UPDATE writes and the session is read-only (a hot standby); nothing was sent to the database.")
        XCTAssertTrue(lines.contains { $0.contains("│✗ Not run: UPDATE writes and the session is read-only") }, frame.text)
        press([.char("\u{0C}")])
        s.readOnlyReason = nil
        type("BEGIN")
        press([.function(5)])
        XCTAssertTrue(effects.isEmpty)
        XCTAssertTrue(s.report?.error?.hasPrefix("Not run: the explorer holds the transaction") == true)
        press([.char("\u{0C}"), .function(5)])
        XCTAssertEqual(ui.message, "There is no statement to run (only whitespace, comments or semicolons).")
    }

    func testCopyingALoggedStatementFromTheSQLPaneOpensTheEditorWithItsValues() {
        let event = StatementEvent(sequence: 1, sql: #"SELECT * FROM "account" WHERE "column_01" = ? LIMIT ?"#, params: [.text("O'Neil"), .int(10)],
                                   paramsRedacted: false, duration: 0.001, rows: 0, action: "x", cause: .query)
        s.report = ActionReport(action: "rows account", statements: [event])
        ui.focus = .sql
        press([.char("e")])
        XCTAssertEqual(ui.mode, .sqlEditor)
        XCTAssertEqual(ui.sqlEditor.editor.text, #"SELECT * FROM "account" WHERE "column_01" = 'O''Neil' LIMIT 10"#)
    }
}
