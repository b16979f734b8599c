import ORMCore

/// A filter that cannot be used, with the column where the problem is.
public struct FilterError: UserFacingError, Equatable {
    public var message: String
    /// 1-based column in the filter text.
    public var position: Int
    public var input: String

    public init(message: String, position: Int, input: String) {
        self.message = message
        self.position = position
        self.input = input
    }

    public var sentence: String {
        "Filter error at column \(position): \(message)" + (message.hasSuffix("?") || message.hasSuffix(".") ? "" : ".")
    }

    /// The input with a caret under the problem, for a terminal.
    public var pointer: String { input + "\n" + String(repeating: " ", count: max(0, position - 1)) + "^" }
}
