import Foundation

/// Statements typed by the user (the SQL editor, `ormscope sql`): through the same choke point as
/// every other statement (logged, counted, cause `typed`), under the same read-only rule, with
/// results read in pages.
extension Database {
    /// Runs one typed statement and returns its result with the first page read.
    ///
    /// - Read-only mode refuses a statement that clearly writes (`TypedStatementKind
    ///   .refusedWhenReadOnly`) before anything is sent: `TypedSQLError.refusedReadOnly`, and no
    ///   statement is logged. Anything else not clearly a read runs inside `BEGIN READ ONLY`
    ///   (PostgreSQL) or on the read-only connection (SQLite), so the database refuses it too.
    /// - A read that a cursor can hold (SELECT, WITH, VALUES, TABLE) is read through one on
    ///   PostgreSQL, inside the open transaction (manual mode) or a read-only one of its own, so it
    ///   works behind a transaction pooler:
    ///   ```sql
    ///   BEGIN READ ONLY
    ///   DECLARE ormscope_typed_1 NO SCROLL CURSOR FOR SELECT * FROM big
    ///   FETCH FORWARD 1000 FROM ormscope_typed_1      -- page 1, then one per nextPage()
    ///   COMMIT                                        -- after the last page, or on close()
    ///   ```
    ///   On SQLite every statement is prepared once and stepped page by page (one log entry, when
    ///   it is opened, with the first page's row count).
    /// - Other statements run as they are (PostgreSQL), their rows, if any, read whole.
    /// - A statement that changes the schema sets `registryStale`.
    /// - The result opened before, if still open, is closed first.
    ///
    /// A syntax error is a `DatabaseError` whose `position` is an offset into `statement.sql`.
    public func openTyped(_ statement: TypedStatement, pageSize: Int = 1000) throws -> TypedResult {
        let pageSize = max(1, pageSize)
        try openTypedResult?.close()
        if let reason = settings.readOnlyReason, statement.kind.refusedWhenReadOnly {
            throw TypedSQLError.refusedReadOnly(verb: statement.verb, kind: statement.kind, reason: reason)
        }
        let compiled = CompiledSQL(statement.sql, [])
        let result: TypedResult
        if let stepper = try openStepperLogged(compiled, pageSize: pageSize) {
            result = TypedResult(statement: statement, pageSize: pageSize, database: self, columns: stepper.stepper.columns,
                                 source: .stepper(stepper.stepper), first: stepper.first, affected: stepper.affected,
                                 sourceDone: stepper.stepper.isDone)
        } else if statement.isCursorQuery && dialect.readOnlyTransactions {
            result = try openCursor(statement, pageSize: pageSize)
        } else {
            var columns = Columns([])
            var rows: [Row] = []
            let runTransactionControl = statement.kind == .transactionControl
            let affected = runTransactionControl
                ? try runLogged(compiled, cause: .typed, onColumns: { columns = $0 }) { rows.append($0) }
                : try run(compiled, cause: .typed, onColumns: { columns = $0 }) { rows.append($0) }
            let returnsRows = columns.count > 0
            let first = Array(rows.prefix(pageSize))
            result = TypedResult(statement: statement, pageSize: pageSize, database: self, columns: columns,
                                 source: .rows(rows), first: first, affected: returnsRows ? nil : affected,
                                 sourceDone: rows.count <= pageSize)
        }
        if statement.kind == .schemaChange { registryStale = true }
        if result.hasMore { openTypedResult = result }
        return result
    }

    /// Runs every statement of a script in order, each through `openTyped`, handing each result to
    /// `body` (which reads its pages) and closing it after. The first failure stops the script;
    /// the statements before it stay run (each committed on its own unless a transaction is open).
    ///
    /// With `singleTransaction` the script runs inside one transaction (or the one already open,
    /// as in the explorer's manual mode), committed at the end and rolled back on a failure:
    /// ```sql
    /// BEGIN          -- BEGIN READ ONLY in read-only mode
    /// ...the script's statements...
    /// COMMIT         -- ROLLBACK when one failed
    /// ```
    public func runTypedScript(_ text: String, pageSize: Int = 1000, singleTransaction: Bool = false,
                               _ body: (TypedResult) throws -> Void) throws {
        let statements = SQLScript.split(text, dialect: dialect)
        guard !statements.isEmpty else { throw TypedSQLError.empty }
        func runAll() throws {
            for s in statements {
                let result = try openTyped(s, pageSize: pageSize)
                do {
                    try body(result)
                    try result.close()
                } catch {
                    try? result.close()
                    throw error
                }
            }
        }
        guard singleTransaction, !inTransaction else { return try runAll() }
        // Read-only refusals come before the BEGIN, so a refused script sends nothing at all.
        if let reason = settings.readOnlyReason, let s = statements.first(where: { $0.kind.refusedWhenReadOnly }) {
            throw TypedSQLError.refusedReadOnly(verb: s.verb, kind: s.kind, reason: reason)
        }
        try transaction { try runAll() }
    }

