import Explorer
import ORMCore

/// Performs the explorer's effects through one session and hands the results back as actions:
/// the only place the explorer meets a database. Every effect runs under its own action name, so
/// each report holds exactly the statements of that action.
public final class Runtime {
    public let session: Session
    public var database: Database { session.database }
    /// The last typed statement's rows still to read (the SQL editor's cursor), until another
    /// effect runs.
    var typedResult: TypedResult?

    public init(session: Session) {
        self.session = session
        session.detectConflicts = true
    }

    /// Applies actions to `state`, performing every effect they ask for (and every effect their
    /// results ask for) until none is left, as the terminal's loop does, one at a time: the explorer
    /// driven headless, for scripts and tests.
    public func play(_ state: inout ExplorerState, _ actions: [Action]) {
        for action in actions {
            var queue = Explorer.update(&state, action)
            while !queue.isEmpty {
                if let result = perform(queue.removeFirst()) { queue += Explorer.update(&state, result) }
            }
        }
    }

    /// Runs one effect; returns the action that carries its result (nil for effects with none).
    ///
    /// Each action starts from an empty identity map (as a web request starts a new session), so
    /// a strategy's cost shows every time; unflushed changes never exist between actions here.
    public func perform(_ effect: Effect) -> Action? {
        if !session.hasChanges { session.expungeAll() }
        // A typed statement's cursor lives until the next effect that is not its next page (on
        // PostgreSQL it holds a read-only transaction, which a write must not find open).
        if case .nextSQLPage = effect {} else { closeTyped() }
        switch effect {
        case .runSQL(let id, let action, let statements, let pageSize, let manual):
            return runSQL(id, action, statements, pageSize: pageSize, manual: manual)
        case .nextSQLPage(let id, let action):
            // Not under a savepoint: the FETCH runs inside the cursor's transaction, which its last
            // page ends (COMMIT).
            return run(id, action, .endTransaction) { report in
                guard let result = self.typedResult else {
                    throw RequestError("The statement's cursor was closed when another action ran: g runs it again.")
                }
                let rows = try result.nextPage()
                if !result.hasMore { self.typedResult = nil }
                return .sqlRan(id: id, SQLResult(columns: result.columns.names, rows: rows.map(\.values), rowsRead: result.rowsRead,
                                                 hasMore: result.hasMore, returnsRows: true), report())
            }
        case .loadPage(let id, let action, let request):
            return run(id, action) { report in .pageLoaded(id: id, try self.page(request), report()) }
        case .loadRow(let id, let action, let model, let key):
            return run(id, action) { report in
                // A fresh read (one statement): each action starts with an empty identity map, and
                // in manual mode a row already there is refreshed from the database.
                let m = try self.session.model(model)
                if m.primaryKey.isEmpty, m.kind == .table {
                    // No primary key: the row is found by all its values (as the rows page gave them).
                    guard let values = try self.session.findRow(model, key) else {
                        throw RequestError("No \(m.qualifiedName) row has (\(m.fieldNames.joined(separator: ", "))) = (\(key.map { $0.displayText ?? "NULL" }.joined(separator: ", "))): it was changed or deleted since it was read.")
                    }
                    return .rowLoaded(id: id, values: values, report())
                }
                let known = self.session.isInIdentityMap(model, key)
                guard let e = try self.session.get(model, key) else {
                    throw RequestError("No \(m.qualifiedName) row has \(m.primaryKey.joined(separator: ", ")) = \(KeyText.text(key)).")
                }
                if known { try self.session.refresh(e) }
                return .rowLoaded(id: id, values: e.snapshot, report())
            }
        case .readForEdit(let id, let action, let model, let key, let fields):
            return run(id, action) { report in
                .readForEdit(id: id, values: try self.session.readWhole(model, key: key, fields: fields), report())
            }
        case .readWhole(let id, let action, let model, let key, let field, let title):
            return run(id, action) { report in
                .wholeValueRead(id: id, WholeValue(title: title, value: try self.session.readWhole(model, key: key, field: field)), report())
            }
        case .count(let id, let action, let request, let verb):
            return run(id, action) { report in
                // The page statement's WHERE (filter and scope; from the first page, so no keyset
                // bound), counted.
                var all = request
                all.position = .first
                let (model, select, _, _) = try PageLoader.statement(all, session: self.session)
                if verb == .exists {
                    return .counted(id: id, try self.session.exists(model.qualifiedName, where: select.predicate) ? 1 : 0, report())
                }
                return .counted(id: id, try self.session.count(model.qualifiedName, where: select.predicate), report())
            }
        case .write(let id, let action, let request, let commit):
            return run(id, action, .write(commit: commit)) { report in
                var said: String?
                let write = {
                    let (e, outcome) = try self.session.writeSaying(request)
                    if let outcome, let e { said = outcome.sentence(e) }
                    if commit { try self.session.commit() }
                }
                switch request {
                case .delete(let model, let key), .deleteNullifyingChildren(let model, let key):
                    // A refused delete's sentence names the keys that refused it (and a deferred
                    // key's failed COMMIT is rolled back).
                    try self.session.explainingRefusal(ofDeleting: model, key, write)
                case .deleteFollowingApp(let model, let key):
                    // The application's cascade: what blocks it (not followed, left to a key without ON DELETE).
                    try self.session.explainingAppRefusal(ofDeleting: model, key, write)
                default:
                    try write()
                }
                var r = report()
                r.outcome = said
                r.warnings += self.session.takeSequenceMoves().map(\.sentence)
                return .wrote(id: id, r)
            }
        case .previewDelete(let id, let action, let model, let key):
            return run(id, action) { report in
                let preview = try self.session.deletePreview(model, key)
                return .deletePreviewed(id: id, preview, report())
            }
        case .previewAppDelete(let id, let action, let model, let key):
            return run(id, action) { report in
                .appDeletePreviewed(id: id, try self.session.appCascadePlan(model, key), report())
            }
        case .commit(let id, let action):
            return run(id, action, .endTransaction) { report in try self.session.commit(); return .wrote(id: id, report()) }
        case .rollback(let id, let action):
            return run(id, action, .endTransaction) { report in try self.session.rollback(); return .wrote(id: id, report()) }
        case .compare(let id, let action, let model, let path, let limit):
            return run(id, action) { report in
                let runs = try self.session.compareStrategies(model, path: path, limit: limit)
                let rel = try self.session.model(model).requireRelationship(path.split(separator: ".").first.map(String.init) ?? path)
                let costs = runs.map { StrategyCost(strategy: $0.strategy, statements: $0.statements.count,
                                                    milliseconds: $0.seconds * 1000, warnings: $0.warnings.map(\.message)) }
                // The SQL pane lists every statement the three runs made, each with its cause.
                var r = report()
                r.statements = runs.flatMap(\.statements)
                return .compared(id: id, Comparison(relationship: rel.qualifiedName, parents: runs.first?.parents ?? 0, costs: costs), r)
            }
        case .reloadSchema(let id, let action):
            return run(id, action) { report in
                // Refused with unflushed changes (manual mode keeps none between actions, but a
                // transaction may be open: the catalog is read inside it, seeing its own DDL).
                let registry = try self.database.introspect()
                try self.session.replaceRegistry(registry)
                return .schemaReloaded(id: id, registry, report(), drift: self.database.drift())
            }
        case .explain(let id, let action, let sql, let params, let analyze):
            return run(id, action, analyze ? .endTransaction : .read) { report in
                let plan = try self.database.explain(CompiledSQL(sql, params), analyze: analyze, timeout: 10)
                return .explained(id: id, plan, report())
            }
        }
    }

