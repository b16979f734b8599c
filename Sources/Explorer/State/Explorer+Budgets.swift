import ORMCore

/// The budgets file in the explorer: each request sent is given the budget of the action it runs
/// (`BudgetedAction`, as its command-line twin is), and its result's report is flagged over budget
/// (`ActionReport.overBudget`: the SQL pane and the status line show it) when it ran more statements.
extension Explorer {
    static func checkBudget(_ s: inout ExplorerState, _ action: Action, _ effects: [Effect]) {
        guard let budgets = s.budgets else { return }
        if let (id, report) = action.result, let pending = s.budgetPending, pending.id == id {
            s.budgetPending = nil
            // Only the result that became the report: a page read again after a write joins the
            // write's report (already checked) and is not checked again.
            if let shown = s.report, shown.action == report.action, shown.statements == report.statements {
                s.report?.overBudget = budgets.verdict(pending.budget, count: report.queryCount)
            }
        }
        guard !effects.isEmpty else { return }
        s.budgetPending = nil
        for e in effects {
            if let a = BudgetedAction(e, registry: s.registry), let b = budgets.budget(for: a) { s.budgetPending = .init(id: e.id, budget: b) }
        }
    }
}
