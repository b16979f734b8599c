import ORMCore

extension Renderer {
    static func modelsPane(_ s: ExplorerState, cursor: Int, width: Int) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = [[.init("MODEL".fitted(30) + "KIND   ROWS~       RELATIONSHIPS", .header)]]
        for (i, m) in s.registry.models.enumerated() {
            let rels = m.relationships.map(\.name).joined(separator: ", ")
            let rows = m.estimatedRowCount.map { "~" + grouped($0) } ?? "-"
            out.append([.init(m.qualifiedName.fitted(30) + m.kindLabel.fitted(7) + rows.fitted(12) + rels, i == cursor ? .selected : .normal)])
        }
        return out
    }
}
