import ORMCore

/// A form (i insert, e edit, u upsert): one line per field with its type, default and problem,
/// the SQL it will run, and the last write's error when it failed (a new form starts without
/// one). The fields scroll to keep the focused one in sight.
public enum FormPane {
    static let bindings = BindingGroup("Form", [
        Binding("form.next", [.tab, .down], "the next field") { _, ui, _ in focus(&ui, by: 1) },
        Binding("form.previous", [.up], "the field before") { _, ui, _ in focus(&ui, by: -1) },
        Binding("form.delete", [.backspace], "delete a character") { _, ui, _ in
            change(&ui) { f, e in f.set(e.name, String(e.text.dropLast())) }
        },
        Binding("form.clear", [.char("\u{15}")], "empty the field (the empty text, not NULL)") { _, ui, _ in change(&ui) { f, e in f.set(e.name, "") } },
        Binding("form.null", [.char("\u{0E}")], "NULL on/off (typing replaces NULL)") { _, ui, _ in
            var refused: String?
            let actions = change(&ui) { f, e in if !f.toggleNull(e.name) { refused = "\(e.name) does not accept NULL." } }
            ui.message = refused
            return actions
        },
        Binding("form.target", [.function(2)], "the next conflict target (upsert)") { _, ui, s in
            guard case .form(var form, let focus, false) = ui.mode else { return [] }
            if case .upsert(let target) = form.mode, let model = s.registry.model(named: form.model) {
                let keys = model.uniqueKeys
                let i = (keys.firstIndex(of: target) ?? -1) + 1
                form.mode = .upsert(conflictTarget: keys.isEmpty ? [] : keys[i % keys.count])
            }
            ui.mode = .form(form, focus: focus, submitted: false)
            return []
        },
        Binding("form.write", [.enter], "write (the SQL shows before it runs)") { _, ui, s in submit(&ui, s) },
        Binding("form.close", [.escape, .interrupt], "close the form (nothing is written)") { _, ui, _ in ui.mode = .normal; return [] },
    ])

    static func key(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        guard case .form(_, _, let submitted) = ui.mode else { return [] }
        guard !submitted else {
            if key == .escape || key == .interrupt { ui.mode = .normal }
            return []
        }
        // A locked field (a long value shown by its beginning) takes no typing, and says why.
        if case .form(let form, let focus, _) = ui.mode, focus < form.entries.count, let reason = form.entries[focus].locked {
            switch key {
            case .backspace, .char:
                ui.message = reason
                return []
            default: break
            }
        }
        if let b = Keymap.resolve(bindings, ui).binding(for: key) { return b.run(key, &ui, s) }
        guard let c = key.typedText else {
            if case .char = key { ui.message = "\(key.label) does nothing in a form: nothing was typed (its keys are on its last line)." }
            return []
        }
        return change(&ui) { f, e in f.set(e.name, e.text + String(c)) }
    }

    static func focus(_ ui: inout UIState, by step: Int) -> [Action] {
        guard case .form(let form, let focus, false) = ui.mode else { return [] }
        let n = max(1, form.entries.count)
        ui.mode = .form(form, focus: (focus + step + n) % n, submitted: false)
        return []
    }

    /// Changes the focused field.
    static func change(_ ui: inout UIState, _ body: (inout Form, Form.Entry) -> Void) -> [Action] {
        guard case .form(var form, let focus, false) = ui.mode, focus < form.entries.count else { return [] }
        ui.mode = .normal  // let go of the form while it changes
        body(&form, form.entries[focus])
        ui.mode = .form(form, focus: focus, submitted: false)
        return []
    }

    static func submit(_ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        guard case .form(var form, let focus, false) = ui.mode, let model = s.registry.model(named: form.model) else { return [] }
        guard form.validate(against: model) else {
            ui.mode = .form(form, focus: form.entries.firstIndex { $0.problem != nil } ?? focus, submitted: false)
            return []
        }
        if case .edit = form.mode, form.values.isEmpty {
            ui.mode = .normal
            ui.message = "Nothing was edited: nothing written."
            return []
        }
        form.failure = nil
        ui.mode = .form(form, focus: focus, submitted: true)
        return [.write(form.request)]
    }

