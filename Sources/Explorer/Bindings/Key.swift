/// A key as the terminal reports it.
public enum Key: Sendable, Hashable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end, enter, backspace, tab, escape, resize, interrupt
    case function(Int)
}

extension Key {
    /// The key as the help screen and the keymap file spell it: `j`, `Space`, `PgDn`, `Ctrl-N`, `F2`.
    public var name: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c):
            if let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1, v >= 1, v <= 26 {
                return "Ctrl-" + String(Character(Unicode.Scalar(v + 64)!))
            }
            return String(c)
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .backspace: return "Backspace"
        case .tab: return "Tab"
        case .escape: return "Esc"
        case .resize: return "Resize"
        case .interrupt: return "Ctrl-C"
        case .function(let n): return "F\(n)"
        }
    }

    /// The key a name spells (`Key.name`'s inverse, case-sensitive for letters); nil for a name
    /// that is no key.
    public init?(name: String) {
        let named: [String: Key] = ["Space": .char(" "), "Up": .up, "Down": .down, "Left": .left, "Right": .right,
                                    "PgUp": .pageUp, "PgDn": .pageDown, "Home": .home, "End": .end, "Enter": .enter,
                                    "Backspace": .backspace, "Tab": .tab, "Esc": .escape, "Ctrl-C": .interrupt]
        if let k = named[name] { self = k; return }
        if name.hasPrefix("Ctrl-"), name.count == 6, let c = name.last?.uppercased().unicodeScalars.first, (65...90).contains(c.value) {
            self = .char(Character(Unicode.Scalar(c.value - 64)!))
            return
        }
        if name.hasPrefix("F"), let n = Int(name.dropFirst()), (1...12).contains(n) { self = .function(n); return }
        guard name.count == 1, let c = name.first else { return nil }
        self = .char(c)
    }

    /// The character this key types into a text (a prompt, a form's field, the SQL editor), or nil:
    /// a control character (Ctrl-A is `\u{01}`) is a key, never text, so an unbound one types nothing
    /// (a tab or a line break in a value comes from `$EDITOR`).
    public var typedText: Character? {
        guard case .char(let c) = self, c.isPrintableText else { return nil }
        return c
    }

    /// How the help screen shows it: arrows as arrows.
    public var label: String {
        switch self {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        default: return name
        }
    }
}
