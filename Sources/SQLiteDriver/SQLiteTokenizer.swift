/// SQLite's tokens, as its own tokenizer (`tokenize.c`) splits a statement, over the statement's
/// UTF-8 bytes: words (identifiers and keywords), quoted identifiers (`"a"`, `[a]`, `` `a` ``),
/// string literals, numbers, blob literals (`x'00'`) and single-byte punctuation. Whitespace and
/// comments (`-- ...`, `/* ... */`) are dropped. Each token keeps its byte range, so a span of
/// tokens gives the statement's text exactly as written (what SQLite's pragmas show for a
/// declared type or a default).
///
/// This is not ORMCore's `SQLLexer`, which reads what a user types for either backend, never fails
/// and counts in Unicode scalars: this one follows SQLite's own rules for the text SQLite stored
/// (any byte from 0x80 is part of a name, `x'..'` is a blob) and fails rather than guess.
struct SQLiteTokens {
    enum Kind: Equatable {
        case word, quoted, string, number, blob, punct
    }

    struct Token {
        var kind: Kind
        var start: Int
        var end: Int
    }

    let bytes: [UInt8]
    private(set) var tokens: [Token] = []

    /// Nil when the text has an unterminated quote or comment, or a byte no token starts with.
    init?(_ sql: String) {
        bytes = Array(sql.utf8)
        var i = 0
        let n = bytes.count
        tokens.reserveCapacity(n / 4)
        while i < n {
            let c = bytes[i]
            switch c {
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D:
                i += 1
            case UInt8(ascii: "-") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "-"):
                while i < n && bytes[i] != 0x0A { i += 1 }
            case UInt8(ascii: "/") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i + 1 < n && !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) { i += 1 }
                guard i + 1 < n else { return nil }
                i += 2
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "["):
                let close = c == UInt8(ascii: "[") ? UInt8(ascii: "]") : c
                var j = i + 1
                while true {
                    guard j < n else { return nil }
                    if bytes[j] == close {
                        // A doubled quote is one quote inside ('it''s'); brackets have no escape.
                        if close != UInt8(ascii: "]") && j + 1 < n && bytes[j + 1] == close { j += 2; continue }
                        break
                    }
                    j += 1
                }
                tokens.append(Token(kind: c == UInt8(ascii: "'") ? .string : .quoted, start: i, end: j + 1))
                i = j + 1
            case _ where c | 0x20 == UInt8(ascii: "x") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "'"):
                var j = i + 2
                while j < n && bytes[j] != UInt8(ascii: "'") { j += 1 }
                guard j < n else { return nil }
                tokens.append(Token(kind: .blob, start: i, end: j + 1))
                i = j + 1
            case _ where Self.isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < n && Self.isDigit(bytes[i + 1])):
                var j = i + 1
                // Digits, a fraction, an exponent with its sign, or hex digits after 0x.
                while j < n {
                    let d = bytes[j]
                    if Self.isIdentifier(d) || d == UInt8(ascii: ".") { j += 1; continue }
                    if (d == UInt8(ascii: "+") || d == UInt8(ascii: "-")), bytes[j - 1] | 0x20 == UInt8(ascii: "e"),
                       !(bytes[i] == UInt8(ascii: "0") && j > i + 1 && bytes[i + 1] | 0x20 == UInt8(ascii: "x")) { j += 1; continue }
                    break
                }
                tokens.append(Token(kind: .number, start: i, end: j))
                i = j
            default:
                if Self.isIdentifier(c) {
                    var j = i + 1
                    while j < n && Self.isIdentifier(bytes[j]) { j += 1 }
                    tokens.append(Token(kind: .word, start: i, end: j))
                    i = j
                } else if c < 0x80 {
                    tokens.append(Token(kind: .punct, start: i, end: i + 1))
                    i += 1
                } else {
                    return nil
                }
            }
        }
    }

    var count: Int { tokens.count }
    subscript(i: Int) -> Token { tokens[i] }

    /// Whether token `i` is the bare word `keyword` (upper-case ASCII), in any case.
    func isKeyword(_ i: Int, _ keyword: StaticString) -> Bool {
        guard i < tokens.count, tokens[i].kind == .word else { return false }
        let t = tokens[i]
        guard t.end - t.start == keyword.utf8CodeUnitCount else { return false }
        let k = keyword.utf8Start
        for o in 0..<keyword.utf8CodeUnitCount where bytes[t.start + o] & 0xDF != k[o] { return false }
        return true
    }

    /// Whether token `i` is the punctuation byte `p`.
    func isPunct(_ i: Int, _ p: Unicode.Scalar) -> Bool {
        i < tokens.count && tokens[i].kind == .punct && bytes[tokens[i].start] == UInt8(ascii: p)
    }

    /// The text of tokens `from...through` as written, whitespace and comments between them included.
    func text(_ from: Int, through: Int) -> String {
        String(decoding: bytes[tokens[from].start..<tokens[through].end], as: UTF8.self)
    }

    /// The text between the ends of two tokens (exclusive of both), without the whitespace at its ends.
    func text(between open: Int, and close: Int) -> String {
        var s = tokens[open].end, e = tokens[close].start
        while s < e && Self.isSpace(bytes[s]) { s += 1 }
        while e > s && Self.isSpace(bytes[e - 1]) { e -= 1 }
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    /// A name: a word as written, a quoted identifier or a string without its quotes (doubled
    /// quotes made single). Nil for any other token.
    func name(_ i: Int) -> String? {
        guard i < tokens.count else { return nil }
        let t = tokens[i]
        switch t.kind {
        case .word: return String(decoding: bytes[t.start..<t.end], as: UTF8.self)
        case .quoted, .string:
            let close = bytes[t.end - 1]
            var out: [UInt8] = []
            var j = t.start + 1
            while j < t.end - 1 {
                out.append(bytes[j])
                j += bytes[j] == close && close != UInt8(ascii: "]") ? 2 : 1
            }
            return String(decoding: out, as: UTF8.self)
        default: return nil
        }
    }

    /// The index of the `)` closing the `(` at `open`, or nil.
    func closing(_ open: Int) -> Int? {
        var depth = 0
        var i = open
        while i < tokens.count {
            if isPunct(i, "(") { depth += 1 } else if isPunct(i, ")") { depth -= 1; if depth == 0 { return i } }
            i += 1
        }
        return nil
    }

    /// Bytes SQLite takes into an identifier: ASCII letters, digits, `_`, `$`, and every byte of a
    /// multi-byte UTF-8 character.
    static func isIdentifier(_ c: UInt8) -> Bool {
        c >= 0x80 || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || isDigit(c)
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "$")
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
}
