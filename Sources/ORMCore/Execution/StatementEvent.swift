import Foundation

/// What the choke point records for every statement it runs (or fails to run).
public struct StatementEvent: Sendable, Hashable {
    /// Position in the log, from 1.
    public var sequence: Int
    public var sql: String
    /// Bound values; empty with `redacted` set when the log hides them.
    public var params: [Value]
    public var paramsRedacted: Bool
    /// Wall-clock time the statement took, in seconds.
    public var duration: Double
    /// Rows returned (for a query) or affected (for a write).
    public var rows: Int
    /// The named action it belongs to, e.g. "open hero, page 3".
    public var action: String
    public var cause: StatementCause
    /// The error's sentence when the statement failed.
    public var error: String?
    /// The statement whose rows this one stands for, when it reads them otherwise: SQLite's page
    /// of long values selects `typeof(x)` and reads each value's beginning by blob I/O, and stands
    /// for the same SELECT of `x` (what the SQL pane's `e` copies, values written in).
    public var standsFor: CompiledSQL? = nil

    public var milliseconds: Double { duration * 1000 }
}
