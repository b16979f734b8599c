import ORMCore

/// The explorer's one state transition: `update(&state, action) -> [Effect]`. Pure: it asks for
/// effects and the runtime hands results back as actions.
public enum Explorer {
    public static func update(_ s: inout ExplorerState, _ action: Action) -> [Effect] {
        let action = reconcileTransaction(&s, action)
        if case .compared = action {} else { s.comparison = nil }
        if case .explained = action {} else { s.plan = nil }
        if case .wholeValueRead = action {} else { s.wholeValue = nil }
        switch action {
        case .showModels:
            push(&s, .models(cursor: 0))
            return []

        case .openModel(let name):
            let model: Model
            do { model = try s.registry.require(name) } catch {
                s.report = ActionReport(action: "open \(name)", error: (error as? UserFacingError)?.sentence ?? "\(error)")
                return []
            }
            let request = PageRequest(model: model.qualifiedName, limit: s.pageSize, load: options(s, model))
            push(&s, .rows(RowsScreen(request: request, estimate: model.estimatedRowCount)))
            return load(&s, "open \(model.qualifiedName), page 1", request)

        case .moveCursor(let delta):
            switch s.screen {
            case .models(let c): s.screen = .models(cursor: clamp(c + delta, s.registry.models.count))
            case .rows(var r):
                r.cursor = clamp(r.cursor + delta, r.page?.rows.count ?? 0)
                s.screen = .rows(r)
            case .row(var r):
                let count = s.registry.model(named: r.model)?.relationships.count ?? 0
                r.cursor = clamp(r.cursor + delta, count)
                s.screen = .row(r)
            }
            return []

        case .pageFirst, .pageNext, .pagePrevious, .pageLast:
            guard case .rows(var r) = s.screen else { return [] }
            var request = r.request
            switch action {
            case .pageFirst: request.position = .first
            case .pageLast: request.position = .last
            case .pageNext:
                guard let page = r.page, page.hasNext, let key = page.keys.last else { return [] }
                request.position = .after(key)
            default:
                guard let page = r.page, page.hasPrevious, let key = page.keys.first else { return [] }
                request.position = .before(key)
            }
            r.request = request
            s.screen = .rows(r)
            return load(&s, "\(name(action)) of \(request.model)", request)

        case .sort(let field, let descending):
            guard case .rows(var r) = s.screen else { return [] }
            r.request.sort = [SortKey(field, descending: descending)]
            r.request.position = .first
            s.screen = .rows(r)
            return load(&s, "sort \(r.request.model) by \(field)\(descending ? " desc" : "")", r.request)

        case .filter(let text):
            guard case .rows(var r) = s.screen, let model = s.registry.model(named: r.request.model) else { return [] }
            // A filter that does not parse leaves the rows and the request as they were.
            do { _ = try FilterParser.parse(text, model: model, registry: s.registry) } catch {
                s.report = ActionReport(action: "filter \(model.qualifiedName): \(text)", error: (error as? any UserFacingError)?.sentence ?? "\(error)")
                return []
            }
            r.request.filter = text
            r.request.position = .first
            r.exactCount = nil
            s.screen = .rows(r)
            return load(&s, text.isEmpty ? "filter \(r.request.model) cleared" : "filter \(r.request.model): \(text)", r.request)

        case .openRow:
            guard case .rows(let r) = s.screen, let page = r.page, r.cursor < page.primaryKeys.count else { return [] }
            let key = page.primaryKeys[r.cursor]
            // (Until the row arrives whole, its long values are left out rather than shown by their beginning.)
            var values = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor]))
            for f in page.previewedColumns(row: r.cursor) { values[f] = nil }
            push(&s, .row(RowScreen(model: r.request.model, key: key, values: values)))
            let id = begin(&s)
            return [.loadRow(id: id, action: "open \(r.request.model) \(KeyText.text(key))", model: r.request.model, key: key)]

        case .readWhole(let field):
            guard case .rows(let r) = s.screen, let page = r.page, r.cursor < page.primaryKeys.count,
                  let c = page.columns.firstIndex(of: field) else { return [] }
            let key = page.primaryKeys[r.cursor]
            let id = begin(&s)
            return [.readWhole(id: id, action: "read \(field) of \(r.request.model) \(KeyText.text(key)) whole", model: r.request.model,
                               key: key, field: page.columns[c], title: ValueView.title(model: r.request.model, field: field, key: key))]

        case .follow(let relName):
            let parentModel: String, values: [String: Value]
            switch s.screen {
            case .rows(let r):
                guard let page = r.page, r.cursor < page.rows.count else { return [] }
                parentModel = r.request.model
                values = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor]))
            case .row(let r):
                parentModel = r.model
                values = r.values
            case .models:
                return []
            }
            guard let parent = s.registry.model(named: parentModel) else { return [] }
            guard let rel = parent.relationship(relName) else {
                s.report = ActionReport(action: "follow \(relName)", error: SchemaError.unknownRelationship(
                    model: parent.qualifiedName, name: relName, suggestion: Suggest.closest(to: relName, in: parent.relationships.map(\.name))).sentence)
                return []
            }
            let key = rel.localColumns.map { values[$0] ?? .null }
            guard !key.contains(where: \.isNull), let target = s.registry.model(named: rel.target) else {
                s.report = ActionReport(action: "follow \(rel.qualifiedName)", error: "\(rel.qualifiedName) is empty for this row (its key is NULL).")
                return []
            }
            let scope = Scope(parentModel: parent.qualifiedName, relationship: rel.name, parentKey: key)
            let request = PageRequest(model: target.qualifiedName, limit: s.pageSize, load: options(s, target), scope: scope)
            let origin = "\(rel.name) of \(parent.qualifiedName) \(KeyText.text(parent.primaryKey.map { values[$0] ?? .null }))"
            push(&s, .rows(RowsScreen(request: request, estimate: nil, origin: origin)))
            return load(&s, "follow \(rel.qualifiedName)", request)

        case .back:
            guard let previous = s.backStack.popLast() else { return [] }
            s.screen = previous
            s.pending = nil
            return []

        case .refresh:
            // On the model list, R rereads the schema; on rows, the page.
            if case .models = s.screen { return update(&s, .reloadSchema) }
            guard case .rows(let r) = s.screen else { return [] }
            return load(&s, "refresh \(r.request.model)", r.request)

        case .reloadSchema:
            let id = begin(&s)
            return [.reloadSchema(id: id, action: "reload the schema")]

        case .schemaReloaded(let id, let registry, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            return schemaReloaded(&s, registry, report)

        case .countExactly:
            guard case .rows(let r) = s.screen else { return [] }
            let id = begin(&s)
            return [.count(id: id, action: "count \(r.request.model)", request: r.request)]

        case .setStrategy(let rel, let strategy):
            s.strategies[rel] = strategy
            return [.setStrategy(relationship: rel, strategy: strategy)] + reloadRows(&s, "strategy \(label(s, rel)) \(strategy.rawValue)")

        case .compareStrategies(let rel):
            guard case .rows(let r) = s.screen, let model = s.registry.model(named: r.request.model),
                  let relationship = model.relationships.first(where: { $0.id == rel }) else { return [] }
            let id = begin(&s)
            return [.compare(id: id, action: "compare loading of \(label(s, rel))", model: model.qualifiedName, path: relationship.name, limit: s.pageSize)]

        case .compared(let id, let comparison, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            s.comparison = comparison
            return []

        case .cycleStrategy(let rel):
            let next = (s.strategies[rel] ?? .lazy).next
            return update(&s, .setStrategy(relationship: rel, next))

        case .write(let request):
            if let refusal = s.readOnlyRefusal {
                s.report = ActionReport(action: request.verb, error: refusal)
                return []
            }
            if case .delete(let model, let key) = request {
                // Ask only once the rows that refer to it are counted (the preview's statements
                // show in the SQL pane like any action's).
                s.confirmation = nil
                let id = begin(&s)
                return [.previewDelete(id: id, action: "delete preview of \(model) \(KeyText.text(key))", model: model, key: key)]
            }
            return write(&s, request)

        case .deletePreviewed(let id, let preview, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            s.confirmation = deleteConfirmation(preview, s)
            return []

        case .explain(let sql, let params, let analyze):
            if let problem = explainProblem(s, sql, analyze: analyze) {
                s.report = ActionReport(action: analyze ? "explain analyze" : "explain", error: problem)
                return []
            }
            if analyze {
                s.confirmation = Confirmation(message: "EXPLAIN ANALYZE runs this \(QueryPlan.verb(of: sql)) inside a transaction that is rolled back (at most 10 s). Run it? (y/n)",
                                              then: .explainAnalyze(sql: sql, params: params))
                return []
            }
            let id = begin(&s)
            return [.explain(id: id, action: "explain", sql: sql, params: params, analyze: false)]

        case .explained(let id, let plan, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            // The SQL pane keeps the statements being inspected (to explain another one); the
            // plan shows the EXPLAIN it ran.
            s.plan = PlanView(plan: plan, report: report)
            return []

        case .command(let text):
            do {
                var effects: [Effect] = []
                for a in try ExplorerCommand.parse(text, state: s) { effects += update(&s, a) }
                return effects
            } catch {
                s.report = ActionReport(action: ":" + text, error: (error as? any UserFacingError)?.sentence ?? "\(error)")
                return []
            }

        case .openRequest(let request):
            guard let model = s.registry.model(named: request.model) else { return [] }
            push(&s, .rows(RowsScreen(request: request, estimate: model.estimatedRowCount)))
            return load(&s, "rows \(model.qualifiedName)", request)

        case .openKey(let model, let key):
            push(&s, .row(RowScreen(model: model, key: key, values: [:])))
            let id = begin(&s)
            return [.loadRow(id: id, action: "get \(model) \(KeyText.text(key))", model: model, key: key)]

        case .confirm:
            guard let c = s.confirmation else { return [] }
            s.confirmation = nil
            switch c.then {
            case .write(let request): return write(&s, request)
            case .explainAnalyze(let sql, let params):
                let id = begin(&s)
                return [.explain(id: id, action: "explain analyze", sql: sql, params: params, analyze: true)]
            }

        case .confirmAlternative:
            guard let c = s.confirmation, let alternative = c.alternative else { return [] }
            s.confirmation = nil
            switch alternative.then {
            case .write(let request): return write(&s, request)
            case .explainAnalyze: return []
            }

        case .cancel:
            s.confirmation = nil
            return []

        case .setManualTransaction(let on):
            if on, let refusal = s.readOnlyRefusal {
                s.report = ActionReport(action: "manual transaction", error: refusal)
                return []
            }
            if !on && s.staged > 0 {
                s.report = ActionReport(action: "auto-commit", error: "\(s.staged) change\(s.staged == 1 ? " is" : "s are") staged: commit (C) or roll back (U) first, then leave manual mode.")
                return []
            }
            s.manualTransaction = on
            return []

        case .dismiss:
            return []

        case .commit:
            let id = begin(&s)
            return [.commit(id: id, action: "commit")]

        case .rollback:
            let id = begin(&s)
            return [.rollback(id: id, action: "roll back")]

        case .pageLoaded(let id, let page, let report):
            guard s.pending == id, case .rows(var r) = s.screen else { return [] }
            s.pending = nil
            if s.reloadJoinsReport, var joined = s.report {
                joined.statements += report.statements
                joined.warnings += report.warnings
                s.report = joined
            } else {
                s.report = report
            }
            s.reloadJoinsReport = false
            let n = page.rows.count
            switch r.request.position {
            case .first: r.firstRowNumber = 1
            case .offset(let k): r.firstRowNumber = k + 1
            case .last: r.firstRowNumber = r.exactCount.map { max(1, $0 - n + 1) }
            case .after: r.firstRowNumber = r.firstRowNumber.map { $0 + (r.page?.rows.count ?? 0) }
            case .before: r.firstRowNumber = r.firstRowNumber.map { max(1, $0 - n) }
            }
            r.page = page
            r.shownRequest = r.request
            // A first page with nothing after it holds every row: its count is known.
            if case .first = r.request.position, !page.hasNext { r.exactCount = n }
            r.cursor = min(r.cursor, max(0, n - 1))
            s.screen = .rows(r)
            return []

        case .wholeValueRead(let id, let value, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            s.wholeValue = value
            return []

        case .rowLoaded(let id, let values, let report):
            guard s.pending == id, case .row(var r) = s.screen else { return [] }
            s.pending = nil
            s.report = report
            r.values = values
            s.screen = .row(r)
            return []

        case .counted(let id, let n, let report):
            guard s.pending == id, case .rows(var r) = s.screen else { return [] }
            s.pending = nil
            s.report = report
            r.exactCount = n
            s.screen = .rows(r)
            return []

        case .wrote(let id, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            if report.action == "commit" || report.action == "roll back" { s.staged = 0 } else if s.manualTransaction { s.staged += 1 }
            let reload = reloadRows(&s, "refresh after \(report.action)")
            s.reloadJoinsReport = !reload.isEmpty
            return reload

        case .failed(let id, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.reloadJoinsReport = false
            s.report = report
            // What could not be read is not shown half: a row never read, or rows never loaded, go
            // back to where they were asked for; a page that failed to reload keeps the page shown
            // and the request that produced it (so title, rows and position agree).
            switch s.screen {
            case .row(let r) where r.values.isEmpty:
                if let previous = s.backStack.popLast() { s.screen = previous }
            case .rows(var r):
                if r.page == nil {
                    if let previous = s.backStack.popLast() { s.screen = previous }
                } else if let shown = r.shownRequest {
                    r.request = shown
                    s.screen = .rows(r)
                }
            default: break
            }
            return []

        case .resize(let pageSize):
            s.pageSize = pageSize
            guard case .rows(var r) = s.screen, r.request.limit != pageSize else { return [] }
            r.request.limit = pageSize
            s.screen = .rows(r)
            return load(&s, "resize: \(pageSize) rows a page", r.request)
        }
    }

    // MARK: Helpers

    /// Staged changes exist only while the connection says a transaction is open: a result whose
    /// report says none is open (a failed COMMIT, a transaction the server aborted, a lost
    /// connection) ends them, and its report says how many were lost, unless it was the commit or
    /// roll back that ended them on purpose.
    static func reconcileTransaction(_ s: inout ExplorerState, _ action: Action) -> Action {
        guard s.staged > 0 else { return action }
        var lost = 0
        let updated = action.updatingReport { r in
            guard !r.inTransaction else { return }
            let endedOnPurpose = r.error == nil && (r.action == "commit" || r.action == "roll back")
            if !endedOnPurpose {
                lost = s.staged
                let sentence = "The database ended the transaction: the \(lost) staged change\(lost == 1 ? " was" : "s were") rolled back."
                r.error = (r.error.map { $0 + " " } ?? "") + sentence
            }
            s.staged = 0
        }
        return updated
    }

    static func push(_ s: inout ExplorerState, _ screen: Screen) {
        s.backStack.append(s.screen)
        s.screen = screen
    }

    static func begin(_ s: inout ExplorerState) -> Int {
        let id = s.nextRequest
        s.nextRequest += 1
        s.pending = id
        return id
    }

    static func load(_ s: inout ExplorerState, _ action: String, _ request: PageRequest) -> [Effect] {
        let id = begin(&s)
        return [.loadPage(id: id, action: action, request: request)]
    }

    /// Reloads the rows screen (the same page) after something changed.
    static func reloadRows(_ s: inout ExplorerState, _ action: String) -> [Effect] {
        guard case .rows(var r) = s.screen, let model = s.registry.model(named: r.request.model) else { return [] }
        r.request.load = options(s, model)
        s.screen = .rows(r)
        return load(&s, action, r.request)
    }

    static func write(_ s: inout ExplorerState, _ request: WriteRequest) -> [Effect] {
        let id = begin(&s)
        return [.write(id: id, action: "\(request.verb) \(request.model)", request: request, commit: !s.manualTransaction)]
    }

    /// A relationship as actions are labelled (`Hero.team`), from its id (`hero.team`).
    static func label(_ s: ExplorerState, _ id: String) -> String {
        for m in s.registry.models { if let r = m.relationships.first(where: { $0.id == id }) { return r.qualifiedName } }
        return id
    }

    /// The loading options for a model's rows: every relationship the user gave a strategy is shown
    /// beside the rows (so lazy shows its N+1, selectin its 2, joined its 1).
    static func options(_ s: ExplorerState, _ model: Model) -> [LoadOption] {
        model.relationships.compactMap { rel in s.strategies[rel.id].map { LoadOption(rel.name, $0) } }
    }

    /// The question a delete asks once its preview is counted: what each foreign key will do,
    /// and, when the database would refuse and every refusing key accepts NULL, `N` to set those
    /// children's key to NULL first (SQLAlchemy's default for a loaded one-to-many).
    /// The statement a yes runs is shown as the flush will send it (`WriteStatement.delete`).
    static func deleteConfirmation(_ p: DeletePreview, _ s: ExplorerState) -> Confirmation {
        let row = "\(p.model) \(KeyText.text(p.key))"
        let request = WriteRequest.delete(model: p.model, key: p.key)
        var details = ["Deleting \(row):"] + p.lines.map { "  " + $0 }
        if p.references.isEmpty { details.append("  no foreign key refers to \(p.model)") }
        for r in p.unindexed { details.append("  (\(r.label) has no index: its count reads the whole table)") }
        if let model = s.registry.model(named: p.model),
           let sql = try? SQLCompiler.compile(WriteStatement.delete(model, key: p.key), dialect: s.dialect) {
            details.append("Will run: \(sql.sql)  with \(sql.binds.map(\.description).joined(separator: ", "))")
        }
        guard p.isRefused else {
            return Confirmation(message: "Delete \(row)? \(p.summary). y: delete, n: cancel", then: .write(request), details: details)
        }
        let nullifiable = p.nullifiable
        guard !nullifiable.isEmpty else {
            return Confirmation(message: "Delete \(row)? The database will refuse it: \(p.summary). y: try anyway, n: cancel",
                                then: .write(request), details: details)
        }
        let n = p.nullifiableCount
        let columns = nullifiable.map { $0.columns.joined(separator: ", ") }.joined(separator: ", ")
        let label = "set the \(n) \(n == 1 ? "child's" : "children's") \(columns) to NULL, then delete"
        return Confirmation(message: "Delete \(row)? The database will refuse it: \(p.summary). N: \(label); y: try anyway; n: cancel",
                            then: .write(request), details: details,
                            alternative: .init(key: "N", label: label, then: .write(.deleteNullifyingChildren(model: p.model, key: p.key))))
    }

    /// Why a statement cannot be explained here, as a sentence; nil when it can.
    static func explainProblem(_ s: ExplorerState, _ sql: String, analyze: Bool) -> String? {
        if !QueryPlan.isExplainable(sql) { return "Only SELECT, INSERT, UPDATE and DELETE statements have a plan." }
        if analyze && s.dialect.explainStyle == .sqliteQueryPlan { return "SQLite has no EXPLAIN ANALYZE; Enter shows the query plan." }
        if analyze && s.manualTransaction && s.staged > 0 { return "EXPLAIN ANALYZE needs its own transaction: commit (C) or roll back (U) first." }
        return nil
    }

    static func clamp(_ v: Int, _ count: Int) -> Int { max(0, min(v, count - 1)) }

    /// The model a screen shows, nil for the model list.
    static func modelName(of screen: Screen) -> String? {
        switch screen {
        case .rows(let r): return r.request.model
        case .row(let r): return r.model
        case .models: return nil
        }
    }

    /// Takes the schema read again: the report's action names what changed; screens of dropped
    /// models leave the back stack; the open model stays open (its page read again) when it still
    /// exists, and otherwise the model list comes back with a sentence saying why.
    static func schemaReloaded(_ s: inout ExplorerState, _ registry: Registry, _ report: ActionReport) -> [Effect] {
        let before = s.registry.models.map(\.qualifiedName), after = registry.models.map(\.qualifiedName)
        let added = after.filter { !Set(before).contains($0) }, dropped = before.filter { !Set(after).contains($0) }
        func list(_ names: [String]) -> String { names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ..." : "") }
        var r = report
        r.action = "reload the schema: \(after.count) model\(after.count == 1 ? "" : "s")"
            + (added.isEmpty ? "" : ", \(added.count) new (\(list(added)))")
            + (dropped.isEmpty ? "" : ", \(dropped.count) dropped (\(list(dropped)))")
            + (added.isEmpty && dropped.isEmpty ? ", no table added or dropped" : "")
        let open = modelName(of: s.screen).flatMap { s.registry.model(named: $0)?.qualifiedName }
        let wasOnModel: Int? = { if case .models(let c) = s.screen { return c } else { return nil } }()
        let cursorModel = wasOnModel.flatMap { before.indices.contains($0) ? before[$0] : nil }
        s.registry = registry
        s.strategies = s.strategies.filter { id, _ in registry.models.contains { $0.relationships.contains { $0.id == id } } }
        s.backStack = s.backStack.filter { modelName(of: $0).map { registry.model(named: $0) != nil } ?? true }
        s.report = r
        if let wasOnModel {
            // The cursor stays on its model, or where it was when that model went.
            let i = cursorModel.flatMap { after.firstIndex(of: $0) } ?? wasOnModel
            s.screen = .models(cursor: clamp(i, after.count))
            return []
        }
        guard let open, registry.model(named: open) != nil else {
            let name = open ?? "the model"
            s.report?.warnings.append("The table \(name) you had open is no longer in the database (dropped or renamed), so it was closed.")
            s.screen = s.backStack.popLast() ?? .models(cursor: clamp(before.firstIndex(of: name) ?? 0, after.count))
            if case .models = s.screen {} else { s.screen = .models(cursor: clamp(before.firstIndex(of: name) ?? 0, after.count)); s.backStack = [] }
            return []
        }
        // Still there: its rows are read again (the columns may have changed), joining this report.
        let reload = reloadRows(&s, "refresh \(open) after the schema reload")
        s.reloadJoinsReport = !reload.isEmpty
        return reload
    }

    static func name(_ a: Action) -> String {
        switch a {
        case .pageFirst: return "first page"
        case .pageLast: return "last page"
        case .pageNext: return "next page"
        default: return "previous page"
        }
    }
}
