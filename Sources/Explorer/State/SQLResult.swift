import ORMCore

/// What one run of the SQL editor brought back (`Action.sqlRan`): the page of rows of its last
/// statement when that one returns rows, or what it changed, or where it failed. Plain data: the
/// cursor it reads from stays in the runtime.
public struct SQLResult: Sendable, Equatable {
    /// The last statement's column names (empty when it returns no rows).
    public var columns: [String]
    /// This page of its rows.
    public var rows: [[Value]]
    /// Rows read from its cursor so far, this page included.
    public var rowsRead: Int
    /// Whether the cursor holds more rows (the next page reads them).
    public var hasMore: Bool
    /// Rows each statement changed or returned, one line each, in the order they ran
    /// ("INSERT: 3 rows affected", "SELECT: 40 rows read").
    public var summaries: [String]
    /// Whether the last statement returns rows (a query, RETURNING): the grid shows them.
    public var returnsRows: Bool
    /// Where the database found an error, as an offset in Unicode scalars into the editor's text
    /// (the failed statement's start when the error carries no position); nil when none failed.
    public var errorOffset: Int?
    /// The schema as read again after a statement changed it (DDL), and its drift from the models
    /// file then (nil: none applied).
    public var registry: Registry?
    public var drift: [DriftDifference]?
    /// How many statements ran that were not plain reads (what manual mode stages).
    public var writes: Int
    /// The statements run, on a run's first page (a next page leaves it empty): the grid keeps
    /// them to run them again (`g`).
    public var statements: [TypedStatement] = []

    public init(columns: [String] = [], rows: [[Value]] = [], rowsRead: Int = 0, hasMore: Bool = false, summaries: [String] = [],
                returnsRows: Bool = false, errorOffset: Int? = nil, registry: Registry? = nil, writes: Int = 0) {
        self.columns = columns
        self.rows = rows
        self.rowsRead = rowsRead
        self.hasMore = hasMore
        self.summaries = summaries
        self.returnsRows = returnsRows
        self.errorOffset = errorOffset
        self.registry = registry
        self.writes = writes
    }
}

/// The rows grid's view of a typed statement's rows (`RowsScreen.typed`): what ran, and where
/// its forward-only cursor is. The grid shows one page of them at a time.
public struct TypedRows: Sendable, Equatable {
    /// The statements run (the last one's rows are shown); `g` runs them again from the start.
    public var statements: [TypedStatement]
    /// The number (from 1) of the page's first row.
    public var firstRow = 1
    public var rowsRead = 0
    public var hasMore = false

    public init(statements: [TypedStatement]) { self.statements = statements }

    /// The grid's title: the last statement's first line.
    public var heading: String {
        let sql = statements.last?.sql ?? ""
        let first = sql.split(separator: "\n").first.map(String.init) ?? sql
        return "SQL: " + first.drop { $0 == " " } + (sql.contains("\n") ? " …" : "")
    }
}

/// The SQL editor's last run as its status line tells it (the explorer's state, so a result that
/// arrives while the editor is closed is still told when it opens again).
public struct SQLRunStatus: Sendable, Equatable {
    /// The run it belongs to (a request id), so the editor marks an error once.
    public var id: Int
    public var lines: [String]
    public var error: String?
    public var errorOffset: Int?
}
