import ORMCore

/// `render(state, ui, size) -> Frame`: the whole screen as data. Panes: models on the left (when
/// there is room), the rows or the open row, the SQL of the last action, a title and a status line.
public enum Renderer {
    public static let minimumWidth = 60, minimumHeight = 15

    public static func render(_ s: ExplorerState, _ ui: UIState, title: String, width: Int, height: Int, busy: String? = nil) -> Frame {
        var f = Frame(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            f.set(0, [.init("Terminal too small (\(width)x\(height)).", .error)])
            if height > 1 { f.set(1, [.init("ormscope needs \(minimumWidth)x\(minimumHeight).", .error)]) }
            if height > 2 { f.set(2, [.init("Enlarge it, or press q.", .dim)]) }
            return f
        }
        let mode = s.readOnlyReason != nil ? "read-only" : s.manualTransaction ? "manual transaction (\(s.staged) staged)" : "auto-commit"
        f.set(0, [.init(" ormscope ", .title), .init("  \(title)  ·  \(mode)", .status)]
              + [.init(String(repeating: " ", count: 1)), .init("? help  q quit", .dim)])
        if case .help = ui.mode { return help(f, width: width, height: height) }

        let bodyTop = 1, statusRow = height - 1
        let (mainHeight, sqlHeight) = heights(height)
        let leftWidth = width >= 100 ? 26 : 0
        var lines: [[Frame.Span]] = []

        // Left: the models.
        if leftWidth > 0 {
            var cursor = -1
            if case .models(let c) = s.screen { cursor = c }
            let current = s.currentModel?.qualifiedName
            var left: [[Frame.Span]] = [[.init("Models".fitted(leftWidth - 1), .header)]]
            for (i, m) in s.registry.models.enumerated() {
                let count = m.kind == .view ? "view" : m.estimatedRowCount.map { "~" + grouped($0) } ?? ""
                let text = m.qualifiedName.fitted(leftWidth - 10) + count.fitted(8, alignRight: true) + " "
                left.append([.init(text, i == cursor || m.qualifiedName == current ? .selected : .normal)])
            }
            lines = left
        }
        // Main: models (narrow), rows, or one row.
        let mainWidth = width - leftWidth
        var main: [[Frame.Span]]
        switch s.screen {
        case .models(let c): main = modelsPane(s, cursor: c, width: mainWidth)
        case .rows(let r): main = rowsPane(s, r, ui, width: mainWidth, height: mainHeight)
        case .row(let r): main = rowPane(s, r, width: mainWidth)
        }
        if let c = s.comparison { main = comparisonPane(c, width: mainWidth) }
        if let p = s.plan { main = planPane(p, width: mainWidth) }
        if ui.focus == .model, s.currentModel != nil { main = modelInfoPane(s) }
        if let c = s.confirmation, !c.details.isEmpty { main = confirmationPane(c) }
        switch ui.mode {
        case .form(let form, let focus, let submitted): main = formPane(s, form, focus: focus, submitted: submitted)
        case .map: main = mapPane(s, width: mainWidth)
        case .value(let view): main = valuePane(view, width: mainWidth, height: mainHeight)
        default: break
        }
        for row in 0..<mainHeight {
            var spans: [Frame.Span] = []
            if leftWidth > 0 {
                spans += row < lines.count ? lines[row].map { Frame.Span($0.text.fitted(leftWidth - 1), $0.style) } : [.init(String(repeating: " ", count: leftWidth - 1))]
                spans.append(.init("│", .border))
            }
            if row < main.count { spans += main[row] }
            f.set(bodyTop + row, spans)
        }
        // SQL pane.
        let sql = sqlPane(s, ui, width: width, height: sqlHeight)
        for row in 0..<sqlHeight {
            f.set(bodyTop + mainHeight + row, row < sql.count ? sql[row] : [])
        }
        // Status line.
        f.set(statusRow, statusLine(s, ui, width: width, busy: busy))
        if let prompt = promptText(ui, width: width) { f.cursor = (statusRow, min(width - 1, prompt.displayWidth)) }
        return f
    }

    /// The main pane's and the SQL pane's heights in a window `height` rows high.
    static func heights(_ height: Int) -> (main: Int, sql: Int) {
        let sql = max(5, (height - 2) * 2 / 5)
        return (height - 2 - sql, sql)
    }

    /// How many rows a page should hold to fill the rows grid of a window `height` rows high
    /// (the grid's title and column header take two lines).
    public static func pageSize(forHeight height: Int) -> Int { max(3, heights(max(height, minimumHeight)).main - 2) }

    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
