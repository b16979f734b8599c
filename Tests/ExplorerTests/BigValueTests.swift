import Explorer
import Foundation
import ORMCore
import XCTest

/// Big values stay cheap: a cell and the value viewer read a bounded part of a value, binary is
/// formatted by the table formatter, and the prompt takes a long paste with the right text.
final class BigValueTests: XCTestCase {
    let registry = FilterParserTests.registry
    static let mb5: [UInt8] = (0..<5 * 1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
    /// 10 MB of words with a line break now and then; it ends with a marked last line.
    static let text10: String = {
        var s = ""
        s.reserveCapacity(10 * 1_048_576 + 100)
        var i = 0
        while s.utf8.count < 10 * 1_048_576 {
            s += "word\(i) "
            if i % 97 == 96 { s += "\n" }
            i += 1
        }
        return s + "\nTHE END"
    }()

    func bigState() -> ExplorerState {
        var s = ExplorerState(registry: registry, pageSize: 10)
        var r = RowsScreen(request: PageRequest(model: "hero", limit: 10), estimate: 2)
        r.firstRowNumber = 1
        r.page = PageData(columns: ["id", "name", "age"], rows: [[1, .text(Self.text10), .blob(Self.mb5)], [2, "short", 7]],
                          keys: [[1], [2]], primaryKeys: [[1], [2]], hasPrevious: false, hasNext: false)
        s.screen = .rows(r)
        return s
    }

    func testHexFormatterMatchesAReference() {
        let all = (0...255).map { UInt8($0) }
        XCTAssertEqual(Hex.encode(all), all.map { String(format: "%02x", $0) }.joined())
        var generator = SystemRandomNumberGenerator()
        let random = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        XCTAssertEqual(Hex.encode(random, prefix: "\\x"), "\\x" + random.map { String(format: "%02x", $0) }.joined())
        XCTAssertEqual(Hex.encode([UInt8]()), "")
        XCTAssertEqual(Hex.encode([UInt8](), prefix: "\\x"), "\\x")
        XCTAssertEqual(Hex.encode(random[5..<9]), random[5..<9].map { String(format: "%02x", $0) }.joined(), "a slice")
        XCTAssertEqual(Value.blob([0, 1, 0xab, 0xff]).displayText, "\\x0001abff")
        XCTAssertEqual(Value.blob(Self.mb5).displayText?.utf8.count, 2 + 2 * Self.mb5.count)
    }

    func testA5MBBinaryAndA10MBTextRenderBoundedCells() {
        let s = bigState()
        let start = Date()
        let f = Renderer.render(s, UIState(), title: "t", width: 120, height: 30)
        let lines = f.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines.allSatisfy { $0.displayWidth == 120 })
        XCTAssertTrue(f.lines.allSatisfy { $0.allSatisfy { $0.text.utf8.count < 1_000 } }, "no span holds more than a line's worth")
        let row = try! XCTUnwrap(lines.first { $0.contains("word0 word1") })
        XCTAssertTrue(row.contains("│   1 word0 word1 word2 word3… <5,242,880 bytes> \\x00"), "the text cut at the column, the binary cell its size and the start of its hex: \(row)")
        XCTAssertEqual(CellText.of(.blob(Self.mb5)).text, "<5,242,880 bytes> \\x" + Hex.encode(Self.mb5.prefix(9)) + "…")
        XCTAssertEqual(CellText.of(.text(Self.text10)).text.count, CellText.limit + 1)
        XCTAssertEqual(CellText.of("a\nb\tc\u{1b}").text, "a⏎b⇥c␛", "line breaks and controls never reach the terminal raw")
        // The open row shows bounded values too.
        var row1 = s
        row1.screen = .row(RowScreen(model: "hero", key: [1], values: ["id": 1, "name": .text(Self.text10), "age": .blob(Self.mb5)]))
        let rowFrame = Renderer.render(row1, UIState(), title: "t", width: 120, height: 30)
        XCTAssertTrue(rowFrame.text.contains("word0 word1"), rowFrame.text)
        XCTAssertTrue(rowFrame.lines.allSatisfy { $0.allSatisfy { $0.text.utf8.count < 1_000 } })
        // Not a timing assertion (make bench has those): a guard against whole-value work, which took minutes.
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    /// v on the 10 MB text shows a window of it; pages go on from where the window ends, back up
    /// the same lines, and G shows the end; on the binary, a hex dump.
    func testValueViewerShowsAWindowAndPagesLazily() throws {
        let s = bigState()
        var ui = UIState()
        ui.windowWidth = 90
        ui.windowHeight = 30
        _ = Keymap.handle(.right, ui: &ui, state: s)
        _ = Keymap.handle(.char("v"), ui: &ui, state: s)
        func screen() -> [String] { Renderer.render(s, ui, title: "t", width: 90, height: 30).text.split(separator: "\n").map(String.init) }
        var lines = screen()
        XCTAssertTrue(lines[1].hasPrefix("hero.name of row 1   (↑↓ PgUp PgDn g G scroll"), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("bytes of UTF-8 1-"), lines[2])
        XCTAssertTrue(lines[2].contains("of 10,485,7"), lines[2])
        XCTAssertTrue(lines[3].hasPrefix("word0 word1 word2 "), lines[3])
        let area = Renderer.valueArea(width: 90, height: 30)
        // Word wrap: no line of text ends inside a word (every line ends with a space or at a line break).
        let body = lines[3..<(3 + area.lines)]
        for l in body { XCTAssertTrue(l.hasPrefix("word"), "each line starts on a word: \(l)") }
        let firstPage = Array(body)
        _ = Keymap.handle(.pageDown, ui: &ui, state: s)
        lines = screen()
        XCTAssertNotEqual(Array(lines[3..<(3 + area.lines)]), firstPage)
        XCTAssertTrue(lines[3].hasPrefix("word"), lines[3])
        _ = Keymap.handle(.pageUp, ui: &ui, state: s)
        XCTAssertEqual(Array(screen()[3..<(3 + area.lines)]), firstPage, "back up retraces the same lines")
        _ = Keymap.handle(.char("G"), ui: &ui, state: s)
        lines = screen()
        XCTAssertTrue(lines.contains { $0.hasPrefix("THE END") }, "G shows the end")
        XCTAssertTrue(lines[2].contains("· 100%"), lines[2])
        _ = Keymap.handle(.char("k"), ui: &ui, state: s)
        XCTAssertTrue(screen()[3].hasPrefix("word"), "a line up from the end")
        _ = Keymap.handle(.char("g"), ui: &ui, state: s)
        XCTAssertEqual(Array(screen()[3..<(3 + area.lines)]), firstPage)
        _ = Keymap.handle(.char("q"), ui: &ui, state: s)
        XCTAssertEqual(ui.mode, .normal, "another key closes the viewer")

        // The binary value: offset, hex, ASCII.
        _ = Keymap.handle(.right, ui: &ui, state: s)
        _ = Keymap.handle(.char("v"), ui: &ui, state: s)
        lines = screen()
        XCTAssertTrue(lines[2].hasPrefix("bytes 1-"), lines[2])
        let b = Self.mb5
        let expected = "00000000  " + b[0..<16].map { Hex.encode([$0]) }.joined(separator: " ") + "  "
        XCTAssertTrue(lines[3].hasPrefix(expected), "\(lines[3]) vs \(expected)")
        _ = Keymap.handle(.char("j"), ui: &ui, state: s)
        XCTAssertTrue(screen()[3].hasPrefix("00000010  "), screen()[3])
        _ = Keymap.handle(.end, ui: &ui, state: s)
        lines = screen()
        XCTAssertTrue(lines.contains { $0.hasPrefix(String(format: "%08x", b.count - 16)) }, "the last line of the dump")
    }

    func testWrapBreaksAtSpacesAndLongWordsAtTheEdge() {
        var v = ValueView(title: "t", value: "alpha beta gamma delta\nxxxxxxxxxxxxxxxxxxxxxxxxx end")
        XCTAssertEqual(v.lines(width: 12, count: 10).lines, ["alpha beta ", "gamma delta", "xxxxxxxxxxxx", "xxxxxxxxxxxx", "x end"])
        v.down(2, width: 12)
        XCTAssertEqual(v.lines(width: 12, count: 1).lines, ["xxxxxxxxxxxx"])
        v.up(1, width: 12)
        XCTAssertEqual(v.lines(width: 12, count: 1).lines, ["gamma delta"])
        v.end(width: 12, count: 2)
        XCTAssertEqual(v.lines(width: 12, count: 5).lines, ["xxxxxxxxxxxx", "x end"])
        v.up(1, width: 12)
        XCTAssertEqual(v.lines(width: 12, count: 1).lines, ["xxxxxxxxxxxx"], "a line up without history finds the same breaks")
        let wide = ValueView(title: "t", value: "孙悟空孙悟空 é́ 🦸🦸")
        XCTAssertEqual(wide.lines(width: 6, count: 5).lines, ["孙悟空", "孙悟空", "é́ 🦸🦸"], "widths: CJK 2, e with two accents 1, the emoji 2")
    }

    /// 20 KB typed (as a paste arrives: one key at a time) gives exactly that text, the status
    /// line shows its end, and Enter filters by all of it.
    func testPromptTakesA20KBPaste() {
        var s = bigState()
        s.screen = bigState().screen
        var ui = UIState()
        _ = Keymap.handle(.char("/"), ui: &ui, state: s)
        _ = Keymap.handle(.char("\u{15}"), ui: &ui, state: s)
        var pasted = "name = '"
        var i = 0
        while pasted.utf8.count < 20_000 { pasted += i % 10 == 9 ? "孙" : String(i % 10); i += 1 }
        pasted += "' é"
        let start = Date()
        for c in pasted { _ = Keymap.handle(.char(c), ui: &ui, state: s) }
        _ = Keymap.handle(.backspace, ui: &ui, state: s)
        _ = Keymap.handle(.char("e"), ui: &ui, state: s)
        _ = Keymap.handle(.char("\u{301}"), ui: &ui, state: s)   // a combining accent joins the e
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "linear, not the minutes a quadratic editor took")
        guard case .filterPrompt(let editor) = ui.mode else { return XCTFail("the prompt is open") }
        let expected = String(pasted.dropLast()) + "e\u{301}"
        XCTAssertEqual(editor.text, expected)
        XCTAssertEqual(editor.displayWidth, expected.displayWidth, "the width kept as it was typed equals the width counted")
        let f = Renderer.render(s, ui, title: "t", width: 80, height: 20)
        let status = f.text.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(status.hasPrefix("filter: …"), status)
        XCTAssertTrue(status.trimmingCharacters(in: .whitespaces).hasSuffix("' é"), status)
        XCTAssertEqual(f.cursor?.column, status.trimmingCharacters(in: .whitespaces).displayWidth, "the cursor after the text")
        XCTAssertEqual(Keymap.handle(.enter, ui: &ui, state: s), [.filter(expected)])
    }

    /// A paste typed as one run (`Keymap.type`, what the terminal loop does with printable keys
    /// already waiting) edits the prompt as its keys one by one do, joiners and marks included.
    func testARunTypedAtOnceEqualsItsKeys() {
        let s = bigState()
        let text = "name = 'a\u{200D}b' e\u{301} 孙 👩\u{200D}💻x"
        var one = UIState(), run = UIState()
        _ = Keymap.handle(.char("/"), ui: &one, state: s)
        _ = Keymap.handle(.char("/"), ui: &run, state: s)
        for c in text { _ = Keymap.handle(.char(c), ui: &one, state: s) }
        XCTAssertTrue(text.allSatisfy(\.isPrintableText))
        Keymap.type(String(text.prefix(9)), ui: &run)
        Keymap.type(String(text.dropFirst(9)), ui: &run)
        guard case .filterPrompt(let a) = one.mode, case .filterPrompt(let b) = run.mode else { return XCTFail("the prompts are open") }
        XCTAssertEqual(a, b)
        XCTAssertEqual(b.displayWidth, text.displayWidth)
        XCTAssertFalse(Character("\u{15}").isPrintableText, "Ctrl-U is a key, not text")
        XCTAssertFalse(Character("\u{7F}").isPrintableText)
    }
}
