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

    /// Bars of statement count and time per strategy, side by side, each scaled to the largest.
    static func comparisonPane(_ c: Comparison, width: Int) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = [[.init("Loading \(c.relationship) for \(c.parents) parents: each strategy in a fresh session", .title)], []]
        let barWidth = max(10, (width - 34) / 2)
        let maxCount = max(1, c.costs.map(\.statements).max() ?? 1)
        let maxTime = max(0.001, c.costs.map(\.milliseconds).max() ?? 1)
        func bar(_ v: Double, _ m: Double) -> String {
            let n = max(v > 0 ? 1 : 0, Int((v / m * Double(barWidth)).rounded()))
            return String(repeating: "█", count: n).fitted(barWidth)
        }
        out.append([.init("".fitted(10) + "statements".fitted(barWidth + 7) + "  time", .header)])
        for cost in c.costs {
            out.append([.init(cost.strategy.rawValue.fitted(10), .header),
                        .init(bar(Double(cost.statements), Double(maxCount)), cost.warnings.isEmpty ? .number : .warning),
                        .init(String(cost.statements).fitted(6, alignRight: true) + "  ", .normal),
                        .init(bar(cost.milliseconds, maxTime), .sql),
                        .init(String(format: " %.1f ms", cost.milliseconds))])
        }
        out.append([])
        for cost in c.costs { for w in cost.warnings { out.append([.init("⚠ \(cost.strategy.rawValue): " + w, .warning)]) } }
        out.append([.init("(any key returns to the rows)", .dim)])
        return out
    }

    /// The model as a box, each relationship a labelled line to its target's box: many-to-one,
    /// one-to-many, one-to-one, many-to-many through the link table (with its link data).
    static func mapPane(_ s: ExplorerState, width: Int) -> [[Frame.Span]] {
        guard let m = s.currentModel else { return [] }
        let inner = m.qualifiedName.displayWidth + 2
        var out: [[Frame.Span]] = [[.init("Relationships of \(m.qualifiedName)   (any key closes)", .title)],
                                   [.init("┌" + String(repeating: "─", count: inner) + "┐", .border)],
                                   [.init("│ ", .border), .init(m.qualifiedName, .header), .init(" │", .border)],
                                   [.init("└─┬" + String(repeating: "─", count: max(0, inner - 2)) + "┘", .border)]]
        if m.relationships.isEmpty { out.append([.init("  (no relationships)", .dim)]) }
        for (i, r) in m.relationships.enumerated() {
            let last = i == m.relationships.count - 1
            let label: String
            if let link = r.link {
                label = " \(r.name) ─ \(r.kind.rawValue) via \(link.model)" + (link.extraColumns.isEmpty ? "" : " (\(link.extraColumns.joined(separator: ", ")))") + " "
            } else {
                label = " \(r.name) ─ \(r.kind.rawValue) (\(r.localColumns.joined(separator: ",")) → \(r.remoteColumns.joined(separator: ","))) "
            }
            let box = r.target.displayWidth + 2
            let lineWidth = max(3, width - 6 - box - label.displayWidth - 2)
            let pad = String(repeating: " ", count: 3 + label.displayWidth + lineWidth)
            out.append([.init("  │" + pad, .border), .init("┌" + String(repeating: "─", count: box) + "┐", .border)])
            out.append([.init(last ? "  └──" : "  ├──", .border), .init(label, r.isSelfReferential ? .warning : .normal),
                        .init(String(repeating: "─", count: lineWidth) + "►", .border), .init("│ ", .border), .init(r.target, .header), .init(" │", .border)])
            out.append([.init((last ? "   " : "  │") + pad, .border), .init("└" + String(repeating: "─", count: box) + "┘", .border)])
        }
        return out
    }

    static func modelInfoPane(_ s: ExplorerState) -> [[Frame.Span]] {
        guard let m = s.currentModel else { return [] }
        var out: [[Frame.Span]] = [[.init("\(m.kind == .view ? "View" : "Model") \(m.qualifiedName)" + (m.estimatedRowCount.map { "  ~\(grouped($0)) rows" } ?? "") + "   (any key closes)", .title)]]
        if let parent = m.inheritanceParent {
            out.append([.init("extends ", .header), .init("\(parent.target) (joined-table inheritance: \(parent.localColumns.joined(separator: ", ")) → \(parent.target).\(parent.remoteColumns.joined(separator: ", ")))")])
        }
        let children = m.inheritanceChildren
        if !children.isEmpty {
            out.append([.init("extended by ", .header), .init(children.map(\.target).joined(separator: ", ") + " (joined-table inheritance)")])
        }
        for line in ModelNotes.lines(m) { out.append([.init(line, .dim)]) }
        out.append([.init("FIELD".fitted(22) + "TYPE".fitted(26) + "NULL  DEFAULT".fitted(30) + "KEY", .header)])
        for f in m.fields {
            var key: [String] = []
            if m.primaryKey.contains(f.name) { key.append("PK") }
            if m.foreignKeys.contains(where: { $0.columns.contains(f.name) }) { key.append("FK") }
            if f.isAutoIncrement { key.append("auto") }
            if f.isGenerated { key.append("generated") }
            out.append([.init(f.name.fitted(22) + ModelNotes.typeText(f).fitted(26) + (f.isNullable ? "yes   " : "no    ") + ModelNotes.defaultText(f).fitted(24) + key.joined(separator: " "))])
        }
        for f in m.fields { for line in ModelNotes.fieldLines(f) { out.append([.init("note ", .header), .init(line)]) } }
        for p in m.partitions {
            out.append([.init("partition ", .header), .init("\(p.modelName) \(p.bound)" + (p.estimatedRowCount.map { "  ~\(grouped($0)) rows" } ?? ""))])
        }
        for u in m.uniqueConstraints { out.append([.init("unique ", .header), .init("\(u.name ?? "") (\(u.columns.joined(separator: ", ")))")]) }
        for i in m.indexes { out.append([.init("index ", .header), .init("\(i.name) (\(i.columns.joined(separator: ", ")))\(i.isUnique ? " unique" : "")\(i.predicate.map { " where \($0)" } ?? "")")]) }
        for c in m.checks { out.append([.init("check ", .header), .init("\(c.name.map { $0 + ": " } ?? "")\(c.expression)")]) }
        for fk in m.foreignKeys {
            out.append([.init("foreign key ", .header), .init("(\(fk.columns.joined(separator: ", "))) → \(fk.referencedModelName) (\(fk.referencedColumns.joined(separator: ", "))) on delete \(fk.onDelete)\(fk.deferrability.map { ", " + $0 } ?? "")")])
        }
        for r in m.relationships {
            let through = r.link.map { " through \($0.model)" + ($0.extraColumns.isEmpty ? "" : " (link data: \($0.extraColumns.joined(separator: ", ")))") } ?? ""
            let from = r.origin.map { "  from " + $0.description } ?? ""
            out.append([.init("relationship ", .header), .init("\(r.name): \(r.kind.rawValue) \(r.target)\(through)\(r.isInheritance ? " (inheritance)" : "")  [\(s.strategies[r.id]?.rawValue ?? "lazy")]"), .init(from, .dim)])
        }
        for n in m.notes { out.append([.init("note ", .warning), .init(n)]) }
        return out
    }

    /// The value viewer's text area in a window: its width in cells and how many lines it shows
    /// (the main pane less its title and position lines). The keymap pages by the same figures.
    public static func valueArea(width: Int, height: Int) -> (width: Int, lines: Int) {
        let w = max(minimumWidth, width), h = max(minimumHeight, height)
        return (w - (w >= 100 ? 26 : 0) - 1, max(1, heights(h).main - 2))
    }

    /// The lines of the value in sight, laid out from the viewer's top only (never the whole value).
    static func valuePane(_ view: ValueView, width: Int, height: Int) -> [[Frame.Span]] {
        let rows = max(1, height - 2)
        let (lines, end) = view.lines(width: width - 1, count: rows)
        let total = view.byteCount
        let kind: String
        if case .bytes = view.content { kind = "bytes" } else { kind = "bytes of UTF-8" }
        let percent = total == 0 ? 100 : Int((Double(end) / Double(total) * 100).rounded(.down))
        var out: [[Frame.Span]] = [[.init(view.title + "   (↑↓ PgUp PgDn g G scroll · any other key closes)", .title)],
                                   [.init("\(kind) \(grouped(total == 0 ? 0 : view.top + 1))-\(grouped(end)) of \(grouped(total)) · \(percent)%", .dim)]]
        out += lines.map { [.init($0)] }
        return out
    }

    static func formPane(_ s: ExplorerState, _ form: Form, focus: Int, submitted: Bool) -> [[Frame.Span]] {
        let title: String
        switch form.mode {
        case .insert: title = "Insert into \(form.model)"
        case .edit(let key): title = "Edit \(form.model) \(KeyText.text(key))  (only edited fields are written)"
        case .upsert(let target): title = "Upsert \(form.model) on (\(target.joined(separator: ", ")))  (F2: another conflict target)"
        }
        var out: [[Frame.Span]] = [[.init(title, .title)]]
        let nameWidth = min(22, (form.entries.map { $0.name.displayWidth }.max() ?? 4) + 2)
        for (i, e) in form.entries.enumerated() {
            let marker = e.required ? "*" : " "
            let hint = [e.type, e.defaultText.map { "default \($0)" }, e.isAutomatic ? "auto" : nil].compactMap { $0 }.joined(separator: ", ")
            // A problem takes the hint's place, so it is never cut off at the pane's edge.
            out.append([.init(marker + e.name.fitted(nameWidth), i == focus ? .selected : .header),
                        e.isNull ? .init("NULL".fitted(28), .null)  // a state, not text: typing replaces it
                            : .init((e.text.isEmpty && i != focus ? "" : CellText.prefix(e.text, 28) + (i == focus ? "▏" : "")).fitted(28), i == focus ? .prompt : .normal),
                        e.problem.map { .init(" ✗ \(e.name) \($0)", .error) } ?? .init(" " + hint.fitted(30), .dim)])
        }
        out.append([])
        if let model = s.registry.model(named: form.model), let preview = form.preview(model: model, dialect: s.dialect) {
            out.append([.init("Will run: ", .header), .init(preview.sql, .sql)])
            if !preview.binds.isEmpty { out.append([.init("  with ", .dim), .init(preview.binds.map(\.description).joined(separator: ", "))]) }
        }
        out.append([.init(submitted ? "writing…" : "Enter writes · Tab/↑/↓ move · Ctrl-N NULL · Esc closes · * required", .dim)])
        if !submitted, let error = s.report?.error, s.report?.action.contains(form.model) == true {
            out.append([.init("✗ " + error, .error)])
        }
        return out
    }

    static func modelsPane(_ s: ExplorerState, cursor: Int, width: Int) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = [[.init("MODEL".fitted(30) + "KIND   ROWS~       RELATIONSHIPS", .header)]]
        for (i, m) in s.registry.models.enumerated() {
            let rels = m.relationships.map(\.name).joined(separator: ", ")
            let rows = m.estimatedRowCount.map { "~" + grouped($0) } ?? "-"
            out.append([.init(m.qualifiedName.fitted(30) + m.kindLabel.fitted(7) + rows.fitted(12) + rels, i == cursor ? .selected : .normal)])
        }
        return out
    }

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
            var c: [(String, Frame.Style, Bool)] = page.rows[i].enumerated().map { CellText.of($1, preview: page.preview(row: i, column: $0)) }
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

    static func rowPane(_ s: ExplorerState, _ r: RowScreen, width: Int) -> [[Frame.Span]] {
        let model = s.registry.model(named: r.model)
        var out: [[Frame.Span]] = [[.init("\(r.model) \(KeyText.text(r.key))", .title)]]
        for name in model?.fieldNames ?? r.values.keys.sorted() {
            // (A long value not read yet, while the row loads: not shown as NULL.)
            guard let v = r.values[name] else { out.append([.init(name.fitted(20), .header), .init("…", .dim)]); continue }
            let cell = CellText.of(v, limit: max(CellText.limit, width))
            out.append([.init(name.fitted(20), .header), .init(cell.text, cell.style == .number ? .normal : cell.style)])
        }
        out.append([])
        out.append([.init("Relationships (Enter follows)", .header)])
        for (i, rel) in (model?.relationships ?? []).enumerated() {
            let strategy = s.strategies[rel.id]?.rawValue ?? "lazy"
            let through = rel.link.map { " through \($0.model)" } ?? ""
            out.append([.init("\(rel.name)  \(rel.kind.rawValue) \(rel.target)\(through)  [\(strategy)]", i == r.cursor ? .selected : .normal)])
        }
        return out
    }

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

    /// What a confirmation will do, over the main pane while it asks (a delete's preview).
    static func confirmationPane(_ c: Confirmation) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = c.details.enumerated().map { i, line in [.init(line, i == 0 ? .header : .normal)] }
        out.append([])
        out.append([.init("The counts are statements in the SQL pane; the question is on the last line.", .dim)])
        return out
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

    /// The prompt on the status line, if one is open (`filter: ...` or `:...`).
    /// Only the end of a long line is drawn (the cursor is at its end), read from the end of the
    /// text as far as the status line is wide.
    static func promptText(_ ui: UIState, width: Int) -> String? {
        let label: String, editor: LineEditor
        switch ui.mode {
        case .filterPrompt(let e): (label, editor) = ("filter: ", e)
        case .commandPrompt(let e): (label, editor) = (":", e)
        default: return nil
        }
        let room = max(1, width - 1 - label.displayWidth)
        if editor.displayWidth <= room { return label + editor.text }
        return label + "…" + editor.tail(fitting: room - 1).text
    }

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

    /// Every key, its description wrapped onto more lines where the window is narrow.
    static func help(_ frame: Frame, width: Int, height: Int) -> Frame {
        var f = frame
        f.set(1, [.init("Keys (any key closes this)", .title)])
        var row = 2
        let room = max(20, width - 24)
        for (keys, what) in Keymap.help where row < height {
            var rest = Substring(what), first = true
            while !rest.isEmpty, row < height {
                var line = String(rest.prefix(room))
                if line.count < rest.count, let space = line.lastIndex(of: " ") { line = String(line[..<space]) }
                rest = rest.dropFirst(line.count).drop { $0 == " " }
                f.set(row, [.init("  " + (first ? keys : "").fitted(22), .header), .init(line)])
                first = false
                row += 1
            }
        }
        return f
    }

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
