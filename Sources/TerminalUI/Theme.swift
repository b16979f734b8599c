import CNcurses
import Explorer

/// Colours and attributes per style. Without colour (NO_COLOR, or a terminal that has none),
/// bold, reverse and dim carry the meaning alone.
enum Theme {
    static let styles: [Frame.Style] = [.normal, .title, .header, .selected, .dim, .null, .number, .sql, .warning, .error, .status, .border, .prompt]

    static func pair(_ s: Frame.Style) -> Int { (styles.firstIndex(of: s) ?? 0) + 1 }

    /// The theme in use: its attributes replace the built-in ones.
    nonisolated(unsafe) static var file: ThemeFile?

    /// Styles whose grey (colour 8) an 8-colour terminal cannot show: drawn in the default colour, dim.
    nonisolated(unsafe) static var dimmed: Set<Frame.Style> = []

    static func install(_ theme: ThemeFile?) {
        file = theme
        dimmed = []
        let colors = Int(ormscope_colors())
        /// A colour the terminal can show: 8-colour terminals get the basic eight for the bright
        /// ones (9-15), and bright black (8), which would fold to black and vanish on a dark
        /// background, becomes the default colour, dim.
        func fit(_ c: Int, _ s: Frame.Style) -> Int16 {
            if c < 0 || c < colors { return Int16(c) }
            if c == 8 { dimmed.insert(s); return -1 }
            return Int16(c % 8)
        }
        for s in styles {
            if let e = theme?.entries[s] {
                init_pair(Int16(pair(s)), fit(e.foreground, s), fit(e.background, s))
                continue
            }
            let (fg, bg): (Int, Int)
            switch s {
            case .normal: (fg, bg) = (-1, -1)
            case .title: (fg, bg) = (6, -1)
            case .header: (fg, bg) = (3, -1)
            case .selected: (fg, bg) = (0, 6)
            case .dim, .border: (fg, bg) = (8, -1)
            case .null: (fg, bg) = (5, -1)
            case .number: (fg, bg) = (2, -1)
            case .sql: (fg, bg) = (4, -1)
            case .warning: (fg, bg) = (3, -1)
            case .error: (fg, bg) = (1, -1)
            case .status: (fg, bg) = (7, -1)
            case .prompt: (fg, bg) = (2, -1)
            }
            init_pair(Int16(pair(s)), fit(fg, s), fit(bg, s))
        }
    }

    static func attributes(_ s: Frame.Style) -> (attr: attr_t, monochrome: attr_t) {
        let base = styleAttributes(s)
        return dimmed.contains(s) ? (base.attr | ormscope_a_dim(), base.monochrome) : base
    }

    private static func styleAttributes(_ s: Frame.Style) -> (attr: attr_t, monochrome: attr_t) {
        if let e = file?.entries[s] {
            var a: attr_t = 0
            if e.bold { a |= ormscope_a_bold() }
            if e.dim { a |= ormscope_a_dim() }
            if e.reverse { a |= ormscope_a_reverse() }
            if e.underline { a |= ormscope_a_underline() }
            return (a, a == 0 && s == .selected ? ormscope_a_reverse() : a)
        }
        switch s {
        case .title, .header: return (ormscope_a_bold(), ormscope_a_bold())
        case .selected: return (0, ormscope_a_reverse())
        case .dim, .border, .null: return (0, ormscope_a_dim())
        case .warning, .error: return (ormscope_a_bold(), ormscope_a_bold() | ormscope_a_underline())
        default: return (0, 0)
        }
    }
}
