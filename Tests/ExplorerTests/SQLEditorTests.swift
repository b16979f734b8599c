import Explorer
import ORMCore
import XCTest

/// The SQL editor's text and history as data: edits, moves, the statement under the cursor, error
/// marks, history walking and searching, and the history file's format.
final class SQLEditorTests: XCTestCase {
    func testTypingAcrossLinesWithTheShellsEditingKeys() {
        var e = SQLEditorState()
        e.insert("SELECT *\nFROM hero")
        XCTAssertEqual(e.lines.count, 2)
        XCTAssertEqual(e.text, "SELECT *\nFROM hero")
        XCTAssertEqual(e.line, 1)
        XCTAssertEqual(e.column, 9)
        e.deleteWordBackward()                // Ctrl-W
        XCTAssertEqual(e.text, "SELECT *\nFROM ")
        e.insert("team")
        e.moveToLineStart()                   // Ctrl-A
        e.deleteBackward()                    // joins the lines
        XCTAssertEqual(e.text, "SELECT *FROM team")
        XCTAssertEqual(e.column, 8)
        e.insert(" ")
        e.killToEndOfLine()                   // Ctrl-K
        XCTAssertEqual(e.text, "SELECT * ")
        e.insert("\n")
        XCTAssertEqual(e.lines.count, 2)
        e.killToEndOfLine()                   // at the end: the line break
        XCTAssertEqual(e.lines.count, 2, "nothing after the cursor on the last line")
        e.moveLeft()                          // across the line break
        XCTAssertEqual(e.line, 0)
        XCTAssertEqual(e.column, 9)
        e.deleteForward()
        XCTAssertEqual(e.text, "SELECT * ")
        e.killToStartOfLine()                 // Ctrl-U
        XCTAssertTrue(e.isEmpty)
    }

    func testNewlineKeepsTheIndentAndUpDownKeepTheColumn() {
        var e = SQLEditorState("SELECT id,\n       name")
        e.newline()
        XCTAssertEqual(e.lines.last.map { String($0) }, "       ")
        e.insert("FROM hero")
        XCTAssertTrue(e.moveUp())
        XCTAssertEqual(e.column, 11, "the shorter line above: at its end")
        XCTAssertTrue(e.moveUp())
        XCTAssertEqual(e.column, 10)
        XCTAssertFalse(e.moveUp(), "the first line: the pane goes back in history")
        XCTAssertTrue(e.moveDown())
        XCTAssertTrue(e.moveDown())
        XCTAssertEqual(e.column, 16, "the column wanted comes back on a long enough line")
        XCTAssertFalse(e.moveDown())
        e.moveWordLeft()
        XCTAssertEqual(e.column, 12)
        e.moveWordLeft(); e.moveWordRight()
        XCTAssertEqual(e.column, 11)
    }

    func testTheStatementUnderTheCursorAndTheErrorMark() {
        var e = SQLEditorState("SELECT 'é';\nSELECT id\n  FROM hero WHERE id = = 1;\nSELECT 3")
        e.moveToStart()
        XCTAssertEqual(e.statementUnderCursor(dialect: .postgres)?.sql, "SELECT 'é'")
        XCTAssertTrue(e.moveDown())
        XCTAssertTrue(e.moveDown())
        let s = e.statementUnderCursor(dialect: .postgres)
        XCTAssertEqual(s?.sql, "SELECT id\n  FROM hero WHERE id = = 1")
        XCTAssertEqual(e.cursorOffset, 12 + 10, "scalars: line 1 (11 + break), line 2 (9 + break), column 0")
        // The database says the second = is at offset 33 of the statement.
        e.markError(at: 33, in: s!)
        XCTAssertEqual(e.errorMark?.line, 2)
        XCTAssertEqual(e.errorMark?.column, 23)
        XCTAssertEqual(Array(e.lines[2])[23], "=")
        e.insert(" ")
        XCTAssertNil(e.errorMark, "an edit clears the mark")
        e.moveToEnd()
        XCTAssertEqual(e.statementUnderCursor(dialect: .postgres)?.sql, "SELECT 3")
        XCTAssertNil(SQLEditorState("  -- nothing").statementUnderCursor(dialect: .sqlite))
    }

    func testCompletionReplacesTheWordBeingTyped() {
        var e = SQLEditorState("SELECT na")
        e.complete("name")
        XCTAssertEqual(e.text, "SELECT name")
        e.moveLeft(); e.moveLeft()
        e.complete("nome")
        XCTAssertEqual(e.text, "SELECT nomeme", "only the part before the cursor is the prefix")
    }

    func testHistoryWalksSearchesAndKeepsNoPassword() {
        var h = SQLHistory(limit: 3)
        h.add("SELECT 1")
        h.add("SELECT 1")  // not twice in a row
        h.add("SELECT *\nFROM hero  \n")
        h.add("CREATE ROLE u PASSWORD 'secret'")
        h.add("SELECT 4")
        XCTAssertEqual(h.entries, ["SELECT *\nFROM hero", "CREATE ROLE u PASSWORD '***'", "SELECT 4"])
        XCTAssertEqual(h.older(than: "draft"), "SELECT 4")
        XCTAssertEqual(h.older(than: "SELECT 4"), "CREATE ROLE u PASSWORD '***'")
        XCTAssertEqual(h.older(than: ""), "SELECT *\nFROM hero")
        XCTAssertNil(h.older(than: ""), "the oldest")
        XCTAssertEqual(h.newer(), "CREATE ROLE u PASSWORD '***'")
        XCTAssertEqual(h.newer(), "SELECT 4")
        XCTAssertEqual(h.newer(), "draft", "past the newest: what was being typed")
        XCTAssertNil(h.newer())
        XCTAssertEqual(h.search("from")?.entry, "SELECT *\nFROM hero")
        XCTAssertEqual(h.search("select")?.index, 2)
        XCTAssertEqual(h.search("select", before: 2)?.index, 0, "Ctrl-R again: the one before")
        XCTAssertNil(h.search("select", before: 0))

        let text = h.fileText
        XCTAssertEqual(text, "SELECT *\\nFROM hero\nCREATE ROLE u PASSWORD '***'\nSELECT 4\n")
        XCTAssertEqual(SQLHistory.entries(fromFile: text), h.entries)
        XCTAssertEqual(SQLHistory.entries(fromFile: "SELECT 'a\\\\b'\nALTER USER x WITH PASSWORD 'p'\n"), ["SELECT 'a\\b'", "ALTER USER x WITH PASSWORD '***'"])
    }
}