    /// What an action does to the transaction, which decides how a failure is handled.
    enum Kind {
        /// Reads only.
        case read
        /// A write; `commit`: in auto-commit mode, where it must leave no transaction open.
        case write(commit: Bool)
        /// Commit, roll back, or EXPLAIN ANALYZE (which runs in a transaction of its own).
        case endTransaction
    }

    /// Runs `body` under a unique action name; an error becomes `.failed` with its sentence. The
    /// report is completed after the action's last statement (a closing COMMIT included) with
    /// every statement it ran and whether a transaction is still open.
    ///
    /// - A read inside an open transaction on PostgreSQL runs under a savepoint (psql's
    ///   ON_ERROR_ROLLBACK): a failed or cancelled read leaves the staged writes as they were
    ///   instead of aborting the whole transaction.
    ///   ```sql
    ///   SAVEPOINT "ormscope_sp41"  SELECT ...  RELEASE SAVEPOINT "ormscope_sp41"
    ///   ```
    /// - An auto-commit write never leaves a transaction open, whatever failed.
    /// - An action that finds the connection lost (a server restart, a terminated backend)
    ///   connects again once; a read is then run again, a write is not (see `lostSentence`).
    func run(_ id: Int, _ action: String, _ kind: Kind = .read, _ body: (() -> ActionReport) throws -> Action) -> Action {
        let unique = "\(action) #\(id)"
        let report = { ActionReport(action: action, statements: self.database.log.events(for: unique),
                                    warnings: self.session.warnings(for: unique).map(\.message)) }
        func attempt() throws -> Action {
            try database.withAction(unique) {
                if case .read = kind, database.inTransaction, database.dialect.failedStatementAbortsTransaction {
                    return try database.transaction { try body(report) }
                }
                return try body(report)
            }
        }
        func failure(_ error: any Error, _ sentence: String? = nil) -> Action {
            var r = report()
            r.error = sentence ?? self.sentence(for: error)
            return .failed(id: id, r)
        }
        var reconnected = false
        /// Connects again after the connection was lost; whatever was open is gone with it.
        func reopen() -> Action? {
            session.transactionEnded()
            do {
                try database.reconnect()
                reconnected = true
                return nil
            } catch {
                return failure(error, "The connection to the database was lost and it cannot be reached again: \(self.sentence(for: error)) Try again when the server is back.")
            }
        }
        var result: Action
        // The pre-ping: a connection the server closed while idle is opened again before the action.
        if !database.isAlive, let unreachable = reopen() {
            result = unreachable
        } else {
            let wasInTransaction = database.inTransaction
            do {
                result = try attempt()
            } catch let lost as DatabaseError where lost.kind == .connectionLost {
                if let unreachable = reopen() {
                    result = unreachable
                } else if case .read = kind, !wasInTransaction {
                    do { result = try attempt() } catch { result = failure(error) }
                } else {
                    result = failure(lost, lostSentence(lost, kind))
                }
            } catch {
                result = failure(error)
            }
        }
        if case .write(commit: true) = kind, database.inTransaction { session.transactionEnded() }
        return result.updatingReport { r in
            let known = Set(r.statements.map(\.sequence))
            r.statements += database.log.events(for: unique).filter { !known.contains($0.sequence) }
            r.statements.sort { $0.sequence < $1.sequence }
            r.inTransaction = database.inTransaction
            r.reconnected = reconnected
            if reconnected && r.error == nil { r.warnings.append("The connection to the database was lost and has been opened again.") }
        }
    }

