import ORMCore

/// Finds the CHECK constraints in a CREATE TABLE statement's text, which is the only place
/// SQLite keeps them: `[CONSTRAINT name] CHECK (expression)`, with nested parentheses and
/// quoted strings skipped correctly.
enum CheckClauseScanner {
    static func checks(in sql: String) -> [CheckConstraint] {
        let chars = Array(sql)
        var result: [CheckConstraint] = []
        var i = 0
        var lastConstraintName: String?
        while i < chars.count {
            let c = chars[i]
            if c == "'" || c == "\"" || c == "`" || c == "[" {  // skip quoted text and identifiers
                let close: Character = c == "[" ? "]" : c
                i += 1
                while i < chars.count && chars[i] != close { i += 1 }
                i += 1
                continue
            }
            if matchesWord("CONSTRAINT", chars, at: i) {
                i += "CONSTRAINT".count
                while i < chars.count && chars[i].isWhitespace { i += 1 }
                let (name, next) = readName(chars, at: i)
                lastConstraintName = name
                i = next
                continue
            }
            if matchesWord("CHECK", chars, at: i) {
                var j = i + "CHECK".count
                while j < chars.count && chars[j].isWhitespace { j += 1 }
                guard j < chars.count, chars[j] == "(" else { i = j; continue }
                var depth = 0, k = j
                var inQuote: Character?
                repeat {
                    let ch = chars[k]
                    if let q = inQuote { if ch == q { inQuote = nil } }
                    else if ch == "'" || ch == "\"" { inQuote = ch }
                    else if ch == "(" { depth += 1 }
                    else if ch == ")" { depth -= 1 }
                    k += 1
                } while k < chars.count && depth > 0
                let expression = String(chars[(j + 1)..<max(j + 1, k - 1)]).trimmingCharacters(in: .whitespacesAndNewlines)
                result.append(CheckConstraint(name: lastConstraintName, expression: expression))
                lastConstraintName = nil
                i = k
                continue
            }
            if c == "," { lastConstraintName = nil }
            i += 1
        }
        return result
    }

    private static func matchesWord(_ word: String, _ chars: [Character], at i: Int) -> Bool {
        let w = Array(word)
        guard i + w.count <= chars.count else { return false }
        if i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" { return false }
        for (k, ch) in w.enumerated() where chars[i + k].uppercased() != String(ch) { return false }
        let after = i + w.count
        return after == chars.count || !(chars[after].isLetter || chars[after].isNumber || chars[after] == "_")
    }

    private static func readName(_ chars: [Character], at i: Int) -> (String, Int) {
        guard i < chars.count else { return ("", i) }
        if chars[i] == "\"" || chars[i] == "`" || chars[i] == "[" {
            let close: Character = chars[i] == "[" ? "]" : chars[i]
            var j = i + 1
            while j < chars.count && chars[j] != close { j += 1 }
            return (String(chars[(i + 1)..<min(j, chars.count)]), j + 1)
        }
        var j = i
        while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_") { j += 1 }
        return (String(chars[i..<j]), j)
    }
}
