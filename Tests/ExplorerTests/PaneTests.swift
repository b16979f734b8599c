import Explorer
import ORMCore
import XCTest

/// The panes at a real application's size: a 30-column table, a 70-model list, a row with 20
/// relationships, a 200-line JSON value, a 30-field form; each reached from the keyboard and
/// checked as the text the terminal would show.
final class PaneTests: XCTestCase {
    /// 70 models: `account` (30 columns), 20 models that refer to it, 49 others.
    static let registry: Registry = {
        var models: [Model] = []
        let columns = [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false)]
            + (1..<30).map { Field(name: String(format: "column_%02d", $0), type: FieldType(declared: "text")) }
        var account = Model(name: "account", fields: columns, primaryKey: ["id"])
        account.estimatedRowCount = 10_000_000
        models.append(account)
        for i in 0..<20 {
            models.append(Model(name: String(format: "child_%02d", i), fields: [
                Field(name: "id", type: FieldType(declared: "integer"), isNullable: false),
                Field(name: "account_id", type: FieldType(declared: "integer")),
            ], primaryKey: ["id"], foreignKeys: [ForeignKey(columns: ["account_id"], referencedTable: "account", referencedColumns: ["id"])]))
        }
        for i in 0..<49 {
            models.append(Model(name: String(format: "table_%02d", i), fields: [Field(name: "id", type: FieldType(declared: "integer"), isNullable: false)], primaryKey: ["id"]))
        }
        return Registry(backend: "test", models: models)
    }()

    func accountRows() -> ExplorerState {
        var s = ExplorerState(registry: Self.registry, pageSize: 10)
        var r = RowsScreen(request: PageRequest(model: "account", limit: 10), estimate: 10_000_000)
        r.firstRowNumber = 1
        let names = Self.registry.model(named: "account")!.fieldNames
        let rows: [[Value]] = (1...5).map { n in [.int(Int64(n))] + (1..<30).map { .text("v\(n)_\($0)") } }
        r.page = PageData(columns: names, rows: rows, keys: rows.map { [$0[0]] }, primaryKeys: rows.map { [$0[0]] }, hasPrevious: false, hasNext: true)
        s.screen = .rows(r)
        return s
    }

    /// Presses keys as the terminal loop does (keymap, then update), in an 80x24 window.
    func press(_ keys: [Key], _ s: inout ExplorerState, _ ui: inout UIState) {
        for k in keys { _ = Explorer.press(k, ui: &ui, state: &s) }
    }

    func ui(_ w: Int = 80, _ h: Int = 24) -> UIState {
        var ui = UIState()
        ui.windowWidth = w
        ui.windowHeight = h
        return ui
    }

    func lines(_ s: ExplorerState, _ ui: UIState, _ w: Int = 80, _ h: Int = 24) -> [String] {
        Renderer.render(s, ui, title: "t", width: w, height: h).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func testA30ColumnTableScrollsSidewaysWithTheKeyFrozen() {
        var s = accountRows(), ui = ui()
        var screen = lines(s, ui)
        XCTAssertTrue(screen.allSatisfy { $0.displayWidth == 80 })
        XCTAssertTrue(screen[1].contains("column▶") || screen[1].contains("columns ▶"), "a marker says columns are off screen: \(screen[1])")
        XCTAssertFalse(screen[2].contains("column_20"))
        press(Array(repeating: .char("l"), count: 20), &s, &ui)
        screen = lines(s, ui)
        XCTAssertTrue(screen[2].hasPrefix("id "), "the key column stays at the left: \(screen[2])")
        XCTAssertTrue(screen[2].contains("column_20"), "the selected column is in sight: \(screen[2])")
        XCTAssertTrue(screen[1].contains("◀"), "and columns off screen to the left are marked: \(screen[1])")
        XCTAssertTrue(screen[3].contains("v1_20"), screen[3])
        // Sorting by it keeps it in sight, frozen beside the key, wherever the grid scrolls.
        let sort = Keymap.handle(.char("s"), ui: &ui, state: s)
        XCTAssertEqual(sort, [.sort(field: "column_20", descending: false)])
        guard case .rows(var r) = s.screen else { return XCTFail() }
        r.request.sort = [SortKey("column_20")]
        s.screen = .rows(r)
        press(Array(repeating: .char("h"), count: 25), &s, &ui)
        screen = lines(s, ui)
        XCTAssertTrue(screen[2].hasPrefix("id   column_20 column_01"), "key, sort column, then the rest: \(screen[2])")
        // Hide a column, show it again; widen and narrow one.
        press([.char("l"), .char("l")], &s, &ui)
        XCTAssertEqual(ui.column, 1)
        press([.char("-")], &s, &ui)
        XCTAssertEqual(ui.message, "Hid column_01 (+ shows the hidden columns again).")
        screen = lines(s, ui)
        XCTAssertFalse(screen[2].contains("column_01"), screen[2])
        XCTAssertTrue(screen[1].contains("1 hidden (+ shows)"), screen[1])
        press([.char("+")], &s, &ui)
        XCTAssertTrue(lines(s, ui)[2].contains("column_01"))
        let before = lines(s, ui)[2]
        press([.char(">"), .char(">")], &s, &ui)
        XCTAssertEqual(ui.widths["account.column_02"], 17)
        XCTAssertNotEqual(lines(s, ui)[2], before)
        press([.char("<")], &s, &ui)
        XCTAssertEqual(ui.widths["account.column_02"], 13)
    }

    func testA70ModelListKeepsTheCursorInSightAndSearchesAsYouType() {
        var s = ExplorerState(registry: Self.registry, pageSize: 10), ui = ui()
        XCTAssertEqual(s.registry.models.count, 70)
        press(Array(repeating: .char("j"), count: 45), &s, &ui)
        XCTAssertEqual(s.screen, .models(cursor: 45))
        let name = s.registry.models[45].qualifiedName
        let f = Renderer.render(s, ui, title: "t", width: 80, height: 24)
        let row = f.lines.firstIndex { line in line.contains { $0.style == .selected } }
        XCTAssertNotNil(row, "a line is highlighted")
        XCTAssertTrue(f.lines[row!].map(\.text).joined().hasPrefix(name), "the highlighted line is the model Enter opens")
        XCTAssertTrue(f.text.contains("↑") && f.text.contains("more"), "what is above and below is marked")
        XCTAssertEqual(Keymap.handle(.enter, ui: &ui, state: s), [.openModel(name)])
        press([.char("G")], &s, &ui)
        XCTAssertEqual(s.screen, .models(cursor: 69))
        press([.char("g"), .pageDown], &s, &ui)
        XCTAssertEqual(s.screen, .models(cursor: Layout(ui).mainHeight - 1))
        // `/` narrows the list as each character is typed; Enter opens the match under the cursor.
        press([.char("/"), .char("e"), .char("_"), .char("4")], &s, &ui)
        let screen = lines(s, ui)
        XCTAssertTrue(screen.contains { $0.contains("9 of 70 match \"e_4\"") }, screen.joined(separator: "\n"))
        XCTAssertTrue(screen.last!.hasPrefix("search: e_4"))
        XCTAssertEqual(s.screen, .models(cursor: s.registry.models.firstIndex { $0.qualifiedName == "table_40" }!), "the cursor is on the first match")
        XCTAssertFalse(screen.contains { $0.contains("table_04 ") }, "only matches are listed")
        press([.down], &s, &ui)
        XCTAssertEqual(Keymap.handle(.enter, ui: &ui, state: s), [.openModel("table_41")])
    }

    func testTheModelsColumnShowsEstimatesWhole() {
        var s = accountRows()
        s.backStack = [.models(cursor: 0)]
        let text = Renderer.render(s, UIState(), title: "t", width: 120, height: 30).text
        XCTAssertTrue(text.contains("~10,000,000"), text)
    }

    func testARowWith20RelationshipsScrollsAndFollowsOnlyTheSelectedOne() {
        var s = accountRows(), ui = ui()
        press([.char("j"), .enter], &s, &ui)
        guard case .row(var r) = s.screen else { return XCTFail("Enter opens the row") }
        r.values = Dictionary(uniqueKeysWithValues: Self.registry.model(named: "account")!.fieldNames.map { ($0, Value.text("x")) })
        s.screen = .row(r)
        let rels = Self.registry.model(named: "account")!.relationships
        XCTAssertEqual(rels.count, 20)
        XCTAssertEqual(r.cursor, 0, "30 fields do not fit: the cursor starts on the first field, in view")
        XCTAssertTrue(lines(s, ui).contains { $0.hasPrefix("id ") })
        press(Array(repeating: .char("j"), count: 30), &s, &ui)
        var screen = lines(s, ui)
        XCTAssertTrue(screen.contains { $0.hasPrefix(rels[0].name) && $0.contains("one-to-many \(rels[0].target)") }, screen.joined(separator: "\n"))
        press(Array(repeating: .char("j"), count: 19), &s, &ui)
        screen = lines(s, ui)
        let f = Renderer.render(s, ui, title: "t", width: 80, height: 24)
        let selected = f.lines.first { $0.contains { $0.style == .selected } }.map { $0.map(\.text).joined() }
        XCTAssertTrue(selected?.hasPrefix(rels[19].name) == true, "the last relationship is selected and in sight: \(selected ?? "none")")
        XCTAssertEqual(Keymap.handle(.enter, ui: &ui, state: s), [.follow(rels[19].name)])
        // Up into the fields: a field's name and value never run together.
        press([.char("g")] + Array(repeating: .char("j"), count: 5), &s, &ui)
        screen = lines(s, ui)
        XCTAssertTrue(screen.contains { $0.hasPrefix("column_05  x") }, screen.joined(separator: "\n"))
        XCTAssertEqual(Keymap.handle(.enter, ui: &ui, state: s), [], "Enter on a field shows its value")
        guard case .value = ui.mode else { return XCTFail("the value viewer opens") }
    }

    func testA200LineJSONValueIsIndentedAndScrolls() {
        var s = accountRows(), ui = ui()
        let json = "{" + (0..<198).map { "\"key_\($0)\":\"value \($0)\"" }.joined(separator: ",") + "}"
        guard case .rows(var r) = s.screen else { return XCTFail() }
        r.page!.rows[0][1] = .json(json)
        s.screen = .rows(r)
        press([.char("l"), .char("v")], &s, &ui)
        guard case .value(let view) = ui.mode else { return XCTFail("v opens the value") }
        XCTAssertTrue(view.title.hasSuffix("(JSON, indented)"))
        var screen = lines(s, ui)
        XCTAssertEqual(screen[3].trimmingCharacters(in: .whitespaces), "{")
        XCTAssertEqual(screen[4], "  \"key_0\": \"value 0\",".fitted(80))
        press([.pageDown, .pageDown], &s, &ui)
        press([.char("x")], &s, &ui)
        XCTAssertEqual(ui.message, "q or Esc closes the value; ↑↓ PgUp PgDn g G scroll it.")
        guard case .value = ui.mode else { return XCTFail("another key keeps the viewer open") }
        press([.char("G")], &s, &ui)
        screen = lines(s, ui)
        XCTAssertTrue(screen.contains("}".fitted(80)), "G shows the end")
        XCTAssertTrue(screen.contains("  \"key_197\": \"value 197\"".fitted(80)))
        press([.escape], &s, &ui)
        XCTAssertEqual(ui.mode, .normal)
        XCTAssertNil(JSONIndent.pretty("{\"a\": [1, 2}"), "brackets that do not balance: shown as it is")
        XCTAssertEqual(JSONIndent.pretty("[1,{\"a\":\"x,y\"},[]]"), "[\n  1,\n  {\n    \"a\": \"x,y\"\n  },\n  []\n]")
    }

    func testTheMapPagesThroughTwentyNeighbours() {
        var s = accountRows(), ui = ui(100, 30)
        press([.char("M")], &s, &ui)
        var screen = lines(s, ui, 100, 30)
        XCTAssertTrue(screen.contains { $0.contains("more (j, PgDn)") }, screen.joined(separator: "\n"))
        XCTAssertTrue(screen.allSatisfy { !$0.contains("┌") || $0.contains("┐") }, "no box is cut at the edge")
        press([.pageDown, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown], &s, &ui)
        screen = lines(s, ui, 100, 30)
        let last = Self.registry.model(named: "account")!.relationships.last!
        XCTAssertTrue(screen.contains { $0.contains("└── \(last.name)") }, screen.joined(separator: "\n"))
        press([.char("q")], &s, &ui)
        XCTAssertEqual(ui.mode, .normal)
    }

    func testAThirtyFieldFormKeepsTheFocusedFieldInSight() {
        var s = accountRows(), ui = ui()
        press([.char("i")], &s, &ui)
        press(Array(repeating: .tab, count: 27), &s, &ui)
        for c in "typed here" { press([.char(c)], &s, &ui) }
        let screen = lines(s, ui)
        XCTAssertTrue(screen.contains { $0.contains("column_27") && $0.contains("typed here▏") }, screen.joined(separator: "\n"))
        XCTAssertTrue(screen[1].contains("field 28 of 30"), screen[1])
    }

    func testTheMessageLogKeepsEveryErrorWhole() {
        var s = accountRows(), ui = ui()
        let long = "The database refused the statement because " + String(repeating: "a very long reason ", count: 12) + "END."
        _ = Explorer.update(&s, .failed(id: 0, ActionReport(action: "x")))  // not pending: dropped
        s.pending = 7
        _ = Explorer.update(&s, .failed(id: 7, ActionReport(action: "sort account", error: long)))
        press([.char("Z")], &s, &ui)
        XCTAssertEqual(ui.message, "Z does nothing here (? lists the keys).")
        var screen = lines(s, ui)
        XCTAssertTrue(screen.contains { $0.contains("(! shows it whole)") }, "the SQL pane says where the rest is")
        press([.char("!")], &s, &ui)
        screen = lines(s, ui)
        XCTAssertTrue(screen.joined().contains("END."), screen.joined(separator: "\n"))
        XCTAssertTrue(screen.contains { $0.contains("Z does nothing here") }, "notices are kept too")
        press([.escape], &s, &ui)
        XCTAssertEqual(ui.mode, .normal)
    }
}

extension PaneTests {
    func testTheSearchIgnoresCase() {
        var s = ExplorerState(registry: Self.registry, pageSize: 10), ui = ui()
        press([.char("/")] + "TaBlE_4".map { .char($0) }, &s, &ui)
        XCTAssertEqual(ModelsPane.visible(s, ui).count, 9)
        ui.mode = .searchPrompt("ÀCC")
        XCTAssertEqual(ModelsPane.visible(s, ui).count, 0, "a non-ASCII search goes the Unicode way")
    }
}
