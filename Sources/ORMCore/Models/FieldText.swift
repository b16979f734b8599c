/// What a user gave for one field of a write: NULL, chosen (a form's Ctrl-N, `--null FIELD`), or
/// text to be read by the field's type. NULL is never a spelling: the text `null` is text.
///
/// ```swift
/// ["name": "Null", "age": .null]      // name = 'Null', age = NULL
/// ```
public enum FieldText: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    case null
    case text(String)

    public init(stringLiteral value: String) { self = .text(value) }

    /// The text, or nil for NULL.
    public var text: String? {
        if case .text(let t) = self { return t }
        return nil
    }

    public var isNull: Bool { self == .null }

    public var description: String { text.map { "\"\($0)\"" } ?? "NULL" }
}
