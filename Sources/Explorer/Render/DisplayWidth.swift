/// Width in terminal cells: CJK and most emoji take two, combining marks none.
extension Character {
    public var displayWidth: Int {
        guard let first = unicodeScalars.first else { return 0 }
        let v = first.value
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        if v < 0x1100 { return v < 0x20 ? 0 : 1 }
        if first.properties.isEmojiPresentation || unicodeScalars.count > 1 && unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

extension String {
    public var displayWidth: Int { reduce(0) { $0 + $1.displayWidth } }

    /// Cut to at most `width` cells, ending with "…" when something was cut; padded with spaces to
    /// exactly `width` when `pad` is set (right-aligned with `alignRight`).
    public func fitted(_ width: Int, pad: Bool = true, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        var out = "", used = 0
        if displayWidth > width {
            for c in self {
                let w = c.displayWidth
                if used + w > width - 1 { break }
                out.append(c)
                used += w
            }
            out.append("…")
            used += 1
        } else {
            out = self
            used = displayWidth
        }
        guard pad, used < width else { return out }
        let spaces = String(repeating: " ", count: width - used)
        return alignRight ? spaces + out : out + spaces
    }
}
