import ORMCore

/// The model pane (Tab): the open model's fields, keys, indexes, constraints, partitions and
/// relationships, scrolled a line or a page at a time. Tab goes on to the SQL pane; Esc closes it,
/// and any other key closes it and then does what it does on the rows (`Keymap.closeTransient`).
public enum ModelPane {
    static let bindings = BindingGroup("Model pane (Tab)", [
        Binding("model.down", [.down, .char("j")], "scroll down") { _, ui, _ in ui.modelTop += 1; return [] },
        Binding("model.up", [.up, .char("k")], "scroll up") { _, ui, _ in ui.modelTop = max(0, ui.modelTop - 1); return [] },
        Binding("model.pageDown", [.pageDown, .char(" ")], "a page down") { _, ui, _ in ui.modelTop += max(1, Layout(ui).mainHeight - 2); return [] },
        Binding("model.pageUp", [.pageUp], "a page up") { _, ui, _ in ui.modelTop = max(0, ui.modelTop - max(1, Layout(ui).mainHeight - 2)); return [] },
        Binding("model.next", [.tab], "on to the SQL pane") { _, ui, _ in ui.focus = .sql; return [] },
    ])

    /// nil: the key closed the pane and goes on to the rows (`Keymap.closeTransient`).
    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action]? {
        if let b = Keymap.resolve(bindings, ui).binding(for: key) {
            let actions = b.run(key, &ui, s)
            ui.modelTop = Viewport.clamp(ui.modelTop, count: lines(s).count - 1, rows: Layout(ui).mainHeight - 1)
            return actions
        }
        return Keymap.closeTransient(key, &ui) { ui in
            ui.focus = .main
            ui.modelTop = 0
        }
    }

    /// The pane from `top` (its title stays).
    static func render(_ s: ExplorerState, _ ui: UIState, height: Int) -> [[Frame.Span]] {
        let all = lines(s)
        guard let title = all.first else { return [] }
        let rows = max(1, height - 1)
        let top = Viewport.clamp(ui.modelTop, count: all.count - 1, rows: rows)
        let marker = Viewport.marker(top: top, count: all.count - 1, rows: rows).map { "   " + $0 } ?? ""
        return [title + [.init(marker, .dim)]] + all.dropFirst(1 + top).prefix(rows)
    }

    static func lines(_ s: ExplorerState) -> [[Frame.Span]] {
        guard let m = s.currentModel else { return [] }
        var out: [[Frame.Span]] = [[.init("\(m.headingWord) \(m.qualifiedName)" + (m.estimatedRowCount.map { "  ~" + NumberText.counted($0, "row") } ?? "") + "   (↑↓ PgUp PgDn scroll · Tab: the SQL pane · Esc closes · other keys close it and act)", .title)]]
        if let parent = m.inheritanceParent {
            out.append([.init("extends ", .header), .init("\(parent.target) (joined-table inheritance: \(parent.localColumns.joined(separator: ", ")) → \(parent.target).\(parent.remoteColumns.joined(separator: ", ")))")])
        }
        let children = m.inheritanceChildren
        if !children.isEmpty {
            out.append([.init("extended by ", .header), .init(children.map(\.target).joined(separator: ", ") + " (joined-table inheritance)")])
        }
        for line in ModelNotes.lines(m) { out.append([.init(line, .dim)]) }
        // How the database differs from the models file (ormscope drift's sentences).
        for d in s.drift[m.qualifiedName] ?? [] { out.append([.init("drift ", .warning), .init(d.sentence)]) }
        out.append([.init("FIELD".fitted(22) + "TYPE".fitted(26) + "NULL  DEFAULT".fitted(30) + "KEY", .header)])
        for f in m.fields {
            var key: [String] = []
            if m.primaryKey.contains(f.name) { key.append("PK") }
            if m.foreignKeys.contains(where: { $0.columns.contains(f.name) }) { key.append("FK") }
            if f.isAutoIncrement { key.append("auto") }
            if f.isDatabaseAssigned { key.append("generated") }
            out.append([.init(f.name.fitted(22) + ModelNotes.typeText(f).fitted(26) + (f.isNullable ? "yes   " : "no    ") + ModelNotes.defaultText(f).fitted(24) + key.joined(separator: " "))])
        }
        for f in m.fields { for line in ModelNotes.fieldLines(f) { out.append([.init("note ", .header), .init(line)]) } }
        for p in m.partitions {
            out.append([.init("partition ", .header), .init("\(p.modelName) \(p.bound)" + (p.estimatedRowCount.map { "  ~" + NumberText.counted($0, "row") } ?? ""))])
        }
        for u in m.uniqueConstraints { out.append([.init("unique ", .header), .init("\(u.name ?? "") (\(u.columns.joined(separator: ", ")))")]) }
        for i in m.indexes { out.append([.init("index ", .header), .init("\(i.name) (\(i.columns.joined(separator: ", ")))\(i.isUnique ? " unique" : "")\(i.predicate.map { " where \($0)" } ?? "")")]) }
        for c in m.checks { out.append([.init("check ", .header), .init("\(c.name.map { $0 + ": " } ?? "")\(c.expression)")]) }
        for fk in m.foreignKeys {
            out.append([.init("foreign key ", .header), .init("(\(fk.columns.joined(separator: ", "))) → \(fk.referencedModelName) (\(fk.referencedColumns.joined(separator: ", "))) \(fk.behaviour)")])
        }
        for r in m.relationships {
            let through = r.link.map { " through \($0.model)" + ($0.extraColumns.isEmpty ? "" : " (link data: \($0.extraColumns.joined(separator: ", ")))") } ?? ""
            let from = r.origin.map { "  from " + $0.description } ?? ""
            out.append([.init("relationship ", .header), .init("\(r.name): \(r.kind.rawValue) \(r.target)\(through)\(r.isInheritance ? " (inheritance)" : "")  [\(s.strategies[r.id]?.rawValue ?? "lazy")]"), .init(from, .dim)])
        }
        for n in m.notes { out.append([.init("note ", .warning), .init(n)]) }
        return out
    }
}
