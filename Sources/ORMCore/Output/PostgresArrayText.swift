import Foundation

/// PostgreSQL's array text format (`{1,2,NULL}`, `{"a b","say \"hi\""}`, `{{1,2},{3,4}}`,
/// `[0:1]={7,8}`), read into elements and written back from them.
///
/// Reading follows `array_in`: an optional dimension decoration before `=`, braces per dimension,
/// elements separated by the delimiter (a comma), double-quoted elements with backslash escapes,
/// unquoted elements trimmed of surrounding white space, and an unquoted `NULL` (any case) for NULL.
public enum PostgresArrayText {
    public indirect enum Item: Equatable, Sendable {
        case null
        case element(String)
        case array([Item])
    }

    /// The items of an array's text; nil when the text is not an array literal.
    public static func parse(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) -> [Item]? {
        var bytes = Array(text.utf8)
        var i = 0
        if bytes.first == UInt8(ascii: "[") {
            // Dimension decoration: [1:3]={...} or [1:2][1:2]={{...}}
            guard let eq = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            bytes.removeSubrange(0...eq)
        }
        func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C }
        while i < bytes.count, space(bytes[i]) { i += 1 }
        func array(_ depth: Int) -> [Item]? {
            guard depth < 64, i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
            i += 1
            var items: [Item] = []
            while i < bytes.count, space(bytes[i]) { i += 1 }
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return items }
            while i < bytes.count {
                while i < bytes.count, space(bytes[i]) { i += 1 }
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: "{") {
                    guard let inner = array(depth + 1) else { return nil }
                    items.append(.array(inner))
                } else if bytes[i] == UInt8(ascii: "\"") {
                    i += 1
                    var out: [UInt8] = []
                    var closed = false
                    while i < bytes.count {
                        let c = bytes[i]
                        i += 1
                        if c == UInt8(ascii: "\\") {
                            guard i < bytes.count else { return nil }
                            out.append(bytes[i]); i += 1
                        } else if c == UInt8(ascii: "\"") {
                            closed = true; break
                        } else {
                            out.append(c)
                        }
                    }
                    guard closed else { return nil }
                    items.append(.element(String(decoding: out, as: UTF8.self)))
                } else {
                    var out: [UInt8] = []
                    var lastKept = 0  // length of `out` up to its last escaped or non-space byte
                    var escaped = false
                    while i < bytes.count, bytes[i] != delimiter, bytes[i] != UInt8(ascii: "}") {
                        let c = bytes[i]
                        i += 1
                        if c == UInt8(ascii: "\\") {
                            guard i < bytes.count else { return nil }
                            out.append(bytes[i]); i += 1
                            lastKept = out.count
                            escaped = true
                        } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "{") {
                            return nil
                        } else {
                            out.append(c)
                            if !space(c) { lastKept = out.count }
                        }
                    }
                    out.removeSubrange(lastKept...)
                    let s = String(decoding: out, as: UTF8.self)
                    guard !s.isEmpty else { return nil }
                    items.append(!escaped && s.uppercased() == "NULL" ? .null : .element(s))
                }
                while i < bytes.count, space(bytes[i]) { i += 1 }
                guard i < bytes.count else { return nil }
                if bytes[i] == delimiter { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return items }
                return nil
            }
            return nil
        }
        guard let items = array(0) else { return nil }
        while i < bytes.count, space(bytes[i]) { i += 1 }
        return i == bytes.count ? items : nil
    }

    /// The array literal of `items`: every element double-quoted (so commas, braces, quotes, spaces and
    /// the word NULL survive), NULL unquoted.
    public static func literal(_ items: [Item]) -> String {
        var out = "{"
        for (k, item) in items.enumerated() {
            if k > 0 { out += "," }
            switch item {
            case .null: out += "NULL"
            case .array(let inner): out += literal(inner)
            case .element(let s):
                out += "\""
                for ch in s.unicodeScalars {
                    if ch == "\"" || ch == "\\" { out += "\\" }
                    out.unicodeScalars.append(ch)
                }
                out += "\""
            }
        }
        return out + "}"
    }

    /// The element type of an array type name: `integer[]` → `integer`, `_int4` → `int4`, `text[][]` → `text`.
    public static func elementType(of arrayType: String) -> String? {
        var t = arrayType.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("[]") {
            while t.hasSuffix("[]") { t.removeLast(2) }
            return t
        }
        if t.hasPrefix("_") { return String(t.dropFirst()) }
        return nil
    }
}
