/// Finds which foreign keys of a CREATE TABLE statement are DEFERRABLE (and INITIALLY DEFERRED):
/// SQLite's `pragma foreign_key_list` does not say, so its only record is the table's text.
/// Reads column constraints (`team_id integer REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED`)
/// and table constraints (`[CONSTRAINT n] FOREIGN KEY (a, b) REFERENCES t (x, y) ...`).
enum ForeignKeyClauseScanner {
    struct Clause: Equatable {
        var columns: [String]
        var table: String
        var isDeferrable: Bool
        var isInitiallyDeferred: Bool
    }

    static func clauses(in sql: String) -> [Clause] {
        let tokens = tokenize(sql)
        guard let open = tokens.firstIndex(of: .punct("(")) else { return [] }
        // The table's items: comma-separated at depth 1.
        var items: [[Token]] = [[]]
        var depth = 0
        for t in tokens[open...] {
            if t == .punct("(") { depth += 1; if depth == 1 { continue } }
            if t == .punct(")") { depth -= 1; if depth == 0 { break } }
            if depth == 1 && t == .punct(",") { items.append([]); continue }
            items[items.count - 1].append(t)
        }
        var out: [Clause] = []
        for var item in items where !item.isEmpty {
            if item.first?.keyword == "CONSTRAINT" { item.removeFirst(min(2, item.count)) }
            guard let refs = item.firstIndex(where: { $0.keyword == "REFERENCES" }), refs + 1 < item.count else { continue }
            var columns: [String] = []
            if item.first?.keyword == "FOREIGN" {
                var i = item.firstIndex(of: .punct("(")).map { $0 + 1 } ?? item.count
                while i < refs, item[i] != .punct(")") {
                    if case .word(let w) = item[i] { columns.append(w) }
                    i += 1
                }
            } else if case .word(let name) = item[0] {
                columns = [name]
            }
            guard case .word(let table) = item[refs + 1] else { continue }
            let rest = Array(item[(refs + 1)...])
            var deferrable = false, deferred = false
            if let d = rest.firstIndex(where: { $0.keyword == "DEFERRABLE" }) {
                deferrable = !(d > 0 && rest[d - 1].keyword == "NOT")
                if deferrable, d + 2 < rest.count, rest[d + 1].keyword == "INITIALLY" { deferred = rest[d + 2].keyword == "DEFERRED" }
            }
            out.append(Clause(columns: columns, table: table, isDeferrable: deferrable, isInitiallyDeferred: deferred))
        }
        return out
    }

    enum Token: Equatable {
        case word(String)
        case punct(Character)
        case literal

        var keyword: String? { if case .word(let w) = self { return w.uppercased() } else { return nil } }
    }

    /// Words (quoted identifiers unquoted), parentheses and commas; string literals as one token.
    static func tokenize(_ sql: String) -> [Token] {
        let chars = Array(sql)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "'" || c == "\"" || c == "`" || c == "[" {
                let close: Character = c == "[" ? "]" : c
                var j = i + 1, text = ""
                while j < chars.count {
                    if chars[j] == close {
                        if close != "]" && j + 1 < chars.count && chars[j + 1] == close { text.append(close); j += 2; continue }
                        break
                    }
                    text.append(chars[j])
                    j += 1
                }
                tokens.append(c == "'" ? .literal : .word(text))
                i = j + 1
                continue
            }
            if c == "(" || c == ")" || c == "," { tokens.append(.punct(c)); i += 1; continue }
            var j = i
            while j < chars.count, !chars[j].isWhitespace, !"(),'\"`[".contains(chars[j]) { j += 1 }
            if j == i { j += 1 }
            tokens.append(.word(String(chars[i..<j])))
            i = j
        }
        return tokens
    }
}
