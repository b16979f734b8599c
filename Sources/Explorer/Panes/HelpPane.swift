import ORMCore

/// The keys (?): every pane's bindings with the keys in force (the keymap file's included),
/// generated from the same bindings that handle them, a title per pane (the pane on screen
/// first), scrolled a line or a page at a time; Esc or q closes it, and any other key closes it and
/// then does what it does under it (`Keymap.closeTransient`).
public enum HelpPane {
    static let bindings = BindingGroup("Help", [
        Binding("help.down", [.down, .char("j")], "scroll down") { _, ui, s in scroll(&ui, s, by: 1) },
        Binding("help.up", [.up, .char("k")], "scroll up") { _, ui, s in scroll(&ui, s, by: -1) },
        Binding("help.pageDown", [.pageDown, .char(" ")], "a page down") { _, ui, s in scroll(&ui, s, by: max(1, ui.windowHeight - 3)) },
        Binding("help.pageUp", [.pageUp], "a page up") { _, ui, s in scroll(&ui, s, by: -max(1, ui.windowHeight - 3)) },
    ])

    static func scroll(_ ui: inout UIState, _ s: ExplorerState, by delta: Int) -> [Action] {
        guard case .help(let top) = ui.mode else { return [] }
        let n = lines(s, ui, width: ui.windowWidth).count
        ui.mode = .help(top: Viewport.clamp(top + delta, count: n, rows: max(1, ui.windowHeight - 2)))
        return []
    }

    /// nil: the key closed the help and goes on to what is under it (`Keymap.closeTransient`).
    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action]? {
        if let b = Keymap.resolve(bindings, ui).binding(for: key) { return b.run(key, &ui, s) }
        return Keymap.closeTransient(key, &ui) { $0.mode = .normal }
    }

    /// Every key, its description wrapped onto more lines where the window is narrow.
    static func lines(_ s: ExplorerState, _ ui: UIState, width: Int) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = []
        let room = max(20, width - 24)
        let here = Keymap.screenGroup(s).title
        let groups = Keymap.groups(ui)
        for group in groups.filter({ $0.title == here }) + groups.filter({ $0.title != here }) {
            out.append([.init(group.title, .title)])
            for b in group.bindings {
                var rest = Substring(b.help), first = true
                while !rest.isEmpty {
                    var line = String(rest.prefix(room))
                    if line.count < rest.count, let space = line.lastIndex(of: " ") { line = String(line[..<space]) }
                    rest = rest.dropFirst(line.count).drop { $0 == " " }
                    out.append([.init("  " + (first ? b.label : "").fitted(22), .header), .init(line)])
                    first = false
                }
            }
        }
        return out
    }

    static func render(_ frame: Frame, _ s: ExplorerState, _ ui: UIState, top: Int, width: Int, height: Int) -> Frame {
        var f = frame
        let all = lines(s, ui, width: width)
        let rows = max(1, height - 2)
        let start = Viewport.clamp(top, count: all.count, rows: rows)
        let marker = Viewport.marker(top: start, count: all.count, rows: rows).map { "   " + $0 + " (↑↓ PgUp PgDn)" } ?? ""
        f.set(1, [.init("Keys (Esc q close · any other key closes this and acts)", .title), .init(marker, .dim)])
        for (i, line) in all.dropFirst(start).prefix(rows).enumerated() { f.set(2 + i, line) }
        return f
    }
}
