import ORMCore

/// The value viewer (`v`): one value, paged through lazily. Only the lines on screen are laid
/// out, from `top`; text wraps at spaces where it can (at the pane's edge where a word is longer),
/// binary shows as an offset / hex / ASCII dump. Cost per frame and per key is bounded by the
/// window, not by the value (a 10 MB text opens, pages and closes as fast as a short one).
public struct ValueView: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case text(String)
        case bytes([UInt8])
        /// No value: shown as `CellText.nullText` and "(no value)", never as four bytes of text.
        case null
    }
    public var title: String
    public var content: Content
    /// Where the top line starts: a UTF-8 offset into the text (always on a character boundary),
    /// or a byte offset into the binary value.
    public private(set) var top = 0
    /// The tops scrolled past, so going back up retraces the same lines.
    var above: [Int] = []

    /// How far back a line up looks for the line's start when it was not scrolled past (a value
    /// without line breaks is wrapped from at most this many bytes back).
    static let lookBack = 16_384

    /// The viewer's title for a field of a row: `big_value.body of row 3`.
    public static func title(model: String, field: String, key: [Value]) -> String {
        "\(model).\(field) of row \(KeyText.text(key))"
    }

    public init(title: String, value: Value) {
        self.title = title
        switch value {
        case .null: content = .null
        case .blob(let b): content = .bytes(b)
        case .text(let s): content = .text(s)
        default: content = .text(value.displayText ?? "")
        }
    }

    /// The value's size in bytes (UTF-8 for text).
    public var byteCount: Int {
        switch content {
        case .text(let s): return s.utf8.count
        case .bytes(let b): return b.count
        case .null: return 0
        }
    }

    /// The lines to show from the top, at most `count`, each at most `width` cells; and where the
    /// line after them starts.
    public func lines(width: Int, count: Int) -> (lines: [String], end: Int) {
        var out: [String] = [], at = top
        while out.count < count, at < byteCount {
            let (text, next) = line(from: at, width: width)
            out.append(text)
            at = next
        }
        return (out, at)
    }

    // MARK: Moving

    public mutating func down(_ n: Int, width: Int) {
        for _ in 0..<n {
            let next = line(from: top, width: width).next
            guard next < byteCount else { return }
            above.append(top)
            top = next
        }
    }

    public mutating func up(_ n: Int, width: Int) {
        for _ in 0..<n where top > 0 {
            top = above.popLast() ?? previousTop(width: width)
        }
    }

    public mutating func home() {
        top = 0
        above = []
    }

    /// Shows the last `count` lines.
    public mutating func end(width: Int, count: Int) {
        above = []
        top = byteCount
        up(max(1, count), width: width)
    }

    // MARK: Layout (bounded by the width)

    /// The bytes one dump line holds at this width: 16, 8 or 4.
    static func bytesPerLine(_ width: Int) -> Int { width >= 11 + 4 * 16 ? 16 : width >= 11 + 4 * 8 ? 8 : 4 }

    /// One screen line from `offset`, and where the next starts.
    func line(from offset: Int, width: Int) -> (text: String, next: Int) {
        switch content {
        case .bytes(let b):
            let n = ValueView.bytesPerLine(width)
            let start = offset - offset % n, end = min(b.count, start + n)
            let slice = b[start..<end]
            let o = UInt32(truncatingIfNeeded: start)
            var hex = ""
            for (i, byte) in slice.enumerated() { hex += (i > 0 ? " " : "") + Hex.encode(CollectionOfOne(byte)) }
            let padding = String(repeating: " ", count: (n - slice.count) * 3)
            let ascii = String(slice.map { (32...126).contains($0) ? Character(Unicode.Scalar($0)) : "." })
            return (Hex.encode([UInt8(o >> 24), UInt8(o >> 16 & 255), UInt8(o >> 8 & 255), UInt8(o & 255)]) + "  " + hex + padding + "  " + ascii, end)
        case .text(let s):
            return ValueView.wrap(s, from: offset, width: width)
        case .null:
            return ("", 0)
        }
    }

    /// A line of `s` from the UTF-8 offset `offset`: up to a line break (consumed), or as many
    /// characters as fit in `width` cells, broken after the last space when there is one.
    static func wrap(_ s: String, from offset: Int, width: Int) -> (text: String, next: Int) {
        let utf8 = s.utf8
        var i = utf8.index(utf8.startIndex, offsetBy: offset)
        var out = "", used = 0
        var lastSpace: (shown: String.Index, next: String.Index)?
        while i < s.endIndex {
            let c = s[i]
            let after = s.index(after: i)
            if c.isNewline { return (out, utf8.distance(from: utf8.startIndex, to: after)) }
            let shown = c.shownInline
            let w = shown.displayWidth
            if used + w > max(1, width), !out.isEmpty {
                if c == " " { return (out, utf8.distance(from: utf8.startIndex, to: after)) }
                if let sp = lastSpace { return (String(out[..<sp.shown]), utf8.distance(from: utf8.startIndex, to: sp.next)) }
                return (out, utf8.distance(from: utf8.startIndex, to: i))
            }
            out.append(shown)
            used += w
            if c == " " { lastSpace = (out.endIndex, after) }
            i = after
        }
        return (out, utf8.count)
    }

    /// The start of the line above `top`, found without `above`: from the start of its text line
    /// (at most `lookBack` bytes back), wrapped forward to just before `top`.
    func previousTop(width: Int) -> Int {
        guard top > 0 else { return 0 }
        switch content {
        case .null: return 0
        case .bytes:
            let n = ValueView.bytesPerLine(width)
            return max(0, (top - 1) - (top - 1) % n)
        case .text(let s):
            let bytes = s.utf8
            let floor = max(0, top - 1 - ValueView.lookBack)
            var start = floor
            var i = bytes.index(bytes.startIndex, offsetBy: top - 1)
            while i > bytes.startIndex, bytes.distance(from: bytes.startIndex, to: i) > floor {
                let before = bytes.index(before: i)
                if bytes[before] == 10 { start = bytes.distance(from: bytes.startIndex, to: i); break }
                i = before
            }
            // On a character's first byte (a UTF-8 continuation byte is 10xxxxxx).
            var k = bytes.index(bytes.startIndex, offsetBy: start)
            while k > bytes.startIndex, bytes[k] & 0xC0 == 0x80 { k = bytes.index(before: k); start -= 1 }
            var at = start, previous = start
            while at < top {
                previous = at
                let next = ValueView.wrap(s, from: at, width: width).next
                if next <= at { break }
                at = next
            }
            return previous
        }
    }
}
