import ORMCore

/// The last line: a prompt being typed, a question, a message, or where the user is (the rows'
/// position and count, the loading strategies in force; the model list's cursor; the row's line).
enum StatusLine {
    static func render(_ s: ExplorerState, _ ui: UIState, width: Int, busy: String?) -> [Frame.Span] {
        if let prompt = Prompt.text(ui, width: width) { return [.init(prompt, .prompt)] }
        if let c = s.confirmation { return [.init(c.message, .warning)] }
        if let m = ui.message { return [.init(m, .status)] }
        var left = ""
        switch s.screen {
        case .rows(let r) where r.typed != nil:
            let t = r.typed!, n = r.page?.rows.count ?? 0
            let grouped = NumberText.grouped
            left = n == 0 ? "no rows" : "rows \(grouped(t.firstRow))-\(grouped(t.firstRow + n - 1)) · \(grouped(t.rowsRead)) read"
                + (t.hasMore ? ", more (Space reads on)" : ", all read")
        case .rows(let r):
            let p = r.position
            let grouped = NumberText.grouped
            // The table's estimate says nothing about a filtered set: unknown until counted (c).
            let filtered = !r.request.filter.isEmpty || r.request.scope != nil
            let total = p.exact ? p.total.map(grouped) ?? "?" : filtered ? "? (c counts)" : p.total.map { "~" + grouped($0) } ?? "?"
            if let first = p.first, let last = p.last, (r.page?.rows.count ?? 0) > 0 {
                left = "rows \(grouped(first))-\(grouped(last)) of \(total)"
            } else if let page = r.page, !page.rows.isEmpty {
                left = (page.hasNext ? "" : "last ") + "\(page.rows.count) rows of \(total)"
            } else {
                left = "no rows"
            }
            if let exists = r.exists { left += exists ? "   exists: true (a row matches)" : "   exists: false (no row matches)" }
            if let model = s.registry.model(named: r.request.model), let loading = Explorer.strategyText(s, model) {
                left += "   loading: \(loading)"
            }
        case .models(let c):
            if s.registry.models.count > 1, case .normal = ui.mode { left = "model \(c + 1) of \(s.registry.models.count)" }
        case .row:
            break
        }
        if let busy { return [.init(left + "   ", .status), .init(busy + "  (Esc cancels)", .warning)] }
        if let over = s.report?.overBudget { return [.init(left + "   ", .status), .init("✗ " + over, .error)] }
        return [.init(left, .status)]
    }
}
