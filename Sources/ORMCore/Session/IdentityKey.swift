/// The identity of a persistent row: its model's qualified name and its primary key values.
public struct IdentityKey: Hashable, Sendable, CustomStringConvertible {
    public var model: String
    public var key: [Value]

    public init(model: String, key: [Value]) {
        self.model = model
        self.key = key
    }

    /// `hero 7`, `link (3, 5)`.
    public var description: String {
        let k = key.map { $0.displayText ?? "NULL" }
        return "\(model) " + (k.count == 1 ? k[0] : "(" + k.joined(separator: ", ") + ")")
    }
}
