import ORMCore

/// Keys to actions: routes a key to what has it (the overlay, the focused pane, the screen's
/// pane, then the keys that work everywhere), each through its bindings. Drawing code never looks
/// at keys, and the help screen lists the same bindings that handle them.
public enum Keymap {
    /// Every pane's bindings with their default keys, in the help screen's order.
    public static let defaults: [BindingGroup] = [
        Keymap.global, ModelsPane.bindings, RowsPane.bindings, RowPane.bindings, ModelPane.bindings, SQLPane.bindings,
        SQLEditorPane.bindings, ValuePane.bindings, MapPane.bindings, MessagesPane.bindings, HelpPane.bindings, FormPane.bindings, Prompt.bindings,
    ]

    /// The groups with the user's keys (`UIState.keys`, from the keymap file) in force.
    public static func groups(_ ui: UIState) -> [BindingGroup] { defaults.map { resolve($0, ui) } }

    /// A group with the user's keys in force: a binding the keymap file names takes its keys
    /// from there, and those keys leave the group's other bindings (the user's choice wins).
    public static func resolve(_ group: BindingGroup, _ ui: UIState) -> BindingGroup {
        guard !ui.keys.isEmpty else { return group }
        let claimed = Set(group.bindings.compactMap { ui.keys[$0.id] }.joined())
        return BindingGroup(group.title, group.bindings.map { b in ui.keys[b.id].map { b.on($0) } ?? b.on(b.keys.filter { !claimed.contains($0) }) })
    }

    /// The help screen's lines with the default keys: (keys, what they do).
    public static var help: [(String, String)] { defaults.flatMap { g in g.bindings.map { ($0.label, $0.help) } } }

    /// The binding named `id` (the keymap file's names), with its default keys.
    public static func binding(named id: String) -> Binding? {
        for g in defaults { if let b = g.bindings.first(where: { $0.id == id }) { return b } }
        return nil
    }

    public static func handle(_ key: Key, ui: inout UIState, state: ExplorerState) -> [Action] {
        ui.message = nil
        // Ctrl-J is the SQL editor's run key; everywhere else it is Enter, as terminals send it.
        let key = key == .char("\n") && ui.mode != .sqlEditor ? Key.enter : key
        switch ui.mode {
        case .help: if let actions = HelpPane.key(key, &ui, state) { return actions }  // nil: closed, the key goes on
        case .value: return ValuePane.key(key, &ui, state)
        case .map: return MapPane.key(key, &ui, state)
        case .messages: return MessagesPane.key(key, &ui, state)
        case .filterPrompt, .commandPrompt, .searchPrompt: return Prompt.key(key, &ui, state)
        case .form: return FormPane.key(key, &ui, state)
        case .normal, .sqlEditor: break
        }
        if let c = state.confirmation {
            if let alternative = c.alternative, key == .char(alternative.key) { return [.confirmAlternative] }
            if key == .char("y") || key == .char("Y") { return [.confirm] }
            // Any other key says no and is consumed, except a key that starts typing (`:`, `/`):
            // its prompt opens too, so the letters typed next go there, never to the grid.
            var without = state
            without.confirmation = nil
            var typing = ui
            let actions = handle(key, ui: &typing, state: without)
            if typing.mode.isPrompt {
                ui = typing
                return [.cancel] + actions
            }
            return [.cancel]
        }
        if ui.mode == .sqlEditor { return SQLEditorPane.key(key, &ui, state) }
        switch ui.focus {
        case .model: if let actions = ModelPane.key(key, &ui, state) { return actions }  // nil: closed, the key goes on
        case .sql: if let actions = SQLPane.key(key, &ui, state) { return actions }
        case .main: break
        }
        if case .rows = state.screen { ui = RowsPane.normalized(ui, state) }
        let screen = screenGroup(state)
        let binding = resolve(screen, ui).binding(for: key) ?? resolve(global, ui).binding(for: key)
        if binding?.id != "quit" { ui.quitWarned = false }
        guard let binding else {
            whyNot(key, &ui, state, here: screen.title)
            return []
        }
        if let why = SQLEditorPane.refusal(binding, state) {
            ui.message = why
            return []
        }
        return binding.run(key, &ui, state)
    }

    /// Keys that only close a transient pane (help, the model pane): the conventional closing
    /// keys, which would otherwise quit (`q`) or go back (Backspace) under it.
    public static let closingKeys: Set<Key> = [.escape, .char("q"), .backspace]

    /// The one way a transient pane (help, the model pane: "Esc closes; other keys act") meets a
    /// key it has no binding for: it closes, and the key is then handled as it would have been
    /// without the pane (`:` opens the command line, `/` the search, `j` moves the cursor), so no
    /// key meant for what is under it is eaten. A closing key is only that: [] (consumed); nil
    /// for a key that goes on.
    static func closeTransient(_ key: Key, _ ui: inout UIState, close: (inout UIState) -> Void) -> [Action]? {
        close(&ui)
        return closingKeys.contains(key) ? [] : nil
    }

    /// The bindings of the pane the screen shows.
    static func screenGroup(_ s: ExplorerState) -> BindingGroup {
        switch s.screen {
        case .models: return ModelsPane.bindings
        case .rows: return RowsPane.bindings
        case .row: return RowPane.bindings
        }
    }

