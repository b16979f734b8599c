/// Why a statement typed by the user was not run.
public enum TypedSQLError: UserFacingError, Equatable {
    /// Read-only mode and a statement that clearly writes (`TypedStatementKind.refusedWhenReadOnly`):
    /// refused before anything is sent.
    case refusedReadOnly(verb: String, kind: TypedStatementKind, reason: String)
    /// The text holds no statement (only whitespace, comments or `;`).
    case empty

    public var sentence: String {
        switch self {
        case .refusedReadOnly(let verb, let kind, let reason):
            let what = kind == .transactionControl ? "controls the transaction" : kind == .schemaChange ? "changes the schema" : "writes"
            return "Not run: \(verb.isEmpty ? "the statement" : verb) \(what) and the session is read-only (\(reason)); nothing was sent to the database."
        case .empty:
            return "There is no statement to run (only whitespace, comments or semicolons)."
        }
    }
}

