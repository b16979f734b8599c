import ORMCore

/// The SQL pane: the last action's statements (runs of the same SQL folded), their count, time,
/// rows and cause, errors and warnings. With the focus here (Tab) a cursor picks a statement and
/// the statements scroll to keep it in sight; Enter shows its plan over the main pane.
public enum SQLPane {
    static let bindings = BindingGroup("SQL pane", [
        Binding("sql.up", [.up, .char("k")], "the statement above") { _, ui, s in move(&ui, s, by: -1) },
        Binding("sql.down", [.down, .char("j")], "the statement below") { _, ui, s in move(&ui, s, by: 1) },
        Binding("sql.pageUp", [.pageUp], "a page of statements up") { _, ui, s in move(&ui, s, by: -max(1, Layout(ui).sqlHeight / 2)) },
        Binding("sql.pageDown", [.pageDown], "a page of statements down") { _, ui, s in move(&ui, s, by: max(1, Layout(ui).sqlHeight / 2)) },
        Binding("sql.explain", [.enter, .char("E")], "the statement's plan (EXPLAIN)") { key, ui, s in explain(key, &ui, s, analyze: false) },
        Binding("sql.analyze", [.char("A")], "EXPLAIN ANALYZE (asks; rolled back)") { key, ui, s in explain(key, &ui, s, analyze: true) },
        Binding("sql.toEditor", [.char("e")], "copy the statement, its values written in, into the SQL editor, to change and run again") { _, ui, s in
            let groups = s.report?.groups ?? []
            guard ui.sqlCursor < groups.count else { ui.message = "No statement to copy: run something first."; return [] }
            let e = groups[ui.sqlCursor].first
            if e.paramsRedacted { ui.message = "This statement's values were not kept, so it cannot be copied with them."; return [] }
            SQLEditorPane.open(&ui, text: (e.standsFor ?? CompiledSQL(e.sql, e.params)).inlined(s.dialect))
            return []
        },
        Binding("sql.leave", [.tab, .escape], "back to the main pane (Esc also closes the plan)") { key, ui, s in
            ui.focus = .main
            return key == .escape && s.plan != nil ? [.dismiss] : []
        },
    ])

    static func move(_ ui: inout UIState, _ s: ExplorerState, by delta: Int) -> [Action] {
        let n = s.report?.groups.count ?? 0
        ui.sqlCursor = max(0, min(max(0, n - 1), ui.sqlCursor + delta))
        return []
    }

    static func explain(_ key: Key, _ ui: inout UIState, _ s: ExplorerState, analyze: Bool) -> [Action] {
        let groups = s.report?.groups ?? []
        guard ui.sqlCursor < groups.count else {
            ui.message = "No statement to explain: run something first."
            return []
        }
        let e = groups[ui.sqlCursor].first
        if e.paramsRedacted {
            ui.message = "This statement's values were not kept, so its plan cannot be shown."
            return []
        }
        return [.explain(sql: e.sql, params: e.params, analyze: analyze)]
    }

