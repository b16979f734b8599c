/// One line of the message log: an error, a warning or a notice, whole, with the action it came from.
public struct LogEntry: Sendable, Equatable {
    public enum Kind: String, Sendable { case error, warning, notice }
    public var kind: Kind
    public var action: String
    public var text: String
    public init(_ kind: Kind, action: String, _ text: String) {
        self.kind = kind
        self.action = action
        self.text = text
    }
}

extension ExplorerState {
    /// The log keeps this many entries (the oldest go first).
    public static let messageLimit = 2_000

    public mutating func log(_ entry: LogEntry) {
        if messages.last == entry { return }
        messages.append(entry)
        if messages.count > ExplorerState.messageLimit { messages.removeFirst(messages.count - ExplorerState.messageLimit) }
    }
}
