import Foundation
import ORMCore
import TestSupport
import XCTest

/// The real binary in tmux on a database the size of a real application's: 70 tables, one of
/// 30 columns that 20 tables refer to, a 200-line JSON value. Every pane is reached and scrolled
/// from the keyboard, in an 80x24 terminal.
final class ScrollingTerminalTests: XCTestCase {
    /// The database: `account` (id, doc JSON, column_02..column_29), `child_00`..`child_19`
    /// referring to it, `table_00`..`table_48`.
    func bigSchema() throws -> String {
        let path = try XCTUnwrap(try location(.sqlite))
        let db = Database(try connect(path))
        let columns = (2..<30).map { String(format: "column_%02d text", $0) }.joined(separator: ", ")
        try db.execute(sql: "CREATE TABLE account (id integer PRIMARY KEY, doc text, \(columns))")
        let json = "{" + (0..<198).map { "\"key_\($0)\": \"value \($0)\"" }.joined(separator: ", ") + "}"
        let values = (2..<30).map { "'r' || i || '_\($0)'" }.joined(separator: ", ")
        try db.execute(sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) INSERT INTO account SELECT i, '\(json)', \(values) FROM n")
        for i in 0..<20 {
            try db.execute(sql: String(format: "CREATE TABLE child_%02d (id integer PRIMARY KEY, account_id integer REFERENCES account (id))", i))
        }
        for i in 0..<49 { try db.execute(sql: String(format: "CREATE TABLE table_%02d (id integer PRIMARY KEY)", i)) }
        db.close()
        return path
    }

    func testEveryPaneScrollsInAnEightyByTwentyFourTerminal() throws {
        try TmuxSession.require()
        let path = try bigSchema()
        let tmux = try TmuxSession("\(CLIGoldenTests.binary.path) --db \(path)", width: 80, height: 24)
        try tmux.waitFor("MODEL")
        // The model list: 70 models, the cursor always on a highlighted line that Enter opens.
        for _ in 0..<45 { try tmux.keys("j") }
        var s = try tmux.waitFor("model 46 of 70")
        XCTAssertTrue(s.contains("table_24"), s)
        try tmux.keys("G")
        s = try tmux.waitFor("model 70 of 70")
        XCTAssertTrue(s.contains("table_48"), s)
        // `/` narrows the list as it is typed.
        try tmux.keys("/")
        try tmux.type("acc")
        s = try tmux.waitFor("1 of 70 match \"acc\"")
        XCTAssertFalse(s.contains("table_48"), s)
        try tmux.keys("Enter")
        // The grid: 30 columns scroll sideways, the key frozen, a marker for what is off screen.
        s = try tmux.waitFor("rows 1-5 of")
        XCTAssertTrue(s.contains("columns ▶"), s)
        for _ in 0..<25 { try tmux.keys("l") }
        s = try tmux.waitFor("column_25")
        XCTAssertTrue(s.contains("◀"), s)
        XCTAssertTrue(s.contains("r1_25"), s)
        XCTAssertTrue(s.split(separator: "\n").contains { $0.hasPrefix("id ") }, "the key column stays at the left:\n\(s)")
        // The JSON value, indented; q closes it.
        for _ in 0..<30 { try tmux.keys("h") }
        try tmux.keys("l", "v")
        s = try tmux.waitFor("(JSON, indented)")
        XCTAssertTrue(s.contains("  \"key_0\": \"value 0\","), s)
        try tmux.keys("G")
        try tmux.waitFor("\"key_197\": \"value 197\"")
        try tmux.keys("x")
        try tmux.waitFor("q or Esc closes the value")
        try tmux.keys("q")
        try tmux.waitUntilGone("(JSON, indented)")
        // The row: 30 fields and 20 relationships, opened at its first field, scrolled to the last
        // relationship by G; Enter follows the selected one.
        try tmux.keys("Enter")
        s = try tmux.waitFor("account 1   ↓")
        XCTAssertFalse(s.contains("Relationships (20"), "the first fields are in view, not the relationships: \(s)")
        try tmux.keys("G")
        s = try tmux.waitFor("child_19s")
        XCTAssertTrue(s.contains("Relationships (20") || s.contains("child_18s"), s)
        try tmux.keys("Enter")
        try tmux.waitFor("child_19: child_19s of account 1")
        try tmux.keys("BSpace")
        try tmux.waitFor("account 1   ↑ 38 more")
        // The map pages through the 20 neighbours.
        try tmux.keys("M")
        s = try tmux.waitFor("more (j, PgDn)")
        for _ in 0..<8 { try tmux.keys("NPage") }
        try tmux.waitFor("└── child_19s")
        try tmux.keys("Escape")
        // A key that does nothing here says so, and the message log keeps it.
        try tmux.keys("Z")
        try tmux.waitFor("Z does nothing here")
        try tmux.keys("!")
        s = try tmux.waitFor("Messages:")
        XCTAssertTrue(s.contains("Z does nothing here"), s)
        try tmux.keys("q")
        try tmux.waitUntilGone("Messages:")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }
}
