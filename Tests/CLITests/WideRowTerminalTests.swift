import Foundation
import ORMCore
import TestSupport
import XCTest

/// The explorer at real size, in tmux on the tester's wide table (60 columns; emoji ZWJ sequences,
/// a NULL and a text that reads NULL): what reaches the screen.
final class WideRowTerminalTests: XCTestCase {
    static let emoji = "emoji 🦸\u{200D}♀\u{FE0F}🏳\u{FE0F}\u{200D}🌈👨\u{200D}👩\u{200D}👧"

    /// An SQLite file with `wide` (id, label, note, c01...c57): row 1 plain, 3 a NULL label,
    /// 4 emoji, 8 the texts 'NULL' and 'null'.
    func wideTable() throws -> String {
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        let extra = (1...57).map { String(format: "c%02d", $0) }
        try db.execute(sql: "CREATE TABLE wide (id integer PRIMARY KEY, label text, note text, " + extra.map { "\($0) text" }.joined(separator: ", ") + ")")
        for (id, label, note) in [(1, "'plain'", "'short'"), (3, "NULL", "''"), (4, "'\(Self.emoji)'", "'e\u{301} combining'"), (8, "'NULL'", "'null'")] {
            let rest = (1...57).map { "'v\(id)_\($0)'" }.joined(separator: ", ")
            try db.execute(sql: "INSERT INTO wide VALUES (\(id), \(label), \(note), \(rest))")
        }
        db.close()
        return path
    }

    /// The explorer in tmux on a fresh `wide`, its grid open; and the screen then.
    func openGrid(width: Int, height: Int, env: String = "") throws -> (TmuxSession, String) {
        try TmuxSession.require()
        let path = try wideTable()
        let tmux = try TmuxSession("\(env)\(CLIGoldenTests.binary.path) --db \(path)", width: width, height: height)
        try tmux.waitFor("wide")
        try tmux.keys("Enter")
        return (tmux, try tmux.waitFor("rows 1-4 of"))
    }

    /// A ZWJ sequence reaches the terminal whole in the grid and the row view (it was cut to its
    /// first part: a rainbow flag drawn as a white flag, a family as a man).
    func testEmojiSequencesReachTheScreenWhole() throws {
        let (tmux, grid) = try openGrid(width: 80, height: 24)
        var s = grid
        XCTAssertTrue(s.contains("emoji 🦸\u{200D}♀\u{FE0F}🏳\u{FE0F}\u{200D}🌈"), s)
        XCTAssertTrue(s.contains("👨\u{200D}👩\u{200D}👧"), s)
        // The columns after it stay where they are on the other rows.
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let plain = try XCTUnwrap(lines.first { $0.contains("plain") }), four = try XCTUnwrap(lines.first { $0.contains("emoji") })
        XCTAssertEqual(plain.displayWidthPrefix(upTo: "short"), four.displayWidthPrefix(upTo: "e\u{301} combining"), s)
        // The row view of row 4 (60 fields, no relationship) opens at its top, the value whole.
        try tmux.keys("j", "j", "Enter")
        s = try tmux.waitFor("wide 4")
        XCTAssertTrue(s.contains("👨\u{200D}👩\u{200D}👧"), s)
        XCTAssertTrue(s.contains("id "), "the first field in view: \(s)")
        XCTAssertFalse(s.contains("↑"), "nothing above it: \(s)")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }

    /// The tester's finding 7: a NULL and the text 'NULL' looked the same (colour only), and the
    /// viewer called a NULL four bytes of text.
    func testATextThatReadsNullIsQuotedAndANullIsNoValue() throws {
        let (tmux, grid) = try openGrid(width: 120, height: 36, env: "env NO_COLOR=1 ")
        var s = grid
        XCTAssertTrue(s.contains("   8 'NULL'       'null'"), s)
        XCTAssertTrue(s.contains("   3 NULL         ''"), s)
        // Row 3's label in the viewer: no value, not "bytes of UTF-8 1-4 of 4".
        try tmux.keys("j", "l", "v")
        s = try tmux.waitFor("wide.label of row 3")
        XCTAssertTrue(s.contains("NULL (no value)"), s)
        XCTAssertFalse(s.contains("bytes of UTF-8"), s)
        try tmux.keys("q")
        try tmux.waitUntilGone("wide.label of row 3")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }

    /// The tester's finding 9: an UPDATE typed in the SQL editor (F6) over the grid; the grid
    /// kept the old value until R. It is read again when the run ends, the SQL pane saying why.
    func testATypedUpdateShowsInTheGridUnderTheEditor() throws {
        let (tmux, _) = try openGrid(width: 120, height: 36)
        try tmux.keys("Q")
        try tmux.waitFor("SQL editor")
        try tmux.type("select id from wide where id = 1; update wide set label = 'CHANGED' where id = 1")
        try tmux.keys("F6")
        try tmux.waitFor("UPDATE: 1 row affected")
        let s = try tmux.waitFor("wide read again: the run wrote.")
        XCTAssertTrue(s.contains("   1 CHANGED"), s)
        XCTAssertFalse(s.contains("plain"), "the old value is gone from the grid: \(s)")
        try tmux.keys("Escape")
        try tmux.waitUntilGone("SQL editor")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }
}

extension String {
    /// Cells before the first `needle` as tmux lays them out (a ZWJ sequence in one cell of its
    /// first part's width, the explorer's padding after it a space).
    fileprivate func displayWidthPrefix(upTo needle: String) -> Int? {
        guard let r = range(of: needle) else { return nil }
        var n = 0
        for c in self[..<r.lowerBound] {
            let first = c.unicodeScalars.first!
            n += first.properties.isEmojiPresentation || (0x1100...0x115F).contains(first.value) ? 2 : 1
        }
        return n
    }
}
