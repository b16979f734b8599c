import ORMCore

/// The rows grid: a page of a model's rows. The cursor moves over the rows; the selected column
/// moves over the columns and the grid scrolls sideways to keep it in sight, with the key columns
/// and the sort column frozen at the left. `<` `>` narrow and widen a column, `-` hides one, `+`
/// shows them again; the title says how many columns are off screen on either side.
public enum RowsPane {
    // MARK: Bindings

    static let bindings = BindingGroup("Rows", [
        Binding("rows.up", [.up, .char("k")], "move the cursor up") { _, _, _ in [.moveCursor(-1)] },
        Binding("rows.down", [.down, .char("j")], "move the cursor down") { _, _, _ in [.moveCursor(1)] },
        Binding("rows.left", [.left, .char("h")], "the column to the left (the grid scrolls; key and sort columns stay at the left)") { _, ui, s in
            moveColumn(&ui, s, by: -1)
        },
        Binding("rows.right", [.right, .char("l")], "the column to the right") { _, ui, s in moveColumn(&ui, s, by: 1) },
        Binding("rows.nextPage", [.pageDown, .char(" ")], "next page (keyset)") { _, _, _ in [.pageNext] },
        Binding("rows.previousPage", [.pageUp], "previous page") { _, _, _ in [.pagePrevious] },
        Binding("rows.firstRow", [.char("g")], "the first row (of the first page)") { _, _, _ in [.firstRow] },
        Binding("rows.lastRow", [.char("G")], "the last row (of the last page)") { _, _, _ in [.lastRow] },
        Binding("rows.firstPage", [.home], "first page (the cursor stays on its line)") { _, _, _ in [.pageFirst] },
        Binding("rows.lastPage", [.end], "last page (the cursor stays on its line)") { _, _, _ in [.pageLast] },
        Binding("rows.open", [.enter], "open the row: its fields and relationships") { _, ui, _ in leave(&ui); return [.openRow] },
        Binding("rows.filter", [.char("/")], "filter (the filter language; Up/Down for history, Ctrl-U clears)") { _, ui, s in
            // The prompt opens on the filter in force, or on the one that just failed, to mend it.
            guard case .rows(let r) = s.screen else { return [] }
            let failed = s.report.flatMap { $0.error != nil && $0.action.hasPrefix("filter ") ? ui.filterHistory.last : nil }
            ui.mode = .filterPrompt(LineEditor(failed ?? r.request.filter))
            return []
        },
        Binding("rows.sort", [.char("s")], "sort by the column (again: descending)") { _, ui, s in
            guard let (r, page) = shown(s), !page.columns.isEmpty else { return [] }
            guard ui.column < page.columns.count else {
                ui.message = "Only a field sorts the rows; this column is a relationship's summary."
                return []
            }
            let field = page.columns[ui.column]
            let descending = r.request.sort.first.map { $0.field == field && !$0.descending } ?? false
            return [.sort(field: field, descending: descending)]
        },
        Binding("rows.narrow", [.char("<")], "narrow the column") { _, ui, s in resize(&ui, s, by: -4) },
        Binding("rows.widen", [.char(">")], "widen the column") { _, ui, s in resize(&ui, s, by: 4) },
        Binding("rows.hide", [.char("-")], "hide the column (+ shows it again)") { _, ui, s in hide(&ui, s) },
        Binding("rows.showAll", [.char("+")], "show the hidden columns again") { _, ui, s in
            guard let model = s.currentModel?.qualifiedName, let hidden = ui.hidden[model], !hidden.isEmpty else {
                ui.message = "No column is hidden (- hides the selected one)."
                return []
            }
            ui.hidden[model] = nil
            ui.message = "Shown again: \(hidden.joined(separator: ", "))."
            return []
        },
        Binding("rows.relationship", [.char("r")], "choose the next relationship") { _, ui, _ in ui.relationship += 1; return [] },
        Binding("rows.follow", [.char("f")], "follow the relationship from the row") { _, ui, s in
            guard let rel = Keymap.selectedRelationship(ui, s) else { return noRelationship(&ui) }
            leave(&ui)
            return [.follow(rel.name)]
        },
        Binding("rows.strategy", [.char("L")], "cycle the relationship's loading: lazy → selectin → joined") { _, ui, s in
            Keymap.selectedRelationship(ui, s).map { [.cycleStrategy(relationship: $0.id)] } ?? noRelationship(&ui)
        },
        Binding("rows.count", [.char("c")], "count rows exactly") { _, _, _ in [.countExactly] },
        Binding("rows.compare", [.char("b")], "compare lazy, selectin and joined for the relationship: bars of statements and time") { _, ui, s in
            Keymap.selectedRelationship(ui, s).map { [.compareStrategies(relationship: $0.id)] } ?? noRelationship(&ui)
        },
        Binding("rows.value", [.char("v")], "the value under the cursor, whole (JSON indented, binary as a hex dump)") { _, ui, s in
            guard let (r, page) = shown(s), r.cursor < page.rows.count, !page.columns.isEmpty else { return [] }
            guard ui.column < page.columns.count else { ui.message = "v shows a field's value; this column is a relationship's summary."; return [] }
            // A preview is read whole first (the viewer opens when it arrives: `Keymap.settle`).
            if page.preview(row: r.cursor, column: ui.column) != nil { return [.readWhole(field: page.columns[ui.column])] }
            ui.mode = .value(ValuePane.view(title: ValueView.title(model: r.request.model, field: page.columns[ui.column], key: page.primaryKeys[r.cursor]),
                                            value: page.rows[r.cursor][ui.column]))
            return []
        },
        Binding("rows.copy", [.char("y")], "copy the value under the cursor to the clipboard (OSC 52)") { key, ui, s in Clipboard.copy(key, &ui, s, row: false) },
        Binding("rows.copyRow", [.char("Y")], "copy the row (names, then values, tab-separated)") { key, ui, s in Clipboard.copy(key, &ui, s, row: true) },
        Binding("rows.editor", [.char("E")], "edit the value in $EDITOR; it comes back as an edit form (Enter writes it)") { _, ui, s in ValueEdit.start(&ui, s) },
        Binding("rows.map", [.char("M")], "the relationship map of the model and its neighbours") { _, ui, _ in ui.mode = .map(top: 0, left: 0); return [] },
        Binding("rows.insert", [.char("i")], "insert a row") { key, ui, s in FormPane.open(key, &ui, s) },
        Binding("rows.edit", [.char("e")], "edit the row") { key, ui, s in FormPane.open(key, &ui, s) },
        Binding("rows.upsert", [.char("u")], "upsert (F2 picks the conflict target)") { key, ui, s in FormPane.open(key, &ui, s) },
        Binding("rows.delete", [.char("d")], "delete the row (asks)") { _, _, s in
            guard let (r, page) = shown(s), r.cursor < page.primaryKeys.count else { return [] }
            return [.write(.delete(model: r.request.model, key: page.primaryKeys[r.cursor]))]
        },
        Binding("rows.csv", [.char("x")], "export the page to a CSV file in the current directory") { _, ui, s in
            if shown(s) != nil { ui.export = .csv }
            return []
        },
        Binding("rows.json", [.char("X")], "export the page to a JSON file in the current directory") { _, ui, s in
            if shown(s) != nil { ui.export = .json }
            return []
        },
        Binding("rows.refresh", [.char("R")], "read the page again") { _, _, _ in [.refresh] },
    ])