    /// `i`, `e` or `u` on the rows grid: the form, or the sentence that says why there is none.
    static func open(_ key: Key, _ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        if let refusal = s.readOnlyRefusal { ui.message = refusal; return [] }
        guard case .rows(let r) = s.screen, let model = s.registry.model(named: r.request.model) else { return [] }
        guard !model.isReadOnly else {
            ui.message = "\(model.qualifiedName) is \(model.kind == .view ? "a view" : "written through its parent table"): it has no form here."
            return []
        }
        switch key {
        case .char("e"):
            guard let page = r.page, r.cursor < page.rows.count else { return [] }
            let row = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor]))
            let form = Form(model: model, mode: .edit(key: page.primaryKeys[r.cursor]), row: row, previews: page.previews(row: r.cursor))
            // The cursor starts past the key: an edit is about the other fields.
            let focus = form.entries.firstIndex { !model.primaryKey.contains($0.name) } ?? 0
            ui.mode = .form(form, focus: focus, submitted: false)
        case .char("u"):
            ui.mode = .form(Form(model: model, mode: .upsert(conflictTarget: model.uniqueKeys.first ?? [])), focus: 0, submitted: false)
        default:
            ui.mode = .form(Form(model: model, mode: .insert), focus: 0, submitted: false)
        }
        return []
    }

    // MARK: Render

    static func render(_ s: ExplorerState, _ form: Form, focus: Int, submitted: Bool, height: Int) -> [[Frame.Span]] {
        let title: String
        switch form.mode {
        case .insert: title = "Insert into \(form.model)"
        case .edit(let key): title = "Edit \(form.model) \(KeyText.text(key))  (only edited fields are written)"
        case .upsert(let target): title = "Upsert \(form.model) on (\(target.joined(separator: ", ")))  (F2: another conflict target)"
        }
        let nameWidth = min(22, (form.entries.map { $0.name.displayWidth }.max() ?? 4) + 2)
        var fields: [[Frame.Span]] = []
        for (i, e) in form.entries.enumerated() {
            let marker = e.required ? "*" : " "
            let hint = [e.type, e.defaultText.map { "default \($0)" }, e.isAutomatic ? "auto" : nil].compactMap { $0 }.joined(separator: ", ")
            // A problem takes the hint's place, so it is never cut off at the pane's edge.
            fields.append([.init(marker + e.name.fitted(nameWidth), i == focus ? .selected : .header),
                           e.isNull ? .init("NULL".fitted(28), .null)  // a state, not text: typing replaces it
                               : .init((e.text.isEmpty && i != focus ? "" : CellText.prefix(e.text, 28) + (i == focus ? "▏" : "")).fitted(28), i == focus ? .prompt : .normal),
                           e.problem.map { .init(" ✗ \(e.name) \($0)", .error) } ?? .init(" " + hint.fitted(30), .dim)])
        }
        var foot: [[Frame.Span]] = [[]]
        if let model = s.registry.model(named: form.model), let preview = form.preview(model: model, dialect: s.dialect) {
            foot.append([.init("Will run: ", .header), .init(preview.sql, .sql)])
            if !preview.binds.isEmpty { foot.append([.init("  with ", .dim), .init(preview.binds.map(\.description).joined(separator: ", "))]) }
        }
        foot.append([.init(submitted ? "writing…" : "Enter writes · Tab/↑/↓ move · Ctrl-N NULL · Esc closes · * required", .dim)])
        if !submitted, let error = form.failure { foot.append([.init("✗ " + error, .error)]) }
        // The fields scroll (the focused one in sight); the title and what it will run stay.
        let rows = max(3, height - 1 - foot.count)
        let top = Viewport.top(cursor: focus, count: fields.count, rows: rows)
        let marker = Viewport.marker(top: top, count: fields.count, rows: rows).map { "   field \(focus + 1) of \(fields.count) · " + $0 } ?? ""
        return [[.init(title, .title), .init(marker, .dim)]] + fields[top..<min(fields.count, top + rows)] + foot
    }

    /// What a confirmation will do, over the main pane while it asks (a delete's preview).
    static func confirmation(_ c: Confirmation) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = c.details.enumerated().map { i, line in [.init(line, i == 0 ? .header : .normal)] }
        out.append([])
        out.append([.init("The counts are statements in the SQL pane; the question is on the last line.", .dim)])
        return out
    }
}
