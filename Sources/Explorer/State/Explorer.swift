import ORMCore

/// The explorer's one state transition: `update(&state, action) -> [Effect]`. Pure: it asks for
/// effects and the runtime hands results back as actions. A dispatcher: each pane's file holds
/// its slice of the update (the actions it answers), tried in turn; what is left (the session's
/// transaction, writes, the command line) is in `Explorer+Session.swift` and `Explorer+Writes.swift`.
public enum Explorer {
    public static func update(_ s: inout ExplorerState, _ action: Action) -> [Effect] {
        let before = s.report
        let effects = dispatch(&s, action)
        checkBudget(&s, action, effects)
        // Every error and warning joins the message log whole (the panes may show them cut).
        if let r = s.report, r != before {
            if let e = r.error { s.log(LogEntry(.error, action: r.action, e)) }
            for w in r.warnings { s.log(LogEntry(.warning, action: r.action, w)) }
        }
        return effects
    }

    typealias Slice = @Sendable (inout ExplorerState, Action) -> [Effect]?

    /// The panes' slices of the update, in the order they are asked; the first that answers
    /// (returns effects, possibly none) handles the action.
    static let slices: [Slice] = [ModelsPane.update, SQLEditorPane.update, RowsPane.update, RowPane.update, SQLPane.update,
                                  ComparisonPane.update, Explorer.writeUpdate, Explorer.sessionUpdate]

    static func dispatch(_ s: inout ExplorerState, _ action: Action) -> [Effect] {
        let staged = s.staged
        let action = reconcileTransaction(&s, action)
        // What an action's result lays over the rows (a comparison, a plan) lasts until the next action.
        switch action {
        case .compared, .note: break
        default: s.comparison = nil
        }
        switch action {
        case .explained, .note: break
        default: s.plan = nil
        }
        if case .wholeValueRead = action {} else { s.wholeValue = nil }
        switch action {
        case .editRow, .readForEdit: break
        default: s.editRow = nil
        }
        var effects: [Effect] = []
        for slice in slices { if let e = slice(&s, action) { effects = e; break } }
        // Staged changes that ended without a reload (the database threw them away: a failed
        // COMMIT, an aborted transaction) must not stay in the grid: it is read again.
        if staged > 0, s.staged == 0, !effects.contains(where: { if case .loadPage = $0 { true } else { false } }) {
            let reload = reloadRows(&s, "refresh after the transaction ended")
            // The reload's statements join the report that says what was lost.
            s.reloadJoinsReport = !reload.isEmpty
            effects += reload
        }
        return effects
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

    /// Asks for a page, with the loading strategies in force (`options`) added as it is sent.
    static func load(_ s: inout ExplorerState, _ action: String, _ request: PageRequest) -> [Effect] {
        var sent = request
        if let model = s.registry.model(named: request.model) { sent.load = options(s, model, extra: request.load) }
        let id = begin(&s)
        return [.loadPage(id: id, action: action, request: sent)]
    }

    /// A read's report as the SQL pane shows it: its own, or, when it reads again after a write
    /// (`reloadJoinsReport`: a form's, a typed statement's), joined to the write's.
    static func take(_ s: inout ExplorerState, _ report: ActionReport) {
        if s.reloadJoinsReport, var joined = s.report {
            joined.statements += report.statements
            joined.warnings += report.warnings
            s.report = joined
        } else {
            s.report = report
        }
        s.reloadJoinsReport = false
    }

    /// Reloads the rows screen (the same page) after something changed; its position line stays.
    static func reloadRows(_ s: inout ExplorerState, _ action: String) -> [Effect] {
        guard case .rows(var r) = s.screen else { return [] }
        r.reloading = true
        s.screen = .rows(r)
        return load(&s, action, r.request)
    }

    /// A relationship as actions are labelled (`Hero.team`), from its id (`hero.team`).
    static func label(_ s: ExplorerState, _ id: String) -> String {
        for m in s.registry.models { if let r = m.relationships.first(where: { $0.id == id }) { return r.qualifiedName } }
        return id
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

    /// A thrown error as the sentence the user reads.
    static func sentence(_ error: any Error) -> String { (error as? any UserFacingError)?.sentence ?? "\(error)" }
}