    static func shown(_ s: ExplorerState) -> (RowsScreen, PageData)? {
        guard case .rows(let r) = s.screen, let page = r.page else { return nil }
        return (r, page)
    }

    /// The selected column on this grid: `UIState.column` when the grid draws it, else its first
    /// column (the selection came from another grid, or its column was hidden).
    static func selected(_ s: ExplorerState, _ r: RowsScreen, _ page: PageData, _ ui: UIState) -> Int {
        let (frozen, scrolled) = columns(s, r, page, ui)
        let all = frozen + scrolled
        return all.contains { $0.index == ui.column } ? ui.column : all.first?.index ?? 0
    }

    /// The selection and the sideways scroll made to fit the grid on screen (the keymap does this
    /// before a key reaches the grid, and the renderer before it draws).
    static func normalized(_ ui: UIState, _ s: ExplorerState) -> UIState {
        guard let (r, page) = shown(s) else { return ui }
        var ui = ui
        let column = selected(s, r, page, ui)
        if column != ui.column { ui.column = column; ui.firstColumn = 0 }
        return ui
    }

    /// Leaving the grid for another screen: the next grid starts at its first column.
    static func leave(_ ui: inout UIState) {
        ui.column = 0
        ui.firstColumn = 0
    }

    static func noRelationship(_ ui: inout UIState) -> [Action] {
        ui.message = "This model has no relationship."
        return []
    }

