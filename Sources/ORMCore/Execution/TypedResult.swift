/// The result of one statement typed by the user, handed out page by page so memory stays flat
/// whatever its size: from a server-side cursor (PostgreSQL), by stepping the statement (SQLite),
/// or, for what no cursor can hold (EXPLAIN, SHOW, INSERT ... RETURNING on PostgreSQL), from the
/// rows read whole. `Database.openTyped` makes one; its first page is already read.
///
/// An open result on PostgreSQL holds its cursor's transaction: read it to the end or `close` it
/// before the next write.
public final class TypedResult {
    public let statement: TypedStatement
    public let pageSize: Int
    /// Column names and types (empty for a statement that returns no rows).
    public private(set) var columns: Columns
    /// Rows handed out so far.
    public private(set) var rowsRead = 0
    /// Pages handed out so far.
    public private(set) var pagesRead = 0
    /// Rows a write changed; nil for a statement that returns rows.
    public let affected: Int?

    enum Source {
        /// `FETCH FORWARD pageSize FROM name`; `ownsTransaction`: this result began it (and ends it).
        case cursor(name: String, ownsTransaction: Bool)
        case stepper(any RowStepper)
        /// Rows read whole.
        case rows([Row])
    }
    private var source: Source
    private let database: Database
    /// The page read ahead (the first, read when the result was opened).
    private var pending: [Row]?
    private var sourceDone = false
    private var closed = false
    /// Whether the cursor (and its transaction, when it owns one) is still open on the server.
    private var cursorOpen = false

    init(statement: TypedStatement, pageSize: Int, database: Database, columns: Columns, source: Source,
         first: [Row], affected: Int?, sourceDone: Bool) {
        self.statement = statement
        self.pageSize = pageSize
        self.database = database
        self.columns = columns
        self.source = source
        self.pending = first
        self.affected = affected
        self.sourceDone = sourceDone
        if case .cursor = source { cursorOpen = true }
    }

    /// Ends the cursor as soon as its last rows are read (they are in memory by then), so its
    /// transaction is not held while the caller reads the last page. Called by `openTyped` and
    /// after each page.
    func endCursorIfRead() throws {
        guard sourceDone, cursorOpen, case .cursor(let name, let owns) = source else { return }
        cursorOpen = false
        guard database.inTransaction else { return }
        if owns { try database.commit() } else { try database.execute(sql: "CLOSE " + database.dialect.quote(name), cause: .typed) }
    }

    deinit { try? close() }

    /// Whether rows may still come (false once the last page was handed out or the result closed).
    public var hasMore: Bool { !closed && (pending.map { !$0.isEmpty } ?? !sourceDone) }

    /// Rows the result holds right now and has not handed out: the page read ahead, or what is
    /// left of rows read whole. After each `nextPage` of a cursor or a stepped statement it is 0:
    /// memory does not grow with the rows read.
    public var rowsHeld: Int {
        let ahead = pending?.count ?? 0
        if case .rows(let all) = source { return max(0, all.count - rowsRead) }
        return ahead
    }

    /// Whether the statement returns rows (a query, RETURNING) rather than a count.
    public var returnsRows: Bool { affected == nil }

    /// The next page, at most `pageSize` rows; empty when there are no more (the result is then
    /// closed: its cursor closed, its transaction ended).
    ///
    /// ```sql
    /// FETCH FORWARD 1000 FROM ormscope_typed_1   -- PostgreSQL, each page after the first
    /// ```
    public func nextPage() throws -> [Row] {
        guard !closed else { return [] }
        let page: [Row]
        if let p = pending {
            pending = nil
            page = p
        } else if sourceDone {
            page = []
        } else {
            page = try read()
        }
        if page.isEmpty {
            try close()
            return []
        }
        rowsRead += page.count
        pagesRead += 1
        return page
    }

    /// Reads one page from the source.
    private func read() throws -> [Row] {
        switch source {
        case .cursor(let name, _):
            do {
                var rows: [Row] = []
                rows.reserveCapacity(pageSize)
                _ = try database.run(Database.fetchSQL(cursor: name, count: pageSize), cause: .typedPage(pagesRead + 1)) { rows.append($0) }
                if rows.count < pageSize { sourceDone = true }
                try endCursorIfRead()
                return rows
            } catch {
                abandon()
                throw error
            }
        case .stepper(let stepper):
            do {
                let values = try stepper.next(pageSize)
                if stepper.isDone { sourceDone = true }
                return values.map { Row(columns: columns, values: $0) }
            } catch {
                abandon()
                throw error
            }
        case .rows(let all):
            sourceDone = true
            let start = rowsRead
            let end = min(all.count, start + pageSize)
            if end < all.count { sourceDone = false }
            return start < end ? Array(all[start..<end]) : []
        }
    }

    /// Ends the result: the cursor closed (`CLOSE`, or the `COMMIT` of its own read-only
    /// transaction), the statement finalized. Rows not read are never read.
    ///
    /// ```sql
    /// COMMIT                      -- the cursor's own transaction
    /// CLOSE ormscope_typed_1      -- inside a transaction the user holds (manual mode)
    /// ```
    public func close() throws {
        guard !closed else { return }
        closed = true
        pending = nil
        switch source {
        case .cursor:
            sourceDone = true
            try endCursorIfRead()
        case .stepper(let stepper):
            stepper.close()
        case .rows:
            source = .rows([])
        }
    }

    /// After a failure: the cursor's own transaction rolled back, the statement finalized.
    private func abandon() {
        closed = true
        pending = nil
        switch source {
        case .cursor(_, let owns):
            if cursorOpen, owns, database.inTransaction { _ = try? database.rollback() }
            cursorOpen = false
        case .stepper(let stepper):
            stepper.close()
        case .rows:
            source = .rows([])
        }
    }
}
