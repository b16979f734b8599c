import ORMCore

/// A value to edit outside the explorer (`E`: `$VISUAL`, else `$EDITOR`, else `vi`): which row
/// and field, the text to start from, and the row as it was read. What comes back becomes an edit
/// form with that one field changed, so the write goes the usual way: the SQL shown first, Enter
/// to write, guarded against a row someone else changed since it was read.
public struct ValueEdit: Sendable, Equatable {
    public var model: String
    public var key: [Value]
    public var field: String
    public var text: String
    public var row: [String: Value]

    public init(model: String, key: [Value], field: String, text: String, row: [String: Value]) {
        self.model = model
        self.key = key
        self.field = field
        self.text = text
        self.row = row
    }

    /// The edit form with `field` set to `edited`, its focus on that field; nil when the text came back unchanged.
    public func form(_ edited: String, registry: Registry) -> (Form, focus: Int)? {
        guard edited != text, let model = registry.model(named: model) else { return nil }
        var form = Form(model: model, mode: .edit(key: key), row: row)
        form.setFromEditor(field, edited)
        return (form, form.entries.firstIndex { $0.name == field } ?? 0)
    }

    /// `E` on the rows grid or the row view: the value under the cursor, or the sentence that says why not.
    static func start(_ ui: inout UIState, _ s: ExplorerState) -> [Action] {
        if let refusal = s.readOnlyRefusal { ui.message = refusal; return [] }
        guard let model = s.currentModel else { return [] }
        guard !model.isReadOnly else { ui.message = "\(model.qualifiedName) cannot be written here: E has nothing to save to."; return [] }
        let key: [Value], row: [String: Value], field: String
        switch s.screen {
        case .rows(let r):
            guard let page = r.page, r.cursor < page.rows.count, ui.column < page.columns.count else { ui.message = "E edits a field's value: select one."; return [] }
            key = page.primaryKeys[r.cursor]
            // Long values read only by their beginning are left out: never edited or written back cut.
            let cut = page.previewedColumns(row: r.cursor)
            if cut.contains(page.columns[ui.column]) {
                ui.message = "\(page.columns[ui.column]) holds a long value this page read only by its beginning: Enter opens the row whole, and E there edits it."
                return []
            }
            row = Dictionary(uniqueKeysWithValues: zip(page.columns, page.rows[r.cursor])).filter { !cut.contains($0.key) }
            field = page.columns[ui.column]
        case .row(let r):
            let names = RowPane.fieldNames(s, r)
            guard r.cursor < names.count, !r.values.isEmpty else { ui.message = "E edits a field's value: select a field (↑)."; return [] }
            guard r.values[names[r.cursor]] != nil else { ui.message = "\(names[r.cursor]) is still being read: E when the row has arrived."; return [] }
            key = r.key
            row = r.values
            field = names[r.cursor]
        case .models:
            return []
        }
        guard let f = model.field(field), !f.isDatabaseAssigned else {
            ui.message = model.field(field)?.isGenerated ?? true ? "\(field) is computed by the database: it cannot be edited."
                : "\(field) is an identity column GENERATED ALWAYS: the database assigns it; it cannot be edited."
            return []
        }
        let value = row[field] ?? .null
        if case .blob = value { ui.message = "E edits text; \(field) is binary (y copies it as hex)."; return [] }
        ui.editValue = ValueEdit(model: model.qualifiedName, key: key, field: field, text: value == .null ? "" : value.displayText ?? "", row: row)
        return []
    }
}