    // MARK: Columns

    /// One column of the grid: a field of the page, a relationship's summary, or link data.
    struct Column {
        enum Source { case field(Int), related(String), link(String) }
        var name: String
        var source: Source
        /// Its index among the grid's columns (what `UIState.column` holds).
        var index: Int
    }

    /// The grid's columns: the key and sort fields frozen at the left, then the others in the
    /// page's order, hidden ones left out.
    static func columns(_ s: ExplorerState, _ r: RowsScreen, _ page: PageData, _ ui: UIState) -> (frozen: [Column], scrolled: [Column]) {
        let model = s.registry.model(named: r.request.model)
        var all: [Column] = page.columns.enumerated().map { Column(name: $1, source: .field($0), index: $0) }
        for path in related(s, r) { all.append(Column(name: path, source: .related(path), index: all.count)) }
        if let first = page.linkData.first { for k in first.keys.sorted() { all.append(Column(name: "link." + k, source: .link(k), index: all.count)) } }
        let keep = Set((model?.primaryKey ?? []) + r.request.sort.map(\.field))
        let hidden = Set(ui.hidden[r.request.model] ?? [])
        let frozen = all.filter { c in if case .field = c.source { return keep.contains(c.name) } else { return false } }
        let frozenNames = Set(frozen.map(\.name))
        return (frozen, all.filter { !frozenNames.contains($0.name) && !hidden.contains($0.name) })
    }

    /// The relationships shown beside the rows: those with a strategy in force.
    static func related(_ s: ExplorerState, _ r: RowsScreen) -> [String] {
        guard let model = s.registry.model(named: r.request.model) else { return [] }
        return Explorer.options(s, model, extra: r.request.load).map { $0.path.joined(separator: ".") }
    }

    /// A cell's text, style and alignment.
    static func cell(_ c: Column, row i: Int, _ page: PageData) -> (String, Frame.Style, Bool) {
        switch c.source {
        case .field(let j): return CellText.of(page.rows[i][j], preview: page.preview(row: i, column: j))
        case .related(let path): return (i < page.related.count ? page.related[i][path] ?? "" : "", .dim, false)
        case .link(let k): return (i < page.linkData.count ? page.linkData[i][k].map { CellText.of($0).text } ?? CellText.nullText : CellText.nullText, .normal, false)
        }
    }

    /// A column's width in cells: set with `<` `>`, or its name's and the shown cells' widest (4 to 24).
    static func width(_ c: Column, _ r: RowsScreen, _ page: PageData, _ ui: UIState, rows: Int) -> Int {
        if let w = ui.widths[r.request.model + "." + c.name] { return w }
        var w = min(24, max(4, c.name.displayWidth))
        for i in 0..<min(rows, page.rows.count) { w = min(24, max(w, cell(c, row: i, page).0.displayWidth)) }
        return w
    }

