import ORMCore

/// The SQL editor (`Q`, `:sql`): any statement typed over several lines with the shell's
/// line-editing keys, history across sessions (Up/Down at the edges, Ctrl-R), Tab completion from
/// the registry, and the statement under the cursor run with Ctrl-J or F5 (F6: every statement, in
/// order). It sits above the main pane, whose rows grid shows the last statement's rows, a page at
/// a time from the statement's cursor (PgDn in the editor, Space on the grid, reads on).
///
/// Pure like every pane: the text goes to the runtime as the user typed it (`Effect.runSQL`), split
/// into statements by `SQLScript`; nothing else is built here.
public enum SQLEditorPane {
    static let bindings = BindingGroup("SQL editor", [
        Binding("sqlEditor.run", [.char("\n"), .function(5)], "run the statement under the cursor") { _, ui, s in run(&ui, s, all: false) },
        Binding("sqlEditor.runAll", [.function(6)], "run every statement in the editor, in order, each logged") { _, ui, s in run(&ui, s, all: true) },
        Binding("sqlEditor.explain", [.function(7)], "EXPLAIN the statement under the cursor: its plan tree") { _, ui, s in explain(&ui, s, analyze: false) },
        Binding("sqlEditor.analyze", [.function(8)], "EXPLAIN ANALYZE it (asks; run inside a transaction rolled back)") { _, ui, s in explain(&ui, s, analyze: true) },
        Binding("sqlEditor.complete", [.tab], "complete a keyword, model, field or relationship target (again: the next)") { _, ui, s in
            ui.message = ui.sqlEditor.complete(registry: s.registry, dialect: s.dialect)
            return []
        },
        Binding("sqlEditor.search", [.char("\u{12}")], "search the history (again: the match before; Enter keeps it, Esc drops it)") { _, ui, _ in
            edit(&ui) { $0.startSearch() }
        },
        Binding("sqlEditor.newline", [.enter], "a new line (indented as the one before)") { _, ui, _ in edit(&ui) { $0.editor.newline() } },
        Binding("sqlEditor.backspace", [.backspace], "delete the character before the cursor") { _, ui, _ in edit(&ui) { $0.editor.deleteBackward() } },
        Binding("sqlEditor.delete", [.char("\u{04}")], "delete the character under the cursor") { _, ui, _ in edit(&ui) { $0.editor.deleteForward() } },
        Binding("sqlEditor.up", [.up], "the line above (on the first line: the statement run before)") { _, ui, _ in
            edit(&ui) { m in if !m.editor.moveUp() { m.older() } }
        },
        Binding("sqlEditor.down", [.down], "the line below (on the last line: the next in the history)") { _, ui, _ in
            edit(&ui) { m in if !m.editor.moveDown() { m.newer() } }
        },
        Binding("sqlEditor.left", [.left], "a character left") { _, ui, _ in edit(&ui) { $0.editor.moveLeft() } },
        Binding("sqlEditor.right", [.right], "a character right") { _, ui, _ in edit(&ui) { $0.editor.moveRight() } },
        Binding("sqlEditor.home", [.home, .char("\u{01}")], "the start of the line") { _, ui, _ in edit(&ui) { $0.editor.moveToLineStart() } },
        Binding("sqlEditor.end", [.end, .char("\u{05}")], "the end of the line") { _, ui, _ in edit(&ui) { $0.editor.moveToLineEnd() } },
        Binding("sqlEditor.killEnd", [.char("\u{0B}")], "delete to the end of the line") { _, ui, _ in edit(&ui) { $0.editor.killToEndOfLine() } },
        Binding("sqlEditor.killStart", [.char("\u{15}")], "delete to the start of the line") { _, ui, _ in edit(&ui) { $0.editor.killToStartOfLine() } },
        Binding("sqlEditor.killWord", [.char("\u{17}")], "delete the word before the cursor") { _, ui, _ in edit(&ui) { $0.editor.deleteWordBackward() } },
        Binding("sqlEditor.clear", [.char("\u{0C}")], "clear the editor") { _, ui, _ in edit(&ui) { $0.editor.set("") } },
        Binding("sqlEditor.nextPage", [.pageDown], "the next page of the results (read from the statement's cursor)") { _, _, s in
            if case .rows(let r) = s.screen, r.typed != nil { return [.pageNext] }
            return []
        },
        Binding("sqlEditor.close", [.escape], "close the editor (its text stays: Q opens it again); the rows grid has the keys") { _, ui, _ in
            ui.mode = .normal
            return []
        },
    ])

    /// Opens the editor (`Q`, `:sql`), with `text` in it when given.
    static func open(_ ui: inout UIState, text: String? = nil) {
        if let text { ui.sqlEditor.editor.set(text) }
        ui.sqlEditor.search = nil
        ui.sqlEditor.completion = nil
        ui.mode = .sqlEditor
    }

