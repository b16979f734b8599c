import ORMCore

/// One row: its fields, then its relationships (each with its kind, target and strategy). One
/// cursor goes down both; the pane scrolls to keep it in sight. Enter on a relationship follows
/// it (only the one selected, which is always on screen); on a field it shows the value whole.
public enum RowPane {
    // MARK: Bindings

    static let bindings = BindingGroup("One row", [
        Binding("row.up", [.up, .char("k")], "move the cursor up (fields, then relationships)") { _, _, _ in [.moveCursor(-1)] },
        Binding("row.down", [.down, .char("j")], "move the cursor down") { _, _, _ in [.moveCursor(1)] },
        Binding("row.pageDown", [.pageDown, .char(" ")], "a page down") { _, ui, _ in [.moveCursor(max(1, Layout(ui).mainHeight - 2))] },
        Binding("row.pageUp", [.pageUp], "a page up") { _, ui, _ in [.moveCursor(-max(1, Layout(ui).mainHeight - 2))] },
        Binding("row.first", [.char("g"), .home], "the first field") { _, _, _ in [.moveCursor(-Int.max / 2)] },
        Binding("row.last", [.char("G"), .end], "the last relationship") { _, _, _ in [.moveCursor(Int.max / 2)] },
        Binding("row.enter", [.enter], "follow the selected relationship; on a field, show its value whole") { _, ui, s in enter(&ui, s) },
        Binding("row.value", [.char("v")], "the selected field's value, whole") { _, ui, s in enter(&ui, s) },
        Binding("row.strategy", [.char("L")], "cycle the selected relationship's loading: lazy → selectin → joined") { _, ui, s in
            guard case .row(let r) = s.screen, let model = s.currentModel, let rel = relationship(at: r.cursor, model) else {
                ui.message = "Select a relationship first (↓ past the fields)."
                return []
            }
            return [.cycleStrategy(relationship: rel.id)]
        },
        Binding("row.copy", [.char("y")], "copy the selected field's value to the clipboard (OSC 52)") { key, ui, s in Clipboard.copy(key, &ui, s, row: false) },
        Binding("row.copyRow", [.char("Y")], "copy the row (names, then values, tab-separated)") { key, ui, s in Clipboard.copy(key, &ui, s, row: true) },
        Binding("row.editor", [.char("E")], "edit the selected field in $EDITOR; it comes back as an edit form (Enter writes it)") { _, ui, s in ValueEdit.start(&ui, s) },
        Binding("row.map", [.char("M")], "the relationship map of the model and its neighbours") { _, ui, _ in ui.mode = .map(top: 0, left: 0); return [] },
    ])

    /// The relationship at a cursor position, nil on a field.
    static func relationship(at cursor: Int, _ model: Model) -> Relationship? {
        let i = cursor - model.fieldNames.count
        return i >= 0 && i < model.relationships.count ? model.relationships[i] : nil
    }

    static func fieldNames(_ s: ExplorerState, _ r: RowScreen) -> [String] {
        s.registry.model(named: r.model)?.fieldNames ?? r.values.keys.sorted()
    }

    /// A row's screen as it opens: its first field in view. The cursor starts on the first
    /// relationship (Enter follows it) only when the fields, the Relationships line and that
    /// relationship all fit in the pane (its height is a grid page and the grid's header line);
    /// otherwise, or with no relationship, on the first field (a 60-column row opened scrolled to
    /// its bottom, `id` off screen, the cursor on "(none)").
    static func opening(_ s: ExplorerState, model: String, key: [Value], values: [String: Value], fields: Int) -> RowScreen {
        let relationships = s.registry.model(named: model)?.relationships.count ?? 0
        let fits = relationships > 0 && fields + 2 <= s.pageSize + 1
        return RowScreen(model: model, key: key, values: values, cursor: fits ? fields : 0)
    }