    /// The first scrolled column to draw so the selected one is in sight, from the one the user
    /// scrolled to; widths are measured only for the columns between (never the whole table).
    static func firstColumn(_ s: ExplorerState, _ r: RowsScreen, _ page: PageData, _ ui: UIState, width: Int, rows: Int) -> Int {
        let (frozen, scrolled) = columns(s, r, page, ui)
        guard !scrolled.isEmpty else { return 0 }
        var first = max(0, min(ui.firstColumn, scrolled.count - 1))
        guard let sel = scrolled.firstIndex(where: { $0.index == ui.column }) else { return first }
        if sel < first { return sel }
        let room = width - frozen.reduce(0) { $0 + self.width($1, r, page, ui, rows: rows) + 1 }
        var used = (first...sel).reduce(0) { $0 + self.width(scrolled[$1], r, page, ui, rows: rows) + 1 }
        while used > room, first < sel {
            used -= self.width(scrolled[first], r, page, ui, rows: rows) + 1
            first += 1
        }
        return first
    }

    /// The rows a page shows in the main pane.
    static func gridRows(_ ui: UIState) -> Int { max(1, Layout(ui).mainHeight - 2) }

    /// Moves the selected column through the columns in the order drawn, scrolling to keep it in sight.
    static func moveColumn(_ ui: inout UIState, _ s: ExplorerState, by delta: Int) -> [Action] {
        guard let (r, page) = shown(s) else {
            ui.column = max(0, ui.column + delta)
            return []
        }
        let (frozen, scrolled) = columns(s, r, page, ui)
        let order = (frozen + scrolled).map(\.index)
        guard !order.isEmpty else { return [] }
        let at = order.firstIndex(of: ui.column) ?? 0
        ui.column = order[max(0, min(order.count - 1, at + delta))]
        // Back into the frozen columns: the grid scrolls back to its start.
        if delta < 0, frozen.contains(where: { $0.index == ui.column }) { ui.firstColumn = 0 }
        ui.firstColumn = firstColumn(s, r, page, ui, width: Layout(ui).mainWidth, rows: gridRows(ui))
        return []
    }

    static func resize(_ ui: inout UIState, _ s: ExplorerState, by delta: Int) -> [Action] {
        guard let (r, page) = shown(s) else { return [] }
        let (frozen, scrolled) = columns(s, r, page, ui)
        guard let c = (frozen + scrolled).first(where: { $0.index == ui.column }) else { return [] }
        let w = width(c, r, page, ui, rows: gridRows(ui))
        ui.widths[r.request.model + "." + c.name] = max(3, min(Layout(ui).mainWidth - 2, w + delta))
        ui.firstColumn = firstColumn(s, r, page, ui, width: Layout(ui).mainWidth, rows: gridRows(ui))
        return []
    }

    static func hide(_ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        guard let (r, page) = shown(s) else { return [] }
        let (frozen, scrolled) = columns(s, r, page, ui)
        if let c = frozen.first(where: { $0.index == ui.column }) {
            ui.message = "\(c.name) is a key or sort column: it stays in sight."
            return []
        }
        guard let at = scrolled.firstIndex(where: { $0.index == ui.column }) else { return [] }
        ui.hidden[r.request.model, default: []].append(scrolled[at].name)
        ui.message = "Hid \(scrolled[at].name) (+ shows the hidden columns again)."
        let rest = scrolled.indices.filter { $0 != at }
        if let next = rest.first(where: { $0 > at }) ?? rest.last { ui.column = scrolled[next].index } else if let f = frozen.last { ui.column = f.index }
        return []
    }

    // MARK: Update