    /// Keys with the focus here; nil lets the key act as usual (so `L` still switches a strategy
    /// and the pane shows the new count).
    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action]? {
        let groups = s.report?.groups ?? []
        ui.sqlCursor = min(ui.sqlCursor, max(0, groups.count - 1))
        guard let b = Keymap.resolve(bindings, ui).binding(for: key) else { return nil }
        return b.run(key, &ui, s)
    }

    // MARK: Update

    static func update(_ s: inout ExplorerState, _ action: Action) -> [Effect]? {
        switch action {
        case .explain(let sql, let params, let analyze):
            if let problem = explainProblem(s, sql, analyze: analyze) {
                s.report = ActionReport(action: analyze ? "explain analyze" : "explain", error: problem)
                return []
            }
            if analyze {
                s.confirmation = Confirmation(message: "EXPLAIN ANALYZE runs this \(QueryPlan.verb(of: sql)) inside a transaction that is rolled back (at most 10 s). Run it? (y/n)",
                                              then: .explainAnalyze(sql: sql, params: params))
                return []
            }
            let id = Explorer.begin(&s)
            return [.explain(id: id, action: "explain", sql: sql, params: params, analyze: false)]

        case .explained(let id, let plan, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            // The SQL pane keeps the statements being inspected (to explain another one); the
            // plan shows the EXPLAIN it ran.
            s.plan = PlanView(plan: plan, report: report)
            return []

        default:
            return nil
        }
    }

    /// Why a statement cannot be explained here, as a sentence; nil when it can.
    static func explainProblem(_ s: ExplorerState, _ sql: String, analyze: Bool) -> String? {
        if !QueryPlan.isExplainable(sql) { return "Only SELECT, INSERT, UPDATE and DELETE statements have a plan." }
        if analyze && s.dialect.explainStyle == .sqliteQueryPlan { return "SQLite has no EXPLAIN ANALYZE; Enter shows the query plan." }
        if analyze && s.manualTransaction && s.staged > 0 { return "EXPLAIN ANALYZE needs its own transaction: commit (C) or roll back (U) first." }
        return nil
    }

    /// A statement on one line of the pane: a typed statement's line breaks and tabs drawn as spaces
    /// (a line break sent to the terminal would move the cursor off the pane).
    static func oneLine(_ sql: String) -> String {
        guard sql.contains(where: { $0.isNewline || $0 == "\t" }) else { return sql }
        return String(sql.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// A long line cut into at most two lines of `width`, the second ending in "… (! shows it whole)" when cut again.
    static func wrapped(_ text: String, _ style: Frame.Style, width: Int) -> [[Frame.Span]] {
        guard text.displayWidth > width, width > 30 else { return [[.init(text, style)]] }
        let first = text.fitted(width, pad: false)
        var cut = first.dropLast()  // the "…"
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > width / 2 { cut = cut[..<space] }
        let rest = "  " + text.dropFirst(cut.count).drop { $0 == " " }
        let tail = " (! shows it whole)"
        let second = rest.displayWidth <= width ? rest : rest.fitted(width - tail.displayWidth, pad: false) + tail
        return [[.init(String(cut), style)], [.init(second, style)]]
    }

    // MARK: Render

    /// The SQL of the last action: count and time, errors and warnings, then each statement (runs
    /// of the same SQL folded) with its time, rows and cause. With the focus here (Tab) a cursor
    /// picks a statement for EXPLAIN, and the statements scroll to keep it in sight.
    static func render(_ s: ExplorerState, _ ui: UIState, width: Int, height: Int) -> [[Frame.Span]] {
        let focused = ui.focus == .sql
        let rel = Keymap.selectedRelationship(ui, s)
        let relText = rel.map { "   relationship \($0.qualifiedName): \(s.strategies[$0.id]?.rawValue ?? "lazy")  (r: next, L: strategy)" } ?? ""
        let border: [Frame.Span] = focused
            ? [.init(("── SQL pane: ↑↓ choose a statement · Enter EXPLAIN · A EXPLAIN ANALYZE · Tab leaves " + String(repeating: "─", count: width)).fitted(width), .title)]
            : [.init(String(repeating: "─", count: width), .border)]
        guard let report = s.report else {
            return [border, [.init("SQL: nothing run yet" + relText, .dim)]]
        }
        var head: [[Frame.Span]] = [border]
        let count = "\(NumberText.counted(report.queryCount, "statement")), " + String(format: "%.1f ms", report.milliseconds)
        head.append([.init("SQL of \(report.action): ", .header), .init(count, .title)]
                    + (report.outcome.map { [.init(" · " + $0, .title)] } ?? []) + [.init(relText, .dim)])
        // An error or warning too long for the line goes on over a second one; the message log (!) has it whole.
        for (text, style) in (report.error.map { [("✗ " + $0, Frame.Style.error)] } ?? []) + (report.overBudget.map { [("✗ " + $0, Frame.Style.error)] } ?? []) + report.warnings.map({ ("⚠ " + $0, Frame.Style.warning) }) {
            head += wrapped(text, style, width: width)
        }
        var body: [[Frame.Span]] = []
        var selectedLine = 0
        let cursor = min(ui.sqlCursor, max(0, report.groups.count - 1))
        for (i, g) in report.groups.enumerated() {
            let e = g.first
            let times = g.count > 1 ? " ×\(g.count) similar" : ""
            let selected = focused && i == cursor
            if selected { selectedLine = body.count }
            body.append([.init((selected ? "▶" : " ") + String(format: "%5.2f ms %6d ", e.milliseconds, e.rows) + (e.rows == 1 ? "row   " : "rows  "), selected ? .selected : .dim),
                         .init(e.cause.summary + times, selected ? .selected : .status)])
            body.append([.init("   " + oneLine(e.sql), .sql)])
            if let plain = e.standsFor {  // (SQLite's page of long values: the beginnings came by blob I/O)
                body.append([.init("   stands for (the values' beginnings read by blob I/O; e copies it): ", .dim), .init(oneLine(plain.sql), .sql)])
            }
        }
        // Scroll the statements (not the heading) so the selected one shows.
        let room = max(1, height - head.count)
        let start = focused ? Viewport.top(cursor: selectedLine, count: body.count, rows: room) : 0
        if let marker = Viewport.marker(top: start, count: body.count, rows: room), body.count > room {
            head[1].append(.init("   " + marker + (focused ? "" : " (Tab Tab scrolls)"), .dim))
        }
        return head + body.dropFirst(start)
    }

    /// A statement's plan as a tree: the costliest node and tenfold-off estimates marked, then
    /// the statements the EXPLAIN itself ran (the SQL pane keeps the ones being inspected).
    static func plan(_ view: PlanView, width: Int) -> [[Frame.Span]] {
        let p = view.plan
        var out: [[Frame.Span]] = [[.init(p.analyzed ? "EXPLAIN ANALYZE (run inside a transaction, rolled back)" : "EXPLAIN (the plan; nothing ran)", .title)],
                                   [.init(oneLine(p.sql).fitted(width), .sql)], []]
        for line in p.lines {
            let style: Frame.Style = line.contains("← estimate off") ? .error : line.contains("← costliest") ? .warning : .normal
            out.append([.init(line.fitted(width), style)])
        }
        if p.lines.isEmpty { out.append([.init("The database gave no plan rows.", .dim)]) }
        out.append([])
        let r = view.report
        out.append([.init("ran \(NumberText.counted(r.queryCount, "statement")), " + String(format: "%.1f ms: ", r.milliseconds), .dim),
                    .init(r.statements.map { oneLine($0.sql) }.map { $0.prefix(60) + ($0.count > 60 ? "…" : "") }.joined(separator: "; "), .sql)])
        out.append([.init("↑↓ and Enter in the SQL pane explain another statement; Esc closes the plan.", .dim)])
        return out
    }
}
