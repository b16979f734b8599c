import ORMCore

/// What one action did: its rows, the statements it ran, their count, warnings, and any error as a sentence.
public struct ActionReport: Sendable, Equatable {
    public var action: String
    public var statements: [StatementEvent]
    public var warnings: [String]
    public var error: String?

    public init(action: String, statements: [StatementEvent] = [], warnings: [String] = [], error: String? = nil) {
        self.action = action
        self.statements = statements
        self.warnings = warnings
        self.error = error
    }

    public var queryCount: Int { statements.count }
    public var milliseconds: Double { statements.reduce(0) { $0 + $1.milliseconds } }
}
