import ORMCore

/// The model list: every model with its kind, row estimate and relationships; a cursor that
/// is always in sight (the list scrolls around it), pages, and `/` to narrow the list to the
/// names containing what is typed, as it is typed. Also drawn as the column on the left of a
/// wide window, centred on the model open.
public enum ModelsPane {
    // MARK: Bindings

    static let bindings = BindingGroup("Model list", [
        Binding("models.up", [.up, .char("k")], "move the cursor up") { _, ui, s in move(&ui, s, by: -1) },
        Binding("models.down", [.down, .char("j")], "move the cursor down") { _, ui, s in move(&ui, s, by: 1) },
        Binding("models.pageDown", [.pageDown, .char(" ")], "a page down") { _, ui, s in move(&ui, s, by: rows(ui)) },
        Binding("models.pageUp", [.pageUp], "a page up") { _, ui, s in move(&ui, s, by: -rows(ui)) },
        Binding("models.first", [.char("g"), .home], "the first model") { _, ui, s in move(&ui, s, by: -Int.max / 2) },
        Binding("models.last", [.char("G"), .end], "the last model") { _, ui, s in move(&ui, s, by: Int.max / 2) },
        Binding("models.open", [.enter], "open the model's rows") { _, ui, s in open(&ui, s) },
        Binding("models.search", [.char("/")], "search: the list narrows to the names containing what you type (↑↓ move, Enter opens, Esc clears)") { _, ui, _ in
            ui.mode = .searchPrompt("")
            return []
        },
        Binding("models.reload", [.char("R")], "read the schema again (new tables appear, dropped ones go)") { _, _, _ in [.reloadSchema] },
    ])

    /// The lines a page of the list moves by.
    static func rows(_ ui: UIState) -> Int { max(1, Layout(ui).mainHeight - 1) }

    /// The indexes of the models shown: all, or those whose name contains the search text (any case).
    public static func visible(_ s: ExplorerState, _ ui: UIState) -> [Int] {
        guard case .searchPrompt(let e) = ui.mode, !e.isEmpty else { return Array(s.registry.models.indices) }
        let models = s.registry.models
        // An ASCII search compares bytes, folding A-Z, without a copy of each name (5,000 names a key).
        if e.text.utf8.allSatisfy({ $0 < 0x80 }) {
            let q = e.text.utf8.map(fold)
            return models.indices.filter { i in
                var name = models[i].qualifiedName
                return name.withUTF8 { containsFolded($0, q) }
            }
        }
        let q = Array(e.text.lowercased())
        return models.indices.filter { contains(Array(models[$0].qualifiedName.lowercased()), q) }
    }

