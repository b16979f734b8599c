import ORMCore

extension Renderer {
    /// The SQL of the last action: count and time, errors and warnings, then each statement (runs
    /// of the same SQL folded) with its time, rows and cause. With the focus here (Tab) a cursor
    /// picks a statement for EXPLAIN, and the statements scroll to keep it in sight.
    static func sqlPane(_ s: ExplorerState, _ ui: UIState, width: Int, height: Int) -> [[Frame.Span]] {
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
        let count = "\(report.queryCount) statement\(report.queryCount == 1 ? "" : "s"), " + String(format: "%.1f ms", report.milliseconds)
        head.append([.init("SQL of \(report.action): ", .header), .init(count, .title), .init(relText, .dim)])
        if let e = report.error { head.append([.init("✗ " + e, .error)]) }
        for w in report.warnings { head.append([.init("⚠ " + w, .warning)]) }
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
            body.append([.init("   " + e.sql, .sql)])
        }
        // Scroll the statements (not the heading) so the selected one shows.
        let room = max(1, height - head.count)
        let start = selectedLine + 2 > room ? selectedLine + 2 - room : 0
        return head + body.dropFirst(start)
    }

    /// A statement's plan as a tree: the costliest node and tenfold-off estimates marked, then
    /// the statements the EXPLAIN itself ran (the SQL pane keeps the ones being inspected).
    static func planPane(_ view: PlanView, width: Int) -> [[Frame.Span]] {
        let p = view.plan
        var out: [[Frame.Span]] = [[.init(p.analyzed ? "EXPLAIN ANALYZE (run inside a transaction, rolled back)" : "EXPLAIN (the plan; nothing ran)", .title)],
                                   [.init(p.sql.fitted(width), .sql)], []]
        for line in p.lines {
            let style: Frame.Style = line.contains("← estimate off") ? .error : line.contains("← costliest") ? .warning : .normal
            out.append([.init(line.fitted(width), style)])
        }
        if p.lines.isEmpty { out.append([.init("The database gave no plan rows.", .dim)]) }
        out.append([])
        let r = view.report
        out.append([.init("ran \(r.queryCount) statement\(r.queryCount == 1 ? "" : "s"), " + String(format: "%.1f ms: ", r.milliseconds), .dim),
                    .init(r.statements.map { $0.sql.prefix(60) + ($0.sql.count > 60 ? "…" : "") }.joined(separator: "; "), .sql)])
        out.append([.init("↑↓ and Enter in the SQL pane explain another statement; Esc closes the plan.", .dim)])
        return out
    }
}
