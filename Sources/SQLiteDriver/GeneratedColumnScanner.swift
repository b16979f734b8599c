/// Finds the expressions of generated columns in a CREATE TABLE statement
/// (`total REAL GENERATED ALWAYS AS (price * qty) STORED`, or the short `total AS (price * qty)`):
/// `pragma_table_xinfo` says a column is generated (hidden 2 or 3) but not how.
enum GeneratedColumnScanner {
    /// Lower-cased column name -> the expression between the parentheses after `AS`, as written.
    static func expressions(in sql: String) -> [String: String] {
        guard sql.range(of: " AS", options: .caseInsensitive) != nil else { return [:] }
        var out: [String: String] = [:]
        for item in items(of: sql) {
            let chars = Array(item)
            guard let name = firstWord(chars) else { continue }
            // The first ` AS (` outside quotes at depth 0 of the item.
            var i = 0, depth = 0
            var quote: Character?
            while i < chars.count {
                let c = chars[i]
                if let q = quote { if c == q { quote = nil }; i += 1; continue }
                if c == "'" || c == "\"" || c == "`" || c == "[" { quote = c == "[" ? "]" : c; i += 1; continue }
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                if depth == 0, i + 2 < chars.count, i > 0, chars[i - 1].isWhitespace,
                   String(chars[i...(i + 1)]).uppercased() == "AS", !(chars[i + 2].isLetter || chars[i + 2].isNumber || chars[i + 2] == "_") {
                    var j = i + 2
                    while j < chars.count, chars[j].isWhitespace { j += 1 }
                    if j < chars.count, chars[j] == "(", let body = balanced(chars, from: j) {
                        out[name.lowercased()] = body.trimmingCharacters(in: .whitespaces)
                    }
                    break
                }
                i += 1
            }
        }
        return out
    }

    /// The text inside the parentheses opening at `start`.
    static func balanced(_ chars: [Character], from start: Int) -> String? {
        var depth = 0
        var quote: Character?
        for k in start..<chars.count {
            let c = chars[k]
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "'" || c == "\"" { quote = c; continue }
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1; if depth == 0 { return String(chars[(start + 1)..<k]) } }
        }
        return nil
    }

    /// The table's items (columns and constraints), split at top-level commas.
    static func items(of sql: String) -> [String] {
        guard let open = sql.firstIndex(of: "(") else { return [] }
        var items: [String] = [""]
        var depth = 0
        var quote: Character?
        for c in sql[sql.index(after: open)...] {
            if let q = quote { if c == q { quote = nil }; items[items.count - 1].append(c); continue }
            if c == "'" || c == "\"" || c == "`" { quote = c } else if c == "[" { quote = "]" }
            if c == "(" { depth += 1 }
            if c == ")" { if depth == 0 { break }; depth -= 1 }
            if c == ",", depth == 0 { items.append(""); continue }
            items[items.count - 1].append(c)
        }
        return items
    }

    /// The item's first word, unquoted (a column's name).
    static func firstWord(_ chars: [Character]) -> String? {
        var i = 0
        while i < chars.count, chars[i].isWhitespace { i += 1 }
        guard i < chars.count else { return nil }
        if let close: Character = ["\"": "\"", "`": "`", "[": "]"][chars[i]] {
            var name = ""
            var j = i + 1
            while j < chars.count {
                if chars[j] == close {
                    if j + 1 < chars.count, chars[j + 1] == close, close != "]" { name.append(close); j += 2; continue }
                    return name
                }
                name.append(chars[j]); j += 1
            }
            return nil
        }
        let word = String(chars[i...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" })
        return word.isEmpty ? nil : word
    }
}
