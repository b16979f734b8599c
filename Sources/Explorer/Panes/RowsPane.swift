import ORMCore

extension Renderer {
    static func rowsPane(_ s: ExplorerState, _ r: RowsScreen, _ ui: UIState, width: Int, height: Int) -> [[Frame.Span]] {
        var heading = r.request.model
        if let origin = r.origin { heading = "\(r.request.model): \(origin)" }
        if !r.request.filter.isEmpty { heading += "  where \(r.request.filter)" }
        if let sort = r.request.sort.first { heading += "  sorted by \(sort.field)\(sort.descending ? " desc" : "")" }
        var out: [[Frame.Span]] = [[.init(heading, .title)]]
        guard let page = r.page else {
            out.append([.init("loading…", .dim)])
            return out
        }
        let related = r.request.load.map { $0.path.joined(separator: ".") }
        var columns = page.columns + related
        if !page.linkData.isEmpty, let first = page.linkData.first { columns += first.keys.sorted().map { "link." + $0 } }
        var widths = columns.map { min(24, max(4, $0.displayWidth)) }
        // Each cell reads a bounded prefix of its value (CellText), once per frame.
        func cells(_ i: Int) -> [(String, Frame.Style, Bool)] {
            var c: [(String, Frame.Style, Bool)] = page.rows[i].map { CellText.of($0) }
            c += related.map { (i < page.related.count ? page.related[i][$0] ?? "" : "", .dim, false) }
            if i < page.linkData.count { c += page.linkData[i].keys.sorted().map { (page.linkData[i][$0].map { CellText.of($0).text } ?? "NULL", .normal, false) } }
            return c
        }
        let shown = Array(page.rows.indices.prefix(max(0, height - 2)))
        let grid = shown.map(cells)
        for c in grid { for (j, cell) in c.enumerated() where j < widths.count { widths[j] = min(24, max(widths[j], cell.0.displayWidth)) } }
        let selectedColumn = min(ui.column, max(0, page.columns.count - 1))
        var header: [Frame.Span] = []
        for (j, name) in columns.enumerated() {
            header.append(.init(name.fitted(widths[j]) + " ", j == selectedColumn ? .selected : .header))
        }
        out.append(header)
        for (k, i) in shown.enumerated() {
            let style: Frame.Style? = i == r.cursor ? .selected : nil
            out.append(grid[k].enumerated().map { j, c in
                .init(c.0.fitted(widths[j], alignRight: c.2) + " ", style ?? c.1)
            })
        }
        if page.rows.isEmpty { out.append([.init("no rows", .dim)]) }
        return out
    }
}
