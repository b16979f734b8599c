import ORMCore

/// Keys to actions, in one table: drawing code never looks at keys.
public enum Keymap {
    /// The help screen's lines, from the same bindings the handler uses.
    public static let help: [(String, String)] = [
        ("↑ ↓  k j", "move the cursor"), ("← →  h l", "choose a column (for sort)"),
        ("PgDn Space / PgUp", "next / previous page"), ("g / G", "first / last page"),
        ("Enter", "open the model or row; on a row, follow the relationship"), ("Backspace", "back"),
        ("/", "filter (the filter language; Up/Down for history, Ctrl-U clears)"), ("s", "sort by the column (again: descending)"),
        ("r", "choose the next relationship"), ("f", "follow the relationship from the row"),
        ("L", "cycle the relationship's loading: lazy → selectin → joined"), ("c", "count rows exactly"),
        ("b", "compare lazy, selectin and joined for the relationship: bars of statements and time"),
        ("i / e / u", "insert a row / edit the row / upsert (F2 picks the conflict target)"),
        ("in a form", "Tab ↓ ↑ move, type to edit, Ctrl-N NULL on/off (typing replaces NULL), Ctrl-U empties, Enter writes, Esc closes; the SQL shows before it runs"),
        ("R", "refresh (on the model list: read the schema again)"), ("x / X", "export the page to a CSV / JSON file in the current directory"),
        ("Tab", "next pane: the model (fields, keys, indexes, constraints, relationships), then the SQL pane"),
        ("in the SQL pane", "↑ ↓ choose a statement, Enter its plan (EXPLAIN), A EXPLAIN ANALYZE (asks; rolled back)"),
        (":", "a command: rows, get, insert, update, upsert, delete, explain-loading, strategy, count, commit... (Up/Down history)"),
        ("v", "the value under the cursor, whole: ↑↓ PgUp PgDn g G page through it, any other key closes"), ("M", "the relationship map of the model and its neighbours"), ("d", "delete the row (asks)"), ("m", "manual transaction on/off"),
        ("C / U", "commit / roll back (manual mode)"), ("Esc Ctrl-C", "cancel a running statement"),
        ("?", "this help"), ("q Ctrl-C", "quit (with staged changes it asks first)"),
    ]