    /// The plan of a typed statement (EXPLAIN, or EXPLAIN ANALYZE inside a transaction rolled back),
    /// through the plan code every other statement uses.
    public func explainTyped(_ statement: TypedStatement, analyze: Bool = false, timeout: Double = 10) throws -> QueryPlan {
        try explain(CompiledSQL(statement.sql, []), analyze: analyze, timeout: timeout)
    }

    // MARK: Cursors (PostgreSQL)

    /// `FETCH FORWARD n FROM "name"`.
    static func fetchSQL(cursor name: String, count: Int) -> CompiledSQL {
        CompiledSQL("FETCH FORWARD \(count) FROM \(Dialect.postgres.quote(name))", [])
    }

    private func openCursor(_ statement: TypedStatement, pageSize: Int) throws -> TypedResult {
        let name = "ormscope_typed_\(log.totalCount + 1)"
        // The action's settings transaction, when one is open, becomes the cursor's own.
        let owns = adoptSettingsTransaction() || !inTransaction
        if owns && !inTransaction { try beginTransaction(readOnly: true) }
        let prefix = "DECLARE \(dialect.quote(name)) NO SCROLL CURSOR FOR "
        do {
            try execute(sql: prefix + statement.sql, cause: .typed)
        } catch var e as DatabaseError {
            // The error is the typed statement's: its text, and a position inside it.
            e.sql = statement.sql
            if let p = e.position { e.position = max(0, p - prefix.unicodeScalars.count) }
            if owns, inTransaction { _ = try? rollback() }
            throw e
        } catch {
            if owns, inTransaction { _ = try? rollback() }
            throw error
        }
        var first: [Row] = []
        var columns = Columns([])
        do { _ = try run(Self.fetchSQL(cursor: name, count: pageSize), cause: .typedPage(1), onColumns: { columns = $0 }) { first.append($0) } }
        catch {
            if owns, inTransaction { _ = try? rollback() }
            throw error
        }
        let result = TypedResult(statement: statement, pageSize: pageSize, database: self, columns: columns,
                                 source: .cursor(name: name, ownsTransaction: owns), first: first, affected: nil,
                                 sourceDone: first.count < pageSize)
        try result.endCursorIfRead()
        return result
    }

    // MARK: Stepping (SQLite)

    /// Prepares the statement on a driver that steps (nil otherwise), reads its first page and
    /// logs it as one statement: its time is the prepare and first page, its rows the first
    /// page's (or the rows a write changed).
    private func openStepperLogged(_ compiled: CompiledSQL, pageSize: Int) throws
        -> (stepper: any RowStepper, first: [Row], affected: Int?)? {
        let start = DispatchTime.now().uptimeNanoseconds
        func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let stepper: any RowStepper
        do {
            guard let s = try connection.openStepper(compiled.sql, binds: compiled.binds) else { return nil }
            stepper = s
        } catch {
            record(compiled, cause: .typed, seconds: seconds(), rows: 0, failure: error)
            throw error
        }
        do {
            let values = try stepper.next(pageSize)
            let columns = stepper.columns
            let first = values.map { Row(columns: columns, values: $0) }
            let returnsRows = columns.count > 0
            record(compiled, cause: .typed, seconds: seconds(), rows: returnsRows ? first.count : stepper.affected, failure: nil)
            return (stepper, first, returnsRows ? nil : stepper.affected)
        } catch {
            stepper.close()
            record(compiled, cause: .typed, seconds: seconds(), rows: 0, failure: error)
            throw error
        }
    }
}
