import ORMCore

/// A key as the terminal reports it.
public enum Key: Sendable, Equatable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end, enter, backspace, tab, escape, resize, interrupt
}

/// What the screen remembers beside the explorer's state: the prompt being typed, help, which
/// column and which relationship are selected, whether to quit.
public struct UIState: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case normal
        case filterPrompt(String)
        case help
    }
    public var mode: Mode = .normal
    public var column = 0
    public var relationship = 0
    public var quit = false
    /// Filters typed before, newest last (the prompt's history: Up/Down).
    public var filterHistory: [String] = []
    public var historyIndex: Int?

    public init() {}
}

/// Keys to actions, in one table: drawing code never looks at keys.
public enum Keymap {
    /// The help screen's lines, from the same bindings the handler uses.
    public static let help: [(String, String)] = [
        ("↑ ↓  k j", "move the cursor"), ("← →  h l", "choose a column (for sort)"),
        ("PgDn Space / PgUp", "next / previous page"), ("g / G", "first / last page"),
        ("Enter", "open the model or row; on a row, follow the relationship"), ("Backspace", "back"),
        ("/", "filter (the filter language; Up/Down for history)"), ("s", "sort by the column (again: descending)"),
        ("r", "choose the next relationship"), ("f", "follow the relationship from the row"),
        ("L", "cycle the relationship's loading: lazy → selectin → joined"), ("c", "count rows exactly"),
        ("R", "refresh"), ("d", "delete the row (asks)"), ("m", "manual transaction on/off"),
        ("C / U", "commit / roll back (manual mode)"), ("Esc Ctrl-C", "cancel a running statement"),
        ("?", "this help"), ("q", "quit"),
    ]

    public static func handle(_ key: Key, ui: inout UIState, state: ExplorerState) -> [Action] {
        switch ui.mode {
        case .help:
            ui.mode = .normal
            return []
        case .filterPrompt(let text):
            return prompt(key, text, &ui)
        case .normal:
            break
        }
        if let c = state.confirmation {
            _ = c
            if key == .char("y") || key == .char("Y") { return [.confirm] }
            return [.cancel]
        }
        switch key {
        case .char("q"): ui.quit = true
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
            if case .rows(let r) = state.screen { ui.mode = .filterPrompt(r.request.filter) }
        case .char("s"):
            guard case .rows(let r) = state.screen, let columns = r.page?.columns, !columns.isEmpty else { return [] }
            let field = columns[min(ui.column, columns.count - 1)]
            let descending = r.request.sort.first.map { $0.field == field && !$0.descending } ?? false
            return [.sort(field: field, descending: descending)]
        case .char("r"): ui.relationship += 1
        case .char("f"):
            if let rel = selectedRelationship(ui, state) { return [.follow(rel.name)] }
        case .char("L"):
            if let rel = selectedRelationship(ui, state) { return [.cycleStrategy(relationship: rel.qualifiedName)] }
        case .char("c"): return [.countExactly]
        case .char("R"): return [.refresh]
        case .char("m"): return [.setManualTransaction(!state.manualTransaction)]
        case .char("C"): return state.manualTransaction ? [.commit] : []
        case .char("U"): return state.manualTransaction ? [.rollback] : []
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

    /// The relationship `r` has selected, on the model being shown.
    public static func selectedRelationship(_ ui: UIState, _ state: ExplorerState) -> Relationship? {
        let model: String
        switch state.screen {
        case .rows(let r): model = r.request.model
        case .row(let r): model = r.model
        case .models: return nil
        }
        guard let rels = state.registry.model(named: model)?.relationships, !rels.isEmpty else { return nil }
        return rels[ui.relationship % rels.count]
    }

    static func prompt(_ key: Key, _ text: String, _ ui: inout UIState) -> [Action] {
        switch key {
        case .enter:
            ui.mode = .normal
            if !text.isEmpty, ui.filterHistory.last != text { ui.filterHistory.append(text) }
            ui.historyIndex = nil
            return [.filter(text)]
        case .escape, .interrupt:
            ui.mode = .normal
            ui.historyIndex = nil
        case .backspace:
            ui.mode = .filterPrompt(String(text.dropLast()))
        case .up:
            guard !ui.filterHistory.isEmpty else { return [] }
            let i = max(0, (ui.historyIndex ?? ui.filterHistory.count) - 1)
            ui.historyIndex = i
            ui.mode = .filterPrompt(ui.filterHistory[i])
        case .down:
            guard let i = ui.historyIndex else { return [] }
            if i + 1 < ui.filterHistory.count {
                ui.historyIndex = i + 1
                ui.mode = .filterPrompt(ui.filterHistory[i + 1])
            } else {
                ui.historyIndex = nil
                ui.mode = .filterPrompt("")
            }
        case .char(let c):
            ui.mode = .filterPrompt(text + String(c))
        default: break
        }
        return []
    }
}
