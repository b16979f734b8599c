import ORMCore

/// `render(state, ui, size) -> Frame`: the whole screen as data, composed from the panes. The
/// title line; the models column on the left (when there is room); the main pane (the model
/// list, the rows, or one row) or the one `Overlay` that covers it; the SQL pane; the status line.
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
        let overlay = Overlay.of(s, ui)
        if case .help(let top) = overlay { return HelpPane.render(f, s, ui, top: top, width: width, height: height) }

        let layout = Layout(width: width, height: height)
        let left = layout.leftWidth > 0 ? ModelsPane.column(s, ui, width: layout.leftWidth - 1, height: layout.mainHeight) : []
        let main = mainPane(s, ui, overlay, width: layout.mainWidth, height: layout.mainHeight)
        for row in 0..<layout.mainHeight {
            var spans: [Frame.Span] = []
            if layout.leftWidth > 0 {
                spans = fit(row < left.count ? left[row] : [], layout.leftWidth - 1)
                spans.append(.init("│", .border))
            }
            if row < main.count { spans += main[row] }
            f.set(1 + row, spans)
        }
        let sql = SQLPane.render(s, ui, width: width, height: layout.sqlHeight)
        for row in 0..<layout.sqlHeight { f.set(1 + layout.mainHeight + row, row < sql.count ? sql[row] : []) }
        f.set(height - 1, StatusLine.render(s, ui, width: width, busy: busy))
        if let prompt = Prompt.text(ui, width: width) { f.cursor = (height - 1, min(width - 1, prompt.displayWidth)) }
        if overlay == .sqlEditor, s.confirmation == nil {
            let c = SQLEditorPane.render(s, ui, width: layout.mainWidth, height: SQLEditorPane.height(ui, mainHeight: layout.mainHeight)).cursor
            f.cursor = (1 + c.row, min(width - 1, layout.leftWidth + c.column))
        }
        return f
    }

    /// The main pane's lines: the overlay when there is one, else the screen's pane.
    static func mainPane(_ s: ExplorerState, _ ui: UIState, _ overlay: Overlay?, width: Int, height: Int) -> [[Frame.Span]] {
        switch overlay {
        case .form(let form, let focus, let submitted): return FormPane.render(s, form, focus: focus, submitted: submitted, height: height)
        case .value(let view): return valuePane(view, width: width, height: height)
        case .map(let top, let left): return MapPane.render(s, top: top, left: left, width: width, height: height)
        case .messages(let back): return MessagesPane.render(s, back: back, width: width, height: height)
        case .confirmation(let c): return FormPane.confirmation(c)
        case .model: return ModelPane.render(s, ui, height: height)
        case .plan(let p): return SQLPane.plan(p, width: width)
        case .comparison(let c): return ComparisonPane.render(c, width: width)
        case .sqlEditor:
            // The editor on top; below it what the main pane shows without it (the typed rows, a plan).
            var below = ui
            below.mode = .normal
            let editor = SQLEditorPane.render(s, ui, width: width, height: SQLEditorPane.height(ui, mainHeight: height)).lines
            return editor + mainPane(s, below, Overlay.of(s, below), width: width, height: height - editor.count)
        case .help, nil: break
        }
        switch s.screen {
        case .models: return ModelsPane.render(s, ui, width: width, height: height)
        case .rows(let r): return RowsPane.render(s, r, ui, width: width, height: height)
        case .row(let r): return RowPane.render(s, r, width: width, height: height)
        }
    }

    /// Spans cut and padded to exactly `width` cells.
    static func fit(_ spans: [Frame.Span], _ width: Int) -> [Frame.Span] {
        var out: [Frame.Span] = [], used = 0
        for s in spans where used < width {
            let t = s.text.fitted(width - used, pad: false)
            out.append(.init(t, s.style))
            used += t.displayWidth
        }
        if used < width { out.append(.init(String(repeating: " ", count: width - used))) }
        return out
    }

    /// How many rows a page should hold to fill the rows grid of a window `height` rows high
    /// (the grid's title and column header take two lines).
    public static func pageSize(forHeight height: Int) -> Int { max(3, Layout(width: 120, height: height).mainHeight - 2) }
}
