import Foundation
import ORMCore
import TestSupport
import XCTest

/// The SQL editor in the real binary, in tmux, on both backends: a query typed and run with Ctrl-J,
/// its rows paged from the cursor, a long statement cancelled with Esc (its elapsed time shown
/// meanwhile), a logged statement copied from the SQL pane into the editor, changed and run again,
/// and the history kept across sessions in its file.
final class SQLEditorTerminalTests: XCTestCase {
    func testTypePageCancelCopyAndRunAgain() throws {
        try TmuxSession.require()
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = Database(try connect(location))
            try db.execute(sql: "CREATE TABLE item (id integer PRIMARY KEY, label text NOT NULL)")
            try db.execute(sql: "INSERT INTO item (id, label) VALUES " + (1...500).map { "(\($0), 'item \($0)')" }.joined(separator: ", "))
            db.close()
            let history = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-sqlhistory-\(UUID().uuidString)").path
            addTeardownBlock { try? FileManager.default.removeItem(atPath: history) }
            let command = "ORMSCOPE_SQL_HISTORY=\(history) \(CLIGoldenTests.binary.path) --db '\(location)'"
            var tmux: TmuxSession? = try TmuxSession(command)
            try tmux!.waitFor("MODEL")
            try type(tmux!, backend)
            try cancel(tmux!, backend)
            try copyAndRunAgain(tmux!, backend)
            try tmux!.keys("Escape")
            try tmux!.keys("q")
            try tmux!.waitFor("EXIT=0")
            tmux = nil
            // The history is in its file (0600), and the next session's Up brings the last statement back.
            let saved = try String(contentsOfFile: history, encoding: .utf8)
            XCTAssertTrue(saved.contains("SELECT id, label FROM item ORDER BY id\n"), "\(backend): \(saved)")
            let mode = try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600)
            let again = try TmuxSession(command)
            try again.waitFor("MODEL")
            try again.keys("Q")
            try again.waitFor("SQL editor")
            try again.keys("Up")
            let s = try again.waitFor("LIMIT 3")
            XCTAssertTrue(s.contains("item"), "\(backend): \(s)")
        }
    }

    func line(_ screen: String, endingWith end: String) -> Bool { screen.split(separator: "\n").contains { $0.hasSuffix(end) } }

    /// Q, a query typed, Ctrl-J: the first page at once, PgDn and Space read on.
    func type(_ tmux: TmuxSession, _ backend: Backend) throws {
        try tmux.keys("Q")
        try tmux.waitFor("── SQL editor")
        try tmux.type("SELECT id, label FROM item ORDER BY id")
        try tmux.keys("C-j")
        var s = try tmux.waitFor("rows 1-18 · 18 read, more (Space reads on)")
        XCTAssertTrue(s.contains("SQL: SELECT id, label FROM item ORDER BY id"), "\(backend): \(s)")
        XCTAssertTrue(line(s, endingWith: " item 1"), s)
        XCTAssertTrue(s.contains("typed by the user"), "\(backend): the SQL pane says why it ran:\n\(s)")
        try tmux.keys("NPage")
        s = try tmux.waitFor("rows 19-36 · 36 read")
        XCTAssertTrue(line(s, endingWith: " item 19"), s)
        try tmux.keys("Escape", "Space")
        s = try tmux.waitFor("rows 37-54 · 54 read")
        XCTAssertTrue(line(s, endingWith: " item 54"), s)
    }

    /// A statement that runs until cancelled: its elapsed time shows, Esc cancels it, the session goes on.
    func cancel(_ tmux: TmuxSession, _ backend: Backend) throws {
        try tmux.keys("Q", "C-l")
        try tmux.type(backend == .postgres ? "SELECT pg_sleep(60)" : "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
        try tmux.keys("F5")
        try tmux.waitFor("(Esc cancels)")
        try tmux.waitFor("running 0.")
        try tmux.keys("Escape")
        let s = try tmux.waitFor("The statement was cancelled; the session is still usable.")
        XCTAssertTrue(s.contains("── SQL editor"), "\(backend): the editor stays open:\n\(s)")
        XCTAssertTrue(s.contains("rows 37-54"), "\(backend): the rows shown before stay:\n\(s)")
    }

    /// A filter's statement, from the SQL pane (Tab Tab, e) into the editor with its value written
    /// in; its LIMIT changed and run again.
    func copyAndRunAgain(_ tmux: TmuxSession, _ backend: Backend) throws {
        try tmux.keys("Escape", "BSpace")
        try tmux.waitUntilGone("SQL: SELECT")
        try tmux.keys("Enter")
        try tmux.waitFor("rows 1-18 of")
        try tmux.keys("/")
        try tmux.type("id > 490")
        try tmux.keys("Enter")
        try tmux.waitFor("rows 1-10 of")
        try tmux.keys("Tab", "Tab")
        try tmux.waitFor("── SQL pane")
        try tmux.keys("e")
        var s = try tmux.waitFor("── SQL editor")
        XCTAssertTrue(s.contains("> 490"), "\(backend): the value written in:\n\(s)")
        XCTAssertTrue(s.contains("LIMIT 19"), "\(backend): \(s)")
        try tmux.keys("C-e", "BSpace", "BSpace")
        try tmux.type("3")
        try tmux.keys("C-j")
        s = try tmux.waitFor("rows 1-3 · 3 read, all read")
        XCTAssertTrue(s.contains(" 491 "), "\(backend): \(s)")
        XCTAssertFalse(s.contains(" 494 "), "\(backend): \(s)")
    }
}
