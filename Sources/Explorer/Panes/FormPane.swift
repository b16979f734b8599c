import ORMCore

/// A form (i insert, e edit, u upsert): one line per field with its type, default and problem,
/// the SQL it will run, and the last write's error when it failed (a new form starts without
/// one). The fields scroll to keep the focused one in sight.
public enum FormPane {
    static let bindings = BindingGroup("Form", [
        Binding("form.next", [.tab, .down], "the next field") { _, ui, _ in focus(&ui, by: 1) },
        Binding("form.previous", [.up], "the field before") { _, ui, _ in focus(&ui, by: -1) },
        Binding("form.delete", [.backspace], "delete the character before the caret") { _, ui, _ in
            change(&ui) { f, e in f.deleteBackward(e.name) }
        },
        Binding("form.left", [.left], "the caret one character left (a long value scrolls)") { _, ui, _ in change(&ui) { f, e in f.moveCaret(e.name, by: -1) } },
        Binding("form.right", [.right], "the caret one character right") { _, ui, _ in change(&ui) { f, e in f.moveCaret(e.name, by: 1) } },
        Binding("form.start", [.home, .char("\u{01}")], "the caret to the field's start") { _, ui, _ in change(&ui) { f, e in f.moveCaret(e.name, toStart: true) } },
        Binding("form.end", [.end, .char("\u{05}")], "the caret to the field's end") { _, ui, _ in change(&ui) { f, e in f.moveCaret(e.name) } },
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
        return change(&ui) { f, e in f.type(e.name, String(c)) }
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
            ui.message = "\(model.qualifiedName) is \(model.kind == .view ? model.kindPhrase : "written through its parent table"): it has no form here."
            return []
        }
        switch key {
        case .char("e"):
            guard let page = r.page, r.cursor < page.rows.count else { return [] }
            let row = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor]))
            let previews = page.previews(row: r.cursor)
            // Long text values the page read the beginning of are read whole first (`editRow`).
            if previews.contains(where: { Form.editsWhole($0.value, model.field($0.key)) }) { return [.editRow] }
            let form = Form(model: model, mode: .edit(key: page.primaryKeys[r.cursor]), row: row, previews: previews)
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
                               : .init((i == focus && e.locked == nil ? window(e.text, caret: e.caret, width: valueWidth)
                                        : CellText.prefix(e.text, valueWidth)).fitted(valueWidth), i == focus ? .prompt : .normal),
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

    /// Columns a field's value takes on its line.
    public static let valueWidth = 28

    /// The part of a field's text its line shows with the caret (`▏`) at `caret` (characters; nil:
    /// the end), as a readline field does: the text scrolls by half the field at a time so the
    /// caret stays in sight, `‹` and `›` marking text cut off before and after. Widths are display
    /// columns (a CJK character takes two).
    public static func window(_ text: String, caret: Int?, width: Int) -> String {
        let chars = Array(text)
        let at = min(caret ?? chars.count, chars.count)
        let widths = chars.map { String($0).displayWidth }
        let total = widths.reduce(0, +)
        let room = width - 1  // the caret's column
        if total <= room { return String(chars[..<at]) + "▏" + String(chars[at...]) }
        let caretColumn = widths[..<at].reduce(0, +)
        let half = max(1, room / 2)
        // The first column shown: a multiple of `half`, the least that leaves the caret room
        // before a `›` at the right edge.
        // (Near the end the window ends with the text rather than short of it.)
        let start = min(max(0, (caretColumn - (room - 2) + half - 1) / half) * half, total - room)
        var column = 0, before = "", after = ""
        let first = start == 0 ? 0 : start + 1            // after the ‹
        var last = start + room                            // the columns up to here fit
        let cutRight = total - start > room
        if cutRight { last -= 1 }                          // room for the ›
        for (k, c) in chars.enumerated() {
            let w = widths[k]
            defer { column += w }
            guard column >= first, column + w <= last else { continue }
            if k < at { before.append(c) } else { after.append(c) }
        }
        return (start > 0 ? "‹" : "") + before + "▏" + after + (cutRight ? "›" : "")
    }

    /// What a confirmation will do, over the main pane while it asks (a delete's preview).
    static func confirmation(_ c: Confirmation) -> [[Frame.Span]] {
        var out: [[Frame.Span]] = c.details.enumerated().map { i, line in [.init(line, i == 0 ? .header : .normal)] }
        out.append([])
        out.append([.init("The counts are statements in the SQL pane; the question is on the last line.", .dim)])
        return out
    }
}
