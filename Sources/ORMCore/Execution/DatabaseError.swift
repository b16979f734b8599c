/// An error reported by a database engine or its client library, classified so callers can match it.
///
/// ```swift
/// do { try session.commit() }
/// catch let e as DatabaseError where e.kind == .uniqueViolation { print(e.constraint ?? "") }
/// ```
public struct DatabaseError: UserFacingError, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case uniqueViolation, foreignKeyViolation, notNullViolation, checkViolation
        /// A row of a partitioned table whose partition key no partition takes (PostgreSQL shares
        /// a check's SQLSTATE 23514 for it, with no constraint).
        case noPartition
        /// A value that does not fit its column (too long, out of range, wrong type).
        case valueDoesNotFit
        case syntaxError, undefinedObject, permissionDenied, readOnly
        case busy, cancelled, timeout
        /// The statement is beyond the engine's own limits (nesting depth, parser stack).
        case tooComplex
        /// The connection could not be opened: refused, unknown host, missing file.
        case connectionFailed
        case authenticationFailed
        /// A connection string that cannot be parsed.
        case invalidConnectionString
        /// The connection was open and has been lost.
        case connectionLost
        case other
    }

    public var kind: Kind
    /// The engine's own message, passwords removed.
    public var message: String
    /// The engine's code: PostgreSQL SQLSTATE ("23505") or SQLite's extended result code ("2067").
    public var code: String?
    public var constraint: String?
    public var table: String?
    public var columns: [String]
    /// The statement that failed, when there was one.
    public var sql: String?
    /// Where in `sql` the engine found the error (a syntax error, an unknown column), as an offset
    /// in Unicode scalars from 0: PostgreSQL's `PG_DIAG_STATEMENT_POSITION`, SQLite's
    /// `sqlite3_error_offset`. nil when the engine did not say.
    public var position: Int?
    /// The row of a `COPY ... FROM STDIN` the error came from, from 1 (PostgreSQL's context
    /// `COPY hero, line 3`), so an import can name the file's line; nil otherwise.
    public var copyRow: Int?
    /// The row a failed foreign key refers to that does not exist (`auth_group row with id = 999`),
    /// when it was found (SQLite does not say: `Session.namingForeignKey`).
    public var missingReference: String?
    /// The values of a unique violation's key (or a row's partition key that no partition takes)
    /// as the engine printed them, comma-separated in the order of `columns` (PostgreSQL's DETAIL
    /// `Key (id)=(7) already exists` gives `7`), or as the
    /// row that failed gave them where the engine does not say (SQLite: `BulkInsert` fills it).
    public var keyValues: String?

    public init(kind: Kind, message: String, code: String? = nil, constraint: String? = nil,
                table: String? = nil, columns: [String] = [], sql: String? = nil, position: Int? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
        self.constraint = constraint
        self.table = table
        self.columns = columns
        self.sql = sql
        self.position = position
    }

    public var isConstraintViolation: Bool {
        [.uniqueViolation, .foreignKeyViolation, .notNullViolation, .checkViolation, .noPartition].contains(kind)
    }

    public var sentence: String {
        let cols = columns.isEmpty ? "" : " (" + columns.joined(separator: ", ") + ")"
        let on = table.map { " on \($0)" } ?? ""
        let named = constraint.map { " \($0)" } ?? ""
        switch kind {
        case .uniqueViolation:
            let key = keyValues.flatMap { v in columns.isEmpty ? nil : columns.count == 1 ? "\(columns[0]) = \(v)" : "(\(columns.joined(separator: ", "))) = (\(v))" }
            return "Unique constraint\(named)\(on) violated\(cols): a row with \(key ?? "the same value") already exists; nothing was written."
        case .foreignKeyViolation:
            // PostgreSQL says which way it failed; SQLite only that it did.
            let why = missingReference.map { "there is no \($0)" }
                ?? (message.contains("insert or update on table") ? "the row it refers to does not exist"
                : message.contains("update or delete on table") ? "other rows still refer to this one"
                : "the referenced row does not exist or is still referenced")
            return "Foreign key\(named)\(on) violated\(cols): \(why); nothing was written."
        case .notNullViolation:
            return "A required value is missing\(on)\(cols): the column does not accept NULL; nothing was written."
        case .checkViolation:
            return "Check constraint\(named)\(on) violated\(cols); nothing was written."
        case .noPartition:
            let key = keyValues.map { v in columns.count == 1 ? "\(columns[0]) = \(v)" : "(\(columns.joined(separator: ", "))) = (\(v))" }
            return "No partition of \(table ?? "the table") takes the row\(key.map { ": none of its partitions' bounds holds its partition key \($0)" } ?? ""); nothing was written."
        case .valueDoesNotFit:
            return "A value does not fit its column\(on)\(cols): \(firstLine(message)); nothing was written."
        case .connectionFailed: return "Could not connect: \(firstLine(message))."
        case .authenticationFailed: return "Could not connect: \(firstLine(message))."
        case .invalidConnectionString: return "The connection string is not valid: \(firstLine(message))."
        case .connectionLost: return "The connection to the database was lost: \(firstLine(message))."
        case .cancelled: return "The statement was cancelled; the session is still usable."
        case .timeout: return "The statement ran past its time limit and was cancelled; the session is still usable."
        case .busy: return "The database is locked by another connection: \(firstLine(message))."
        case .readOnly: return "The database is read-only: \(firstLine(message))."
        case .tooComplex:
            var said = Substring(firstLine(message))
            while said.last == "." || said.last == " " { said = said.dropLast() }
            return "The statement is nested too deeply for the database (it says \"\(said)\"): use fewer nested parentheses or nots; nothing was run."
        default: return firstLine(message).hasSuffix(".") ? firstLine(message) : firstLine(message) + "."
        }
    }

    private func firstLine(_ s: String) -> String {
        var line = s.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? s
        while line.hasSuffix(".") || line.hasSuffix(" ") { line.removeLast() }
        return line
    }
}