    static func update(_ s: inout ExplorerState, _ action: Action) -> [Effect]? {
        switch action {
        case .moveCursor(let delta):
            guard case .rows(var r) = s.screen else { return nil }
            r.cursor = Explorer.clamp(r.cursor + delta, r.page?.rows.count ?? 0)
            s.screen = .rows(r)
            return []

        case .firstRow:
            guard case .rows(var r) = s.screen else { return nil }
            r.cursor = 0
            s.screen = .rows(r)
            // A typed statement's rows run again from the start (forward only); a model's first
            // page is read only when another is shown.
            return r.typed != nil || r.page?.hasPrevious == true ? Explorer.dispatch(&s, .pageFirst) : []

        case .lastRow:
            guard case .rows(var r) = s.screen, let page = r.page else { return nil }
            if page.hasNext {
                r.cursorToLast = true
                s.screen = .rows(r)
                return Explorer.dispatch(&s, .pageLast)
            }
            r.cursor = max(0, page.rows.count - 1)
            s.screen = .rows(r)
            return []

        case .pageFirst, .pageNext, .pagePrevious, .pageLast:
            guard case .rows(var r) = s.screen else { return [] }
            var request = r.request
            let name: String
            switch action {
            case .pageFirst: request.position = .first; name = "first page"
            case .pageLast: request.position = .last; name = "last page"
            case .pageNext:
                guard let page = r.page, page.hasNext, let key = page.keys.last else { return [] }
                request.position = .after(key)
                name = "next page"
            default:
                guard let page = r.page, page.hasPrevious, let key = page.keys.first else { return [] }
                request.position = .before(key)
                name = "previous page"
            }
            r.request = request
            s.screen = .rows(r)
            return Explorer.load(&s, "\(name) of \(request.model)", request)

        case .sort(let field, let descending):
            guard case .rows(var r) = s.screen else { return [] }
            r.request.sort = [SortKey(field, descending: descending)]
            r.request.position = .first
            s.screen = .rows(r)
            return Explorer.load(&s, "sort \(r.request.model) by \(field)\(descending ? " desc" : "")", r.request)

        case .filter(let text):
            guard case .rows(var r) = s.screen, let model = s.registry.model(named: r.request.model) else { return [] }
            // A filter that does not parse leaves the rows and the request as they were.
            do { _ = try FilterParser.parse(text, model: model, registry: s.registry) } catch {
                s.report = ActionReport(action: "filter \(model.qualifiedName): \(text)", error: Explorer.sentence(error))
                return []
            }
            r.request.filter = text
            r.request.position = .first
            r.exactCount = nil
            r.exists = nil
            s.screen = .rows(r)
            return Explorer.load(&s, text.isEmpty ? "filter \(r.request.model) cleared" : "filter \(r.request.model): \(text)", r.request)

        case .openRow:
            guard case .rows(let r) = s.screen, let page = r.page, r.cursor < page.primaryKeys.count else { return [] }
            let key = page.primaryKeys[r.cursor]
            let fields = s.registry.model(named: r.request.model)?.fieldNames.count ?? page.columns.count
            // (Until the row arrives whole, its long values are left out rather than shown by their beginning.)
            var values = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor]))
            for f in page.previewedColumns(row: r.cursor) { values[f] = nil }
            Explorer.push(&s, .row(RowPane.opening(s, model: r.request.model, key: key, values: values, fields: fields)))
            let id = Explorer.begin(&s)
            return [.loadRow(id: id, action: "open \(r.request.model) \(KeyText.text(key))", model: r.request.model, key: key)]

        case .readWhole(let field):
            guard case .rows(let r) = s.screen, let page = r.page, r.cursor < page.primaryKeys.count,
                  let c = page.columns.firstIndex(of: field) else { return [] }
            let key = page.primaryKeys[r.cursor]
            let id = Explorer.begin(&s)
            return [.readWhole(id: id, action: "read \(field) of \(r.request.model) \(KeyText.text(key)) whole", model: r.request.model,
                               key: key, field: page.columns[c], title: ValueView.title(model: r.request.model, field: field, key: key))]

        case .editRow:
            // The text values the page holds as previews are read whole, in one statement, then the
            // form opens with them (`Keymap.settle`); binary ones stay previews, left as they are.
            guard case .rows(let r) = s.screen, let page = r.page, r.cursor < page.primaryKeys.count,
                  let model = s.registry.model(named: r.request.model) else { return [] }
            let key = page.primaryKeys[r.cursor]
            let previews = page.previews(row: r.cursor)
            let fields = page.previewedColumns(row: r.cursor).filter { Form.editsWhole(previews[$0]!, model.field($0)) }
            s.editRow = EditRow(model: r.request.model, key: key, row: Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor])),
                                previews: previews)
            let id = Explorer.begin(&s)
            return [.readForEdit(id: id, action: "read \(fields.joined(separator: ", ")) of \(r.request.model) \(KeyText.text(key)) whole for its edit form",
                                 model: r.request.model, key: key, fields: fields)]

        case .readForEdit(let id, let values, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            guard var edit = s.editRow else { return [] }
            for (f, v) in values {
                edit.row[f] = v
                edit.previews[f] = nil
            }
            edit.ready = true
            s.editRow = edit
            return []

        case .wholeValueRead(let id, let value, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            s.wholeValue = value
            return []

        case .follow(let relName):
            return follow(&s, relName)

        case .refresh:
            guard case .rows(var r) = s.screen else { return nil }
            r.reloading = true
            s.screen = .rows(r)
            return Explorer.load(&s, "refresh \(r.request.model)", r.request)

        case .countExactly:
            guard case .rows(let r) = s.screen else { return nil }
            return count(&s, r, .count)

        case .countRows(var request, let verb):
            // The rows on screen when they are the ones asked about (same model, filter and scope);
            // else they are opened as `:rows` opens them, counted when their first page has come.
            if case .rows(let r) = s.screen, r.typed == nil, r.request.model == request.model,
               r.request.filter == request.filter, r.request.scope == request.scope {
                return count(&s, r, verb)
            }
            request.limit = s.pageSize
            return openThen(&s, request, .count(verb))

        case .explainRows(var request, let analyze):
            request.limit = s.pageSize
            return openThen(&s, request, .explain(analyze: analyze))

        case .openRequest(var request):
            guard let model = s.registry.model(named: request.model) else { return [] }
            // A --load of one of the model's relationships sets the strategy in force (the one
            // place it is held); deeper paths (and names that are no relationship, for the runtime's
            // sentence) stay with the request.
            request.load = request.load.filter { option in
                guard option.path.count == 1, let rel = model.relationship(option.path[0]) else { return true }
                s.strategies[rel.id] = option.strategy
                return false
            }
            Explorer.push(&s, .rows(RowsScreen(request: request, estimate: model.estimatedRowCount)))
            return Explorer.load(&s, "rows \(model.qualifiedName)", request)

        case .pageLoaded(let id, let page, let report):
            guard s.pending == id, case .rows(var r) = s.screen else { return [] }
            s.pending = nil
            Explorer.take(&s, report)
            let n = page.rows.count
            switch r.request.position {
            case .first: r.firstRowNumber = 1
            case .offset(let k): r.firstRowNumber = k + 1
            case .last: r.firstRowNumber = r.exactCount.map { max(1, $0 - n + 1) }
            // The same page read again starts where it did.
            case .after where r.reloading, .before where r.reloading: break
            case .after: r.firstRowNumber = r.firstRowNumber.map { $0 + (r.page?.rows.count ?? 0) }
            case .before: r.firstRowNumber = r.firstRowNumber.map { max(1, $0 - n) }
            }
            r.reloading = false
            if r.estimate == nil, let e = page.estimate {
                r.estimate = e
                // Carried back to the model list, which showed `-` for a model the catalog gave no estimate.
                if let i = s.registry.models.firstIndex(where: { $0.qualifiedName == r.request.model && $0.estimatedRowCount == nil }) {
                    s.registry.models[i].estimatedRowCount = e
                }
            }
            r.page = page
            r.shownRequest = r.request
            // A first page with nothing after it holds every row: its count is known.
            if case .first = r.request.position, !page.hasNext { r.exactCount = n }
            r.cursor = r.cursorToLast ? max(0, n - 1) : min(r.cursor, max(0, n - 1))
            r.cursorToLast = false
            s.screen = .rows(r)
            // Opened by `:count` / `:exists`: now the count itself.
            switch r.afterLoad {
            case .count(let verb)?:
                r.afterLoad = nil
                return count(&s, r, verb)
            case .explain(let analyze)?:
                r.afterLoad = nil
                s.screen = .rows(r)
                // The page's own statement, as the log has it (its first: related rows come after).
                guard let e = report.statements.first, !e.paramsRedacted else { return [] }
                return Explorer.dispatch(&s, .explain(sql: e.sql, params: e.params, analyze: analyze))
            case nil:
                return []
            }
            return []

        case .counted(let id, let n, let report):
            guard s.pending == id, case .rows(var r) = s.screen else { return [] }
            s.pending = nil
            s.report = report
            if r.counting == .exists { r.exists = n > 0 } else { r.exactCount = n }
            r.counting = nil
            s.screen = .rows(r)
            return []

        case .resize(let pageSize):
            s.pageSize = pageSize
            guard case .rows(var r) = s.screen, r.request.limit != pageSize else { return [] }
            r.request.limit = pageSize
            r.reloading = true
            s.screen = .rows(r)
            return Explorer.load(&s, "resize: \(pageSize) rows a page", r.request)

        default:
            return nil
        }
    }

    /// Opens `request`'s rows as `:rows` does (or reads them again when they are the rows on
    /// screen: same model, filter, order and scope) and runs `then` when they have come.
    static func openThen(_ s: inout ExplorerState, _ request: PageRequest, _ then: AfterLoad) -> [Effect] {
        guard let model = s.registry.model(named: request.model) else { return [] }
        if case .rows(var r) = s.screen, r.typed == nil, r.request.model == request.model, r.request.filter == request.filter,
           r.request.scope == request.scope, request.sort.isEmpty || r.request.sort == request.sort {
            r.afterLoad = then
            r.reloading = true
            s.screen = .rows(r)
            return Explorer.load(&s, "rows \(model.qualifiedName)", r.request)
        }
        var screen = RowsScreen(request: request, estimate: model.estimatedRowCount)
        screen.afterLoad = then
        Explorer.push(&s, .rows(screen))
        return Explorer.load(&s, "rows \(model.qualifiedName)", request)
    }

    /// Counts the rows `r` shows (their filter and scope), or asks whether any exists:
    /// `SELECT count(*) FROM "hero" WHERE ...` / `SELECT EXISTS (SELECT 1 FROM "hero" WHERE ...)`.
    static func count(_ s: inout ExplorerState, _ r: RowsScreen, _ verb: CountVerb) -> [Effect] {
        var r = r
        r.counting = verb
        s.screen = .rows(r)
        let id = Explorer.begin(&s)
        return [.count(id: id, action: "\(verb.rawValue) \(r.request.model)", request: r.request, verb: verb)]
    }

    /// Follows a relationship of the row under the cursor (rows grid) or of the open row.
    static func follow(_ s: inout ExplorerState, _ relName: String) -> [Effect] {
        let parentModel: String, values: [String: Value]
        switch s.screen {
        case .rows(let r):
            guard let page = r.page, r.cursor < page.rows.count else { return [] }
            parentModel = r.request.model
            values = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor]))
        case .row(let r):
            parentModel = r.model
            values = r.values
        case .models:
            return []
        }
        guard let parent = s.registry.model(named: parentModel) else { return [] }
        guard let rel = parent.relationship(relName) else {
            s.report = ActionReport(action: "follow \(relName)", error: SchemaError.unknownRelationship(
                model: parent.qualifiedName, name: relName, suggestion: Suggest.closest(to: relName, in: parent.relationships.map(\.name))).sentence)
            return []
        }
        let key = rel.localColumns.map { values[$0] ?? .null }
        guard !key.contains(where: \.isNull), let target = s.registry.model(named: rel.target) else {
            s.report = ActionReport(action: "follow \(rel.qualifiedName)", error: "\(rel.qualifiedName) is empty for this row (its key is NULL).")
            return []
        }
        let scope = Scope(parentModel: parent.qualifiedName, relationship: rel.name, parentKey: key)
        let request = PageRequest(model: target.qualifiedName, limit: s.pageSize, scope: scope)
        let origin = "\(rel.name) of \(parent.qualifiedName) \(KeyText.text(parent.primaryKey.map { values[$0] ?? .null }))"
        Explorer.push(&s, .rows(RowsScreen(request: request, estimate: nil, origin: origin)))
        return Explorer.load(&s, "follow \(rel.qualifiedName)", request)
    }

    // MARK: Render

    static func render(_ s: ExplorerState, _ r: RowsScreen, _ ui: UIState, width: Int, height: Int) -> [[Frame.Span]] {
        let ui = normalized(ui, s)
        var heading = r.request.model
        if let origin = r.origin { heading = "\(r.request.model): \(origin)" }
        if let typed = r.typed { heading = typed.heading }
        if !r.request.filter.isEmpty { heading += "  where \(r.request.filter)" }
        if let sort = r.request.sort.first { heading += "  sorted by \(sort.field)\(sort.descending ? " desc" : "")" }
        guard let page = r.page else { return [[.init(heading, .title)], [.init("loading…", .dim)]] }
        let rows = max(0, height - 2)
        let shownRows = Array(page.rows.indices.prefix(rows))
        let (frozen, scrolled) = columns(s, r, page, ui)
        let first = firstColumn(s, r, page, ui, width: width, rows: rows)
        // The columns that fit: the frozen ones, then from `first` as far as the width goes
        // (a column cut at the edge still shows its start).
        var drawn: [(Column, Int)] = frozen.map { ($0, self.width($0, r, page, ui, rows: rows)) }
        var used = drawn.reduce(0) { $0 + $1.1 + 1 }
        var last = first - 1
        for k in first..<scrolled.count where used < width {
            let w = self.width(scrolled[k], r, page, ui, rows: rows)
            drawn.append((scrolled[k], w))
            used += w + 1
            last = k
        }
        let left = first, right = max(0, scrolled.count - 1 - last)
        let hidden = ui.hidden[r.request.model]?.count ?? 0
        var marks: [String] = []
        if left > 0 { marks.append("◀ \(NumberText.counted(left, "column"))") }
        // The columns right of the window, the last one shown cut counting as one.
        let more = right + (used > width + 1 ? 1 : 0)
        if more > 0 { marks.append("\(NumberText.counted(more, "column")) ▶") }
        if hidden > 0 { marks.append("\(hidden) hidden (+ shows)") }
        var out: [[Frame.Span]] = [[.init(heading, .title)] + (marks.isEmpty ? [] : [.init("   " + marks.joined(separator: " · "), .dim)])]
        out.append(drawn.map { c, w in .init(c.name.fitted(w) + " ", c.index == ui.column ? .selected : .header) })
        for i in shownRows {
            let style: Frame.Style? = i == r.cursor ? .selected : nil
            out.append(drawn.map { c, w in
                let cell = cell(c, row: i, page)
                return .init(cell.0.fitted(w, alignRight: cell.2) + " ", style ?? cell.1)
            })
        }
        if page.rows.isEmpty { out.append([.init("no rows", .dim)]) }
        return out
    }
}
