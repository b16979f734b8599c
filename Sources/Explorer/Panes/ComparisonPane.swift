import ORMCore

/// The loading comparison (b, `:explain-loading`): lazy, selectin and joined on the page's
/// parents, each in a fresh session, as bars of statements and time. Shown over the rows until
/// the next action.
public enum ComparisonPane {
    static func update(_ s: inout ExplorerState, _ action: Action) -> [Effect]? {
        switch action {
        case .compareStrategies(let rel):
            guard case .rows(let r) = s.screen, let model = s.registry.model(named: r.request.model),
                  let relationship = model.relationships.first(where: { $0.id == rel }) else {
                s.report = ActionReport(action: "compare loading", error: "The comparison runs on a rows grid: open the model's rows first (:rows MODEL).")
                return []
            }
            let id = Explorer.begin(&s)
            return [.compare(id: id, action: "compare loading of \(Explorer.label(s, rel))", model: model.qualifiedName, path: relationship.name, limit: s.pageSize)]

        case .compared(let id, let comparison, let report):
            guard s.pending == id else { return [] }
            s.pending = nil
            s.report = report
            s.comparison = comparison
            return []

        default:
            return nil
        }
    }

    /// Bars of statement count and time per strategy, side by side, each scaled to the largest.
    static func render(_ c: Comparison, width: Int) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = [[.init("Loading \(c.relationship) for \(NumberText.counted(c.parents, "parent")): each strategy in a fresh session", .title)], []]
        let barWidth = max(10, (width - 34) / 2)
        let maxCount = max(1, c.costs.map(\.statements).max() ?? 1)
        let maxTime = max(0.001, c.costs.map(\.milliseconds).max() ?? 1)
        func bar(_ v: Double, _ m: Double) -> String {
            let n = max(v > 0 ? 1 : 0, Int((v / m * Double(barWidth)).rounded()))
            return String(repeating: "█", count: n).fitted(barWidth)
        }
        out.append([.init("".fitted(10) + "statements".fitted(barWidth + 7) + "  time", .header)])
        for cost in c.costs {
            out.append([.init(cost.strategy.rawValue.fitted(10), .header),
                        .init(bar(Double(cost.statements), Double(maxCount)), cost.warnings.isEmpty ? .number : .warning),
                        .init(String(cost.statements).fitted(6, alignRight: true) + "  ", .normal),
                        .init(bar(cost.milliseconds, maxTime), .sql),
                        .init(String(format: " %.1f ms", cost.milliseconds))])
        }
        out.append([])
        for cost in c.costs { for w in cost.warnings { out.append([.init("⚠ \(cost.strategy.rawValue): " + w, .warning)]) } }
        out.append([.init("(any key returns to the rows)", .dim)])
        return out
    }
}
