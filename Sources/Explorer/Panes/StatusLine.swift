import ORMCore

extension Renderer {
    static func statusLine(_ s: ExplorerState, _ ui: UIState, width: Int, busy: String?) -> [Frame.Span] {
        if let prompt = promptText(ui, width: width) { return [.init(prompt, .prompt)] }
        if let c = s.confirmation { return [.init(c.message, .warning)] }
        if let m = ui.message { return [.init(m, .status)] }
        var left = ""
        if case .rows(let r) = s.screen {
            let p = r.position
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
        }
        if let busy { return [.init(left + "   ", .status), .init(busy + "  (Esc cancels)", .warning)] }
        return [.init(left, .status)]
    }
}
