/// The text of a prompt (`/` and `:`), edited at its end in time linear in what is typed: a
/// character is appended in place (no copy of the line per key) and the display width is kept
/// as it changes, so a 20 KB paste costs 20 K appends, and drawing the prompt reads only the tail
/// that fits on the status line.
public struct LineEditor: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    public private(set) var text: String
    /// The text's width in terminal cells, kept up to date by every edit.
    public private(set) var displayWidth: Int

    public init(_ text: String = "") {
        self.text = text
        displayWidth = text.displayWidth
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { text }
    public var isEmpty: Bool { text.isEmpty }

    public mutating func insert(_ c: Character) {
        // Printable ASCII after anything but a joiner (U+200D ends in 0x8D): one cell, nothing to recount.
        if let a = c.asciiValue, a >= 0x20, a < 0x7F, text.utf8.last != 0x8D {
            text.append(c)
            displayWidth += 1
            return
        }
        // A combining mark or a joiner may join the character before it: what follows the last
        // character's start is recounted (one character, or two when they did not join).
        if let last = text.last, c.unicodeScalars.first?.properties.generalCategory.isMark == true || c.unicodeScalars.first?.value == 0x200D || last.unicodeScalars.last?.value == 0x200D {
            let start = text.index(before: text.endIndex)
            displayWidth -= last.displayWidth
            text.append(c)
            displayWidth += String(text[start...]).displayWidth
        } else {
            text.append(c)
            displayWidth += c.displayWidth
        }
    }

    public mutating func insert(_ s: String) { for c in s { insert(c) } }

    public mutating func deleteBackward() {
        guard let last = text.popLast() else { return }
        displayWidth = max(0, displayWidth - last.displayWidth)
    }

    /// The end of the text that fits in `width` cells (what the status line shows: the cursor is at
    /// the end), read backwards from the end only as far as needed.
    public func tail(fitting width: Int) -> (text: String, width: Int) {
        guard displayWidth > width else { return (text, displayWidth) }
        var used = 0, i = text.endIndex
        while i > text.startIndex {
            let before = text.index(before: i)
            let w = text[before].displayWidth
            if used + w > width { break }
            used += w
            i = before
        }
        return (String(text[i...]), used)
    }
}

extension Unicode.GeneralCategory {
    var isMark: Bool { self == .nonspacingMark || self == .enclosingMark || self == .spacingMark }
}
