import Explorer
import ORMCore
import XCTest

/// The screen as text: each pane, the status line, the help, a tiny terminal.
final class RenderTests: XCTestCase {
    let registry = FilterParserTests.registry

    func rowsState() -> ExplorerState {
        var s = ExplorerState(registry: registry, pageSize: 10)
        var r = RowsScreen(request: PageRequest(model: "hero", limit: 10), estimate: 6000)
        r.firstRowNumber = 11
        r.page = PageData(columns: ["id", "name", "age"], rows: [[11, "孙悟空", 30], [12, "Zoë 🦸", .null], [13, "", 7]],
                          keys: [[11], [12], [13]], primaryKeys: [[11], [12], [13]], hasPrevious: true, hasNext: true)
        r.cursor = 1
        s.screen = .rows(r)
        s.report = ActionReport(action: "next page of hero", statements: [], warnings: ["Potential N+1 on Hero.team: lazy-loaded for 3 parents"])
        return s
    }

    /// The rows screen's lines after one key.
    func screen(after key: Key, width: Int, height: Int) -> [String] {
        let s = rowsState()
        var ui = UIState()
        _ = Keymap.handle(key, ui: &ui, state: s)
        return Renderer.render(s, ui, title: "t", width: width, height: height).text.split(separator: "\n").map(String.init)
    }

    func testRowsGridAlignsWideCharactersAndMarksNulls() {
        let f = Renderer.render(rowsState(), UIState(), title: "sqlite demo.sqlite", width: 80, height: 20)
        let lines = f.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 20)
        XCTAssertTrue(lines.allSatisfy { $0.displayWidth == 80 }, "every line is exactly the width in cells")
        XCTAssertTrue(lines[0].hasPrefix(" ormscope   sqlite demo.sqlite  ·  auto-commit"), lines[0])
        XCTAssertEqual(lines[1].trimmingCharacters(in: .whitespaces), "hero")
        XCTAssertEqual(lines[3], "  11 孙悟空   30 ".fitted(80), "the CJK name takes 6 cells, the column is 6 wide")
        XCTAssertEqual(lines[4], "  12 Zoë 🦸 NULL ".fitted(80), "NULL is spelled out, not empty")
        XCTAssertEqual(lines[5], "  13 ''        7 ".fitted(80), "the empty string is shown as ''")
        XCTAssertTrue(f.text.contains("⚠ Potential N+1 on Hero.team"))
        XCTAssertEqual(lines[19].trimmingCharacters(in: .whitespaces), "rows 11-13 of ~6,000")
        // The selected row is drawn selected.
        XCTAssertEqual(f.lines[4].first?.style, .selected)
    }

    func testTinyTerminalSaysSo() {
        let f = Renderer.render(rowsState(), UIState(), title: "x", width: 50, height: 10)
        XCTAssertTrue(f.text.hasPrefix("Terminal too small (50x10).".fitted(50) + "\n" + "ormscope needs 60x15.".fitted(50)), f.text)
    }

    func testModelsHelpAndPrompt() {
        var s = ExplorerState(registry: registry)
        let f = Renderer.render(s, UIState(), title: "t", width: 120, height: 30)
        XCTAssertTrue(f.text.contains("hero_power_link"))
        XCTAssertTrue(f.text.contains("team, hero_power_links, powers"), "relationships listed with the model")
        var ui = UIState()
        ui.windowWidth = 100
        ui.windowHeight = 30
        _ = Keymap.handle(.char("?"), ui: &ui, state: s)
        XCTAssertFalse(Renderer.render(s, ui, title: "t", width: 100, height: 30).text.contains("cycle the relationship's loading"), "past the first page")
        _ = Keymap.handle(.pageDown, ui: &ui, state: s)
        XCTAssertTrue(Renderer.render(s, ui, title: "t", width: 100, height: 30).text.contains("cycle the relationship's loading"), "the help scrolls")
        s = rowsState()
        ui = UIState()
        _ = Keymap.handle(.char("/"), ui: &ui, state: s)
        for c in "age > 3" { _ = Keymap.handle(.char(c), ui: &ui, state: s) }
        let prompt = Renderer.render(s, ui, title: "t", width: 80, height: 20)
        XCTAssertTrue(prompt.text.hasSuffix("filter: age > 3".fitted(80)))
        XCTAssertEqual(prompt.cursor?.row, 19)
        XCTAssertEqual(Keymap.handle(.enter, ui: &ui, state: s), [.filter("age > 3")])
        _ = Keymap.handle(.char("/"), ui: &ui, state: s)
        _ = Keymap.handle(.up, ui: &ui, state: s)
        XCTAssertEqual(ui.mode, .filterPrompt("age > 3"), "the prompt keeps a history")
    }

    func testKeysResolveThroughTheKeymap() {
        let s = rowsState()
        var ui = UIState()
        XCTAssertEqual(Keymap.handle(.char("G"), ui: &ui, state: s), [.lastRow])
        XCTAssertEqual(Keymap.handle(.end, ui: &ui, state: s), [.pageLast])
        XCTAssertEqual(Keymap.handle(.pageDown, ui: &ui, state: s), [.pageNext])
        XCTAssertEqual(Keymap.handle(.char("L"), ui: &ui, state: s), [.cycleStrategy(relationship: "hero.team")])
        _ = Keymap.handle(.char("r"), ui: &ui, state: s)
        XCTAssertEqual(Keymap.handle(.char("L"), ui: &ui, state: s), [.cycleStrategy(relationship: "hero.hero_power_links")])
        _ = Keymap.handle(.right, ui: &ui, state: s)
        XCTAssertEqual(Keymap.handle(.char("s"), ui: &ui, state: s), [.sort(field: "name", descending: false)])
        XCTAssertEqual(Keymap.handle(.char("d"), ui: &ui, state: s), [.write(.delete(model: "hero", key: [12]))])
        _ = Keymap.handle(.char("q"), ui: &ui, state: s)
        XCTAssertTrue(ui.quit)
    }
}

