/// A model's exact identity, (schema, table), and its one canonical text form.
///
/// The text form omits the default schema (`public` on PostgreSQL, `main` on SQLite) and writes each
/// part bare when it is a plain identifier (a letter or `_`, then letters, digits or `_`), otherwise in
/// double quotes with inner quotes doubled:
///
/// ```
/// hero            audit.store        "sx.ty"  (public's table named sx.ty)     sx.ty  (table ty in schema sx)
/// "my table"      "a""b"             sx."x.y"                                   "odd schema".t
/// ```
/// Different identities always have different text, and `parse(description)` gives the parts back, so
/// the text can be a dictionary key and the thing a user types. Never build a model name by joining
/// `schema + "." + table`: `public."sx.ty"` and `sx.ty` would meet.
public struct ModelName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The schema; `nil` for the default one.
    public var schema: String?
    public var table: String

    public init(schema: String? = nil, table: String) {
        self.schema = schema
        self.table = table
    }

    /// The canonical text: `table`, `schema.table`, each part quoted when it is not plain.
    public var description: String {
        guard let schema else { return Self.quoted(table) }
        // (Appended, not interpolated: asked for every model at 5,000 tables.)
        var text = Self.quoted(schema)
        text.append(".")
        text.append(Self.quoted(table))
        return text
    }

    public static func < (a: ModelName, b: ModelName) -> Bool { (a.schema ?? "", a.table) < (b.schema ?? "", b.table) }

    /// Whether a part can be written without quotes: a letter or `_`, then letters, digits or `_`.
    public static func isPlain(_ part: String) -> Bool {
        // ASCII fast path (the common case, and asked for every model name many times at 5,000 tables).
        let ascii: Bool? = withUTF8Buffer(part) { bytes in
            var plain = !bytes.isEmpty
            for (i, b) in bytes.enumerated() {
                if b >= 0x80 { return nil }
                let letter = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
                if !(letter || b == 0x5F || (i > 0 && b >= 0x30 && b <= 0x39)) { plain = false }
            }
            return plain
        }
        if let plain = ascii { return plain }
        guard let first = part.first, first.isLetter || first == "_" else { return false }
        return part.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0 != "\"" && $0 != "." }
            && part.unicodeScalars.allSatisfy { !$0.properties.isWhitespace }
    }

    /// A part as the canonical form writes it: bare when plain, else `"..."` with `"` doubled.
    public static func quoted(_ part: String) -> String {
        isPlain(part) ? part : "\"" + part.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One part of a name as typed, remembering whether it was quoted (a quoted part matches exactly).
    public struct Part: Sendable, Hashable {
        public var text: String
        public var quoted: Bool
        public init(_ text: String, quoted: Bool) {
            self.text = text
            self.quoted = quoted
        }
    }

    /// A name as typed: one part (`hero`, `"sx.ty"`) or two (`audit.store`, `sx."a b"`).
    public struct Typed: Sendable, Hashable {
        public var schema: Part?
        public var table: Part
    }

    /// Reads a typed name. Dots outside quotes separate the schema from the table; inside `"..."`
    /// anything goes, with `""` for a quote. A bare part may hold any character but `.` and `"`.
    ///
    /// Throws `ModelNameError` (one sentence, with the position) for an empty part, an unclosed quote,
    /// text right after a closing quote, or more than two parts.
    public static func parse(_ text: String) throws -> Typed {
        let parts = try Self.parts(text)
        guard parts.count <= 2 else {
            throw ModelNameError(text: text, reason: "it has \(parts.count) parts; a model name is table or schema.table, and a part that holds a dot is quoted, e.g. \"sx.ty\"")
        }
        return parts.count == 2 ? Typed(schema: parts[0], table: parts[1]) : Typed(schema: nil, table: parts[0])
    }

    /// The dotted parts of a name as typed, each remembering whether it was quoted: `sx."a b"`,
    /// `author."createdAt"`. Dots outside quotes separate; inside `"..."` anything goes, with `""`
    /// for a quote. Throws `ModelNameError` as `parse` does.
    public static func parts(_ text: String) throws -> [Part] {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        func fail(_ why: String) -> ModelNameError { ModelNameError(text: text, reason: why) }
        guard !chars.isEmpty else { throw fail("a model name cannot be empty") }
        var parts: [Part] = []
        var i = 0
        while true {
            if i < chars.count, chars[i] == "\"" {
                var value = ""
                var j = i + 1
                var closed = false
                while j < chars.count {
                    if chars[j] == "\"" {
                        if j + 1 < chars.count, chars[j + 1] == "\"" { value.append("\""); j += 2; continue }
                        closed = true
                        j += 1
                        break
                    }
                    value.append(chars[j])
                    j += 1
                }
                guard closed else { throw fail("the quote at character \(i + 1) is never closed") }
                guard !value.isEmpty else { throw fail("\"\" (at character \(i + 1)) is an empty name") }
                parts.append(Part(value, quoted: true))
                i = j
                if i < chars.count, chars[i] != "." {
                    throw fail("after the closing quote at character \(i) a dot or the end must follow, not \(chars[i])")
                }
            } else {
                var j = i
                while j < chars.count, chars[j] != ".", chars[j] != "\"" { j += 1 }
                if j < chars.count, chars[j] == "\"" {
                    throw fail("a quote may only open a part (at character \(j + 1)); write the whole part in quotes, with \"\" for a quote")
                }
                let value = String(chars[i..<j])
                guard !value.isEmpty else {
                    throw fail("there is an empty part at character \(i + 1); quote a name that holds a dot, e.g. \"sx.ty\"")
                }
                parts.append(Part(value, quoted: false))
                i = j
            }
            if i >= chars.count { break }
            i += 1  // the dot
            if i >= chars.count { throw fail("it ends with a dot") }
        }
        return parts
    }

    /// A canonical text read back (as `Registry` keys are): the exact parts, the default schema as `nil`.
    /// `nil` when the text does not parse.
    public init?(canonical text: String) {
        guard let t = try? Self.parse(text) else { return nil }
        self.init(schema: t.schema?.text, table: t.table.text)
    }
}

/// A model name that cannot be read.
public struct ModelNameError: UserFacingError, Equatable {
    public var text: String
    public var reason: String
    public var sentence: String { "\"\(text)\" is not a model name: \(reason)." }
}
