import ORMCore

/// A model's form as data: each field with its type, whether it is required, its default, its
/// length limit and whether it is part of the key; the text typed so far; and the problem with it,
/// found before any SQL runs. The terminal draws it; the explorer turns it into a write.
public struct Form: Sendable, Equatable {
    public enum Mode: Sendable, Equatable {
        case insert
        /// Changes only the fields the user edits, on the row with this primary key.
        case edit(key: [Value])
        /// Inserts, or updates the row that holds the same values in these fields.
        case upsert(conflictTarget: [String])
    }

    public struct Entry: Sendable, Equatable {
        public var name: String
        public var type: String
        public var required: Bool
        public var defaultText: String?
        public var maxLength: Int?
        public var isKey: Bool
        /// Assigned by the database (identity, autoincrement) or computed: left out unless typed.
        public var isAutomatic: Bool
        /// Whether the column accepts NULL (Ctrl-N toggles NULL only then).
        public var nullable: Bool
        /// Whether the field's type is text-like, where the empty text is a value ('').
        public var isText: Bool
        /// The text typed; not shown and not written while the field is NULL.
        public var text: String
        /// NULL, chosen (Ctrl-N) or read from the row: a state, never a spelling. Typing replaces it.
        public var isNull = false
        public var edited = false
        public var problem: String?
        /// Why the field cannot be typed into (a binary value the page read only the beginning
        /// of, a value of several lines): it is left as the database holds it.
        public var locked: String?
        /// Where typing goes, in characters from the start; nil: at the end. The field scrolls
        /// to keep it in sight (`FormPane.window`), so a value of any length is edited in place.
        public var caret: Int?

        /// What the field holds: NULL, or its text.
        public var input: FieldText { isNull ? .null : .text(text) }
    }

    public var model: String
    public var mode: Mode
    public var entries: [Entry]
    /// The row as it was read (an edit's starting point): the write is guarded against it.
    public var original: [String: Value]
    /// Why this form's last write failed (the form stays open with it); a new form starts without one.
    public var failure: String?

    /// The form for a model; an edit starts from the row's values. Fields the row holds only as
    /// previews (`previews`: long values a page read the beginning of) are locked: shown, never
    /// written, never guarded by their beginning.
    public init(model: Model, mode: Mode, row: [String: Value] = [:], previews: [String: ValuePreview] = [:]) {
        self.model = model.qualifiedName
        self.mode = mode
        original = row.filter { previews[$0.key] == nil }
        entries = model.fields.filter { !$0.isDatabaseAssigned }.map { f in
            var e = Entry(name: f.name, type: f.type.declared, required: f.isRequired, defaultText: f.defaultExpression,
                          maxLength: f.type.maxLength, isKey: model.primaryKey.contains(f.name), isAutomatic: f.isAutoIncrement,
                          nullable: f.isNullable, isText: [.text, .json, .enumeration, .other, .array].contains(f.type.kind),
                          text: row[f.name]?.displayText ?? "", isNull: row[f.name] == .null)
            if let p = previews[f.name] {
                e.text = CellText.of(p.prefix, preview: p).text
                e.isNull = false
                e.locked = "\(f.name) holds a long value (\(p.byteCount.map { "\(NumberText.grouped($0)) bytes" } ?? "more than \(ValuePreview.characters) characters")): "
                    + "this form shows its beginning and leaves it as it is (v reads it whole)."
            } else if e.text.contains(where: \.isNewline) {
                // One line of the form holds one line of text: several are the editor's (E).
                e.locked = "\(f.name) holds several lines: E edits it in $EDITOR; this form leaves it as it is."
            }
            return e
        }
    }

    /// Whether an edit form reads a previewed value whole and edits it in place: a text one
    /// (a binary one stays a preview, left as it is).
    public static func editsWhole(_ preview: ValuePreview, _ field: Field?) -> Bool {
        guard case .text = preview.prefix, let field else { return false }
        return field.type.kind != .blob
    }

    /// Sets a field's text (the caret to its end): the text replaces NULL if the field held it.
    public mutating func set(_ name: String, _ text: String) {
        guard let i = entries.firstIndex(where: { $0.name == name }), entries[i].locked == nil else { return }
        entries[i].text = text
        entries[i].caret = nil
        entries[i].isNull = false
        entries[i].edited = true
        entries[i].problem = nil
    }

    /// The text an external editor gave back for a field (`E`), written whatever the field's lock;
    /// several lines stay locked against typing (one line of the form shows one line of text).
    public mutating func setFromEditor(_ name: String, _ text: String) {
        guard let i = entries.firstIndex(where: { $0.name == name }) else { return }
        entries[i].locked = nil
        set(name, text)
        if text.contains(where: \.isNewline) {
            entries[i].locked = "\(name) was edited in $EDITOR (several lines): Enter writes it; E edits it again."
        }
    }

    /// Types `text` at the field's caret (a NULL field starts empty), the caret after it.
    public mutating func type(_ name: String, _ text: String) {
        guard let i = entries.firstIndex(where: { $0.name == name }), entries[i].locked == nil else { return }
        let e = entries[i]
        let base = e.isNull ? "" : e.text
        let at = base.index(base.startIndex, offsetBy: min(e.caret ?? base.count, base.count))
        set(name, String(base[..<at]) + text + String(base[at...]))
        let caret = base.distance(from: base.startIndex, to: at) + text.count
        entries[i].caret = caret == entries[i].text.count ? nil : caret
    }