    static func enter(_ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        guard case .row(let r) = s.screen else { return [] }
        let names = fieldNames(s, r)
        if r.cursor < names.count {
            guard let value = r.values[names[r.cursor]] else { ui.message = "\(names[r.cursor]) is still being read: v when the row has arrived."; return [] }
            ui.mode = .value(ValuePane.view(title: ValueView.title(model: r.model, field: names[r.cursor], key: r.key), value: value))
            return []
        }
        guard let model = s.currentModel, let rel = relationship(at: r.cursor, model) else { return [] }
        RowsPane.leave(&ui)
        return [.follow(rel.name)]
    }

    // MARK: Update

    static func update(_ s: inout ExplorerState, _ action: Action) -> [Effect]? {
        switch action {
        case .moveCursor(let delta):
            guard case .row(var r) = s.screen else { return nil }
            let count = fieldNames(s, r).count + (s.registry.model(named: r.model)?.relationships.count ?? 0)
            r.cursor = Explorer.clamp(r.cursor + delta, count)
            s.screen = .row(r)
            return []

        case .openKey(let model, let key):
            let fields = s.registry.model(named: model)?.fieldNames.count ?? 0
            Explorer.push(&s, .row(opening(s, model: model, key: key, values: [:], fields: fields)))
            let id = Explorer.begin(&s)
            return [.loadRow(id: id, action: "get \(model) \(KeyText.text(key))", model: model, key: key)]

        case .rowLoaded(let id, let values, let report):
            guard s.pending == id, case .row(var r) = s.screen else { return [] }
            s.pending = nil
            Explorer.take(&s, report)
            r.values = values
            s.screen = .row(r)
            return []

        case .countExactly:
            guard case .row(let r) = s.screen else { return nil }
            s.report = ActionReport(action: "count: the row view shows one row of \(r.model); c counts the rows of a rows grid (Backspace goes back to it)")
            s.log(LogEntry(.notice, action: "count", "Nothing counted: the row view shows one row of \(r.model)."))
            return []

        default:
            return nil
        }
    }

    // MARK: Render

    static func render(_ s: ExplorerState, _ r: RowScreen, width: Int, height: Int) -> [[Frame.Span]] {
        let model = s.registry.model(named: r.model)
        let names = fieldNames(s, r)
        let rels = model?.relationships ?? []
        // Names and values always apart: the names' column is as wide as the widest (at most 30), then two spaces.
        let nameWidth = min(30, names.map(\.displayWidth).max() ?? 4)
        var lines: [[Frame.Span]] = []
        for (i, name) in names.enumerated() {
            let selected = i == r.cursor
            // (A long value not read yet, while the row loads: not shown as NULL.)
            guard let v = r.values[name] else {
                lines.append([.init(name.fitted(nameWidth) + "  ", selected ? .selected : .header), .init("…", .dim)])
                continue
            }
            let cell = CellText.of(v, limit: max(CellText.limit, width))
            lines.append([.init(name.fitted(nameWidth) + "  ", selected ? .selected : .header),
                          .init(cell.text, selected ? .selected : cell.style == .number ? .normal : cell.style)])
        }
        lines.append([.init("Relationships (\(rels.count); Enter follows the selected one)", .header)])
        let relWidth = min(30, rels.map(\.name.displayWidth).max() ?? 4)
        for (i, rel) in rels.enumerated() {
            let strategy = s.strategies[rel.id]?.rawValue ?? "lazy"
            let through = rel.link.map { " through \($0.model)" } ?? ""
            lines.append([.init(rel.name.fitted(relWidth) + "  \(rel.kind.rawValue) \(rel.target)\(through)  [\(strategy)]",
                                names.count + i == r.cursor ? .selected : .normal)])
        }
        if rels.isEmpty { lines.append([.init("  (none)", .dim)]) }
        let rows = max(1, height - 1)
        let line = r.cursor < names.count ? r.cursor : r.cursor + 1
        let top = Viewport.top(cursor: line, count: lines.count, rows: rows)
        let marker = Viewport.marker(top: top, count: lines.count, rows: rows).map { "   " + $0 } ?? ""
        return [[.init("\(r.model) \(KeyText.text(r.key))", .title), .init(marker, .dim)]] + lines[top..<min(lines.count, top + rows)]
    }
}
