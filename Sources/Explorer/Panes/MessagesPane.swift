import ORMCore

/// The message log (`!`, `:messages`): every error, warning and notice of the session, whole
/// (wrapped at the pane's width, never cut), the newest at the bottom. ↑↓ PgUp PgDn g G
/// scroll it; q or Esc closes it.
public enum MessagesPane {
    static let bindings = BindingGroup("Message log", [
        Binding("messages.up", [.up, .char("k")], "scroll back a line") { _, ui, s in scroll(&ui, s, by: 1) },
        Binding("messages.down", [.down, .char("j")], "scroll on a line") { _, ui, s in scroll(&ui, s, by: -1) },
        Binding("messages.pageUp", [.pageUp], "a page back") { _, ui, s in scroll(&ui, s, by: rows(ui)) },
        Binding("messages.pageDown", [.pageDown, .char(" ")], "a page on") { _, ui, s in scroll(&ui, s, by: -rows(ui)) },
        Binding("messages.oldest", [.char("g"), .home], "the oldest") { _, ui, s in scroll(&ui, s, by: Int.max / 2) },
        Binding("messages.newest", [.char("G"), .end], "the newest") { _, ui, s in scroll(&ui, s, by: -Int.max / 2) },
        Binding("messages.close", [.char("q"), .escape, .char("!")], "close the log") { _, ui, _ in ui.mode = .normal; return [] },
    ])

    static func rows(_ ui: UIState) -> Int { max(1, Layout(ui).mainHeight - 1) }

    static func scroll(_ ui: inout UIState, _ s: ExplorerState, by delta: Int) -> [Action] {
        guard case .messages(let back) = ui.mode else { return [] }
        let n = lines(s, width: Layout(ui).mainWidth).count
        ui.mode = .messages(back: max(0, min(max(0, n - rows(ui)), back + delta)))
        return []
    }

    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        if let b = Keymap.resolve(bindings, ui).binding(for: key) { return b.run(key, &ui, s) }
        ui.message = "q or Esc closes the log; ↑↓ PgUp PgDn g G scroll it."
        return []
    }

    /// Each entry wrapped at `width`, its kind and action first.
    static func lines(_ s: ExplorerState, width: Int) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = []
        for m in s.messages {
            let (mark, style): (String, Frame.Style) = m.kind == .error ? ("✗ ", .error) : m.kind == .warning ? ("⚠ ", .warning) : ("· ", .normal)
            out.append([.init(mark, style), .init(m.action, .dim)])
            var rest = Substring(m.text)
            let room = max(10, width - 5)
            while !rest.isEmpty {
                var line = String(rest.prefix(room))
                if line.count < rest.count, let space = line.lastIndex(of: " "), line.distance(from: line.startIndex, to: space) > room / 2 { line = String(line[..<space]) }
                rest = rest.dropFirst(line.count).drop { $0 == " " }
                out.append([.init("    " + line, style)])
            }
        }
        return out
    }

    static func render(_ s: ExplorerState, back: Int, width: Int, height: Int) -> [[Frame.Span]] {
        let all = lines(s, width: width)
        let rows = max(1, height - 1)
        let top = max(0, all.count - rows - back)
        let marker = Viewport.marker(top: top, count: all.count, rows: rows).map { "   " + $0 } ?? ""
        let title: [Frame.Span] = [.init("Messages: \(s.messages.count) this session (↑↓ PgUp PgDn g G scroll · q Esc close)", .title), .init(marker, .dim)]
        if all.isEmpty { return [title, [.init("No error, warning or notice yet.", .dim)]] }
        return [title] + all[top..<min(all.count, top + rows)]
    }
}