extension RenderTests {
    func testModelInfoValuePopupAndExport() {
        let s = rowsState()
        var ui = UIState()
        _ = Keymap.handle(.tab, ui: &ui, state: s)
        let info = Renderer.render(s, ui, title: "t", width: 100, height: 30).text
        XCTAssertTrue(info.contains("Model hero"), info)
        XCTAssertTrue(info.contains("foreign key (team_id) → team (id)"), info)
        XCTAssertTrue(info.contains("relationship powers: many-to-many power through hero_power_link"), info)
        ui = UIState()
        _ = Keymap.handle(.right, ui: &ui, state: s)
        _ = Keymap.handle(.char("v"), ui: &ui, state: s)
        XCTAssertEqual(ui.mode, .value(ValueView(title: "hero.name of row 12", value: "Zoë 🦸")))
        XCTAssertTrue(Renderer.render(s, ui, title: "t", width: 80, height: 20).text.contains("\nZoë 🦸 "))
        _ = Keymap.handle(.char("x"), ui: &ui, state: s)
        XCTAssertEqual(ui.message, "q or Esc closes the value; ↑↓ PgUp PgDn g G scroll it.", "another key does not lose the place")
        _ = Keymap.handle(.char("q"), ui: &ui, state: s)
        XCTAssertEqual(ui.mode, .normal, "q closes the value")
        _ = Keymap.handle(.char("x"), ui: &ui, state: s)
        XCTAssertEqual(ui.export, .csv)
        guard case .rows(let r) = s.screen, let page = r.page else { return XCTFail() }
        XCTAssertEqual(Export.csv(page), "id,name,age\r\n11,孙悟空,30\r\n12,Zoë 🦸,\r\n13,\"\",7\r\n")
        XCTAssertTrue(Export.json(page).contains(#""age":null"#))
        XCTAssertTrue(Export.json(page).hasPrefix(#"{"format":1,"rows":["#))
    }

    func testThemesParseAndShip() throws {
        let t = try ThemeFile(name: "t", text: "# comment\nselected = black 226 bold\nerror = white red  # trailing\n")
        XCTAssertEqual(t.entries[.selected], ThemeFile.Entry(foreground: 0, background: 226, bold: true))
        XCTAssertEqual(t.entries[.error]?.background, 1)
        XCTAssertThrowsError(try ThemeFile(name: "bad", text: "selectd = black cyan")) { e in
            XCTAssertTrue("\(e)".hasPrefix("Theme bad, line 1: expected STYLE = FOREGROUND BACKGROUND"), "\(e)")
        }
        XCTAssertThrowsError(try ThemeFile(name: "bad", text: "title = purple default")) { e in
            XCTAssertEqual("\(e)", "Theme bad, line 1: \"purple\" is not a colour (a name, default, or 0-255).")
        }
        for name in ["default", "light", "high-contrast"] {
            let theme = try ThemeFile.load(name, executable: "/nonexistent/ormscope")
            XCTAssertEqual(theme.entries.count, 13, name)
        }
        XCTAssertThrowsError(try ThemeFile.load("neon", executable: "/nonexistent/ormscope")) { e in
            XCTAssertEqual("\(e)", "There is no theme named \"neon\"; there are: default, high-contrast, light.")
        }
    }
}

extension RenderTests {
    func testRelationshipMapDrawsBoxesAndLabelledLines() {
        let lines = screen(after: .char("M"), width: 110, height: 30)
        XCTAssertTrue(lines.contains { $0.contains("│ hero │") }, "the model's box")
        XCTAssertTrue(lines.contains { $0.contains("├── team ─ many-to-one (team_id → id) ─") && $0.contains("►│ team │") })
        XCTAssertTrue(lines.contains { $0.contains("└── powers ─ many-to-many via hero_power_link ─") && $0.contains("►│ power │") })
        XCTAssertTrue(lines.allSatisfy { $0.displayWidth == 110 })
    }
}

extension RenderTests {
    func testHelpWrapsAndAnEditStartsPastTheKey() {
        let s = rowsState()
        let lines = screen(after: .char("?"), width: 80, height: 60)
        let tab = try! XCTUnwrap(lines.firstIndex { $0.hasPrefix("  Tab ") })
        XCTAssertTrue(lines[tab + 1].hasPrefix(String(repeating: " ", count: 24)), "a long description goes on under itself: \(lines[tab + 1])")
        XCTAssertTrue(lines[tab...tab + 2].joined().contains("then the SQL pane"), "nothing of it is cut off")
        var ui = UIState()
        _ = Keymap.handle(.char("e"), ui: &ui, state: s)
        guard case .form(let form, let focus, false) = ui.mode else { return XCTFail("e opens the form") }
        XCTAssertEqual(form.entries[focus].name, "name", "the cursor starts past the primary key")
    }
}

extension RenderTests {
    func testQuitWithStagedChangesAsksOnce() {
        var s = rowsState()
        s.manualTransaction = true
        s.staged = 2
        var ui = UIState()
        _ = Keymap.handle(.char("q"), ui: &ui, state: s)
        XCTAssertFalse(ui.quit)
        XCTAssertEqual(ui.message, "2 staged changes would be rolled back: C commits, U rolls back, q or Ctrl-C again quits anyway.")
        _ = Keymap.handle(.char("q"), ui: &ui, state: s)
        XCTAssertTrue(ui.quit)
    }

    func testCtrlCWhenIdleAsksAsQDoes() {
        var s = rowsState()
        var ui = UIState()
        Keymap.interrupt(&ui, state: s)
        XCTAssertTrue(ui.quit, "nothing staged: Ctrl-C quits at once")
        s.manualTransaction = true
        s.staged = 1
        ui = UIState()
        ui.mode = .filterPrompt("name = ")
        Keymap.interrupt(&ui, state: s)
        XCTAssertFalse(ui.quit)
        XCTAssertEqual(ui.mode, .normal, "the warning is shown on the main screen")
        XCTAssertEqual(ui.message, "1 staged change would be rolled back: C commits, U rolls back, q or Ctrl-C again quits anyway.")
        _ = Keymap.handle(.char("n"), ui: &ui, state: s)
        XCTAssertFalse(ui.quit, "another key keeps the explorer open")
        Keymap.interrupt(&ui, state: s)
        XCTAssertFalse(ui.quit, "it asks again after another key")
        _ = Keymap.handle(.char("q"), ui: &ui, state: s)
        XCTAssertTrue(ui.quit, "q after Ctrl-C's warning quits")
    }
}
