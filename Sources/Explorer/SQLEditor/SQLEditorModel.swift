import ORMCore

/// The SQL editor pane's state beside its text: the history (Up/Down at the first and last line,
/// Ctrl-R), Tab's candidates while they are cycled, and the reverse search being typed. Kept in
/// `UIState`, so the text stays when the editor is closed and opened again.
public struct SQLEditorModel: Sendable, Equatable {
    public var editor = SQLEditorState()
    public var history = SQLHistory()
    /// Tab's candidates while Tab is pressed again and again (each takes the next); any other key ends it.
    public var completion: Completion?
    /// Ctrl-R's search while it is typed.
    public var search: Search?
    /// The history changed since the terminal layer last wrote it to its file (it clears this).
    public var historyChanged = false
    /// The run whose error was last marked in the text (so a mark is placed once, and an edit clears it).
    public var markedRun: Int?

    public struct Completion: Sendable, Equatable {
        public var candidates: [SQLCompletion.Candidate]
        public var index: Int
        /// The text the candidate shown replaced (what Tab past the last candidate brings back).
        public var prefix: String
    }

    public struct Search: Sendable, Equatable {
        public var query = ""
        /// The history entry found (its index), nil while nothing matches.
        public var found: Int?
        /// The text before the search began (Esc brings it back).
        public var original: String
    }

    public init(history: SQLHistory = SQLHistory()) { self.history = history }

    // MARK: Completion

    /// Tab: the longest prefix every candidate shares when it is longer than what is typed, else
    /// the first candidate, and each Tab after it the next (the list shows on the editor's last line).
    public mutating func complete(registry: Registry, dialect: Dialect) -> String? {
        if var c = completion {
            let shown = c.index < c.candidates.count ? c.candidates[c.index].insert : c.prefix
            for _ in 0..<shown.count { editor.deleteBackward() }
            c.index = (c.index + 1) % (c.candidates.count + 1)
            editor.insert(c.index < c.candidates.count ? c.candidates[c.index].insert : c.prefix)
            completion = c
            return nil
        }
        let found = SQLCompletion.candidates(editor, registry: registry, dialect: dialect)
        guard !found.isEmpty else { return "Nothing to complete here." }
        let line = editor.lines[editor.line]
        let start = SQLCompletion.prefixStart(line, editor.column)
        let prefix = String(line[start..<editor.column])
        if found.count == 1 { editor.complete(found[0].insert); return nil }
        let common = Self.commonPrefix(found.map(\.insert))
        if common.count > prefix.count, common.lowercased().hasPrefix(prefix.lowercased()) {
            editor.complete(common)
            return nil
        }
        editor.complete(found[0].insert)
        completion = Completion(candidates: found, index: 0, prefix: prefix)
        return nil
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var p = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let a = Array(w)
            var n = 0
            while n < p.count, n < a.count, p[n].lowercased() == a[n].lowercased() { n += 1 }
            p = Array(p.prefix(n))
        }
        return String(p)
    }

    // MARK: History

    /// A run's text joins the history (masked, not twice in a row), to be written to its file.
    public mutating func remember(_ text: String) {
        history.add(text)
        historyChanged = true
    }

    /// Up on the first line: the entry before.
    public mutating func older() {
        if let t = history.older(than: editor.text) { editor.set(t) }
    }

    /// Down on the last line: the entry after, then the text that was being typed.
    public mutating func newer() {
        if let t = history.newer() { editor.set(t) }
    }

    // MARK: Search (Ctrl-R)

    public mutating func startSearch() {
        if var s = search {
            // Ctrl-R again: the match before the one shown.
            if let i = s.found, let next = history.search(s.query, before: i) {
                s.found = next.index
                editor.set(next.entry)
            }
            search = s
            return
        }
        search = Search(original: editor.text)
    }

    public mutating func searchType(_ c: Character) {
        guard var s = search else { return }
        s.query.append(c)
        found(&s)
    }

    public mutating func searchDelete() {
        guard var s = search, !s.query.isEmpty else { return }
        s.query.removeLast()
        found(&s)
    }

    private mutating func found(_ s: inout Search) {
        if let hit = history.search(s.query) {
            s.found = hit.index
            editor.set(hit.entry)
        } else {
            s.found = nil
        }
        search = s
    }

    /// Enter (or any editing key): the entry found stays in the editor.
    public mutating func acceptSearch() { search = nil }

    /// Esc: the text before the search comes back.
    public mutating func cancelSearch() {
        if let s = search { editor.set(s.original) }
        search = nil
    }
}
