import Foundation
import ORMCore
import TestSupport
import XCTest

/// The real binary in tmux on an SQLite table whose values are megabytes: it opens, the cursor
/// moves, the value viewer pages, a long paste lands in the prompt, and it quits cleanly. (The
/// timings are make bench's; here only what the screen shows and the exit status.)
final class BigValueTerminalTests: XCTestCase {
    func testMegabyteValuesOpenMoveViewPasteAndQuit() throws {
        try TmuxSession.require()
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        try db.execute(sql: "CREATE TABLE doc (id integer PRIMARY KEY, body text NOT NULL, data blob NOT NULL)")
        // Four rows of a 3 MB text (words, no line breaks until the end) and a 2 MB blob.
        try db.execute(sql: """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4)
            INSERT INTO doc SELECT i, 'doc' || i || ' ' || replace(hex(zeroblob(1000000)), '00', 'ab ') || char(10) || 'LAST LINE ' || i,
                                   randomblob(2000000) FROM n
            """)
        db.close()
        let tmux = try TmuxSession("\(CLIGoldenTests.binary.path) --db \(path)")
        try tmux.waitFor("doc")
        try tmux.keys("Enter")
        // (All at once: a CI run once read the status line before the cells.)
        try tmux.waitFor("rows 1-4 of", "doc1 ab ab ab", "<2,000,000 bytes> \\x")
        // Down one row, then the text column of that row in the viewer.
        try tmux.keys("j")
        try tmux.keys("l", "v")
        try tmux.waitFor("doc.body of row 2", "bytes of UTF-8 1-", "of 3,000,017", "doc2 ab ab")
        try tmux.keys("G")
        try tmux.waitFor("LAST LINE 2")
        try tmux.keys("Escape")
        try tmux.waitUntilGone("doc.body of row 2")
        // The binary column: a hex dump.
        try tmux.keys("l", "v")
        try tmux.waitFor("doc.data of row 2", "00000000  ")
        try tmux.keys("NPage")
        try tmux.waitFor("00000")
        try tmux.keys("Escape")
        try tmux.waitUntilGone("doc.data of row 2")
        // A 20 KB paste into the filter prompt: the status line shows its end.
        try tmux.keys("/")
        try tmux.waitFor("filter:")
        // (tmux takes at most about 16 KB in one command: the paste goes in 4 KB pieces.)
        let paste = Array("body like '" + String(repeating: "x", count: 20_000) + "END'")
        for start in stride(from: 0, to: paste.count, by: 4_000) {
            try tmux.type(String(paste[start..<min(paste.count, start + 4_000)]))
        }
        try tmux.waitFor("xxxxEND'")
        try tmux.keys("Enter")
        try tmux.waitFor("no rows")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }
}
