import ORMCore

/// The update's slice for writes: the read-only refusal, a delete's preview and question, the
/// yes or no, and what follows a write (the page read again, joining the write's report).
extension Explorer {
    static func writeUpdate(_ s: inout ExplorerState, _ action: Action) -> [Effect]? {
        switch action {
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
                // With a models file, the application's cascades decide what the delete does.
                if s.appliesModelsFile {
                    return [.previewAppDelete(id: id, action: "cascade preview of \(model) \(KeyText.text(key))", model: model, key: key)]
                }
                return [.previewDelete(id: id, action: "delete preview of \(model) \(KeyText.text(key))", model: model, key: key)]
            }
            return write(&s, request)

        case .deletePreviewed(let id, let preview, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            s.confirmation = deleteConfirmation(preview, s)
            return []

        case .appDeletePreviewed(let id, let plan, var report):
            guard s.pending == id else { return [] }
            s.pending = nil
            if let refusal = plan.refusalSentence {
                report.error = refusal
                s.report = report
                return []
            }
            s.report = report
            s.confirmation = appDeleteConfirmation(plan, s)
            return []

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

        case .wrote(let id, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            if report.action == "commit" || report.action == "roll back" { s.staged = 0 } else if s.manualTransaction { s.staged += 1 }
            let reload = reloadRows(&s, "refresh after \(report.action)")
            s.reloadJoinsReport = !reload.isEmpty
            return reload

        default:
            return nil
        }
    }

    static func write(_ s: inout ExplorerState, _ request: WriteRequest) -> [Effect] {
        let id = begin(&s)
        return [.write(id: id, action: "\(request.verb) \(request.model)", request: request, commit: !s.manualTransaction)]
    }

    /// The question a delete asks under the application's cascades: what is deleted or changed,
    /// level by level with counts, and the statements a yes runs in one transaction, in order.
    static func appDeleteConfirmation(_ plan: AppCascadePlan, _ s: ExplorerState) -> Confirmation {
        let root = plan.steps[0]
        let row = "\(root.model) \(KeyText.text(root.keys.first ?? []))"
        var details = ["Deleting \(row) as the application's models say:"] + plan.lines.map { "  " + $0 }
        let writes = plan.writes(in: s.registry)
        details.append("Will run, in one transaction (\(NumberText.counted(writes.count, "statement"))):")
        for w in writes {
            guard let sql = try? SQLCompiler.compile(w.statement, dialect: s.dialect) else { continue }
            details.append("  \(sql.sql)  -- \(w.cause.summary)")
        }
        let c = plan.counts
        var parts: [String] = []
        if c.deleted > 0 { parts.append("\(NumberText.counted(c.deleted, "more row")) deleted") }
        if c.nulled > 0 { parts.append("\(c.nulled) row\(c.nulled == 1 ? "'s" : "s'") key set to NULL") }
        if c.unlinked > 0 { parts.append("\(NumberText.counted(c.unlinked, "link row")) deleted") }
        let summary = (parts.isEmpty ? "nothing cascades" : parts.joined(separator: ", ")) + (plan.failure.map { "; " + $0 } ?? "")
        return Confirmation(message: "Delete \(row) and what the application cascades to? \(summary). y: delete, n: cancel",
                            then: .write(.deleteFollowingApp(model: root.model, key: root.keys.first ?? [])), details: details)
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
}
