import ORMCore

/// The prompt on the status line: `/` a filter (rows) or a search (model list), `:` a command.
/// Typing edits it, Backspace and Ctrl-U delete, ↑↓ go through the history (on the model list
/// they move through the matches), Enter runs it, Esc closes it.
public enum Prompt {
    static let bindings = BindingGroup("Prompt (/ and :)", [
        Binding("prompt.enter", [.enter], "run the filter or command (the search: open the model)") { _, ui, _ in enter(&ui) },
        Binding("prompt.close", [.escape, .interrupt], "close the prompt") { _, ui, _ in
            ui.mode = .normal
            ui.historyIndex = nil
            return []
        },
        Binding("prompt.delete", [.backspace], "delete a character (on an empty : line, close it)") { _, ui, _ in
            edit(&ui) { editor, command in
                if command && editor.isEmpty { return false }
                editor.deleteBackward()
                return true
            }
        },
        Binding("prompt.clear", [.char("\u{15}")], "clear the line") { _, ui, _ in edit(&ui) { e, _ in e = ""; return true } },
        Binding("prompt.older", [.up], "the line typed before (history)") { _, ui, _ in history(&ui, by: -1) },
        Binding("prompt.newer", [.down], "the next line in the history") { _, ui, _ in history(&ui, by: 1) },
    ])

    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        if case .searchPrompt = ui.mode {
            if let actions = ModelsPane.searchKey(key, &ui, s) { return actions }
            if key == .escape || key == .interrupt { ui.mode = .normal; return [] }
        }
        if let b = Keymap.resolve(bindings, ui).binding(for: key) {
            let actions = b.run(key, &ui, s)
            if case .searchPrompt = ui.mode { return actions + ModelsPane.searched(ui, s) }
            return actions
        }
        guard let c = key.typedText else {
            if case .char = key { ui.message = "\(key.label) does nothing in the prompt: nothing was typed." }
            return []
        }
        _ = edit(&ui) { e, _ in e.insert(c); return true }
        if case .searchPrompt = ui.mode { return ModelsPane.searched(ui, s) }
        return []
    }

    /// Edits the open prompt's text in place (the mode lets go of the editor while it is edited,
    /// so a long line is not copied per key). `change` returns false to close the prompt.
    static func edit(_ ui: inout UIState, _ change: (inout LineEditor, _ command: Bool) -> Bool) -> [Action] {
        switch ui.mode {
        case .filterPrompt(var e): ui.mode = .normal; if change(&e, false) { ui.mode = .filterPrompt(e) }
        case .commandPrompt(var e): ui.mode = .normal; if change(&e, true) { ui.mode = .commandPrompt(e) }
        case .searchPrompt(var e): ui.mode = .normal; if change(&e, false) { ui.mode = .searchPrompt(e) }
        default: break
        }
        return []
    }

    static func history(_ ui: inout UIState, by step: Int) -> [Action] {
        let command: Bool
        switch ui.mode {
        case .filterPrompt: command = false
        case .commandPrompt: command = true
        default: return []
        }
        let history = command ? ui.commandHistory : ui.filterHistory
        func show(_ t: String) { ui.mode = command ? .commandPrompt(LineEditor(t)) : .filterPrompt(LineEditor(t)) }
        if step < 0 {
            guard !history.isEmpty else { return [] }
            let i = max(0, (ui.historyIndex ?? history.count) - 1)
            ui.historyIndex = i
            show(history[i])
        } else {
            guard let i = ui.historyIndex else { return [] }
            if i + 1 < history.count {
                ui.historyIndex = i + 1
                show(history[i + 1])
            } else {
                ui.historyIndex = nil
                show("")
            }
        }
        return []
    }

    static func enter(_ ui: inout UIState) -> [Action] {
        let command: Bool, text: String
        switch ui.mode {
        case .filterPrompt(let e): command = false; text = e.text
        case .commandPrompt(let e): command = true; text = e.text
        default: return []
        }
        ui.mode = .normal
        ui.historyIndex = nil
        let line = command ? String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) : text
        let history = command ? ui.commandHistory : ui.filterHistory
        if !line.isEmpty, history.last != line {
            if command { ui.commandHistory.append(line) } else { ui.filterHistory.append(line) }
        }
        guard command else { return [.filter(text)] }
        switch line {
        case "": return []
        case "q", "quit", "exit": ui.quit = true
        case "help", "?": ui.mode = .help(top: 0)
        case "messages", "log": ui.mode = .messages(back: 0)
        case "sql": SQLEditorPane.open(&ui)
        case _ where line.hasPrefix("sql "): SQLEditorPane.open(&ui, text: String(line.dropFirst(4)))
        default: return [.command(line)]
        }
        return []
    }

    /// The prompt on the status line, if one is open (`filter: ...`, `search: ...` or `:...`).
    /// Only the end of a long line is drawn (the cursor is at its end), read from the end of the
    /// text as far as the status line is wide.
    static func text(_ ui: UIState, width: Int) -> String? {
        let label: String, editor: LineEditor
        switch ui.mode {
        case .filterPrompt(let e): (label, editor) = ("filter: ", e)
        case .commandPrompt(let e): (label, editor) = (":", e)
        case .searchPrompt(let e): (label, editor) = ("search: ", e)
        default: return nil
        }
        let room = max(1, width - 1 - label.displayWidth)
        if editor.displayWidth <= room { return label + editor.text }
        return label + "…" + editor.tail(fitting: room - 1).text
    }
}

extension Keymap {
    /// Text typed into the open filter or command prompt at once (a paste, read as a run of keys):
    /// what its keys would do one by one, in one edit. Only printable text (no control characters)
    /// comes here. False when the prompt open is not one of those (the model search acts per key):
    /// the caller then hands the keys over one by one.
    public static func type(_ text: String, ui: inout UIState) -> Bool {
        if ui.mode == .sqlEditor { return SQLEditorPane.type(text, &ui) }
        switch ui.mode {
        case .filterPrompt, .commandPrompt: break
        default: return false
        }
        ui.message = nil
        _ = Prompt.edit(&ui) { editor, _ in editor.insert(text); return true }
        return true
    }
}