    static func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }

    static func containsFolded(_ text: UnsafeBufferPointer<UInt8>, _ q: [UInt8]) -> Bool {
        guard q.count <= text.count else { return false }
        if q.isEmpty { return true }
        for i in 0...(text.count - q.count) where fold(text[i]) == q[0] {
            var j = 1
            while j < q.count, fold(text[i + j]) == q[j] { j += 1 }
            if j == q.count { return true }
        }
        return false
    }

    static func contains(_ text: [Character], _ q: [Character]) -> Bool {
        guard q.count <= text.count else { return false }
        if q.isEmpty { return true }
        for i in 0...(text.count - q.count) where text[i] == q[0] {
            var j = 1
            while j < q.count, text[i + j] == q[j] { j += 1 }
            if j == q.count { return true }
        }
        return false
    }

    static func cursor(_ s: ExplorerState) -> Int { if case .models(let c) = s.screen { return c } else { return 0 } }

    /// Moves the cursor `delta` lines through the models shown (a search's matches only).
    static func move(_ ui: inout UIState, _ s: ExplorerState, by delta: Int) -> [Action] {
        let shown = visible(s, ui), c = cursor(s)
        guard !shown.isEmpty else { return [] }
        let at = shown.firstIndex(of: c) ?? 0
        let target = shown[max(0, min(shown.count - 1, at + max(-shown.count, min(shown.count, delta))))]
        return target == c ? [] : [.moveCursor(target - c)]
    }

    static func open(_ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        let c = cursor(s)
        guard c < s.registry.models.count else { return [] }
        ui.column = 0
        ui.firstColumn = 0
        ui.relationship = 0
        return [.openModel(s.registry.models[c].qualifiedName)]
    }

    /// The search prompt's keys that are not typing: the cursor moves through the matches, Enter opens.
    static func searchKey(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action]? {
        switch key {
        case .up: return move(&ui, s, by: -1)
        case .down: return move(&ui, s, by: 1)
        case .pageUp: return move(&ui, s, by: -rows(ui))
        case .pageDown: return move(&ui, s, by: rows(ui))
        case .enter:
            let shown = visible(s, ui)
            ui.mode = .normal
            guard shown.contains(cursor(s)) else { ui.message = "No model matches the search."; return [] }
            return open(&ui, s)
        default: return nil
        }
    }

    /// After the search text changed: the cursor goes to the model named exactly so (any case: its
    /// name, then its qualified name), else to the first match from the top, wherever it was
    /// (so `/auth_user` Enter opens `auth_user`, not the `auth_user_groups` the cursor was on).
    static func searched(_ ui: UIState, _ s: ExplorerState) -> [Action] {
        let shown = visible(s, ui), c = cursor(s)
        guard let first = shown.first, case .searchPrompt(let e) = ui.mode else { return [] }
        let text = e.text.lowercased(), models = s.registry.models
        let target = shown.first { models[$0].name.lowercased() == text }
            ?? shown.first { models[$0].qualifiedName.lowercased() == text } ?? first
        return target == c ? [] : [.moveCursor(target - c)]
    }

    // MARK: Update

    static func update(_ s: inout ExplorerState, _ action: Action) -> [Effect]? {
        switch action {
        case .showModels:
            Explorer.push(&s, .models(cursor: 0))
            return []

        case .openModel(let name):
            let model: Model
            do { model = try s.registry.require(name) } catch {
                s.report = ActionReport(action: "open \(name)", error: Explorer.sentence(error))
                return []
            }
            let request = PageRequest(model: model.qualifiedName, limit: s.pageSize)
            Explorer.push(&s, .rows(RowsScreen(request: request, estimate: model.estimatedRowCount)))
            return Explorer.load(&s, "open \(model.qualifiedName), page 1", request)

        case .moveCursor(let delta):
            guard case .models(let c) = s.screen else { return nil }
            s.screen = .models(cursor: Explorer.clamp(c + delta, s.registry.models.count))
            return []

        case .refresh:
            // On the model list, R rereads the schema.
            guard case .models = s.screen else { return nil }
            return Explorer.update(&s, .reloadSchema)

        case .reloadSchema:
            let id = Explorer.begin(&s)
            return [.reloadSchema(id: id, action: "reload the schema")]

        case .schemaReloaded(let id, let registry, let report, let drift):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.setDrift(drift)
            return schemaReloaded(&s, registry, report)

        default:
            return nil
        }
    }

    /// Takes the schema read again: the report's action names what changed; screens of dropped
    /// models leave the back stack; the open model stays open (its page read again) when it still
    /// exists, and otherwise the model list comes back with a sentence saying why.
    static func schemaReloaded(_ s: inout ExplorerState, _ registry: Registry, _ report: ActionReport) -> [Effect] {
        let before = s.registry.models.map(\.qualifiedName), after = registry.models.map(\.qualifiedName)
        let added = after.filter { !Set(before).contains($0) }, dropped = before.filter { !Set(after).contains($0) }
        func list(_ names: [String]) -> String { names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ..." : "") }
        var r = report
        r.action = "reload the schema: \(NumberText.counted(after.count, "model"))"
            + (added.isEmpty ? "" : ", \(added.count) new (\(list(added)))")
            + (dropped.isEmpty ? "" : ", \(dropped.count) dropped (\(list(dropped)))")
            + (added.isEmpty && dropped.isEmpty ? ", no table added or dropped" : "")
        let open = Explorer.modelName(of: s.screen).flatMap { s.registry.model(named: $0)?.qualifiedName }
        let wasOnModel: Int? = { if case .models(let c) = s.screen { return c } else { return nil } }()
        let cursorModel = wasOnModel.flatMap { before.indices.contains($0) ? before[$0] : nil }
        s.registry = registry
        s.strategies = s.strategies.filter { id, _ in registry.models.contains { $0.relationships.contains { $0.id == id } } }
        s.backStack = s.backStack.filter { Explorer.modelName(of: $0).map { registry.model(named: $0) != nil } ?? true }
        s.report = r
        if let wasOnModel {
            // The cursor stays on its model, or where it was when that model went.
            let i = cursorModel.flatMap { after.firstIndex(of: $0) } ?? wasOnModel
            s.screen = .models(cursor: Explorer.clamp(i, after.count))
            return []
        }
        guard let open, registry.model(named: open) != nil else {
            let name = open ?? "the model"
            s.report?.warnings.append("The table \(name) you had open is no longer in the database (dropped or renamed), so it was closed.")
            s.screen = s.backStack.popLast() ?? .models(cursor: Explorer.clamp(before.firstIndex(of: name) ?? 0, after.count))
            if case .models = s.screen {} else { s.screen = .models(cursor: Explorer.clamp(before.firstIndex(of: name) ?? 0, after.count)); s.backStack = [] }
            return []
        }
        // Still there: its rows are read again (the columns may have changed), joining this report.
        let reload = Explorer.reloadRows(&s, "refresh \(open) after the schema reload")
        s.reloadJoinsReport = !reload.isEmpty
        return reload
    }

    // MARK: Render

    /// What ends the name of a model that differs from the models file.
    static let driftMark = "≠drift "

    /// The header's note on drift: how many models differ, and the models' tables the database lacks.
    static func driftSummary(_ s: ExplorerState) -> String {
        guard !s.drift.isEmpty else { return "" }
        let missing = s.missingTables
        let differ = s.drift.count - missing.count
        var parts: [String] = []
        if differ > 0 { parts.append("\(differ) model\(differ == 1 ? " differs" : "s differ") from the models file (Tab shows how)") }
        if !missing.isEmpty {
            parts.append("not in the database: " + missing.prefix(3).joined(separator: ", ") + (missing.count > 3 ? ", ..." : ""))
        }
        return "   ≠ " + parts.joined(separator: "; ")
    }

    /// A model's row estimate as the list shows it, whole: `~10,000,000`, `view`, or `-`.
    static func estimate(_ m: Model) -> String {
        m.kind == .view ? m.kindLabel : m.estimatedRowCount.map { "~" + NumberText.grouped($0) } ?? "-"
    }

    /// The list in the main pane, `height` lines high (the header included).
    static func render(_ s: ExplorerState, _ ui: UIState, width: Int, height: Int) -> [[Frame.Span]] {
        let shown = visible(s, ui), c = cursor(s)
        let rows = max(1, height - 1)
        let at = shown.firstIndex(of: c) ?? 0
        let top = Viewport.top(cursor: at, count: shown.count, rows: rows)
        let slice = shown[top..<min(shown.count, top + rows)].map { s.registry.models[$0] }
        let marked = s.drift.isEmpty ? 0 : driftMark.count
        let nameWidth = min(max(30, width / 3) + marked, max(12, (slice.map { $0.qualifiedName.displayWidth }.max() ?? 0) + 2 + marked))
        let rowsWidth = max(8, (slice.map { estimate($0).count }.max() ?? 0) + 2)
        let marker = Viewport.marker(top: top, count: shown.count, rows: rows).map { "   " + $0 } ?? ""
        var header = "MODEL".fitted(nameWidth) + "KIND   " + "ROWS~".fitted(rowsWidth) + "RELATIONSHIPS"
        if case .searchPrompt(let e) = ui.mode { header += "   \(shown.count) of \(s.registry.models.count) match \"\(e.text)\"" }
        var out: [[Frame.Span]] = [[.init(header, .header), .init(marker, .dim), .init(driftSummary(s), .warning)]]
        for (k, m) in slice.enumerated() {
            let rels = m.relationships.map(\.name).joined(separator: ", ")
            let style: Frame.Style = shown[top + k] == c ? .selected : .normal
            // A model that differs from the models file ends its name column with the mark.
            let name = s.drift[m.qualifiedName] == nil ? m.qualifiedName.fitted(nameWidth)
                : m.qualifiedName.fitted(max(1, nameWidth - driftMark.count))
            out.append([.init(name, style)] + (s.drift[m.qualifiedName] == nil ? [] : [.init(driftMark, style == .selected ? .selected : .warning)])
                       + [.init(m.kindLabel.fitted(7) + estimate(m).fitted(rowsWidth) + rels, style)])
        }
        if shown.isEmpty { out.append([.init("no model matches", .dim)]) }
        return out
    }

    /// The column on the left of a wide window: the models, centred on the one open (or under the
    /// list's cursor), estimates whole; while `/` searches, only the matches, as in the list.
    static func column(_ s: ExplorerState, _ ui: UIState, width: Int, height: Int) -> [[Frame.Span]] {
        let models = visible(s, ui).map { s.registry.models[$0] }
        var current = s.currentModel?.qualifiedName
        if case .models(let c) = s.screen, c < s.registry.models.count { current = s.registry.models[c].qualifiedName }
        let at = current.flatMap { name in models.firstIndex { $0.qualifiedName == name } } ?? 0
        let rows = max(1, height - 1)
        let top = Viewport.top(cursor: at, count: models.count, rows: rows)
        let slice = models[top..<min(models.count, top + rows)]
        let countWidth = (slice.map { estimate($0).count }.max() ?? 0) + 1
        let below = max(0, models.count - top - rows)
        let more = (top > 0 ? " ↑\(top)" : "") + (below > 0 ? " ↓\(below)" : "")
        var out: [[Frame.Span]] = [[.init("Models", .header), .init(more, .dim)]]
        for m in slice {
            let count = m.kind == .view ? m.kindLabel : m.estimatedRowCount.map { "~" + NumberText.grouped($0) } ?? ""
            // A model that differs from the models file is marked ≠ before its count.
            let mark = s.drift[m.qualifiedName] == nil ? "" : "≠"
            let style: Frame.Style = m.qualifiedName == current ? .selected : .normal
            let text = m.qualifiedName.fitted(max(4, width - countWidth - 1 - mark.count))
            out.append([.init(text, style)] + (mark.isEmpty ? [] : [.init(mark, style == .selected ? .selected : .warning)])
                       + [.init(count.fitted(countWidth, alignRight: true) + " ", style)])
        }
        return out
    }
}
