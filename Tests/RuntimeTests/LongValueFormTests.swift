import Explorer
import ExplorerRuntime
import Foundation
import ORMCore
import TestSupport
import XCTest

/// An edit form on a row whose long text the page read only the beginning of: the value is read
/// whole (one statement) and edited in place, the field scrolling like a readline field; a value
/// of several lines stays the editor's (E). Both backends.
final class LongValueFormTests: XCTestCase {
    func testALongOneLineValueIsEditedInPlaceAndSeveralLinesStayLocked() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY, title varchar(50) NOT NULL, body text, data \(backend == .postgres ? "bytea" : "blob"))")
            let long = (0..<50).map { "word\($0 % 10) " }.joined() + "END"   // 353 characters, one line
            try db.execute(sql: "INSERT INTO note (id, title, body) VALUES (1, 'one line', '\(long)'), (2, 'two lines', 'first line\nsecond line " + String(repeating: "x", count: 100) + "')")
            var h = try SQLEditorRuntimeTests.Harness(db, rows: 0)
            h.runtimeOpen("note")
            guard case .rows(let r) = h.state.screen, let page = r.page else { return XCTFail("[\(backend)] no rows") }
            XCTAssertFalse(page.previews(row: 0).isEmpty, "[\(backend)] the page holds the body as a preview")

            h.press([.char("e")])
            guard case .form(let form, let focus, false) = h.ui.mode else { return XCTFail("[\(backend)] no form: \(h.ui.mode) \(h.state.report?.error ?? "")") }
            let body = try XCTUnwrap(form.entries.first { $0.name == "body" })
            XCTAssertNil(body.locked, "[\(backend)] a long value on one line is editable")
            XCTAssertEqual(body.text, long, "[\(backend)] whole, not its beginning")
            XCTAssertEqual(h.state.report?.statements.map(\.sql), [backend == .postgres ? #"SELECT "body" FROM "note" WHERE "id" = $1"# : #"SELECT "body" FROM "note" WHERE "id" = ?"#],
                           "[\(backend)] one statement reads it")
            // To the body field; Home, type at its start; End, type at its end; Left, type before the last character.
            for _ in 0..<((form.entries.firstIndex { $0.name == "body" } ?? 0) - focus) { h.press([.tab]) }
            h.press([.home]); h.type("<<")
            h.press([.end]); h.type(">>")
            h.press([.left, .left, .backspace])
            let screen = h.screen()
            XCTAssertTrue(screen.contains("▏>>") || screen.contains("D▏>"), "[\(backend)] the field scrolled to the caret: \(screen)")
            h.press([.enter])
            XCTAssertNil(h.state.report?.error, "[\(backend)]")
            let stored = try db.fetchAll(CompiledSQL("SELECT body FROM note WHERE id = 1")).first?[0]
            XCTAssertEqual(stored, .text("<<" + String(long.dropLast()) + ">>"), "[\(backend)] edited in place, written whole")

            // Row 2: two lines. The form opens with the value locked: E is for it.
            h.runtimeOpen("note")
            h.press([.char("j"), .char("e")])
            guard case .form(let second, _, false) = h.ui.mode else { return XCTFail("[\(backend)] no form for row 2") }
            XCTAssertEqual(second.entries.first { $0.name == "body" }?.locked?.contains("several lines: E edits it in $EDITOR"), true, "[\(backend)]")
        }
    }

    func testTheFieldScrollsByHalfItsWidthAroundTheCaret() {
        let text = String(repeating: "abcdefghij", count: 50)  // 500 characters
        XCTAssertEqual(FormPane.window("short", caret: 2, width: 28), "sh▏ort")
        let end = FormPane.window(text, caret: nil, width: 28)
        XCTAssertTrue(end.hasPrefix("‹") && end.hasSuffix("▏"), end)
        XCTAssertEqual(end.displayWidth, 28 - 27 + 27, end)
        let start = FormPane.window(text, caret: 0, width: 28)
        XCTAssertTrue(start.hasPrefix("▏abcdefghij") && start.hasSuffix("›"), start)
        XCTAssertLessThanOrEqual(start.displayWidth, 28)
        // The middle: cut on both sides, the caret in sight.
        let middle = FormPane.window(text, caret: 250, width: 28)
        XCTAssertTrue(middle.hasPrefix("‹") && middle.hasSuffix("›") && middle.contains("▏"), middle)
        XCTAssertLessThanOrEqual(middle.displayWidth, 28)
        // Wide characters count two columns.
        let wide = FormPane.window(String(repeating: "漢", count: 40), caret: nil, width: 28)
        XCTAssertLessThanOrEqual(wide.displayWidth, 28, wide)
    }
}

extension SQLEditorRuntimeTests.Harness {
    /// The rows of `model`, as `:rows model` opens them.
    mutating func runtimeOpen(_ model: String) {
        var queue = Explorer.update(&state, .openModel(model))
        while !queue.isEmpty {
            if let result = runtime.perform(queue.removeFirst()) { queue += Explorer.update(&state, result) }
        }
        Keymap.settle(&ui, state)
    }
}