    public static func handle(_ key: Key, ui: inout UIState, state: ExplorerState) -> [Action] {
        ui.message = nil
        switch ui.mode {
        case .help, .map:
            ui.mode = .normal
            return []
        case .value(var view):
            ui.mode = .normal
            valueKey(key, &view, &ui)
            return []
        // The mode lets go of the editor before it is edited, so its text is edited in place
        // (held twice, every key would copy the whole line).
        case .filterPrompt(var editor):
            ui.mode = .normal
            return prompt(key, &editor, &ui, command: false)
        case .commandPrompt(var editor):
            ui.mode = .normal
            return prompt(key, &editor, &ui, command: true)
        case .form(let form, let focus, let submitted):
            return formKey(key, form, focus, submitted, &ui, state)
        case .normal:
            break
        }
        if let c = state.confirmation {
            if let alternative = c.alternative, key == .char(alternative.key) { return [.confirmAlternative] }
            if key == .char("y") || key == .char("Y") { return [.confirm] }
            return [.cancel]
        }
        switch ui.focus {
        case .model:
            // The model pane is read-only: Tab goes on to the SQL pane, any other key back to the rows.
            ui.focus = key == .tab ? .sql : .main
            return []
        case .sql:
            if let actions = sqlPaneKey(key, &ui, state) { return actions }
        case .main:
            break
        }
        let warned = ui.quitWarned
        ui.quitWarned = false
        switch key {
        case .char("q"), .interrupt:
            quitAsking(&ui, state, warned: warned)
        case .char("?"): ui.mode = .help
        case .up, .char("k"): return [.moveCursor(-1)]
        case .down, .char("j"): return [.moveCursor(1)]
        case .left, .char("h"): ui.column = max(0, ui.column - 1)
        case .right, .char("l"): ui.column += 1
        case .pageDown, .char(" "): return [.pageNext]
        case .pageUp: return [.pagePrevious]
        case .char("g"), .home: return [.pageFirst]
        case .char("G"), .end: return [.pageLast]
        case .backspace: return [.back]
        case .char("/"):
            // The prompt opens on the filter in force, or on the one that just failed, to mend it.
            guard case .rows(let r) = state.screen else { return [] }
            let failed = state.report.flatMap { $0.error != nil && $0.action.hasPrefix("filter ") ? ui.filterHistory.last : nil }
            ui.mode = .filterPrompt(LineEditor(failed ?? r.request.filter))
        case .char("s"):
            guard case .rows(let r) = state.screen, let columns = r.page?.columns, !columns.isEmpty else { return [] }
            let field = columns[min(ui.column, columns.count - 1)]
            let descending = r.request.sort.first.map { $0.field == field && !$0.descending } ?? false
            return [.sort(field: field, descending: descending)]
        case .char("r"): ui.relationship += 1
        case .char("f"):
            if let rel = selectedRelationship(ui, state) { return [.follow(rel.name)] }
        case .char("L"):
            if let rel = selectedRelationship(ui, state) { return [.cycleStrategy(relationship: rel.id)] }
        case .char("c"): return [.countExactly]
        case .char("b"):
            if let rel = selectedRelationship(ui, state) { return [.compareStrategies(relationship: rel.id)] }
        case .char("x"), .char("X"):
            if case .rows(let r) = state.screen, r.page != nil { ui.export = key == .char("x") ? .csv : .json }
        case .tab:
            if case .models = state.screen { ui.focus = .sql } else { ui.focus = .model }
        case .char(":"):
            ui.mode = .commandPrompt("")
        case .char("M"):
            if case .models = state.screen { return [] }
            ui.mode = .map
        case .char("v"):
            guard case .rows(let r) = state.screen, let page = r.page, r.cursor < page.rows.count, !page.columns.isEmpty else { return [] }
            let c = min(ui.column, page.columns.count - 1)
            ui.mode = .value(ValueView(title: "\(r.request.model).\(page.columns[c]) of row \(KeyText.text(page.primaryKeys[r.cursor]))",
                                       value: page.rows[r.cursor][c]))
        case .escape:
            if state.comparison != nil || state.plan != nil { return [.dismiss] }
        case .char("R"): return [.refresh]
        case .char("m"): return [.setManualTransaction(!state.manualTransaction)]
        case .char("C"), .char("U"):
            if state.manualTransaction { return key == .char("C") ? [.commit] : [.rollback] }
            ui.message = "Auto-commit mode: every write is committed already (m starts a manual transaction)."
        case .char("i"), .char("u"):
            if let refusal = state.readOnlyRefusal { ui.message = refusal; return [] }
            guard case .rows(let r) = state.screen, let model = state.registry.model(named: r.request.model), !model.isReadOnly else { return [] }
            let mode: Form.Mode = key == .char("i") ? .insert : .upsert(conflictTarget: model.uniqueKeys.first ?? [])
            ui.mode = .form(Form(model: model, mode: mode), focus: 0, submitted: false)
        case .char("e"):
            if let refusal = state.readOnlyRefusal { ui.message = refusal; return [] }
            guard case .rows(let r) = state.screen, let page = r.page, r.cursor < page.rows.count,
                  let model = state.registry.model(named: r.request.model), !model.isReadOnly else { return [] }
            let row = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor]))
            let form = Form(model: model, mode: .edit(key: page.primaryKeys[r.cursor]), row: row)
            // The cursor starts past the key: an edit is about the other fields.
            let focus = form.entries.firstIndex { !model.primaryKey.contains($0.name) } ?? 0
            ui.mode = .form(form, focus: focus, submitted: false)
        case .char("d"):
            if case .rows(let r) = state.screen, let page = r.page, r.cursor < page.primaryKeys.count {
                return [.write(.delete(model: r.request.model, key: page.primaryKeys[r.cursor]))]
            }
        case .enter:
            switch state.screen {
            case .models(let cursor):
                guard cursor < state.registry.models.count else { return [] }
                ui.column = 0
                ui.relationship = 0
                return [.openModel(state.registry.models[cursor].qualifiedName)]
            case .rows: return [.openRow]
            case .row(let r):
                let rels = state.registry.model(named: r.model)?.relationships ?? []
                return r.cursor < rels.count ? [.follow(rels[r.cursor].name)] : []
            }
        default: break
        }
        return []
    }

    /// Ctrl-C when no statement runs (the terminal delivers it as a signal, whatever is on the
    /// screen): quits as `q` does, so staged changes in manual mode are not rolled back unasked.
    public static func interrupt(_ ui: inout UIState, state: ExplorerState) {
        let warned = ui.quitWarned
        ui.quitWarned = false
        ui.message = nil
        quitAsking(&ui, state, warned: warned)
        // The warning is shown on the main screen, not under a prompt or form it would be lost behind.
        if ui.quitWarned { ui.mode = .normal }
    }

    /// Quits, unless manual mode has staged changes and this is the first ask: then it says so,
    /// and the next `q` or Ctrl-C quits (rolling them back).
    static func quitAsking(_ ui: inout UIState, _ state: ExplorerState, warned: Bool) {
        if state.manualTransaction && state.staged > 0 && !warned {
            ui.quitWarned = true
            ui.message = "\(state.staged) staged change\(state.staged == 1 ? "" : "s") would be rolled back: C commits, U rolls back, q or Ctrl-C again quits anyway."
            return
        }
        ui.quit = true
    }

    /// Keys of the SQL pane: choose a statement, see its plan. Nil lets the key act as usual
    /// (so `L` still switches a strategy and the pane shows the new count).
    static func sqlPaneKey(_ key: Key, _ ui: inout UIState, _ state: ExplorerState) -> [Action]? {
        let groups = state.report?.groups ?? []
        ui.sqlCursor = min(ui.sqlCursor, max(0, groups.count - 1))
        switch key {
        case .tab, .escape: ui.focus = .main
        case .up, .char("k"): ui.sqlCursor = max(0, ui.sqlCursor - 1)
        case .down, .char("j"): ui.sqlCursor = min(max(0, groups.count - 1), ui.sqlCursor + 1)
        case .enter, .char("E"), .char("A"):
            guard ui.sqlCursor < groups.count else {
                ui.message = "No statement to explain: run something first."
                return []
            }
            let e = groups[ui.sqlCursor].first
            if e.paramsRedacted {
                ui.message = "This statement's values were not kept, so its plan cannot be shown."
                return []
            }
            return [.explain(sql: e.sql, params: e.params, analyze: key == .char("A"))]
        default: return nil
        }
        return []
    }

    /// The relationship `r` has selected, on the model being shown.
    public static func selectedRelationship(_ ui: UIState, _ state: ExplorerState) -> Relationship? {
        guard let rels = state.currentModel?.relationships, !rels.isEmpty else { return nil }
        return rels[ui.relationship % rels.count]
    }

    static func formKey(_ key: Key, _ form: Form, _ focus: Int, _ submitted: Bool, _ ui: inout UIState, _ state: ExplorerState) -> [Action] {
        var form = form
        let n = form.entries.count
        guard !submitted else {
            if key == .escape || key == .interrupt { ui.mode = .normal }
            return []
        }
        switch key {
        case .escape, .interrupt:
            ui.mode = .normal
        case .tab, .down:
            ui.mode = .form(form, focus: (focus + 1) % max(1, n), submitted: false)
        case .up:
            ui.mode = .form(form, focus: (focus + n - 1) % max(1, n), submitted: false)
        case .backspace:
            form.set(form.entries[focus].name, String(form.entries[focus].text.dropLast()))
            ui.mode = .form(form, focus: focus, submitted: false)
        case .char("\u{15}"):  // Ctrl-U empties the field (the empty text, not NULL)
            form.set(form.entries[focus].name, "")
            ui.mode = .form(form, focus: focus, submitted: false)
        case .char("\u{0E}"):  // Ctrl-N: NULL, or back to (empty) text
            let entry = form.entries[focus]
            if !form.toggleNull(entry.name) { ui.message = "\(entry.name) does not accept NULL." }
            ui.mode = .form(form, focus: focus, submitted: false)
        case .function(2):  // the next conflict target for an upsert
            if case .upsert(let target) = form.mode, let model = state.registry.model(named: form.model) {
                let keys = model.uniqueKeys
                let i = (keys.firstIndex(of: target) ?? -1) + 1
                form.mode = .upsert(conflictTarget: keys.isEmpty ? [] : keys[i % keys.count])
            }
            ui.mode = .form(form, focus: focus, submitted: false)
        case .char(let c):
            form.set(form.entries[focus].name, form.entries[focus].text + String(c))
            ui.mode = .form(form, focus: focus, submitted: false)
        case .enter:
            guard let model = state.registry.model(named: form.model) else { return [] }
            guard form.validate(against: model) else {
                ui.mode = .form(form, focus: form.entries.firstIndex { $0.problem != nil } ?? focus, submitted: false)
                return []
            }
            if case .edit = form.mode, form.values.isEmpty {
                ui.mode = .normal
                return []
            }
            ui.mode = .form(form, focus: focus, submitted: true)
            return [.write(form.request)]
        default: break
        }
        return []
    }

    /// After a result: a submitted form closes when its write went through, and stays (with what
    /// the user typed) when it failed, so nothing typed is lost.
    public static func settle(_ ui: inout UIState, _ state: ExplorerState) {
        guard case .form(let form, let focus, true) = ui.mode, state.pending == nil else { return }
        if let report = state.report, report.error == nil {
            ui.mode = .normal
            let staged = state.manualTransaction ? " (staged: C commits, U rolls back)" : ", committed"
            ui.message = "Done: \(form.request.verb) \(form.model)\(staged)."
        } else {
            ui.mode = .form(form, focus: focus, submitted: false)
        }
    }

    /// The value viewer's keys: ↑↓ j k a line, PgDn Space / PgUp a page, g G the ends; any other key closes it.
    static func valueKey(_ key: Key, _ view: inout ValueView, _ ui: inout UIState) {
        let area = Renderer.valueArea(width: ui.windowWidth, height: ui.windowHeight)
        switch key {
        case .down, .char("j"): view.down(1, width: area.width)
        case .up, .char("k"): view.up(1, width: area.width)
        case .pageDown, .char(" "): view.down(area.lines, width: area.width)
        case .pageUp: view.up(area.lines, width: area.width)
        case .home, .char("g"): view.home()
        case .end, .char("G"): view.end(width: area.width, count: area.lines)
        default: return
        }
        ui.mode = .value(view)
    }

    /// The filter prompt and the `:` prompt: typing, Backspace, Up/Down through their history.
    /// `editor` is held only here while a key edits it (the caller took it out of the mode).
    static func prompt(_ key: Key, _ editor: inout LineEditor, _ ui: inout UIState, command: Bool) -> [Action] {
        let history = command ? ui.commandHistory : ui.filterHistory
        func show(_ t: String) { ui.mode = command ? .commandPrompt(LineEditor(t)) : .filterPrompt(LineEditor(t)) }
        func keep() { ui.mode = command ? .commandPrompt(editor) : .filterPrompt(editor) }
        switch key {
        case .enter:
            let text = editor.text
            ui.mode = .normal
            ui.historyIndex = nil
            let line = command ? String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) : text
            if !line.isEmpty, history.last != line {
                if command { ui.commandHistory.append(line) } else { ui.filterHistory.append(line) }
            }
            guard command else { return [.filter(text)] }
            switch line {
            case "": return []
            case "q", "quit", "exit": ui.quit = true
            case "help", "?": ui.mode = .help
            default: return [.command(line)]
            }
        case .escape, .interrupt:
            ui.mode = .normal
            ui.historyIndex = nil
        case .backspace:
            if command && editor.isEmpty { ui.mode = .normal } else {
                editor.deleteBackward()
                keep()
            }
        case .char("\u{15}"):  // Ctrl-U clears the line, as in a shell
            show("")
        case .up:
            keep()
            guard !history.isEmpty else { return [] }
            let i = max(0, (ui.historyIndex ?? history.count) - 1)
            ui.historyIndex = i
            show(history[i])
        case .down:
            keep()
            guard let i = ui.historyIndex else { return [] }
            if i + 1 < history.count {
                ui.historyIndex = i + 1
                show(history[i + 1])
            } else {
                ui.historyIndex = nil
                show("")
            }
        case .char(let c):
            editor.insert(c)
            keep()
        default:
            keep()
        }
        return []
    }
}
