@testable import Explorer
@testable import ORMCore
import XCTest

/// The smaller things found trying the explorer on a real database (issue 12, item 6).
final class SmallThingsTests: XCTestCase {
    let registry = FilterParserTests.registry

    func rows() -> ExplorerState {
        var s = ExplorerState(registry: registry, pageSize: 3)
        var r = RowsScreen(request: PageRequest(model: "hero", position: .after([10]), limit: 3), estimate: 6000)
        r.firstRowNumber = 11
        r.page = PageData(columns: ["id", "name", "age"], rows: [[11, "a", 1], [12, "b", 2], [13, "c", 3]],
                          keys: [[11], [12], [13]], primaryKeys: [[11], [12], [13]], hasPrevious: true, hasNext: true)
        s.screen = .rows(r)
        return s
    }

    func loaded(_ s: inout ExplorerState, _ effects: [Effect]) {
        guard case .loadPage(let id, _, let request)? = effects.first, case .rows(let r) = s.screen, let page = r.page else { return XCTFail("a page load: \(effects)") }
        _ = Explorer.update(&s, .pageLoaded(id: id, page, ActionReport(action: "reload \(request.load)")))
    }

    func testLKeepsThePositionLineAndTheStatusShowsTheStrategy() {
        var s = rows(), ui = UIState()
        let effects = Explorer.press(.char("L"), ui: &ui, state: &s)
        guard case .loadPage(_, _, let request)? = effects.first else { return XCTFail() }
        XCTAssertEqual(request.load, [LoadOption("team", .selectin)], "the strategy in force goes with the request as it is sent")
        loaded(&s, effects)
        let status = Renderer.render(s, ui, title: "t", width: 100, height: 20).text.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertEqual(status.trimmingCharacters(in: .whitespaces), "rows 11-13 of ~6,000   loading: team selectin", "the same rows, the same position")
    }

    func testRowsLoadSetsTheStrategyInForce() {
        var s = rows()
        let effects = Explorer.update(&s, .command("rows hero --load team:joined --load powers.hero_power_links:selectin"))
        XCTAssertEqual(s.strategies["hero.team"], .joined, "held once, where L sets it")
        guard case .loadPage(_, _, let request)? = effects.first else { return XCTFail() }
        XCTAssertEqual(Set(request.load), [LoadOption("team", .joined), LoadOption("powers.hero_power_links", .selectin)])
        guard case .rows(let r) = s.screen else { return XCTFail() }
        XCTAssertEqual(r.request.load, [LoadOption("powers.hero_power_links", .selectin)], "the screen's request keeps only the deeper path")
    }

    func testCountAndStrategyInTheRowViewSayWhatTheyDid() {
        var s = rows()
        s.screen = .row(RowScreen(model: "hero", key: [11], values: ["id": 11], cursor: 8))
        XCTAssertEqual(Explorer.update(&s, .command("count")), [])
        XCTAssertTrue(s.report?.action.contains("the row view shows one row of hero") == true, "\(String(describing: s.report))")
        XCTAssertEqual(Explorer.update(&s, .command("strategy team selectin")), [])
        XCTAssertEqual(s.strategies["hero.team"], .selectin)
        XCTAssertEqual(s.report?.action, "strategy Hero.team selectin: set, used when rows of hero are listed")
        XCTAssertTrue(s.messages.contains { $0.text == "Hero.team now loads selectin when rows of hero are listed." })
    }

    func testANewFormStartsWithoutThePreviousFormsError() {
        var s = rows(), ui = UIState()
        _ = Explorer.press(.char("i"), ui: &ui, state: &s)
        guard case .form(var form, let focus, _) = ui.mode else { return XCTFail() }
        form.set("name", "x")
        ui.mode = .form(form, focus: focus, submitted: false)
        let effects = Explorer.press(.enter, ui: &ui, state: &s)
        guard case .write(let id, _, _, _)? = effects.first else { return XCTFail("\(effects)") }
        _ = Explorer.update(&s, .failed(id: id, ActionReport(action: "insert hero", error: "UNIQUE constraint failed: hero.name")))
        Keymap.settle(&ui, s)
        func shown() -> Int { Renderer.render(s, ui, title: "t", width: 100, height: 30).text.components(separatedBy: "✗ UNIQUE constraint failed").count - 1 }
        XCTAssertEqual(shown(), 2, "the failed form shows why (and the SQL pane)")
        _ = Explorer.press(.escape, ui: &ui, state: &s)
        _ = Explorer.press(.char("i"), ui: &ui, state: &s)
        XCTAssertEqual(shown(), 1, "a new form starts clean (the SQL pane still has the last action's error)")
    }

    func testOneEscClosesAPlanOpenedFromTheSQLPane() {
        var s = rows(), ui = UIState()
        let e = StatementEvent(sequence: 1, sql: "SELECT 1", params: [], paramsRedacted: false, duration: 0.001, rows: 1, action: "x", cause: .query)
        s.report = ActionReport(action: "x", statements: [e])
        ui.focus = .sql
        s.plan = PlanView(plan: QueryPlan(sql: "SELECT 1", nodes: [PlanNode(label: "SCAN hero")], analyzed: false), report: ActionReport(action: "explain"))
        _ = Explorer.press(.escape, ui: &ui, state: &s)
        XCTAssertNil(s.plan)
        XCTAssertEqual(ui.focus, .main)
    }

    func testHelpIsTheBindingsAndListsARemappedKey() {
        var ui = UIState()
        ui.keys["rows.sort"] = [.char("o")]
        let help = Keymap.groups(ui).flatMap(\.bindings)
        XCTAssertEqual(help.first { $0.id == "rows.sort" }?.label, "o")
        XCTAssertEqual(Set(help.map(\.id)).count, help.count, "every binding has its own name")
        var s = rows()
        XCTAssertEqual(Keymap.handle(.char("o"), ui: &ui, state: s), [.sort(field: "id", descending: false)])
        XCTAssertEqual(Keymap.handle(.char("s"), ui: &ui, state: s), [])
        ui.windowHeight = 200
        ui.mode = .help(top: 0)
        s.screen = .models(cursor: 0)
        XCTAssertTrue(Renderer.render(s, ui, title: "t", width: 100, height: 200).text.contains("  o                     sort by the column"))
    }
}

extension SmallThingsTests {
    func testALoadOfNoRelationshipStillReachesTheRuntimeToBeRefused() {
        var s = rows()
        let effects = Explorer.update(&s, .command("rows hero --load taem:selectin"))
        guard case .loadPage(_, _, let request)? = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(request.load, [LoadOption("taem", .selectin)], "not dropped: the runtime says what is wrong with it")
        XCTAssertTrue(s.strategies.isEmpty)
    }
}

extension SmallThingsTests {
    func testASelectionFromAnotherGridFallsBackToTheFirstColumn() {
        let s = rows()
        var ui = UIState()
        ui.column = 7  // selected on a wider grid before
        ui.firstColumn = 5
        let f = Renderer.render(s, ui, title: "t", width: 80, height: 20)
        XCTAssertEqual(f.lines[2].first?.style, .selected, "the first column is the one selected")
        XCTAssertEqual(Keymap.handle(.char("s"), ui: &ui, state: s), [.sort(field: "id", descending: false)])
        XCTAssertEqual(ui.firstColumn, 0)
        _ = Keymap.handle(.enter, ui: &ui, state: s)
        XCTAssertEqual(ui.column, 0, "the row opened from here starts the next grid at its first column")
    }
}
