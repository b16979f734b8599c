import ORMCore

/// The relationship map (M): the model as a box, each relationship a labelled line to its
/// target's box (many-to-one, one-to-many, one-to-one, many-to-many through the link table with
/// its link data). As many neighbours as the pane holds, "n more" below; ↑↓ PgUp PgDn page
/// through them, ← → pan sideways, q or Esc closes.
public enum MapPane {
    static let bindings = BindingGroup("Relationship map", [
        Binding("map.down", [.down, .char("j")], "the next neighbour") { _, ui, s in scroll(&ui, s, by: 1, pan: 0) },
        Binding("map.up", [.up, .char("k")], "the neighbour before") { _, ui, s in scroll(&ui, s, by: -1, pan: 0) },
        Binding("map.pageDown", [.pageDown, .char(" ")], "the next page of neighbours") { _, ui, s in scroll(&ui, s, by: perPage(ui), pan: 0) },
        Binding("map.pageUp", [.pageUp], "the page before") { _, ui, s in scroll(&ui, s, by: -perPage(ui), pan: 0) },
        Binding("map.left", [.left, .char("h")], "pan left") { _, ui, s in scroll(&ui, s, by: 0, pan: -8) },
        Binding("map.right", [.right, .char("l")], "pan right") { _, ui, s in scroll(&ui, s, by: 0, pan: 8) },
        Binding("map.close", [.char("q"), .escape, .char("M")], "close the map") { _, ui, _ in ui.mode = .normal; return [] },
    ])

    /// How many neighbours a page of the map shows (three lines each, under the model's box).
    static func perPage(_ ui: UIState) -> Int { perPage(height: Layout(ui).mainHeight) }
    static func perPage(height: Int) -> Int { max(1, (height - 5) / 3) }

    static func scroll(_ ui: inout UIState, _ s: ExplorerState, by delta: Int, pan: Int) -> [Action] {
        guard case .map(let top, let left) = ui.mode else { return [] }
        let n = s.currentModel?.relationships.count ?? 0
        ui.mode = .map(top: Viewport.clamp(top + delta, count: n, rows: perPage(ui)), left: max(0, left + pan))
        return []
    }

    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        if let b = Keymap.resolve(bindings, ui).binding(for: key) { return b.run(key, &ui, s) }
        ui.message = "q or Esc closes the map; ↑↓ PgUp PgDn page through the neighbours, ← → pan."
        return []
    }

    static func render(_ s: ExplorerState, top: Int, left: Int, width: Int, height: Int) -> [[Frame.Span]] {
        guard let m = s.currentModel else { return [] }
        let rels = m.relationships
        let page = perPage(height: height)
        let first = Viewport.clamp(top, count: rels.count, rows: page)
        let inner = m.qualifiedName.displayWidth + 2
        let range = first..<min(rels.count, first + page)
        var out: [[Frame.Span]] = [[.init("Relationships of \(m.qualifiedName)", .title),
                                    .init(rels.count > page ? "   \(range.lowerBound + 1)-\(range.upperBound) of \(rels.count)" : "", .dim),
                                    .init("   (↑↓ PgUp PgDn ← → move · q Esc close)", .dim)],
                                   [.init("┌" + String(repeating: "─", count: inner) + "┐", .border)],
                                   [.init("│ ", .border), .init(m.qualifiedName, .header), .init(" │", .border)],
                                   [.init("└─┬" + String(repeating: "─", count: max(0, inner - 2)) + "┘", .border)]]
        if rels.isEmpty { out.append([.init("  (no relationships)", .dim)]) }
        let room = width + left
        for i in range {
            let r = rels[i]
            let last = i == rels.count - 1
            var label: String
            if let link = r.link {
                label = " \(r.name) ─ \(r.kind.rawValue) via \(link.model)" + (link.extraColumns.isEmpty ? "" : " (\(link.extraColumns.joined(separator: ", ")))") + " "
            } else {
                label = " \(r.name) ─ \(r.kind.rawValue) (\(r.localColumns.joined(separator: ",")) → \(r.remoteColumns.joined(separator: ","))) "
            }
            let box = r.target.displayWidth + 2
            // The label gives way so the target's box is whole on screen (panning shows the rest of a long one).
            let labelRoom = max(8, room - 6 - box - 4 - 2)
            if label.displayWidth > labelRoom { label = label.fitted(labelRoom - 1, pad: false) + " " }
            let lineWidth = max(3, room - 6 - box - label.displayWidth - 2)
            let pad = String(repeating: " ", count: 3 + label.displayWidth + lineWidth)
            out.append([.init("  │" + pad, .border), .init("┌" + String(repeating: "─", count: box) + "┐", .border)])
            out.append([.init(last ? "  └──" : "  ├──", .border), .init(label, r.isSelfReferential ? .warning : .normal),
                        .init(String(repeating: "─", count: lineWidth) + "►", .border), .init("│ ", .border), .init(r.target, .header), .init(" │", .border)])
            out.append([.init((last ? "   " : "  │") + pad, .border), .init("└" + String(repeating: "─", count: box) + "┘", .border)])
        }
        let below = rels.count - range.upperBound
        if below > 0 { out.append([.init("  │", .border), .init("  ↓ \(below) more (j, PgDn)", .dim)]) }
        guard left > 0 else { return out }
        return [out[0]] + out.dropFirst().map { shift($0, by: left) }
    }

    /// A line with its first `cells` cells dropped (panned to the right).
    static func shift(_ spans: [Frame.Span], by cells: Int) -> [Frame.Span] {
        var drop = cells, out: [Frame.Span] = []
        for s in spans {
            if drop <= 0 { out.append(s); continue }
            var text = Substring(s.text)
            while drop > 0, let c = text.first { drop -= c.displayWidth; text = text.dropFirst() }
            if !text.isEmpty { out.append(.init(String(text), s.style)) }
        }
        return out
    }
}
