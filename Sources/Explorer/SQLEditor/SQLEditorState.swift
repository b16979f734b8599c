import ORMCore

/// The text of the SQL editor: several lines, a cursor, and the edits the shell's line-editing
/// habits ask for (Ctrl-A/E home and end, Ctrl-K/U kill to the end/start of the line, Ctrl-W the
/// word before, arrows across lines). Pure: it knows no key and runs nothing; the pane that holds
/// it maps keys to these calls and runs `statementUnderCursor`.
///
/// Positions are in `Character`s (grapheme clusters) within a line; `cursorOffset` converts the
/// cursor to Unicode scalars of `text`, the unit `SQLScript` and error positions use.
public struct SQLEditorState: Sendable, Equatable {
    /// The lines, without their line breaks; never empty (an empty text is one empty line).
    public private(set) var lines: [[Character]] = [[]]
    public private(set) var line = 0
    public private(set) var column = 0
    /// The column Up/Down try to keep across shorter lines.
    private var preferredColumn: Int?
    /// Where the database said the last error was: (line, column), cleared by any edit.
    public var errorMark: (line: Int, column: Int)? {
        get { errorAt.map { ($0[0], $0[1]) } }
        set { errorAt = newValue.map { [$0.line, $0.column] } }
    }
    private var errorAt: [Int]?

    public init(_ text: String = "") {
        set(text)
    }

