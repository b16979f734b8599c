/// A SQL dialect as a value: the capabilities and spellings where backends differ.
///
/// The compiler branches on these fields only; no token that differs between backends is
/// hard-coded elsewhere (the tests compile with a deliberately odd dialect to prove it).
public struct Dialect: Sendable, Hashable {
    public enum PlaceholderStyle: Sendable, Hashable {
        /// `?` for every value (SQLite).
        case questionMark
        /// `$1`, `$2`, ... (PostgreSQL).
        case dollarNumbered
        /// `@p1`, `@p2`, ... (a test dialect).
        case atNumbered
    }

    public enum CaseInsensitiveLike: Sendable, Hashable {
        /// A native `ILIKE` operator.
        case ilike
        /// `lower(x) LIKE lower(pattern)`.
        case lowerBothSides
    }

    public var name: String
    public var placeholders: PlaceholderStyle
    /// The quote character for identifiers; doubled inside a name.
    public var identifierQuote: Character
    public var supportsReturning: Bool
    public var supportsUpsert: Bool
    public var caseInsensitiveLike: CaseInsensitiveLike
    /// Whether `(a, b) > (?, ?)` row-value comparisons are available.
    public var supportsRowValues: Bool
    /// Whether booleans are bound natively (PostgreSQL) or as 0/1 integers (SQLite).
    public var nativeBooleans: Bool
    /// Whether NULLs sort before other values in ascending order (SQLite yes, PostgreSQL no).
    public var nullsSortFirst: Bool
    /// Whether `LIMIT` needs a value when only `OFFSET` is given (SQLite: `LIMIT -1`).
    public var offsetNeedsLimit: Bool
    /// The NULL-safe equality operator.
    public var nullSafeEqual: String
    /// How plans are asked for: PostgreSQL's JSON (with ANALYZE), or SQLite's query plan rows.
    public var explainStyle: ExplainStyle

    public enum ExplainStyle: Sendable, Hashable { case postgresJSON, sqliteQueryPlan }
    /// Whether `BEGIN READ ONLY` exists (PostgreSQL). Without it read-only mode is the connection's.
    public var readOnlyTransactions: Bool
    /// Whether the server limits statements per transaction (`SET LOCAL statement_timeout`);
    /// without it the driver enforces the limit itself (SQLite's progress handler).
    public var localStatementTimeout: Bool
    /// Whether a failed statement aborts the whole open transaction until ROLLBACK (PostgreSQL:
    /// "current transaction is aborted"); SQLite undoes only the statement.
    public var failedStatementAbortsTransaction: Bool
    /// What makes any value text, written after it (`::text` on PostgreSQL), for comparing
    /// values of types without an equality operator; nil where every value compares (SQLite).
    public var textCast: String?
    /// The hidden columns that tell one row of a table from another when it has no primary key
    /// (PostgreSQL `tableoid, ctid`; SQLite `rowid`, or its other names `_rowid_`, `oid` when a
    /// column takes that one). Empty: such rows cannot be written one at a time.
    public var rowIdentity: [[String]]
    /// How SQL text typed by the user is read (quotes, comments, dollar-quoting) when a script is
    /// split into statements and each is classified (`SQLScript`).
    public var scriptSyntax: ScriptSyntax
    /// How values that have no plain literal are written (a logged statement made editable,
    /// `CompiledSQL.inlined`): binary data and infinite floats.
    public var literalStyle: LiteralStyle

    public enum LiteralStyle: Sendable, Hashable {
        /// `X'00ff'`, and `9e999` for an infinity (SQLite).
        case standard
        /// `'\x00ff'` (bytea's hex format) and `'Infinity'` (PostgreSQL).
        case postgres
    }
    /// The most values one statement may bind: SQLite's SQLITE_MAX_VARIABLE_NUMBER (32,766 since
    /// 3.32), PostgreSQL's protocol limit (65,535). Multi-row inserts (`BulkInsert`) stay under it.
    public var maxBoundParameters: Int
    /// Whether an unquoted name is read in lower case (PostgreSQL: `User` is `user`); SQLite keeps
    /// it and compares names without case. (`spelled(_:)` quotes a name by it.)
    public var foldsUnquotedNames: Bool
    /// The RETURNING item that says whether an upsert inserted its row (true) or updated the one
    /// there: PostgreSQL's `(xmax = 0)` (a row version no transaction has replaced or locked yet
    /// is one this statement inserted; the updated one carries this transaction's id). nil where
    /// the row cannot say (SQLite): `Session.upsert` then looks for the row first.
    public var insertedFlag: String?
    /// Whether the counter that fills a key column follows values written into it by hand (SQLite's
    /// rowid and `sqlite_sequence`); PostgreSQL's sequences do not (`Database.catchUpSequences`).
    public var sequencesFollowWrittenKeys: Bool

