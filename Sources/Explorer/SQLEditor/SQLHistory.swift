import ORMCore

/// The statements run from the SQL editor, oldest first, kept across sessions in a plain file
/// (the runtime reads and writes it; the executable chooses its path in the XDG state directory,
/// `$XDG_STATE_HOME/ormscope/sql_history`). Pure: Up/Down walk it, Ctrl-R searches it.
///
/// The file holds one entry per line, a statement's line breaks written `\n` and backslashes
/// `\\`, so a multi-line statement stays one entry. A password in an entry (`PASSWORD '...'`) is
/// masked before it is kept, so the file never holds one.
public struct SQLHistory: Sendable, Equatable {
    public private(set) var entries: [String]
    public let limit: Int
    /// Where Up/Down are (nil: at the text being typed, past the newest entry).
    public private(set) var index: Int?
    /// The text being typed when Up first left it, brought back by Down past the newest entry.
    private var draft: String?

    public init(entries: [String] = [], limit: Int = 1000) {
        self.limit = limit
        self.entries = Array(entries.suffix(limit))
    }

    /// Keeps a statement just run: masked, not twice in a row, the oldest dropped past `limit`.
    public mutating func add(_ statement: String) {
        let s = Self.masked(statement.trimmingTrailingWhitespace)
        index = nil
        draft = nil
        guard !s.isEmpty, entries.last != s else { return }
        entries.append(s)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// Up: the entry before the one shown (the newest first), or nil at the oldest.
    public mutating func older(than current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        let next = (index ?? entries.count) - 1
        guard next >= 0 else { return nil }
        if index == nil { draft = current }
        index = next
        return entries[next]
    }

    /// Down: the entry after the one shown; past the newest, the text that was being typed.
    public mutating func newer() -> String? {
        guard let i = index else { return nil }
        if i + 1 < entries.count {
            index = i + 1
            return entries[i + 1]
        }
        index = nil
        defer { draft = nil }
        return draft ?? ""
    }

    /// Ctrl-R: the newest entry before `before` (an index; nil: from the newest) that contains
    /// `query` (case-insensitive), with its index so a second Ctrl-R finds the one before it.
    public func search(_ query: String, before: Int? = nil) -> (index: Int, entry: String)? {
        guard !query.isEmpty else { return nil }
        let q = query.lowercased()
        var i = min(before ?? entries.count, entries.count) - 1
        while i >= 0 {
            if entries[i].lowercased().contains(q) { return (i, entries[i]) }
            i -= 1
        }
        return nil
    }

    // MARK: The file

    /// The file's text: one escaped entry per line.
    public var fileText: String { entries.map(Self.escape).map { $0 + "\n" }.joined() }

    /// Entries read from the file's text (a line that is not valid is kept as it reads).
    public static func entries(fromFile text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { unescape(String($0)) }.map(masked)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ s: String) -> String {
        var out = ""
        var escaping = false
        for c in s {
            if escaping {
                out.append(c == "n" ? "\n" : c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else {
                out.append(c)
            }
        }
        if escaping { out.append("\\") }
        return out
    }

    /// The statement with the string after each `PASSWORD` word replaced by `'***'`
    /// (`CREATE ROLE u PASSWORD 'secret'`, `ALTER USER u WITH ENCRYPTED PASSWORD '...'`).
    public static func masked(_ statement: String) -> String {
        let tokens = SQLLexer.tokens(statement, syntax: .postgres)
        var ranges: [Range<Int>] = []
        for (i, t) in tokens.enumerated() where t.kind == .string && i > 0 && tokens[i - 1].isWord("PASSWORD") {
            ranges.append(t.range)
        }
        guard !ranges.isEmpty else { return statement }
        var scalars = Array(statement.unicodeScalars)
        for r in ranges.reversed() { scalars.replaceSubrange(r, with: "'***'".unicodeScalars) }
        return String(String.UnicodeScalarView(scalars))
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        while let f = s.first, f.isNewline { s = s.dropFirst() }
        return String(s)
    }
}