    /// What a write lost with its connection means: the server rolls back a transaction it did
    /// not see committed, so nothing was written, unless the connection went during COMMIT.
    func lostSentence(_ lost: DatabaseError, _ kind: Kind) -> String {
        let during = lost.sql.map { QueryPlan.verb(of: $0) } ?? ""
        if during == "COMMIT" {
            return "The connection to the database was lost during COMMIT and has been opened again: the server may or may not have committed; refresh (R) to see."
        }
        if case .write = kind {
            return "The connection to the database was lost during the write and has been opened again: the server rolled the write back, so nothing was written; try again."
        }
        return "The connection to the database was lost and has been opened again: the server rolled back the open transaction."
    }

    /// An error's sentence; a CHECK violation also quotes the rule it broke, from the registry.
    func sentence(for error: any Error) -> String {
        let text = (error as? any UserFacingError)?.sentence ?? "\(error)"
        guard let e = error as? DatabaseError, e.kind == .checkViolation, let name = e.constraint,
              let check = session.registry.models.lazy.flatMap(\.checks).first(where: { $0.name == name }) else { return text }
        return text + " The rule: " + check.expression + "."
    }

    /// A page as plain data, with each shown relationship read for every row (inside the action).
    func page(_ request: PageRequest) throws -> PageData {
        let page = try PageLoader.load(request, session: session, previews: true)
        let model = page.model
        var related: [[String: String]] = []
        for row in page.rows {
            var summary: [String: String] = [:]
            for option in request.load {
                let name = option.path.joined(separator: ".")
                var level = [row]
                do {
                    for step in option.path { level = try level.flatMap { try $0.related(step) } }
                } catch LoadingError.raiseLoad {
                    // The application's lazy="raise" (or `L`'s raise): its page opens, as the
                    // application's query runs; only reading the relationship would raise.
                    summary[name] = "not loaded (raise)"
                    continue
                }
                let rel = try model.requireRelationship(option.path[0])
                if option.path.count == 1, !rel.kind.isCollection {
                    summary[name] = level.first.map { RowLabel.of($0) } ?? "none"
                } else {
                    summary[name] = NumberText.counted(level.count, "row")
                }
            }
            related.append(summary)
        }
        let keys = page.rows.map { r in page.keyFields.map { r[$0] ?? .null } }
        // A table without a primary key is addressed by each row's full values (see `Session.updateRow`).
        let address = model.primaryKey.isEmpty && model.kind == .table ? model.fieldNames : model.primaryKey
        let primaryKeys = page.rows.map { r in address.map { r[$0] ?? .null } }
        // A value read as a preview shows its beginning (and is marked so: never written or exported).
        var previews: [[Int: ValuePreview]] = []
        let rows = page.rows.map { r in
            var shown: [Int: ValuePreview] = [:]
            let values = model.fieldNames.enumerated().map { i, f -> Value in
                if let p = r.preview(f) { shown[i] = p; return p.prefix }
                return r[f] ?? .null
            }
            previews.append(shown)
            return values
        }
        var data = PageData(columns: model.fieldNames, rows: rows, keys: keys, primaryKeys: primaryKeys,
                            linkData: try linkData(request, page), related: related,
                            hasPrevious: page.hasPrevious, hasNext: page.hasNext,
                            previews: previews.allSatisfy(\.isEmpty) ? [] : previews)
        // A model the catalog gave no estimate (SQLite past 500 tables) gets one when it opens.
        if case .first = request.position, model.estimatedRowCount == nil, request.scope == nil, page.hasNext {
            data.estimate = session.estimateRows(model)
        }
        return data
    }

