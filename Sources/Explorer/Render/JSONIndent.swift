/// JSON laid out by its structure for the value viewer: one member or element a line, two
/// spaces of indentation a level, strings as they are. A text that is not well-formed JSON
/// (brackets that do not balance, a string left open) gives nil and is shown as it is.
public enum JSONIndent {
    /// Texts larger than this are shown as they are (indenting reads the whole value).
    public static let limit = 8 << 20

    public static func pretty(_ text: String) -> String? {
        guard text.utf8.count <= limit else { return nil }
        let trimmed = text.utf8.drop { $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }
        guard let first = trimmed.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 2)
        var depth = 0, inString = false, escaped = false
        var stack: [UInt8] = []
        let bytes = Array(trimmed)
        func newline() {
            out.append(10)
            out.append(contentsOf: repeatElement(32, count: depth * 2))
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            switch b {
            case 32, 10, 13, 9: break
            case UInt8(ascii: "\""): inString = true; out.append(b)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                var j = i + 1
                while j < bytes.count, [32, 10, 13, 9].contains(bytes[j]) { j += 1 }
                if j < bytes.count, bytes[j] == close {
                    out.append(b)
                    out.append(close)
                    i = j
                } else {
                    out.append(b)
                    stack.append(close)
                    depth += 1
                    newline()
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard stack.popLast() == b else { return nil }
                depth -= 1
                newline()
                out.append(b)
            case UInt8(ascii: ","):
                guard !stack.isEmpty else { return nil }
                out.append(b)
                newline()
            case UInt8(ascii: ":"):
                out.append(b)
                out.append(32)
            default: out.append(b)
            }
            if stack.isEmpty && i < bytes.count - 1 {
                // Something after the closing bracket other than spaces: not one JSON value.
                if bytes[(i + 1)...].contains(where: { ![32, 10, 13, 9].contains($0) }) { return nil }
                break
            }
            i += 1
        }
        guard stack.isEmpty, !inString else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}
