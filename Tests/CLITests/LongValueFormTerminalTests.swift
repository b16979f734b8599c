import Foundation
import ORMCore
import TestSupport
import XCTest

/// The real binary in tmux: an edit form on a row whose 500-byte text (one line, a Django
/// TextField's kind) the page read only the beginning of. The value is read whole and edited in
/// place, the field scrolling around the caret; nothing goes to $EDITOR.
final class LongValueFormTerminalTests: XCTestCase {
    func testA500ByteValueIsEditedInPlaceInTheForm() throws {
        try TmuxSession.require()
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY, title varchar(50) NOT NULL, body text NOT NULL)")
        let value = "START " + String(repeating: "0123456789", count: 49) + "TAIL"   // 500 bytes
        XCTAssertEqual(value.utf8.count, 500)
        try db.execute(sql: "INSERT INTO note VALUES (1, 'long', '\(value)')")
        db.close()
        // An editor that would leave a mark: it must not run.
        let tmux = try TmuxSession("EDITOR=false VISUAL=false \(CLIGoldenTests.binary.path) --db \(path)")
        try tmux.waitFor("note")
        try tmux.keys("Enter")
        try tmux.waitFor("rows 1-1 of")
        try tmux.keys("e")
        var s = try tmux.waitFor("Edit note 1")
        XCTAssertFalse(s.contains("holds a long value"), s)
        // title has the focus; Tab to body: its end is in sight, the caret after TAIL.
        try tmux.keys("Tab")
        s = try tmux.waitFor("789TAIL▏")
        XCTAssertTrue(s.contains("‹"), "cut before: \(s)")
        // Home, which tmux sends as ESC [1~ (xterm-256color's terminfo names another): the caret goes
        // to the start (it came as Esc and closed the form before the terminal defined it).
        try tmux.keys("Home")
        s = try tmux.waitFor("▏START 0123")
        try tmux.keys("End")
        try tmux.waitFor("789TAIL▏")
        try tmux.keys("C-a")
        s = try tmux.waitFor("▏START 0123")
        XCTAssertTrue(s.contains("›"), "cut after: \(s)")
        try tmux.type("HEAD-")
        try tmux.waitFor("HEAD-▏START")
        try tmux.keys("C-e")
        try tmux.type("-END")
        try tmux.waitFor("TAIL-END▏")
        try tmux.keys("Left", "Left", "Left", "Left", "BSpace")
        try tmux.waitFor("TAI▏-END")
        try tmux.keys("Enter")
        s = try tmux.waitFor("Done: edit note, committed.")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
        let check = Database(try connect(path))
        defer { check.close() }
        let stored = try check.fetchAll(CompiledSQL("SELECT body FROM note WHERE id = 1")).first?[0]
        XCTAssertEqual(stored, .text("HEAD-" + String(value.dropLast()) + "-END"), "edited in place, written whole (508 bytes)")
    }
}