    public init(name: String, placeholders: PlaceholderStyle, identifierQuote: Character = "\"",
                supportsReturning: Bool = true, supportsUpsert: Bool = true,
                caseInsensitiveLike: CaseInsensitiveLike = .ilike, supportsRowValues: Bool = true,
                nativeBooleans: Bool = true, nullsSortFirst: Bool = false, offsetNeedsLimit: Bool = false,
                nullSafeEqual: String = "IS NOT DISTINCT FROM", explainStyle: ExplainStyle = .postgresJSON,
                readOnlyTransactions: Bool = true, localStatementTimeout: Bool = true,
                failedStatementAbortsTransaction: Bool = true, textCast: String? = nil,
                rowIdentity: [[String]] = [], scriptSyntax: ScriptSyntax = .standard,
                literalStyle: LiteralStyle = .standard, maxBoundParameters: Int = 65_535, foldsUnquotedNames: Bool = false,
                insertedFlag: String? = nil, sequencesFollowWrittenKeys: Bool = false) {
        self.name = name
        self.placeholders = placeholders
        self.identifierQuote = identifierQuote
        self.supportsReturning = supportsReturning
        self.supportsUpsert = supportsUpsert
        self.caseInsensitiveLike = caseInsensitiveLike
        self.supportsRowValues = supportsRowValues
        self.nativeBooleans = nativeBooleans
        self.nullsSortFirst = nullsSortFirst
        self.offsetNeedsLimit = offsetNeedsLimit
        self.nullSafeEqual = nullSafeEqual
        self.explainStyle = explainStyle
        self.readOnlyTransactions = readOnlyTransactions
        self.localStatementTimeout = localStatementTimeout
        self.failedStatementAbortsTransaction = failedStatementAbortsTransaction
        self.textCast = textCast
        self.rowIdentity = rowIdentity
        self.scriptSyntax = scriptSyntax
        self.literalStyle = literalStyle
        self.maxBoundParameters = maxBoundParameters
        self.foldsUnquotedNames = foldsUnquotedNames
        self.insertedFlag = insertedFlag
        self.sequencesFollowWrittenKeys = sequencesFollowWrittenKeys
    }

    /// SQLite 3.35 or later: `?` placeholders, RETURNING, ON CONFLICT, booleans as integers.
    ///
    /// `LIKE` is SQLite's own, with its native case rules: case-insensitive for ASCII letters only
    /// (`'a' LIKE 'A'` is true, `'é' LIKE 'É'` is false), and connections never change that. `ilike`
    /// compiles to `lower(x) LIKE lower(?)` rather than to plain `LIKE`: the result is the same
    /// on a default connection, but written so it stays case-insensitive in any connection a user
    /// copies the statement into, including one that set `PRAGMA case_sensitive_like = ON` (SQLite's
    /// `lower()` folds ASCII only, as its LIKE does, so the two agree on every value).
    public static let sqlite = Dialect(name: "sqlite", placeholders: .questionMark,
                                       caseInsensitiveLike: .lowerBothSides, nativeBooleans: false,
                                       nullsSortFirst: true, offsetNeedsLimit: true, nullSafeEqual: "IS",
                                       explainStyle: .sqliteQueryPlan, readOnlyTransactions: false,
                                       localStatementTimeout: false, failedStatementAbortsTransaction: false,
                                       rowIdentity: [["rowid"], ["_rowid_"], ["oid"]], scriptSyntax: .sqlite, maxBoundParameters: 32_766,
                                       sequencesFollowWrittenKeys: true)

    /// PostgreSQL: `$n` placeholders, RETURNING, ON CONFLICT, ILIKE. `LIKE` is case-sensitive
    /// (and follows the column's collation), `ILIKE` case-insensitive.
    public static let postgres = Dialect(name: "postgresql", placeholders: .dollarNumbered, textCast: "::text",
                                         rowIdentity: [["tableoid", "ctid"]], scriptSyntax: .postgres,
                                         literalStyle: .postgres, foldsUnquotedNames: true, insertedFlag: "(xmax = 0)")

    /// `"name"` with embedded quotes doubled: `a"b` becomes `"a""b"`.
    public func quote(_ identifier: String) -> String {
        let q = String(identifierQuote)
        return q + identifier.replacingOccurrences(of: q, with: q + q) + q
    }

    /// The placeholder for the `n`-th bound value (from 1).
    public func placeholder(_ n: Int) -> String {
        switch placeholders {
        case .questionMark: return "?"
        case .dollarNumbered: return "$\(n)"
        case .atNumbered: return "@p\(n)"
        }
    }
}