    /// Backspace: the character before the caret goes.
    public mutating func deleteBackward(_ name: String) {
        guard let i = entries.firstIndex(where: { $0.name == name }), entries[i].locked == nil else { return }
        let text = entries[i].text
        let caret = min(entries[i].caret ?? text.count, text.count)
        guard caret > 0 else { return }
        let at = text.index(text.startIndex, offsetBy: caret)
        set(name, String(text[..<text.index(before: at)]) + String(text[at...]))
        entries[i].caret = caret - 1 == entries[i].text.count ? nil : caret - 1
    }

    /// Moves the caret by `step` characters (Left, Right), or to the start or end.
    public mutating func moveCaret(_ name: String, by step: Int? = nil, toStart: Bool = false) {
        guard let i = entries.firstIndex(where: { $0.name == name }) else { return }
        let n = entries[i].text.count
        let caret: Int
        if let step { caret = max(0, min(n, (entries[i].caret ?? n) + step)) } else { caret = toStart ? 0 : n }
        entries[i].caret = caret == n ? nil : caret
    }

    /// Ctrl-N: a nullable field becomes NULL, or a NULL field becomes empty text. Returns false
    /// (and changes nothing) for a field that does not accept NULL.
    @discardableResult
    public mutating func toggleNull(_ name: String) -> Bool {
        guard let i = entries.firstIndex(where: { $0.name == name }), entries[i].locked == nil,
              entries[i].nullable || entries[i].isNull else { return false }
        entries[i].isNull.toggle()
        entries[i].text = ""
        entries[i].edited = true
        entries[i].problem = nil
        return true
    }

    /// The fields the write will send: only the edited ones for an edit (a partial update); for an
    /// insert or upsert every field that is NULL or holds text. An empty field is left out (the
    /// database fills it: its default, an automatic key, or NULL), except a text field typed into
    /// and emptied with no default, which is the empty text ''. In an edit an emptied field is its
    /// text: '' for text, and a problem for any other type (Ctrl-N chooses NULL).
    public var values: [String: FieldText] {
        var out: [String: FieldText] = [:]
        for e in entries {
            switch mode {
            case .edit:
                if e.edited { out[e.name] = e.input }
            case .insert, .upsert:
                if e.isNull { out[e.name] = .null }
                else if !e.text.isEmpty && (e.edited || !e.isAutomatic) { out[e.name] = .text(e.text) }
                else if e.text.isEmpty && e.edited && e.isText && !e.isAutomatic && e.defaultText == nil { out[e.name] = .text("") }
            }
        }
        return out
    }

    /// Checks every value against the model (types, required fields, lengths, enum labels), marking
    /// each field's problem; returns whether the form can be written. No SQL runs.
    @discardableResult
    public mutating func validate(against model: Model) -> Bool {
        var typed: [String: Value] = [:]
        for i in entries.indices { entries[i].problem = nil }
        for (name, input) in values {
            guard let field = model.field(name), let i = entries.firstIndex(where: { $0.name == name }) else { continue }
            switch FieldInput.value(input, for: field) {
            case .success(let v): typed[name] = v
            case .failure(let p):
                entries[i].problem = p.message + (input == .text("") && entries[i].nullable ? "; Ctrl-N sets NULL" : "")
            }
        }
        let isInsert: Bool
        if case .edit = mode { isInsert = false } else { isInsert = true }
        for p in Validator.problems(typed, model: model, isInsert: isInsert) {
            if let i = entries.firstIndex(where: { $0.name == p.field }), entries[i].problem == nil { entries[i].problem = p.message }
        }
        return entries.allSatisfy { $0.problem == nil }
    }

    /// The write this form makes.
    public var request: WriteRequest {
        switch mode {
        case .insert: return .insert(model: model, values: values)
        case .edit(let key):
            let written = values
            return .update(model: model, key: key, values: written, original: original.filter { written[$0.key] != nil })
        case .upsert(let target): return .upsert(model: model, values: values, conflictTarget: target)
        }
    }

    /// The statement the write will run, with its values, shown before it runs: built by the same
    /// `WriteStatement` the flush uses, with the same guard (each edited field must still hold the
    /// value the form was opened with). A field typed back to the value it had is not written.
    ///
    /// ```sql
    /// UPDATE "hero" SET "age" = ? WHERE ("id" = ?) AND ("age" IS NOT DISTINCT FROM ?)   -- [31, 7, 30]
    /// ```
    public func preview(model: Model, dialect: Dialect) -> CompiledSQL? {
        var typed: [String: Value] = [:]
        for (name, input) in values {
            guard let field = model.field(name), case .success(let v) = FieldInput.value(input, for: field) else { continue }
            typed[name] = v
        }
        let statement: Statement?
        switch mode {
        case .insert:
            statement = WriteStatement.insert(model, WriteStatement.ordered(typed, model), dialect: dialect)
        case .edit(let key):
            let changed = WriteStatement.ordered(typed, model).filter { original[$0.column] != $0.value }
            statement = changed.isEmpty ? nil : WriteStatement.update(
                model, key: key, set: changed, guards: changed.compactMap { c in original[c.column].map { (c.column, $0) } })
        case .upsert(let target):
            statement = try? WriteStatement.upsert(model, WriteStatement.ordered(typed, model), conflictTarget: target, dialect: dialect)
        }
        return statement.flatMap { try? SQLCompiler.compile($0, dialect: dialect) }
    }
}
