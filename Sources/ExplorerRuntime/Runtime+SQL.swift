import Explorer
import ORMCore

/// The SQL editor's statements: run in order through `Database.openTyped` (the one choke point,
/// cause "typed by the user"), the last one's cursor kept open for its next pages.
extension Runtime {
    /// Runs the statements in order; a failure stops the run and carries where it happened (an
    /// offset into the editor's text) for the editor to mark. Manual mode runs them inside the
    /// session's transaction (begun here when none is open), committed or rolled back by C and U.
    ///
    /// ```sql
    /// BEGIN                                                   -- manual mode, none open yet
    /// INSERT INTO team (name) VALUES ('X')                    -- each statement as typed
    /// DECLARE "ormscope_typed_7" NO SCROLL CURSOR FOR SELECT * FROM big   -- PostgreSQL: the last, read by cursor
    /// FETCH FORWARD 40 FROM "ormscope_typed_7"                -- its first page; nextSQLPage FETCHes on
    /// ```
    func runSQL(_ id: Int, _ action: String, _ statements: [TypedStatement], pageSize: Int, manual: Bool) -> Action {
        var failedAt: Int?
        var failedIndex: Int?
        let reads = statements.allSatisfy { $0.kind == .read }
        let outcome = run(id, action, reads ? .read : .write(commit: !manual)) { report in
            if manual, !self.database.inTransaction, !reads { try self.database.beginTransaction() }
            var out = SQLResult()
            out.statements = statements
            for (i, statement) in statements.enumerated() {
                let result: TypedResult
                let rows: [Row]
                do {
                    result = try self.database.openTyped(statement, pageSize: pageSize)
                    rows = try result.nextPage()
                } catch let e as DatabaseError {
                    // Marked where the server says; without a place (a cancel, a constraint), at the
                    // failed statement's start when there are several, else nowhere.
                    (failedAt, failedIndex) = (e.position.map { statement.offset + $0 } ?? (statements.count > 1 ? statement.offset : nil), i)
                    throw e
                } catch {
                    (failedAt, failedIndex) = (statements.count > 1 ? statement.offset : nil, i)
                    throw error
                }
                if statement.kind != .read { out.writes += 1 }
                let verb = statement.verb.isEmpty ? "statement" : statement.verb
                if let affected = result.affected {
                    out.summaries.append("\(verb): \(NumberText.counted(affected, "row")) affected")
                }
                if i == statements.count - 1, result.returnsRows {
                    out.columns = result.columns.names
                    out.rows = rows.map(\.values)
                    out.rowsRead = result.rowsRead
                    out.hasMore = result.hasMore
                    out.returnsRows = true
                    if result.hasMore { self.typedResult = result } else { try result.close() }
                } else {
                    if result.returnsRows { out.summaries.append("\(verb): \(rows.count)\(result.hasMore ? "+" : "") rows") }
                    try result.close()
                }
            }
            // DDL: the models are read again, in the same action (its statements show beside the DDL).
            if self.database.registryStale {
                let registry = try self.database.introspect()
                try self.session.replaceRegistry(registry)
                out.registry = registry
                out.drift = self.database.drift()
            }
            var said = report()
            for w in statements.compactMap(\.sessionWarning) where !said.warnings.contains(w) { said.warnings.append(w) }
            return .sqlRan(id: id, out, said)
        }
        if case .failed(let id, var report) = outcome {
            // The statements before the failed one stay run: the sentence says so.
            if let i = failedIndex, let error = report.error {
                report.error = ScriptFailure.sentence(error, failed: i + 1, of: statements.count, verb: statements[i].verb,
                                                      writesBefore: statements[..<i].filter { $0.kind != .read }.map(\.verb),
                                                      earlier: manual ? .inOpenTransaction : .committed)
            }
            return .sqlRan(id: id, SQLResult(errorOffset: failedAt), report)
        }
        return outcome
    }

    /// Ends the typed statement's cursor, if one is open (its rows not read are never read).
    func closeTyped() {
        guard let result = typedResult else { return }
        typedResult = nil
        try? result.close()
    }
}
