/// A key as the terminal reports it.
public enum Key: Sendable, Equatable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end, enter, backspace, tab, escape, resize, interrupt
    case function(Int)
}
