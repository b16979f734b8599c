/// Errors of the unit of work itself (not of the database).
public enum SessionError: UserFacingError, Equatable {
    /// An UPDATE or DELETE matched no row: someone else deleted or changed it since it was read.
    case staleData(operation: String, identity: String)
    /// The row changed in the database since it was read (conflict detection is on).
    case conflict(identity: String, fields: [String])
    /// An expired object's row is gone.
    case objectDeleted(identity: String)
    /// An object of another session, or one already deleted.
    case invalidState(String)
    /// `one()` found no row (with the key asked for, when there was one), or more than one.
    case noResult(model: String, key: String? = nil)
    case multipleResults(model: String, count: Int)
    /// A write asked of a read-only database; no SQL ran.
    case readOnly(reason: String)

    public var sentence: String {
        switch self {
        case .staleData(let op, let id):
            return "The \(op) of \(id) matched no row: it was changed or deleted by someone else since it was read; nothing was written."
        case .conflict(let id, let fields):
            return "\(id) was changed by someone else since it was read (\(fields.joined(separator: ", "))); your changes are kept and nothing was written: refresh to see theirs."
        case .objectDeleted(let id): return "\(id) no longer exists in the database."
        case .invalidState(let why): return why
        case .noResult(let m, nil): return "No \(m) row matches; nothing was changed."
        case .noResult(let m, let key?): return "No \(m) row has \(key); nothing was changed."
        case .multipleResults(let m, let n): return "Expected one \(m) row but \(n) match."
        case .readOnly(let why): return "The database is read-only (\(why)): the write was refused before any SQL ran; nothing was written."
        }
    }
}
