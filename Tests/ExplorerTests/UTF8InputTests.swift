import Explorer
import XCTest

/// The terminal's bytes to scalars: valid text whole, and an invalid sequence as U+FFFD that
/// never takes the next key (the Enter after `E2 82`) with it.
final class UTF8InputTests: XCTestCase {
    func decode(_ bytes: [UInt8], flush: Bool = true) -> String {
        var d = UTF8Input()
        var out = String.UnicodeScalarView()
        for b in bytes { out.append(contentsOf: d.feed(b)) }
        if flush, let s = d.flush() { out.append(s) }
        return String(out)
    }

    func testValidTextIsDecodedWhole() {
        for text in ["age > 1", "Zoë", "孙悟空", "🦸‍♀️", "\r\t\u{1b}"] {
            XCTAssertEqual(decode(Array(text.utf8)), text)
        }
    }

    func testInvalidSequencesBecomeOneReplacementAndKeepTheNextByte() {
        let r = "\u{FFFD}"
        XCTAssertEqual(decode([0xE2, 0x82, 0x0D]), r + "\r", "the Enter survives")
        XCTAssertEqual(decode([0xC3, 0x28]), r + "(")
        XCTAssertEqual(decode([0xFF, 0x0D]), r + "\r")
        XCTAssertEqual(decode([0x80, 0x61]), r + "a", "a stray continuation")
        XCTAssertEqual(decode([0xC0, 0xAF]), r + r, "an overlong form")
        XCTAssertEqual(decode([0xED, 0xA0, 0x80]), r + r + r, "a surrogate")
        XCTAssertEqual(decode([0xF4, 0x90, 0x80, 0x80]), r + r + r + r, "past U+10FFFF")
        XCTAssertEqual(decode([0xF0, 0x9F, 0xA6]), r, "unfinished, then nothing more came")
        XCTAssertEqual(decode([0xE2, 0x82, 0xE2, 0x82, 0xAC]), r + "€", "a new lead starts afresh")
        var d = UTF8Input()
        XCTAssertEqual(d.feed(0xC3), [])
        XCTAssertTrue(d.isPending)
        XCTAssertEqual(d.feed(0xA9), ["é"])
        XCTAssertNil(d.flush())
    }
}
