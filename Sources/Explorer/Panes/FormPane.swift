import ORMCore

extension Renderer {
    static func formPane(_ s: ExplorerState, _ form: Form, focus: Int, submitted: Bool) -> [[Frame.Span]] {
        let title: String
        switch form.mode {
        case .insert: title = "Insert into \(form.model)"
        case .edit(let key): title = "Edit \(form.model) \(KeyText.text(key))  (only edited fields are written)"
        case .upsert(let target): title = "Upsert \(form.model) on (\(target.joined(separator: ", ")))  (F2: another conflict target)"
        }
        var out: [[Frame.Span]] = [[.init(title, .title)]]
        let nameWidth = min(22, (form.entries.map { $0.name.displayWidth }.max() ?? 4) + 2)
        for (i, e) in form.entries.enumerated() {
            let marker = e.required ? "*" : " "
            let hint = [e.type, e.defaultText.map { "default \($0)" }, e.isAutomatic ? "auto" : nil].compactMap { $0 }.joined(separator: ", ")
            // A problem takes the hint's place, so it is never cut off at the pane's edge.
            out.append([.init(marker + e.name.fitted(nameWidth), i == focus ? .selected : .header),
                        e.isNull ? .init("NULL".fitted(28), .null)  // a state, not text: typing replaces it
                            : .init((e.text.isEmpty && i != focus ? "" : CellText.prefix(e.text, 28) + (i == focus ? "▏" : "")).fitted(28), i == focus ? .prompt : .normal),
                        e.problem.map { .init(" ✗ \(e.name) \($0)", .error) } ?? .init(" " + hint.fitted(30), .dim)])
        }
        out.append([])
        if let model = s.registry.model(named: form.model), let preview = form.preview(model: model, dialect: s.dialect) {
            out.append([.init("Will run: ", .header), .init(preview.sql, .sql)])
            if !preview.binds.isEmpty { out.append([.init("  with ", .dim), .init(preview.binds.map(\.description).joined(separator: ", "))]) }
        }
        out.append([.init(submitted ? "writing…" : "Enter writes · Tab/↑/↓ move · Ctrl-N NULL · Esc closes · * required", .dim)])
        if !submitted, let error = s.report?.error, s.report?.action.contains(form.model) == true {
            out.append([.init("✗ " + error, .error)])
        }
        return out
    }

    /// What a confirmation will do, over the main pane while it asks (a delete's preview).
    static func confirmationPane(_ c: Confirmation) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = c.details.enumerated().map { i, line in [.init(line, i == 0 ? .header : .normal)] }
        out.append([])
        out.append([.init("The counts are statements in the SQL pane; the question is on the last line.", .dim)])
        return out
    }
}
