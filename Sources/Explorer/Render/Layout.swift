import ORMCore

/// Where the panes go in a window: the title line, the models column on the left (when the
/// window is 100 cells wide or more), the main pane, the SQL pane, the status line. Rendering
/// and the keys that page a pane read the same figures.
public struct Layout: Sendable, Equatable {
    public let width, height: Int
    /// The models column's width (0 when there is no room), its border included.
    public let leftWidth: Int
    public let mainWidth, mainHeight, sqlHeight: Int

    public init(width: Int, height: Int) {
        let w = max(Renderer.minimumWidth, width), h = max(Renderer.minimumHeight, height)
        self.width = w
        self.height = h
        leftWidth = w >= 100 ? 26 : 0
        mainWidth = w - leftWidth
        sqlHeight = max(5, (h - 2) * 2 / 5)
        mainHeight = h - 2 - sqlHeight
    }

    /// The layout of the window the explorer last drew.
    public init(_ ui: UIState) { self.init(width: ui.windowWidth, height: ui.windowHeight) }
}

/// Scrolling a list of `count` lines through `rows` lines of screen.
public enum Viewport {
    /// The first line shown so that the cursor is in sight: the cursor stays in the middle of the
    /// pane except near either end (so every move shows what is around it, and the same cursor
    /// always draws the same screen, without a scroll offset to keep).
    public static func top(cursor: Int, count: Int, rows: Int) -> Int {
        guard count > rows, rows > 0 else { return 0 }
        return max(0, min(cursor - rows / 2, count - rows))
    }

    /// A scroll offset kept within the list.
    public static func clamp(_ top: Int, count: Int, rows: Int) -> Int { max(0, min(top, count - rows)) }

    /// "↑ 12 more" / "↓ 30 more", for a list shown from `top` through `rows` lines; nil when all shows.
    public static func marker(top: Int, count: Int, rows: Int) -> String? {
        let above = top, below = max(0, count - top - rows)
        if above == 0 && below == 0 { return nil }
        return [above > 0 ? "↑ \(NumberText.grouped(above)) more" : nil, below > 0 ? "↓ \(NumberText.grouped(below)) more" : nil]
            .compactMap { $0 }.joined(separator: "  ")
    }
}
