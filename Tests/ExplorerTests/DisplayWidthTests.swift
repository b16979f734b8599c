import Explorer
import Foundation
import XCTest

/// Display widths as the terminal's own wcwidth counts them (glibc's, in a UTF-8 locale), and an
/// emoji sequence kept whole in two cells so the columns after it stay aligned.
final class DisplayWidthTests: XCTestCase {
    /// glibc's wcwidth (not exported to Swift without _XOPEN_SOURCE), looked up in the process.
    static let wcwidth: (@convention(c) (Int32) -> Int32)? = dlsym(dlopen(nil, RTLD_NOW), "wcwidth").map {
        unsafeBitCast($0, to: (@convention(c) (Int32) -> Int32).self)
    }

    /// The string's cells as the terminal counts them: the sum of wcwidth over its scalars (-1: unknown).
    func wcswidthOf(_ s: String) throws -> Int32 {
        guard let w = Self.wcwidth else { throw XCTSkip("wcwidth is not in this process") }
        var total: Int32 = 0
        for u in s.unicodeScalars {
            let n = w(Int32(bitPattern: u.value))
            if n < 0 { return -1 }
            total += n
        }
        return total
    }

    func testWidthsAgreeWithTheTerminalsWcwidth() throws {
        guard setlocale(LC_CTYPE, "C.UTF-8") != nil || setlocale(LC_CTYPE, "en_US.UTF-8") != nil else {
            throw XCTSkip("no UTF-8 locale to ask wcwidth in")
        }
        let samples = [
            "a\u{200B}b",                 // a zero-width space between two letters
            "ｶﾞｷﾞｸﾞ ﾊﾟ",                  // halfwidth katakana with voiced and semi-voiced marks
            "กำ น้ำ ที่ กั",               // Thai: SARA AM (spacing), tone marks and a combining vowel
            "e\u{301}te\u{301}",          // combining accents
            "孙悟空 ナルト Zoë",
            "🇫🇷🇯🇵",                      // flags: two regional indicators each
            "한국어",
            "🏳🌡🕯🖥🤍🥰😀",               // text-style symbols (one cell) beside emoji (two)
        ]
        for s in samples {
            let expected = try wcswidthOf(s)
            guard expected >= 0 else { throw XCTSkip("wcwidth does not know these characters here (\(s))") }
            XCTAssertEqual(s.displayWidth, Int(expected), "\(s): \(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The tester's row 4: a ZWJ sequence is kept whole in a frame (it was drawn as its first
    /// part, a rainbow flag as a white flag), two cells, so the columns after it stay in place.
    func testAZWJSequenceIsKeptWholeAndTakesTwoCells() {
        let family = "👨\u{200D}👩\u{200D}👧", rainbow = "🏳\u{FE0F}\u{200D}🌈", heroine = "🦸\u{200D}♀\u{FE0F}"
        for s in [family, rainbow, heroine] {
            XCTAssertEqual(s.count, 1, "one grapheme cluster")
            XCTAssertEqual(s.displayWidth, 2)
            XCTAssertTrue(s.first!.isEmojiSequence)
            var f = Frame(width: 20, height: 1)
            f.set(0, [.init("emoji " + s + "|x")])
            XCTAssertEqual(f.text, "emoji " + s + "|x" + String(repeating: " ", count: 10), "the whole cluster, then the rest in place")
        }
        var cut = Frame(width: 7, height: 1)
        cut.set(0, [.init("ab" + family + family + family)])
        XCTAssertEqual(cut.text, "ab" + family + family + "…", "cut between clusters, never inside one")
        XCTAssertEqual("👍🏽".displayWidth, 2, "a skin tone is one emoji")
        XCTAssertEqual("❤️".displayWidth, 2, "VS16: emoji presentation")
        XCTAssertFalse(Character("🇫🇷").isEmojiSequence, "a flag is two regional indicators, a cell each")
        XCTAssertFalse(Character("e\u{301}").isEmojiSequence)
    }
}
