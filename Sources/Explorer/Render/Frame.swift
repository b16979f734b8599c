/// What the screen shows, as data: lines of styled spans, each line exactly `width` cells. The
/// terminal draws it; tests read it as text.
public struct Frame: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case normal, title, header, selected, dim, null, number, sql, warning, error, status, border, prompt
    }

    public struct Span: Sendable, Equatable {
        public var text: String
        public var style: Style
        public init(_ text: String, _ style: Style = .normal) {
            self.text = text
            self.style = style
        }
    }

    public var width: Int
    public var height: Int
    public var lines: [[Span]]
    /// Where the terminal cursor goes (a prompt), as (row, column), or nil to hide it.
    public var cursor: (row: Int, column: Int)?

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        lines = Array(repeating: [Span(String(repeating: " ", count: max(0, width)))], count: max(0, height))
    }

    /// Puts spans on a line, fitted to the width.
    public mutating func set(_ row: Int, _ spans: [Span]) {
        guard row >= 0, row < height else { return }
        var out: [Span] = [], used = 0
        for s in spans where used < width {
            // Grapheme clusters are kept whole (an emoji ZWJ sequence is two cells: `Character.displayWidth`).
            let text = s.text.fitted(width - used, pad: false)
            out.append(Span(text, s.style))
            used += text.displayWidth
        }
        if used < width { out.append(Span(String(repeating: " ", count: width - used))) }
        lines[row] = out
    }

    /// The frame as plain text, one line per row (trailing spaces kept).
    public var text: String { lines.map { $0.map(\.text).joined() }.joined(separator: "\n") }

    public static func == (a: Frame, b: Frame) -> Bool {
        a.width == b.width && a.height == b.height && a.lines == b.lines && a.cursor?.row == b.cursor?.row && a.cursor?.column == b.cursor?.column
    }
}
