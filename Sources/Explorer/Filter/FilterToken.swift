/// A token of the filter language, with its position (1-based column) for error messages.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case string(String)
        case number(String)
        case op(String)        // = == != <> < <= > >=
        case lparen, rparen, comma, dot
        case keyword(String)   // and or not in is null like ilike true false (lowercased)
        case end
    }
    var kind: Kind
    var position: Int
    /// The text as typed, for "found ..." in messages.
    var text: String
}

/// Splits filter text into tokens. Never fails on any input: a character it cannot use becomes an
/// error with its position.
enum FilterLexer {
    static let keywords: Set<String> = ["and", "or", "not", "in", "is", "null", "like", "ilike", "true", "false"]

    static func tokens(_ input: String) throws -> [FilterToken] {
        let chars = Array(input)
        var out: [FilterToken] = []
        var i = 0
        func err(_ message: String, _ at: Int) -> FilterError { FilterError(message: message, position: at + 1, input: input) }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            switch c {
            case "(": out.append(.init(kind: .lparen, position: start + 1, text: "(")); i += 1
            case ")": out.append(.init(kind: .rparen, position: start + 1, text: ")")); i += 1
            case ",": out.append(.init(kind: .comma, position: start + 1, text: ",")); i += 1
            case ".": 
                if i + 1 < chars.count, chars[i + 1].isNumber { fallthrough }
                out.append(.init(kind: .dot, position: start + 1, text: ".")); i += 1
            case "0"..."9", "-", "+":
                var j = i
                if chars[j] == "-" || chars[j] == "+" { j += 1 }
                let digitsStart = j
                while j < chars.count, chars[j].isASCII, chars[j].isNumber || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "-" || chars[k] == "+" { k += 1 }
                    if k < chars.count, chars[k].isASCII, chars[k].isNumber {
                        j = k
                        while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                    }
                }
                let text = String(chars[i..<j])
                guard j > digitsStart, Double(text) != nil else {
                    throw err("\"\(String(chars[i..<max(j, i + 1)]))\" is not a number", start)
                }
                out.append(.init(kind: .number(text), position: start + 1, text: text))
                i = j
            case "'", "\"":
                var j = i + 1
                var value = ""
                var closed = false
                while j < chars.count {
                    if chars[j] == "\\", j + 1 < chars.count { value.append(chars[j + 1]); j += 2; continue }
                    if chars[j] == c {
                        if j + 1 < chars.count, chars[j + 1] == c { value.append(c); j += 2; continue }  // doubled quote
                        closed = true
                        j += 1
                        break
                    }
                    value.append(chars[j])
                    j += 1
                }
                guard closed else { throw err("the text starting here has no closing \(c)", start) }
                out.append(.init(kind: .string(value), position: start + 1, text: String(chars[i..<j])))
                i = j
            case "`":
                var j = i + 1
                while j < chars.count, chars[j] != "`" { j += 1 }
                guard j < chars.count else { throw err("the name starting here has no closing `", start) }
                out.append(.init(kind: .identifier(String(chars[(i + 1)..<j])), position: start + 1, text: String(chars[i...j])))
                i = j + 1
            case "=", "!", "<", ">":
                var j = i + 1
                if j < chars.count, chars[j] == "=" || (c == "<" && chars[j] == ">") { j += 1 }
                var op = String(chars[i..<j])
                if op == "!" { throw err("\"!\" must be followed by \"=\" (use != or not)", start) }
                if op == "==" { op = "=" }
                if op == "!=" { op = "<>" }
                out.append(.init(kind: .op(op), position: start + 1, text: String(chars[i..<j])))
                i = j
            default:
                guard c.isLetter || c == "_" else { throw err("\"\(c)\" cannot be used here", start) }
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                let word = String(chars[i..<j])
                let lower = word.lowercased()
                out.append(.init(kind: keywords.contains(lower) ? .keyword(lower) : .identifier(word), position: start + 1, text: word))
                i = j
            }
        }
        out.append(.init(kind: .end, position: chars.count + 1, text: "the end"))
        return out
    }
}
