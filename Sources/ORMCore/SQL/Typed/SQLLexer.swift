/// Reads SQL text typed by the user into tokens, skipping what hides a `;` or a keyword (strings,
/// quoted identifiers, dollar-quoted bodies, comments). Positions are offsets in Unicode scalars,
/// the unit PostgreSQL's error position counts in.
///
/// It is not a parser: it knows enough to split a script into statements and to tell a read from
/// a write (`SQLScript`, `TypedStatementKind`), and it never fails: an unterminated string or
/// comment runs to the end of the text (the server then says what is wrong).
public struct SQLToken: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A keyword or unquoted name; `text` is upper-cased.
        case word
        /// `"name"`, `[name]`, `` `name` ``; `text` is the name as written, without quotes.
        case quotedIdentifier
        /// `'...'`, `E'...'`, `$tag$...$tag$`.
        case string
        case number
        /// `$1`, `?`, `:name`, `@name`.
        case parameter
        /// One character of punctuation or an operator: `(`, `)`, `;`, `,`, `.`, `=`...
        case symbol
    }

    public var kind: Kind
    public var text: String
    /// Where the token is in the text, in Unicode scalars.
    public var range: Range<Int>

    public func isWord(_ w: String) -> Bool { kind == .word && text == w }
    public func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
}

public enum SQLLexer {
    /// The tokens of `text` under `syntax`, comments and whitespace left out.
    public static func tokens(_ text: String, syntax: ScriptSyntax) -> [SQLToken] {
        tokens(Array(text.unicodeScalars), syntax: syntax)
    }

    public static func tokens(_ s: [Unicode.Scalar], syntax: ScriptSyntax) -> [SQLToken] {
        var out: [SQLToken] = []
        var i = 0
        let n = s.count
        func isWordStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isWordPart(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || ("0"..."9").contains(c) || c == "$" }
        func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(s[r])) }
        /// Index after a quoted run that began at `start` (the opening quote), `close` doubled inside.
        func quoted(from start: Int, close: Unicode.Scalar, backslash: Bool = false) -> Int {
            var j = start + 1
            while j < n {
                if backslash && s[j] == "\\" { j += 2; continue }
                if s[j] == close {
                    if j + 1 < n && s[j + 1] == close && close != "]" { j += 2; continue }
                    return j + 1
                }
                j += 1
            }
            return n
        }
        while i < n {
            let c = s[i]
            if c.properties.isWhitespace { i += 1; continue }
            // -- comment
            if c == "-" && i + 1 < n && s[i + 1] == "-" {
                while i < n && s[i] != "\n" { i += 1 }
                continue
            }
            // /* comment */
            if c == "/" && i + 1 < n && s[i + 1] == "*" {
                var depth = 1
                i += 2
                while i < n && depth > 0 {
                    if s[i] == "*" && i + 1 < n && s[i + 1] == "/" { depth -= 1; i += 2; continue }
                    if syntax.nestedComments && s[i] == "/" && i + 1 < n && s[i + 1] == "*" { depth += 1; i += 2; continue }
                    i += 1
                }
                continue
            }
            let start = i
            if c == "'" {
                i = quoted(from: i, close: "'")
                out.append(SQLToken(kind: .string, text: text(start..<i), range: start..<i))
                continue
            }
            if syntax.escapeStrings && (c == "E" || c == "e") && i + 1 < n && s[i + 1] == "'" {
                i = quoted(from: i + 1, close: "'", backslash: true)
                out.append(SQLToken(kind: .string, text: text(start..<i), range: start..<i))
                continue
            }
            if c == "\"" || (syntax.bracketIdentifiers && (c == "[" || c == "`")) {
                let close: Unicode.Scalar = c == "[" ? "]" : c
                i = quoted(from: i, close: close)
                let inner = i - 1 > start + 1 ? text((start + 1)..<(i - 1)) : ""
                out.append(SQLToken(kind: .quotedIdentifier, text: inner.replacingOccurrences(of: String(close) + String(close), with: String(close)), range: start..<i))
                continue
            }
            if c == "$" {
                // $1: a parameter; $tag$ or $$: a dollar-quoted string (PostgreSQL).
                var j = i + 1
                if j < n, ("0"..."9").contains(s[j]) {
                    while j < n, ("0"..."9").contains(s[j]) { j += 1 }
                    out.append(SQLToken(kind: .parameter, text: text(i..<j), range: i..<j))
                    i = j
                    continue
                }
                if syntax.dollarQuotes {
                    while j < n, isWordPart(s[j]), s[j] != "$" { j += 1 }
                    if j < n, s[j] == "$" {
                        let tag = Array(s[i...j])
                        var k = j + 1
                        var end = n
                        while k + tag.count <= n {
                            if s[k] == "$" && Array(s[k..<(k + tag.count)]) == tag { end = k + tag.count; break }
                            k += 1
                        }
                        i = end
                        out.append(SQLToken(kind: .string, text: text(start..<i), range: start..<i))
                        continue
                    }
                }
            }
            if isWordStart(c) {
                while i < n, isWordPart(s[i]) { i += 1 }
                out.append(SQLToken(kind: .word, text: text(start..<i).uppercased(), range: start..<i))
                continue
            }
            if ("0"..."9").contains(c) || (c == "." && i + 1 < n && ("0"..."9").contains(s[i + 1])) {
                while i < n, ("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "_" || s[i].properties.isAlphabetic { i += 1 }
                out.append(SQLToken(kind: .number, text: text(start..<i), range: start..<i))
                continue
            }
            if c == "?" || ((c == ":" || c == "@") && i + 1 < n && isWordStart(s[i + 1]) && !(c == ":" && i > 0 && s[i - 1] == ":")) {
                i += 1
                while i < n, isWordPart(s[i]) { i += 1 }
                out.append(SQLToken(kind: .parameter, text: text(start..<i), range: start..<i))
                continue
            }
            i += 1
            out.append(SQLToken(kind: .symbol, text: String(c), range: start..<i))
        }
        return out
    }
}