    /// The whole text, lines joined by "\n".
    public var text: String { lines.map { String($0) }.joined(separator: "\n") }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }

    /// Replaces the text (a history entry, a statement copied from the SQL pane); the cursor goes
    /// to its end.
    public mutating func set(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).filter { $0 != "\r" }) }
        if lines.isEmpty { lines = [[]] }
        line = lines.count - 1
        column = lines[line].count
        edited()
    }

    // MARK: Editing

    public mutating func insert(_ c: Character) {
        if c.isNewline { return newline() }
        lines[line].insert(c, at: column)
        column += 1
        edited()
    }

    /// Pasted text, line breaks and all.
    public mutating func insert(_ s: String) { for c in s { insert(c) } }

    /// Splits the line at the cursor, the new line indented as the one before (a habit of every
    /// SQL editor).
    public mutating func newline() {
        let rest = Array(lines[line][column...])
        lines[line].removeSubrange(column...)
        let indent = lines[line].prefix { $0 == " " || $0 == "\t" }
        lines.insert(Array(indent) + rest, at: line + 1)
        line += 1
        column = indent.count
        edited()
    }

    /// Backspace: the character before the cursor, or the line break before the line.
    public mutating func deleteBackward() {
        if column > 0 {
            lines[line].remove(at: column - 1)
            column -= 1
        } else if line > 0 {
            let rest = lines.remove(at: line)
            line -= 1
            column = lines[line].count
            lines[line] += rest
        }
        edited()
    }

    /// Delete: the character under the cursor, or the line break after the line.
    public mutating func deleteForward() {
        if column < lines[line].count {
            lines[line].remove(at: column)
        } else if line + 1 < lines.count {
            lines[line] += lines.remove(at: line + 1)
        }
        edited()
    }

    /// Ctrl-K: from the cursor to the end of the line (at the end: the line break).
    public mutating func killToEndOfLine() {
        if column == lines[line].count { return deleteForward() }
        lines[line].removeSubrange(column...)
        edited()
    }

    /// Ctrl-U: from the start of the line to the cursor.
    public mutating func killToStartOfLine() {
        lines[line].removeSubrange(..<column)
        column = 0
        edited()
    }

    /// Ctrl-W: the word before the cursor, and the spaces after it.
    public mutating func deleteWordBackward() {
        let start = wordStart(before: column)
        guard start < column else { return deleteBackward() }
        lines[line].removeSubrange(start..<column)
        column = start
        edited()
    }

    /// Replaces the word being typed (the completion's prefix) with `completion`.
    public mutating func complete(_ completion: String) {
        let start = SQLCompletion.prefixStart(lines[line], column)
        lines[line].replaceSubrange(start..<column, with: Array(completion))
        column = start + completion.count
        edited()
    }

    // MARK: Moving

    public mutating func moveLeft() {
        if column > 0 { column -= 1 } else if line > 0 { line -= 1; column = lines[line].count }
        preferredColumn = nil
    }

    public mutating func moveRight() {
        if column < lines[line].count { column += 1 } else if line + 1 < lines.count { line += 1; column = 0 }
        preferredColumn = nil
    }

    /// Up: the line above, at the same column where it is long enough; false on the first line
    /// (the pane then goes back in history, as the shell does).
    @discardableResult
    public mutating func moveUp() -> Bool {
        guard line > 0 else { return false }
        let want = preferredColumn ?? column
        line -= 1
        column = min(want, lines[line].count)
        preferredColumn = want
        return true
    }

    /// Down: the line below; false on the last line (the pane then goes forward in history).
    @discardableResult
    public mutating func moveDown() -> Bool {
        guard line + 1 < lines.count else { return false }
        let want = preferredColumn ?? column
        line += 1
        column = min(want, lines[line].count)
        preferredColumn = want
        return true
    }

    /// Ctrl-A / Home.
    public mutating func moveToLineStart() { column = 0; preferredColumn = nil }
    /// Ctrl-E / End.
    public mutating func moveToLineEnd() { column = lines[line].count; preferredColumn = nil }
    public mutating func moveToStart() { line = 0; column = 0; preferredColumn = nil }
    public mutating func moveToEnd() { line = lines.count - 1; column = lines[line].count; preferredColumn = nil }

    /// Alt-B: the start of the word before the cursor.
    public mutating func moveWordLeft() {
        if column == 0 { return moveLeft() }
        column = wordStart(before: column)
        preferredColumn = nil
    }

    /// Alt-F: the end of the word after the cursor.
    public mutating func moveWordRight() {
        let l = lines[line]
        if column == l.count { return moveRight() }
        var i = column
        while i < l.count, !Self.isWordCharacter(l[i]) { i += 1 }
        while i < l.count, Self.isWordCharacter(l[i]) { i += 1 }
        column = i
        preferredColumn = nil
    }

    // MARK: Positions

    /// The cursor as an offset in Unicode scalars of `text`.
    public var cursorOffset: Int {
        var n = 0
        for i in 0..<line { n += String(lines[i]).unicodeScalars.count + 1 }
        return n + String(lines[line][..<column]).unicodeScalars.count
    }

    /// The (line, column) in characters of an offset in Unicode scalars of `text` (clamped to it).
    public func location(ofOffset offset: Int) -> (line: Int, column: Int) {
        var left = max(0, offset)
        for (i, l) in lines.enumerated() {
            var column = 0
            for c in l {
                let n = c.unicodeScalars.count
                if left < n { return (i, column) }
                left -= n
                column += 1
            }
            if left == 0 || i == lines.count - 1 { return (i, column) }
            left -= 1  // the line break
        }
        return (lines.count - 1, lines[lines.count - 1].count)
    }

    /// The statement the cursor is in (or just after its `;`), as the run key runs it.
    public func statementUnderCursor(dialect: Dialect) -> TypedStatement? {
        SQLScript.statement(at: cursorOffset, in: text, dialect: dialect)
    }

    /// Marks where the database found an error: `position` is `DatabaseError.position`, an offset
    /// into `statement.sql`, which began at `statement.offset` of this text.
    public mutating func markError(at position: Int, in statement: TypedStatement) {
        let at = location(ofOffset: statement.offset + position)
        errorMark = (at.line, at.column)
    }

    // MARK: Helpers

    private mutating func edited() {
        preferredColumn = nil
        errorAt = nil
    }

    private func wordStart(before end: Int) -> Int {
        let l = lines[line]
        var i = end
        while i > 0, !Self.isWordCharacter(l[i - 1]) { i -= 1 }
        while i > 0, Self.isWordCharacter(l[i - 1]) { i -= 1 }
        return i
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    public static func == (a: SQLEditorState, b: SQLEditorState) -> Bool {
        a.lines == b.lines && a.line == b.line && a.column == b.column && a.errorAt == b.errorAt
    }
}
