import ORMCore

extension Renderer {
    /// The model as a box, each relationship a labelled line to its target's box: many-to-one,
    /// one-to-many, one-to-one, many-to-many through the link table (with its link data).
    static func mapPane(_ s: ExplorerState, width: Int) -> [[Frame.Span]] {
        guard let m = s.currentModel else { return [] }
        let inner = m.qualifiedName.displayWidth + 2
        var out: [[Frame.Span]] = [[.init("Relationships of \(m.qualifiedName)   (any key closes)", .title)],
                                   [.init("┌" + String(repeating: "─", count: inner) + "┐", .border)],
                                   [.init("│ ", .border), .init(m.qualifiedName, .header), .init(" │", .border)],
                                   [.init("└─┬" + String(repeating: "─", count: max(0, inner - 2)) + "┘", .border)]]
        if m.relationships.isEmpty { out.append([.init("  (no relationships)", .dim)]) }
        for (i, r) in m.relationships.enumerated() {
            let last = i == m.relationships.count - 1
            let label: String
            if let link = r.link {
                label = " \(r.name) ─ \(r.kind.rawValue) via \(link.model)" + (link.extraColumns.isEmpty ? "" : " (\(link.extraColumns.joined(separator: ", ")))") + " "
            } else {
                label = " \(r.name) ─ \(r.kind.rawValue) (\(r.localColumns.joined(separator: ",")) → \(r.remoteColumns.joined(separator: ","))) "
            }
            let box = r.target.displayWidth + 2
            let lineWidth = max(3, width - 6 - box - label.displayWidth - 2)
            let pad = String(repeating: " ", count: 3 + label.displayWidth + lineWidth)
            out.append([.init("  │" + pad, .border), .init("┌" + String(repeating: "─", count: box) + "┐", .border)])
            out.append([.init(last ? "  └──" : "  ├──", .border), .init(label, r.isSelfReferential ? .warning : .normal),
                        .init(String(repeating: "─", count: lineWidth) + "►", .border), .init("│ ", .border), .init(r.target, .header), .init(" │", .border)])
            out.append([.init((last ? "   " : "  │") + pad, .border), .init("└" + String(repeating: "─", count: box) + "┘", .border)])
        }
        return out
    }
}
