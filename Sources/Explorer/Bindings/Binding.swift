import ORMCore

/// One key binding as one value: its name (what the keymap file calls it), the keys that press
/// it, the help line, and what it does. A pane's bindings both handle its keys and make its part
/// of the `?` screen, so the two cannot drift apart (Bubble Tea's `key.Binding`).
public struct Binding: Sendable {
    /// Why a binding did nothing, when it could not act on what is shown; the status line says it.
    public typealias Run = @Sendable (_ key: Key, _ ui: inout UIState, _ state: ExplorerState) -> [Action]

    public let id: String
    public let keys: [Key]
    public let help: String
    public let run: Run

    public init(_ id: String, _ keys: [Key], _ help: String, _ run: @escaping Run) {
        self.id = id
        self.keys = keys
        self.help = help
        self.run = run
    }

    /// The same binding on other keys (a user's keymap file).
    public func on(_ keys: [Key]) -> Binding { Binding(id, keys, help, run) }

    /// The keys as the help screen shows them: `↑ k`.
    public var label: String { keys.map(\.label).joined(separator: " ") }
}

/// The bindings of one pane (or of the whole explorer), as the help screen groups them.
public struct BindingGroup: Sendable {
    public let title: String
    public let bindings: [Binding]
    public init(_ title: String, _ bindings: [Binding]) {
        self.title = title
        self.bindings = bindings
    }

    /// The binding a key presses here, if any.
    public func binding(for key: Key) -> Binding? { bindings.first { $0.keys.contains(key) } }
}
