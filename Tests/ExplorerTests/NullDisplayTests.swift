import Explorer
@testable import ORMCore
import XCTest

/// A NULL and a text that reads NULL are told apart without colour: the grid quotes the text as
/// the CLI's table does ('NULL', 'null', as the empty text is ''), and the value viewer says a
/// NULL is no value (it said "bytes of UTF-8 1-4 of 4" above NULL, as for the text).
final class NullDisplayTests: XCTestCase {
    func testTheGridQuotesATextThatReadsNull() {
        XCTAssertEqual(CellText.of(.null).text, "NULL")
        XCTAssertEqual(CellText.of(.null).style, .null)
        XCTAssertEqual(CellText.of(.text("NULL")).text, "'NULL'")
        XCTAssertEqual(CellText.of(.text("null")).text, "'null'")
        XCTAssertEqual(CellText.of(.text("NuLl")).text, "'NuLl'")
        XCTAssertEqual(CellText.of(.text("")).text, "''")
        XCTAssertEqual(CellText.of(.text("NULLS")).text, "NULLS")
        XCTAssertEqual(CellText.of(.text(" NULL")).text, " NULL")
        XCTAssertEqual(CellText.of(.text("nulł")).text, "nulł", "four characters, five bytes")
    }

    func testTheValueViewerSaysANullIsNoValue() {
        let null = ValueView(title: "wide.label of row 3", value: .null)
        let nullText = Renderer.render(viewing: null).joined(separator: "\n")
        XCTAssertTrue(nullText.contains("NULL (no value)"), nullText)
        XCTAssertFalse(nullText.contains("bytes of UTF-8"), nullText)
        let text = ValueView(title: "wide.label of row 8", value: .text("NULL"))
        let textText = Renderer.render(viewing: text).joined(separator: "\n")
        XCTAssertTrue(textText.contains("bytes of UTF-8 1-4 of 4"), textText)
        XCTAssertFalse(textText.contains("no value"), textText)
    }
}

extension Renderer {
    /// The value viewer open on `view` in a 100x30 window, as lines.
    fileprivate static func render(viewing view: ValueView) -> [String] {
        var ui = UIState()
        ui.windowWidth = 100
        ui.windowHeight = 30
        ui.mode = .value(view)
        let s = ExplorerState(registry: Registry(backend: "test", models: []), pageSize: 10)
        return render(s, ui, title: "t", width: 100, height: 30).text.split(separator: "\n").map(String.init)
    }
}
