/// Width in terminal cells, as the terminal's own `wcwidth` counts them: each scalar of a
/// character adds its width (so a halfwidth kana with its voiced mark takes two cells, a Thai
/// consonant with SARA AM two, with a combining vowel one, a zero-width space none), except an
/// emoji sequence (`isEmojiSequence`: a ZWJ sequence, a skin tone, a VS16 emoji), which is one
/// glyph of two cells. It is drawn whole: the terminal puts it in one ncurses cell and pads that
/// cell to two (`Terminal.draw`), so the columns after it stay where they are counted.
extension Character {
    public var displayWidth: Int {
        let scalars = unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1 { return first.cellWidth }
        if isEmojiSequence { return 2 }
        return scalars.reduce(0) { $0 + $1.cellWidth }
    }

    /// An emoji joined by ZWJ to more (a family, a profession, the rainbow flag), or followed by a
    /// skin tone or VS16: one glyph, two cells, however many scalars it holds. A flag (two regional
    /// indicators) is not one: each indicator is a cell, as wcwidth counts it.
    public var isEmojiSequence: Bool {
        let scalars = unicodeScalars
        guard scalars.count > 1, let first = scalars.first, first.properties.isEmoji else { return false }
        return scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D || (0x1F3FB...0x1F3FF).contains($0.value) })
    }
}

extension Unicode.Scalar {
    /// One scalar's cells (glibc's wcwidth rules): none for controls, combining and enclosing marks,
    /// format characters (the zero-width space, ZWJ) and Hangul medial and final jamo; two for East
    /// Asian wide and emoji-presentation characters; one otherwise.
    var cellWidth: Int {
        let v = value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }
        // A regional indicator is one cell: a flag is two of them.
        if (0x1F1E6...0x1F1FF).contains(v) { return 1 }
        // An emoji is two cells when it is drawn as one by default; the text-style symbols among
        // them (🏳 🌡 🕯 🖥, 223 of them in U+1F300-1F64F and U+1F900-1F9FF) are one, as wcwidth says.
        if properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

extension String {
    public var displayWidth: Int { reduce(0) { $0 + $1.displayWidth } }

    /// Cut to at most `width` cells, ending with "…" when something was cut; padded with spaces to
    /// exactly `width` when `pad` is set (right-aligned with `alignRight`). Reads at most about
    /// `width` characters of the string, however long it is (a frame never walks a whole value).
    public func fitted(_ width: Int, pad: Bool = true, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        // Walk until the text is known to fit, or to need a cut: `cut` is where "…" would go.
        var used = 0, cut = startIndex, usedAtCut = 0, i = startIndex, overflow = false
        while i < endIndex {
            let w = self[i].displayWidth
            if used + w > width { overflow = true; break }
            used += w
            i = index(after: i)
            if used <= width - 1 { cut = i; usedAtCut = used }
        }
        var out: String
        if overflow {
            out = String(self[..<cut]) + "…"
            used = usedAtCut + 1
        } else {
            out = self
        }
        guard pad, used < width else { return out }
        let spaces = String(repeating: " ", count: width - used)
        return alignRight ? spaces + out : out + spaces
    }
}

extension Character {
    /// Text a prompt takes as typed: not a control character (those are keys: Ctrl-U, Ctrl-N, ...).
    public var isPrintableText: Bool {
        guard let v = unicodeScalars.first?.value else { return false }
        return !(v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0))
    }

    /// How the character is drawn inside a single line: a line break as ⏎, a tab as ⇥, other
    /// control characters as their Control Pictures symbol (␀ ␛ ...), so none reaches the terminal raw.
    public var shownInline: Character {
        if isNewline { return "⏎" }
        guard let v = unicodeScalars.first?.value, unicodeScalars.count == 1 else { return self }
        if v == 9 { return "⇥" }
        if v < 0x20 { return Character(Unicode.Scalar(0x2400 + v)!) }
        if v == 0x7F { return "␡" }
        return self
    }
}