    /// A key with no binding here: the status line says where it works, if anywhere.
    static func whyNot(_ key: Key, _ ui: inout UIState, _ s: ExplorerState, here: String) {
        if case .char(let c) = key, c.isLetter || c.isPunctuation || c.isSymbol || c.isNumber {} else if key != .enter { return }
        let elsewhere = groups(ui).dropFirst().first { g in g.title != here && g.binding(for: key) != nil && ![FormPane.bindings.title, Prompt.bindings.title].contains(g.title) }
        if let g = elsewhere, let b = g.binding(for: key) {
            ui.message = "\(key.label) does nothing in the \(here.lowercased()): in the \(g.title.lowercased()) it is \(b.help.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? b.help)."
        } else {
            ui.message = "\(key.label) does nothing here (? lists the keys)."
        }
    }

    /// The keys that work on every screen (with the focus on the main pane).
    static let global = BindingGroup("Everywhere", [
        Binding("quit", [.char("q"), .interrupt], "quit (with staged changes it asks first)") { _, ui, s in
            let warned = ui.quitWarned
            ui.quitWarned = false
            quitAsking(&ui, s, warned: warned)
            return []
        },
        Binding("help", [.char("?")], "this help (↑↓ PgUp PgDn scroll it)") { _, ui, _ in ui.mode = .help(top: 0); return [] },
        Binding("command", [.char(":")], "a command: rows, get, count, exists, insert, update, upsert, delete, explain-loading, strategy, messages, commit... (Up/Down history)") { _, ui, _ in
            ui.mode = .commandPrompt("")
            return []
        },
        Binding("sqlEditor.open", [.char("Q")], "the SQL editor: type any statement, run it, page its rows (also :sql)") { _, ui, _ in
            SQLEditorPane.open(&ui)
            return []
        },
        Binding("messages", [.char("!")], "the message log: every error, warning and notice of the session, whole") { _, ui, _ in
            ui.mode = .messages(back: 0)
            return []
        },
        Binding("pane", [.tab], "next pane: the model (fields, keys, indexes, constraints, relationships), then the SQL pane") { _, ui, s in
            if case .models = s.screen { ui.focus = .sql } else { ui.focus = .model }
            return []
        },
        Binding("back", [.backspace], "back to the screen before") { _, ui, s in
            guard !s.backStack.isEmpty else { return [] }
            RowsPane.leave(&ui)
            return [.back]
        },
        Binding("dismiss", [.escape], "close the plan or comparison; while a statement runs, cancel it (Ctrl-C too)") { _, _, s in
            s.comparison != nil || s.plan != nil ? [.dismiss] : []
        },
        Binding("manual", [.char("m")], "manual transaction on/off") { _, _, s in [.setManualTransaction(!s.manualTransaction)] },
        Binding("commit", [.char("C")], "commit (manual mode)") { _, ui, s in
            if s.manualTransaction { return [.commit] }
            ui.message = "Auto-commit mode: every write is committed already (m starts a manual transaction)."
            return []
        },
        Binding("rollback", [.char("U")], "roll back (manual mode)") { _, ui, s in
            if s.manualTransaction { return [.rollback] }
            ui.message = "Auto-commit mode: every write is committed already (m starts a manual transaction)."
            return []
        },
    ])

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
            ui.message = "\(NumberText.counted(state.staged, "staged change")) would be rolled back: C commits, U rolls back, q or Ctrl-C again quits anyway."
            return
        }
        ui.quit = true
    }

    /// The relationship selected on the model being shown: `r` picks it on the rows grid; in the
    /// row view it is the one under the cursor (or `r`'s when the cursor is on a field).
    public static func selectedRelationship(_ ui: UIState, _ state: ExplorerState) -> Relationship? {
        guard let model = state.currentModel, !model.relationships.isEmpty else { return nil }
        let rels = model.relationships
        if case .row(let r) = state.screen, let rel = RowPane.relationship(at: r.cursor, model) { return rel }
        return rels[ui.relationship % rels.count]
    }

    /// After a result: a submitted form closes when its write went through, and stays (with what
    /// the user typed, and the error) when it failed, so nothing typed is lost.
    public static func settle(_ ui: inout UIState, _ state: ExplorerState) {
        markSQLError(&ui, state)
        if let whole = state.wholeValue, state.pending == nil, ui.mode == .normal {
            ui.mode = .value(ValuePane.view(title: whole.title, value: whole.value))
            return
        }
        if let edit = state.editRow, edit.ready, state.pending == nil, ui.mode == .normal, let model = state.registry.model(named: edit.model) {
            let form = Form(model: model, mode: .edit(key: edit.key), row: edit.row, previews: edit.previews)
            ui.mode = .form(form, focus: form.entries.firstIndex { !model.primaryKey.contains($0.name) } ?? 0, submitted: false)
            return
        }
        guard case .form(var form, let focus, true) = ui.mode, state.pending == nil else { return }
        if let report = state.report, report.error == nil {
            ui.mode = .normal
            let staged = state.manualTransaction ? " (staged: C commits, U rolls back)" : ", committed"
            ui.message = "Done: \(form.request.verb) \(form.model)\(report.outcome.map { " (\($0))" } ?? "")\(staged)."
        } else {
            form.failure = state.report?.error
            ui.mode = .form(form, focus: focus, submitted: false)
        }
    }
}

extension Explorer {
    /// A key pressed: the keymap's actions applied in turn, and the status line's message kept
    /// in the message log. The terminal loop calls this for every key.
    public static func press(_ key: Key, ui: inout UIState, state: inout ExplorerState) -> [Effect] {
        var effects: [Effect] = []
        for action in Keymap.handle(key, ui: &ui, state: state) { effects += update(&state, action) }
        if let m = ui.message { state.log(LogEntry(.notice, action: "key \(key.name)", m)) }
        return effects
    }
}
