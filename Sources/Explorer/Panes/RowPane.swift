import ORMCore

extension Renderer {
    static func rowPane(_ s: ExplorerState, _ r: RowScreen, width: Int) -> [[Frame.Span]] {
        let model = s.registry.model(named: r.model)
        var out: [[Frame.Span]] = [[.init("\(r.model) \(KeyText.text(r.key))", .title)]]
        for name in model?.fieldNames ?? r.values.keys.sorted() {
            let v = r.values[name] ?? .null
            let cell = CellText.of(v, limit: max(CellText.limit, width))
            out.append([.init(name.fitted(20), .header), .init(cell.text, cell.style == .number ? .normal : cell.style)])
        }
        out.append([])
        out.append([.init("Relationships (Enter follows)", .header)])
        for (i, rel) in (model?.relationships ?? []).enumerated() {
            let strategy = s.strategies[rel.id]?.rawValue ?? "lazy"
            let through = rel.link.map { " through \($0.model)" } ?? ""
            out.append([.init("\(rel.name)  \(rel.kind.rawValue) \(rel.target)\(through)  [\(strategy)]", i == r.cursor ? .selected : .normal)])
        }
        return out
    }
}
