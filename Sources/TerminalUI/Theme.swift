import CNcurses
import Explorer

/// Colours and attributes per style. Without colour (NO_COLOR, or a terminal that has none),
/// bold, reverse and dim carry the meaning alone.
enum Theme {
    static let styles: [Frame.Style] = [.normal, .title, .header, .selected, .dim, .null, .number, .sql, .warning, .error, .status, .border, .prompt]

    static func pair(_ s: Frame.Style) -> Int { (styles.firstIndex(of: s) ?? 0) + 1 }

    static func install() {
        let eight = ormscope_colors() < 16
        func c(_ rich: Int16, _ basic: Int16) -> Int16 { eight ? basic : rich }
        for s in styles {
            let (fg, bg): (Int16, Int16)
            switch s {
            case .normal: (fg, bg) = (-1, -1)
            case .title: (fg, bg) = (Int16(COLOR_CYAN), -1)
            case .header: (fg, bg) = (Int16(COLOR_YELLOW), -1)
            case .selected: (fg, bg) = (Int16(COLOR_BLACK), Int16(COLOR_CYAN))
            case .dim: (fg, bg) = (c(8, Int16(COLOR_WHITE)), -1)
            case .null: (fg, bg) = (Int16(COLOR_MAGENTA), -1)
            case .number: (fg, bg) = (Int16(COLOR_GREEN), -1)
            case .sql: (fg, bg) = (Int16(COLOR_BLUE), -1)
            case .warning: (fg, bg) = (Int16(COLOR_YELLOW), -1)
            case .error: (fg, bg) = (Int16(COLOR_RED), -1)
            case .status: (fg, bg) = (Int16(COLOR_WHITE), -1)
            case .border: (fg, bg) = (c(8, Int16(COLOR_WHITE)), -1)
            case .prompt: (fg, bg) = (Int16(COLOR_GREEN), -1)
            }
            init_pair(Int16(pair(s)), fg, bg)
        }
    }

    static func attributes(_ s: Frame.Style) -> (attr: attr_t, monochrome: attr_t) {
        switch s {
        case .title, .header: return (ormscope_a_bold(), ormscope_a_bold())
        case .selected: return (0, ormscope_a_reverse())
        case .dim, .border, .null: return (0, ormscope_a_dim())
        case .warning, .error: return (ormscope_a_bold(), ormscope_a_bold() | ormscope_a_underline())
        default: return (0, 0)
        }
    }
}