    /// Changes the editor's model in place; any key but Tab ends a completion being cycled.
    static func edit(_ ui: inout UIState, _ change: (inout SQLEditorModel) -> Void) -> [Action] {
        change(&ui.sqlEditor)
        return []
    }

    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        if key != .tab { ui.sqlEditor.completion = nil }
        if ui.sqlEditor.search != nil {
            switch key {
            case .escape, .interrupt: ui.sqlEditor.cancelSearch(); return []
            case .enter: ui.sqlEditor.acceptSearch(); return []
            case .backspace: ui.sqlEditor.searchDelete(); return []
            case .char("\u{12}"): ui.sqlEditor.startSearch(); return []
            case .char(let c) where c.isPrintableText: ui.sqlEditor.searchType(c); return []
            default: ui.sqlEditor.acceptSearch()
            }
        }
        if let b = Keymap.resolve(bindings, ui).binding(for: key) { return b.run(key, &ui, s) }
        guard let c = key.typedText ?? (key == .char("\t") ? "\t" : nil) else {
            ui.message = "\(key.label) does nothing in the SQL editor (? lists its keys)."
            return []
        }
        ui.sqlEditor.editor.insert(c)
        return []
    }

    /// Printable text typed at once (a paste): inserted in one edit, one frame. False while Ctrl-R's
    /// search is typed (it acts on each key).
    static func type(_ text: String, _ ui: inout UIState) -> Bool {
        guard ui.sqlEditor.search == nil else { return false }
        ui.message = nil
        ui.sqlEditor.completion = nil
        ui.sqlEditor.editor.insert(text)
        return true
    }

    /// Ctrl-J / F5 (the statement under the cursor) and F6 (all of them): refused here, before any
    /// effect, when there is nothing to run or read-only mode forbids one of them.
    static func run(_ ui: inout UIState, _ s: ExplorerState, all: Bool) -> [Action] {
        let text = ui.sqlEditor.editor.text
        let statements = all ? SQLScript.split(text, dialect: s.dialect)
            : ui.sqlEditor.editor.statementUnderCursor(dialect: s.dialect).map { [$0] } ?? []
        guard !statements.isEmpty else {
            ui.message = TypedSQLError.empty.sentence
            return []
        }
        ui.sqlEditor.remember(all ? text : statements[0].sql)
        return [.runSQL(statements)]
    }

    static func explain(_ ui: inout UIState, _ s: ExplorerState, analyze: Bool) -> [Action] {
        guard let statement = ui.sqlEditor.editor.statementUnderCursor(dialect: s.dialect) else {
            ui.message = "No statement under the cursor to explain."
            return []
        }
        return [.explain(sql: statement.sql, params: [], analyze: analyze)]
    }

    /// The keys of the rows grid that act on a model's rows (open, follow, filter, sort, write...):
    /// none of them means anything for a typed statement's rows. The rest (moving, paging forward,
    /// widths, `v`, `y`, export) work as on any grid.
    static let gridKeys: Set<String> = ["rows.up", "rows.down", "rows.left", "rows.right", "rows.nextPage", "rows.firstPage", "rows.firstRow",
                                        "rows.narrow", "rows.widen", "rows.hide", "rows.showAll", "rows.value", "rows.copy",
                                        "rows.copyRow", "rows.csv", "rows.json", "rows.refresh"]

    /// Why a grid binding does nothing on a typed statement's rows; nil when it acts.
    static func refusal(_ binding: Binding, _ s: ExplorerState) -> String? {
        guard case .rows(let r) = s.screen, r.typed != nil, binding.id.hasPrefix("rows."), !gridKeys.contains(binding.id) else { return nil }
        if ["rows.previousPage", "rows.lastPage", "rows.lastRow"].contains(binding.id) {
            return "A statement's rows are read forward only, from its cursor (memory stays flat): g runs it again from the first row."
        }
        return "These rows come from a typed statement, not a model: \(binding.keys.first?.label ?? "this key") works on a model's rows (Q opens the editor)."
    }

    // MARK: Update

    /// The model name a typed statement's rows screen carries (no model is called this).
    static let resultName = "(sql)"

    static func update(_ s: inout ExplorerState, _ action: Action) -> [Effect]? {
        switch action {
        case .runSQL(let statements):
            if let refused = statements.first(where: { $0.kind == .transactionControl }) {
                return refuse(&s, "Not run: the explorer holds the transaction, so \(refused.verb) is not typed here: m starts a manual transaction, C commits, U rolls back.")
            }
            if let reason = s.readOnlyReason, let refused = statements.first(where: { $0.kind.refusedWhenReadOnly }) {
                return refuse(&s, TypedSQLError.refusedReadOnly(verb: refused.verb, kind: refused.kind, reason: reason).sentence)
            }
            return start(&s, statements)

        case .pageFirst, .refresh:
            guard case .rows(let r) = s.screen, let typed = r.typed else { return nil }
            return start(&s, typed.statements)

        case .pageNext:
            guard case .rows(let r) = s.screen, let typed = r.typed else { return nil }
            guard typed.hasMore else { return [] }
            let id = Explorer.begin(&s)
            return [.nextSQLPage(id: id, action: "next page of the typed statement")]

        case .pagePrevious, .pageLast:
            guard case .rows(let r) = s.screen, r.typed != nil else { return nil }
            return []

        case .resize(let pageSize):
            // The cursor's pages keep the size it was opened with; the next run takes the new one.
            guard case .rows(let r) = s.screen, r.typed != nil else { return nil }
            s.pageSize = pageSize
            return []

        case .sqlRan(let id, let result, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            if let registry = result.registry {
                s.registry = registry
                s.setDrift(result.drift)
            }
            if s.manualTransaction, report.inTransaction { s.staged += result.writes }
            var lines = result.summaries
            if result.returnsRows {
                let n = NumberText.grouped(result.rowsRead)
                lines.append(result.hasMore ? "\(n) rows read, more to read (PgDn)" : result.rowsRead == 1 ? "1 row read" : "all \(n) rows read")
            }
            if result.registry != nil { lines.append("The schema changed: the models were read again.") }
            // A statement that wrote (anything but a plain read, even when a later one failed)
            // may have changed what the screens under the editor show.
            let showsRows = result.returnsRows && report.error == nil
            let effects = result.writes > 0 ? refreshAfterWrite(&s, report.action, showsRows: showsRows, &lines) : []
            s.sqlRun = SQLRunStatus(id: id, lines: lines, error: report.error, errorOffset: result.errorOffset)
            if showsRows { show(&s, result) }
            return effects

        default:
            return nil
        }
    }

    /// After a run that wrote: the model's page or the row under the editor is read again now,
    /// or, when the run's rows come over the page, when Backspace is back to it
    /// (`RowsScreen.staleAfter`), as is every model's page further back; the editor's last line
    /// says which. A typed statement's own rows are not read again (`g` runs them again).
    static func refreshAfterWrite(_ s: inout ExplorerState, _ action: String, showsRows: Bool, _ lines: inout [String]) -> [Effect] {
        for i in s.backStack.indices {
            if case .rows(var below) = s.backStack[i], below.typed == nil {
                below.staleAfter = action
                s.backStack[i] = .rows(below)
            }
        }
        switch s.screen {
        case .rows(var r) where r.typed == nil:
            if showsRows {
                r.staleAfter = action
                s.screen = .rows(r)
                lines.append("\(r.request.model) is read again when you go back to it (the run wrote).")
                return []
            }
            lines.append("\(r.request.model) read again: the run wrote.")
            let reload = Explorer.reloadRows(&s, "refresh after \(action)")
            s.reloadJoinsReport = !reload.isEmpty
            return reload
        case .row(let r) where !showsRows:
            lines.append("\(r.model) \(KeyText.text(r.key)) read again: the run wrote.")
            s.reloadJoinsReport = true
            let id = Explorer.begin(&s)
            return [.loadRow(id: id, action: "refresh after \(action)", model: r.model, key: r.key)]
        default:
            return []
        }
    }

    /// A run refused before any effect: the sentence in the SQL pane and on the editor's last line.
    static func refuse(_ s: inout ExplorerState, _ sentence: String) -> [Effect] {
        s.report = ActionReport(action: "typed SQL", error: sentence)
        s.sqlRun = SQLRunStatus(id: s.nextRequest, lines: [], error: sentence)
        s.nextRequest += 1
        return []
    }

    /// Sends the statements to the runtime, the grid's page size as theirs.
    static func start(_ s: inout ExplorerState, _ statements: [TypedStatement]) -> [Effect] {
        let id = Explorer.begin(&s)
        let what = statements.count == 1 ? statements[0].verb.isEmpty ? "statement" : statements[0].verb : "\(statements.count) statements"
        return [.runSQL(id: id, action: "typed \(what)", statements: statements, pageSize: s.pageSize, manual: s.manualTransaction)]
    }

    /// The page on the rows grid: a new run replaces the typed rows shown (or comes over the
    /// screen that was there, Backspace going back to it); a next page follows on from the last.
    static func show(_ s: inout ExplorerState, _ result: SQLResult) {
        let n = result.rows.count
        var r: RowsScreen
        if case .rows(let shown) = s.screen, shown.typed != nil { r = shown } else {
            r = RowsScreen(request: PageRequest(model: resultName, limit: s.pageSize), estimate: nil)
            Explorer.push(&s, .rows(r))
        }
        var typed = r.typed ?? TypedRows(statements: result.statements)
        // A new run starts at its first row; a next page keeps the cursor's place on the screen.
        if !result.statements.isEmpty {
            typed = TypedRows(statements: result.statements)
            r.cursor = 0
        }
        typed.firstRow = result.rowsRead - n + 1
        typed.rowsRead = result.rowsRead
        typed.hasMore = result.hasMore
        let numbers = (0..<n).map { [Value.int(Int64(typed.firstRow + $0))] }
        r.page = PageData(columns: result.columns, rows: result.rows, keys: numbers, primaryKeys: numbers,
                          hasPrevious: typed.firstRow > 1, hasNext: result.hasMore)
        r.firstRowNumber = typed.firstRow
        r.exactCount = result.hasMore ? nil : result.rowsRead
        r.cursor = min(r.cursor, max(0, n - 1))
        r.typed = typed
        s.screen = .rows(r)
    }

    // MARK: Render

    /// How many lines the editor takes over the main pane: its text (at least 3 lines, at most
    /// half the pane) with its title and status lines.
    static func height(_ ui: UIState, mainHeight: Int) -> Int {
        max(5, min(mainHeight / 2, ui.sqlEditor.editor.lines.count + 3))
    }

    /// The editor: a title with its keys, the text with line numbers (the cursor's line scrolled
    /// into sight, an error's place marked), then one line for the search, the candidates, or the
    /// last run's outcome.
    static func render(_ s: ExplorerState, _ ui: UIState, width: Int, height: Int) -> (lines: [[Frame.Span]], cursor: (row: Int, column: Int)) {
        let m = ui.sqlEditor
        let e = m.editor
        var out: [[Frame.Span]] = [[.init(("── SQL editor: Ctrl-J/F5 run · F6 run all · Tab complete · Ctrl-R history · F7 EXPLAIN · Esc close " + String(repeating: "─", count: width)).fitted(width), .title)]]
        let rows = max(1, height - 2)
        let top = Viewport.top(cursor: e.line, count: e.lines.count, rows: rows)
        let gutter = 4
        let room = max(1, width - gutter - 1)
        // A line longer than the pane shows from where the cursor is in sight.
        let left = max(0, e.column - room + 1)
        var cursor = (row: 1, column: gutter)
        for i in top..<min(e.lines.count, top + rows) {
            let chars = e.lines[i]
            let from = i == e.line ? min(left, chars.count) : 0
            let number = String(i + 1)
            var spans: [Frame.Span] = [.init(String(repeating: " ", count: max(0, gutter - 1 - number.count)) + number + " ", .dim)]
            if let mark = e.errorMark, mark.line == i {
                let at = min(max(from, mark.column), chars.count)
                spans.append(.init(String(chars[from..<at])))
                spans.append(.init(at < chars.count ? String(chars[at]) : "◀", .error))
                if at + 1 < chars.count { spans.append(.init(String(chars[(at + 1)...]))) }
            } else {
                spans.append(.init(String(chars[from...])))
            }
            out.append(Renderer.fit(spans, width))
            if i == e.line { cursor = (out.count - 1, gutter + String(chars[from..<e.column]).displayWidth) }
        }
        while out.count < height - 1 { out.append([.init("   ~", .dim)]) }
        out.append([status(s, m, width: width)])
        return (out, cursor)
    }

    /// The editor's last line.
    static func status(_ s: ExplorerState, _ m: SQLEditorModel, width: Int) -> Frame.Span {
        if let search = m.search {
            return .init("(reverse-i-search)`\(search.query)': " + (search.found == nil && !search.query.isEmpty ? "no match" : "Enter keeps it, Esc drops it"), .prompt)
        }
        if let c = m.completion {
            let list = c.candidates.enumerated().map { i, x in i == c.index ? "[\(x.text)]" : x.text }.joined(separator: "  ")
            return .init(("Tab: " + list).fitted(width, pad: false), .prompt)
        }
        guard let run = s.sqlRun else { return .init("Type a statement; Ctrl-J or F5 runs the one under the cursor.", .dim) }
        if let error = run.error {
            let at = m.editor.errorMark.map { "line \($0.line + 1), column \($0.column + 1): " } ?? ""
            return .init(("✗ " + at + error).fitted(width, pad: false), .error)
        }
        return .init(run.lines.joined(separator: " · ").fitted(width, pad: false), .status)
    }
}

extension Keymap {
    /// After a run failed: the place the database named is marked in the editor's text, once (an
    /// edit clears it).
    static func markSQLError(_ ui: inout UIState, _ s: ExplorerState) {
        guard let run = s.sqlRun, ui.sqlEditor.markedRun != run.id else { return }
        ui.sqlEditor.markedRun = run.id
        if let offset = run.errorOffset, run.error != nil {
            let at = ui.sqlEditor.editor.location(ofOffset: offset)
            ui.sqlEditor.editor.errorMark = (at.line, at.column)
        }
    }
}