    /// For rows reached through a link table: the link's extra columns for each row, one statement.
    ///
    /// ```sql
    /// SELECT * FROM "hero_power_link" WHERE ("hero_id" = ?) AND ("power_id" IN (?, ?, ?))
    /// ```
    func linkData(_ request: PageRequest, _ page: Page) throws -> [[String: Value]] {
        guard let scope = request.scope, !page.rows.isEmpty else { return [] }
        let parent = try session.model(scope.parentModel)
        let rel = try parent.requireRelationship(scope.relationship)
        guard let link = rel.link, !link.extraColumns.isEmpty else { return [] }
        let linkModel = try session.model(link.model)
        let targetKeys = page.rows.map { r in rel.remoteColumns.map { r[$0] ?? .null } }
        let select = Select(from: linkModel.table, where: .keyEquals(link.ownerColumns, scope.parentKey) && .keysIn(link.targetColumns, table: nil, targetKeys))
        var byTarget: [[Value]: [String: Value]] = [:]
        for row in try database.fetchAll(.select(select)) {
            let k = link.targetColumns.map { row[$0] ?? .null }
            byTarget[k] = Dictionary(uniqueKeysWithValues: link.extraColumns.map { ($0, row[$0] ?? .null) })
        }
        return targetKeys.map { byTarget[$0] ?? [:] }
    }
}

/// A short label for a row: its name-like field, else its key.
public enum RowLabel {
    public static func of(_ e: Entity) -> String {
        for f in ["name", "title", "label", "email"] { if let v = e[f]?.displayText { return v } }
        return e.identity?.description ?? e.model.qualifiedName
    }
}

extension Session {
    /// Performs a write with values as typed, read by each field's type first (flushed, not
    /// committed); returns the row written (nil for a delete). The explorer's runtime and the
    /// command line's insert, update and upsert both write through here.
    @discardableResult
    public func write(_ request: WriteRequest) throws -> Entity? { try writeSaying(request).entity }

    /// `write`, and for an upsert what it did (`upsertSaying`): "inserted", "updated" or
    /// "unchanged", which the command line and the explorer print.
    public func writeSaying(_ request: WriteRequest) throws -> (entity: Entity?, outcome: UpsertOutcome?) {
        var outcome: UpsertOutcome?
        let e = try write(request, saying: &outcome)
        return (e, outcome)
    }

    private func write(_ request: WriteRequest, saying outcome: inout UpsertOutcome?) throws -> Entity? {
        let model = try self.model(request.model)
        func typed(_ raw: [String: FieldText]) throws -> [String: Value] { try FieldInput.values(raw, for: model) }
        // The entity this write touches; if the write fails, its unflushed work is dropped so the
        // next action does not try it again (the explorer keeps what the user typed).
        var touched: Entity?
        do {
            switch request {
            case .insert(_, let raw):
                touched = try new(model.qualifiedName, try typed(raw))
                try flush()
                return touched
            case .update(_, let key, let raw, _) where model.primaryKey.isEmpty:
                // The full old row finds the row, and guards it: a row changed since matches nothing.
                return try updateRow(model.qualifiedName, oldRow: key, set: try typed(raw))
            case .delete(_, let key) where model.primaryKey.isEmpty:
                try deleteRow(model.qualifiedName, oldRow: key)
                return nil
            case .update(_, let key, let raw, let original):
                let values = try typed(raw)
                try Validator.validate(values, model: model, isInsert: false)
                let e = try require(model.qualifiedName, key)
                touched = e
                // Guard the UPDATE with the values the user saw (an edit form's), not the ones
                // just read: a change made since by someone else is then a conflict.
                e.expectOriginals(original)
                for f in model.fieldNames where values[f] != nil { try e.set(f, values[f]!) }
                try flush()
                return e
            case .upsert(_, let raw, let target):
                let (e, said) = try upsertSaying(model.qualifiedName, try typed(raw), conflictTarget: target)
                outcome = said
                return e
            case .delete(_, let key):
                let e = try require(model.qualifiedName, key)
                touched = e
                try delete(e)
                try flush()
                return nil
            case .deleteNullifyingChildren(_, let key):
                try deleteNullifyingChildren(model.qualifiedName, key)
                return nil
            case .deleteFollowingApp(_, let key):
                // Read again and written in one transaction (a savepoint inside a manual one).
                try deleteFollowingApp(model.qualifiedName, key)
                return nil
            }
        } catch {
            if let touched { discardChanges(touched) }
            throw error
        }
    }
}
