import ORMCore

/// The value viewer (v): one value, whole, scrolled a line or a page at a time. JSON is shown
/// indented by its structure; binary as pages of a hex dump. q or Esc closes it; other keys say so
/// (a stray key never loses the place).
public enum ValuePane {
    static let bindings = BindingGroup("Value viewer", [
        Binding("value.down", [.down, .char("j")], "a line down") { _, ui, _ in scroll(&ui) { v, a in v.down(1, width: a.width) } },
        Binding("value.up", [.up, .char("k")], "a line up") { _, ui, _ in scroll(&ui) { v, a in v.up(1, width: a.width) } },
        Binding("value.pageDown", [.pageDown, .char(" ")], "a page down") { _, ui, _ in scroll(&ui) { v, a in v.down(a.lines, width: a.width) } },
        Binding("value.pageUp", [.pageUp], "a page up") { _, ui, _ in scroll(&ui) { v, a in v.up(a.lines, width: a.width) } },
        Binding("value.first", [.char("g"), .home], "the start") { _, ui, _ in scroll(&ui) { v, _ in v.home() } },
        Binding("value.last", [.char("G"), .end], "the end") { _, ui, _ in scroll(&ui) { v, a in v.end(width: a.width, count: a.lines) } },
        Binding("value.close", [.char("q"), .escape], "close the value") { _, ui, _ in ui.mode = .normal; return [] },
    ])

    /// The viewer of a value: a JSON value (or text that is JSON) indented.
    public static func view(title: String, value: Value) -> ValueView {
        switch value {
        case .json(let t), .text(let t):
            if let pretty = JSONIndent.pretty(t) { return ValueView(title: title + " (JSON, indented)", value: .text(pretty)) }
        default: break
        }
        return ValueView(title: title, value: value)
    }

    static func scroll(_ ui: inout UIState, _ change: (inout ValueView, (width: Int, lines: Int)) -> Void) -> [Action] {
        guard case .value(var view) = ui.mode else { return [] }
        ui.mode = .normal  // the view is let go of while it moves, so it is changed in place
        change(&view, Renderer.valueArea(width: ui.windowWidth, height: ui.windowHeight))
        ui.mode = .value(view)
        return []
    }

    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        if let b = Keymap.resolve(bindings, ui).binding(for: key) { return b.run(key, &ui, s) }
        ui.message = "q or Esc closes the value; ↑↓ PgUp PgDn g G scroll it."
        return []
    }
}

extension Renderer {
    /// The value viewer's text area in a window: its width in cells and how many lines it shows
    /// (the main pane less its title and position lines). The keymap pages by the same figures.
    public static func valueArea(width: Int, height: Int) -> (width: Int, lines: Int) {
        let layout = Layout(width: width, height: height)
        return (layout.mainWidth - 1, max(1, layout.mainHeight - 2))
    }

    /// The lines of the value in sight, laid out from the viewer's top only (never the whole value).
    static func valuePane(_ view: ValueView, width: Int, height: Int) -> [[Frame.Span]] {
        if case .null = view.content {
            return [[.init(view.title + "   (q Esc close)", .title)], [.init(CellText.nullText + " (no value)", .null)]]
        }
        let rows = max(1, height - 2)
        let (lines, end) = view.lines(width: width - 1, count: rows)
        let total = view.byteCount
        let kind: String
        if case .bytes = view.content { kind = "bytes" } else { kind = "bytes of UTF-8" }
        let percent = total == 0 ? 100 : Int((Double(end) / Double(total) * 100).rounded(.down))
        var out: [[Frame.Span]] = [[.init(view.title + "   (↑↓ PgUp PgDn g G scroll · q Esc close)", .title)],
                                   [.init("\(kind) \(NumberText.grouped(total == 0 ? 0 : view.top + 1))-\(NumberText.grouped(end)) of \(NumberText.grouped(total)) · \(percent)%", .dim)]]
        out += lines.map { [.init($0)] }
        return out
    }
}
