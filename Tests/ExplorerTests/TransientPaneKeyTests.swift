@testable import Explorer
import ORMCore
import XCTest

/// A key that closes a transient pane (the model pane on Tab, the help) is not eaten: it closes
/// the pane and then does what it does without it, so `:` typed there opens the command line and
/// the letters after it go to the command line, never to the grid.
final class TransientPaneKeyTests: XCTestCase {
    func rowsState() -> ExplorerState {
        let registry = Registry(backend: "test", models: [
            Model(name: "auth_group", fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false),
                                               Field(name: "name", type: FieldType(declared: "text"))], primaryKey: ["id"]),
        ])
        var s = ExplorerState(registry: registry, pageSize: 10)
        var r = RowsScreen(request: PageRequest(model: "auth_group", limit: 10), estimate: 3)
        r.firstRowNumber = 1
        let rows: [[Value]] = (1...3).map { [.int(Int64($0)), .text("g\($0)")] }
        r.page = PageData(columns: ["id", "name"], rows: rows, keys: rows.map { [$0[0]] }, primaryKeys: rows.map { [$0[0]] }, hasPrevious: false, hasNext: false)
        s.screen = .rows(r)
        return s
    }

    func type(_ text: String) -> [Key] { text.map { Key.char($0) } }

    func testColonClosesTheModelPaneAndOpensTheCommandLine() {
        var s = rowsState(), ui = UIState()
        _ = Explorer.press(.tab, ui: &ui, state: &s)
        XCTAssertEqual(Overlay.of(s, ui), .model, "Tab opens the model pane")
        var effects: [Effect] = []
        for k in [Key.char(":")] + type("rows auth_group") { effects += Explorer.press(k, ui: &ui, state: &s) }
        XCTAssertNil(Overlay.of(s, ui), "the pane closed")
        XCTAssertEqual(ui.mode, .commandPrompt(LineEditor("rows auth_group")), "every letter went to the command line")
        XCTAssertTrue(effects.isEmpty, "nothing ran on the grid")
        XCTAssertNil(s.confirmation)
    }

    func testAKeyClosingTheHelpIsHandledAsWithoutIt() {
        var s = rowsState(), ui = UIState()
        _ = Explorer.press(.char("?"), ui: &ui, state: &s)
        XCTAssertEqual(ui.mode, .help(top: 0))
        _ = Explorer.press(.char("/"), ui: &ui, state: &s)
        XCTAssertTrue(ui.mode.isPrompt, "/ opens the filter prompt after closing the help: \(ui.mode)")

        ui = UIState()
        _ = Explorer.press(.char("?"), ui: &ui, state: &s)
        _ = Explorer.press(.char("j"), ui: &ui, state: &s)  // j scrolls the help: its own key
        guard case .help = ui.mode else { return XCTFail("j scrolls the help, it does not close it") }
        _ = Explorer.press(.escape, ui: &ui, state: &s)
        XCTAssertEqual(ui.mode, .normal)
        // q and Esc only close: q does not quit from the help or the model pane.
        _ = Explorer.press(.char("?"), ui: &ui, state: &s)
        _ = Explorer.press(.char("q"), ui: &ui, state: &s)
        XCTAssertEqual(ui.mode, .normal)
        XCTAssertFalse(ui.quit)
        _ = Explorer.press(.tab, ui: &ui, state: &s)
        _ = Explorer.press(.char("q"), ui: &ui, state: &s)
        XCTAssertNil(Overlay.of(s, ui))
        XCTAssertFalse(ui.quit)
        // Another key after the model pane acts on the rows: / opens the filter prompt.
        _ = Explorer.press(.tab, ui: &ui, state: &s)
        _ = Explorer.press(.char("/"), ui: &ui, state: &s)
        XCTAssertNil(Overlay.of(s, ui))
        XCTAssertTrue(ui.mode.isPrompt, "/ went to the rows after closing the pane: \(ui.mode)")
    }

    /// A confirmation consumes the key that says no, except a key that starts typing: `:` cancels
    /// and opens the command line, so `rows auth_group` typed next is not run as grid keys.
    func testAKeyThatStartsTypingCancelsAConfirmationAndOpensItsPrompt() {
        var s = rowsState(), ui = UIState()
        s.confirmation = Confirmation(message: "Delete auth_group 1? (y/n)", then: .write(.delete(model: "auth_group", key: [.int(1)])))
        var effects: [Effect] = []
        for k in [Key.char(":")] + type("rows auth_group") { effects += Explorer.press(k, ui: &ui, state: &s) }
        XCTAssertNil(s.confirmation, "the : said no")
        XCTAssertEqual(ui.mode, .commandPrompt(LineEditor("rows auth_group")))
        XCTAssertTrue(effects.isEmpty, "nothing was written or run")

        ui = UIState()
        s.confirmation = Confirmation(message: "Delete auth_group 1? (y/n)", then: .write(.delete(model: "auth_group", key: [.int(1)])))
        effects = Explorer.press(.char("u"), ui: &ui, state: &s)
        XCTAssertNil(s.confirmation)
        XCTAssertEqual(ui.mode, .normal, "another key only says no: u does not open the upsert form")
        XCTAssertTrue(effects.isEmpty)
    }
}
