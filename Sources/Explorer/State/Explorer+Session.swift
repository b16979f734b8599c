import ORMCore

/// The update's slice that belongs to no pane: going back, the command line, the transaction
/// mode, commit and roll back, strategies, and the results that end any action.
extension Explorer {
    static func sessionUpdate(_ s: inout ExplorerState, _ action: Action) -> [Effect]? {
        switch action {
        case .back:
            guard let previous = s.backStack.popLast() else { return [] }
            s.screen = previous
            s.pending = nil
            // A grid a typed write changed while it was under the write's rows is read again.
            if case .rows(var r) = previous, let cause = r.staleAfter {
                r.staleAfter = nil
                s.screen = .rows(r)
                return reloadRows(&s, "refresh after \(cause)")
            }
            return []

        case .command(let text):
            do {
                var effects: [Effect] = []
                for a in try ExplorerCommand.parse(text, state: s) { effects += dispatch(&s, a) }
                return effects
            } catch {
                s.report = ActionReport(action: ":" + text, error: sentence(error))
                return []
            }

        case .note(let text):
            s.log(LogEntry(.notice, action: "key", text))
            return []

        case .dismiss:
            return []

        case .setStrategy(let rel, let strategy):
            return setStrategy(&s, rel, strategy)

        case .cycleStrategy(let rel):
            return setStrategy(&s, rel, (s.strategies[rel] ?? .lazy).next)

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

        case .commit:
            let id = begin(&s)
            return [.commit(id: id, action: "commit")]

        case .rollback:
            let id = begin(&s)
            return [.rollback(id: id, action: "roll back")]

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
                    r.reloading = false
                    // What was to follow the page (a :count, a :explain, G's last row) is not run later.
                    r.afterLoad = nil
                    r.cursorToLast = false
                    r.counting = nil
                    s.screen = .rows(r)
                }
            default: break
            }
            return []

        default:
            return nil
        }
    }
}
