import Explorer
@testable import ORMCore
import XCTest

/// The row view opens with its first field in view (the tester's 60-column row opened scrolled to
/// its bottom, `id` off screen, the cursor on "(none)"); the cursor starts on the first
/// relationship only when the whole row and that relationship fit.
final class RowViewOpeningTests: XCTestCase {
    /// `account` (30 fields, 20 relationships), its first rows on the grid, `pageSize` rows a page.
    func accountRows(pageSize: Int = 10) -> ExplorerState {
        var s = ExplorerState(registry: PaneTests.registry, pageSize: pageSize)
        var r = RowsScreen(request: PageRequest(model: "account", limit: pageSize), estimate: 5)
        let names = PaneTests.registry.model(named: "account")!.fieldNames
        let rows: [[Value]] = (1...5).map { n in [.int(Int64(n))] + (1..<30).map { .text("v\(n)_\($0)") } }
        r.page = PageData(columns: names, rows: rows, keys: rows.map { [$0[0]] }, primaryKeys: rows.map { [$0[0]] }, hasPrevious: false, hasNext: false)
        s.screen = .rows(r)
        return s
    }

    func opened(_ s: inout ExplorerState) -> RowScreen? {
        _ = Explorer.update(&s, .openRow)
        guard case .row(let r) = s.screen else { XCTFail("the row view is open: \(s.screen)"); return nil }
        return r
    }

    func testAWideRowOpensOnItsFirstField() throws {
        var s = accountRows()
        let r = try XCTUnwrap(opened(&s))
        XCTAssertEqual(r.cursor, 0, "the first field, not the first relationship below 30 fields")
        var ui = UIState()
        ui.windowWidth = 80
        ui.windowHeight = 24
        let text = Renderer.render(s, ui, title: "t", width: 80, height: 24).text
        XCTAssertTrue(text.contains("account 1"), text)
        XCTAssertFalse(text.contains("↑"), "nothing above the first field: \(text)")
        XCTAssertTrue(text.contains("column_01"), text)
    }

    func testARowThatFitsOpensOnItsFirstRelationship() throws {
        var s = accountRows(pageSize: 40)
        let r = try XCTUnwrap(opened(&s))
        XCTAssertEqual(r.cursor, 30, "all 30 fields and the first relationship are on screen: Enter follows it")
    }

    func testARowWithoutRelationshipsOpensOnItsFirstField() throws {
        var s = accountRows(pageSize: 40)
        _ = Explorer.update(&s, .openKey(model: "table_00", key: [.int(1)]))
        guard case .row(let r) = s.screen else { return XCTFail() }
        XCTAssertEqual(r.cursor, 0, "not on the (none) placeholder")
    }
}
