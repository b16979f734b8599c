import ORMCore

extension Renderer {
    /// Bars of statement count and time per strategy, side by side, each scaled to the largest.
    static func comparisonPane(_ c: Comparison, width: Int) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = [[.init("Loading \(c.relationship) for \(c.parents) parents: each strategy in a fresh session", .title)], []]
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
