import ORMCore

/// What one action did: its rows, the statements it ran, their count, warnings, and any error as a sentence.
public struct ActionReport: Sendable, Equatable {
    public var action: String
    public var statements: [StatementEvent]
    public var warnings: [String]
    public var error: String?
    /// Whether a transaction was open on the connection when the action ended (the connection's
    /// own word, so the screen never claims staged work the database no longer holds).
    public var inTransaction: Bool
    /// The connection was lost during the action and has been opened again.
    public var reconnected: Bool
    /// Set when the action ran more statements than its budget allows (`Budgets.verdict`).
    public var overBudget: String?
    /// What a write did, where its statements alone do not say: an upsert's "inserted hero id = 7",
    /// "updated hero id = 7" or "unchanged hero id = 7" (the SQL pane's head line shows it).
    public var outcome: String?

    public init(action: String, statements: [StatementEvent] = [], warnings: [String] = [], error: String? = nil,
                inTransaction: Bool = false, reconnected: Bool = false) {
        self.action = action
        self.statements = statements
        self.warnings = warnings
        self.error = error
        self.inTransaction = inTransaction
        self.reconnected = reconnected
    }

    public var queryCount: Int { statements.count }

    /// The statements with runs of the same SQL folded into one group (the SQL pane's lines, and
    /// what its cursor moves over): the first statement of each run and how many ran.
    public var groups: [(first: StatementEvent, count: Int)] {
        var out: [(first: StatementEvent, count: Int)] = []
        for e in statements {
            if let last = out.last, last.first.sql == e.sql { out[out.count - 1].count += 1 } else { out.append((e, 1)) }
        }
        return out
    }
    public var milliseconds: Double { statements.reduce(0) { $0 + $1.milliseconds } }
}
