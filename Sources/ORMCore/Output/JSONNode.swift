/// A parsed JSON value that keeps what the text said exactly: numbers as their text (no rounding
/// through Double), object keys in the order written. Used to nest a json/jsonb column's text in
/// JSON output, and to read values typed in their JSON form.
public indirect enum JSONNode: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number as written (valid JSON number syntax).
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([(String, JSONNode)])

    public static func == (a: JSONNode, b: JSONNode) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Parses JSON text (RFC 8259, any value at the top, whitespace around it); nil when it is not JSON.
    public static func parse(_ text: String) -> JSONNode? {
        var text = text
        return text.withUTF8 { bytes -> JSONNode? in
            var p = Parser(bytes: bytes)
            p.skipSpace()
            guard let v = p.value(depth: 0) else { return nil }
            p.skipSpace()
            return p.i == bytes.count ? v : nil
        }
    }

    /// Parses a JSON object's text as `parse` does, with the text of each member's value as
    /// written when it is an object or an array (nil for the others), in the members' order: a
    /// rows file's JSON values, to be stored as the very text they were (`JSONRowReader`).
    public static func parseKeepingMemberText(_ text: String) -> (node: JSONNode, memberTexts: [String?])? {
        var text = text
        return text.withUTF8 { bytes -> (node: JSONNode, memberTexts: [String?])? in
            var p = Parser(bytes: bytes)
            p.memberTexts = []
            p.skipSpace()
            guard let v = p.value(depth: 0) else { return nil }
            p.skipSpace()
            return p.i == bytes.count ? (v, p.memberTexts ?? []) : nil
        }
    }

    /// The value as compact JSON text.
    public var text: String {
        var w = JSONWriter()
        w.node(self)
        return w.text
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        /// The line `i` is on (1-based), counted only outside strings (JSON strings hold no raw newline).
        var line = 1
        /// With `keyLines` set, the line of every object key, in the order the keys are read.
        var keyLines: [Int]?
        /// With `memberTexts` set, the text of each value of the outermost object that is an object
        /// or array (nil for the others), in order.
        var memberTexts: [String?]?

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func skipSpace() {
            while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                if c == 0x0A { line += 1 }
                i += 1
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return false }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
            i += n
            return true
        }

        mutating func value(depth: Int) -> JSONNode? {
            guard depth < 512, let c = peek else { return nil }
            switch c {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(String, JSONNode)] = []
                skipSpace()
                if peek == UInt8(ascii: "}") { i += 1; return .object([]) }
                while true {
                    skipSpace()
                    let keyLine = line
                    guard peek == UInt8(ascii: "\""), let k = string() else { return nil }
                    keyLines?.append(keyLine)
                    skipSpace()
                    guard peek == UInt8(ascii: ":") else { return nil }
                    i += 1
                    skipSpace()
                    let start = i
                    guard let v = value(depth: depth + 1) else { return nil }
                    if depth == 0, memberTexts != nil {
                        let nested = bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[")
                        memberTexts!.append(nested ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self) : nil)
                    }
                    members.append((k, v))
                    skipSpace()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    if peek == UInt8(ascii: "}") { i += 1; return .object(members) }
                    return nil
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [JSONNode] = []
                skipSpace()
                if peek == UInt8(ascii: "]") { i += 1; return .array([]) }
                while true {
                    skipSpace()
                    guard let v = value(depth: depth + 1) else { return nil }
                    items.append(v)
                    skipSpace()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "\""): return string().map(JSONNode.string)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number()
            }
        }

        mutating func digits() -> Int {
            let start = i
            while let c = peek, c >= 48 && c <= 57 { i += 1 }
            return i - start
        }

        mutating func number() -> JSONNode? {
            let start = i
            if peek == UInt8(ascii: "-") { i += 1 }
            guard let first = peek, first >= 48 && first <= 57 else { return nil }
            if first == 48 { i += 1 } else { _ = digits() }
            if peek == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { return nil }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                i += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return nil }
            }
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case 48...57: d = UInt32(c - 48)
                case 97...102: d = UInt32(c - 87)
                case 65...70: d = UInt32(c - 55)
                default: return nil
                }
                v = v << 4 | d
                i += 1
            }
            return v
        }

        /// A string starting at its opening quote.
        mutating func string() -> String? {
            i += 1
            var out: [UInt8] = []
            var start = i
            while let c = peek {
                if c == UInt8(ascii: "\"") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c < 0x20 { return nil }
                if c != UInt8(ascii: "\\") { i += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                i += 1
                guard let e = peek else { return nil }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        // A surrogate pair: the low half must follow.
                        guard literal("\\u"), let low = hex4(), low >= 0xDC00 && low < 0xE000 else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        return nil
                    }
                    out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
                default: return nil
                }
                start = i
            }
            return nil
        }
    }
}

extension JSONWriter {
    /// A parsed JSON value, written compactly with its keys in their order and its numbers as written.
    public mutating func node(_ n: JSONNode) {
        switch n {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let s): numberText(s)
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { node(item) }
            endArray()
        case .object(let members):
            beginObject()
            for (k, v) in members { key(k); node(v) }
            endObject()
        }
    }
}
