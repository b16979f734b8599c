import ORMCore

extension Renderer {
    /// The value viewer's text area in a window: its width in cells and how many lines it shows
    /// (the main pane less its title and position lines). The keymap pages by the same figures.
    public static func valueArea(width: Int, height: Int) -> (width: Int, lines: Int) {
        let w = max(minimumWidth, width), h = max(minimumHeight, height)
        return (w - (w >= 100 ? 26 : 0) - 1, max(1, heights(h).main - 2))
    }

    /// The lines of the value in sight, laid out from the viewer's top only (never the whole value).
    static func valuePane(_ view: ValueView, width: Int, height: Int) -> [[Frame.Span]] {
        let rows = max(1, height - 2)
        let (lines, end) = view.lines(width: width - 1, count: rows)
        let total = view.byteCount
        let kind: String
        if case .bytes = view.content { kind = "bytes" } else { kind = "bytes of UTF-8" }
        let percent = total == 0 ? 100 : Int((Double(end) / Double(total) * 100).rounded(.down))
        var out: [[Frame.Span]] = [[.init(view.title + "   (↑↓ PgUp PgDn g G scroll · any other key closes)", .title)],
                                   [.init("\(kind) \(grouped(total == 0 ? 0 : view.top + 1))-\(grouped(end)) of \(grouped(total)) · \(percent)%", .dim)]]
        out += lines.map { [.init($0)] }
        return out
    }
}
