import ORMCore

/// What `y` and `Y` copy: a value as its text (binary as `\x` hex, NULL as nothing), a row as
/// two tab-separated lines (the column names, then the values), which spreadsheets paste as cells.
public enum Clipboard {
    /// Bytes of text a copy sends at most (terminals refuse larger OSC 52 sequences).
    public static let limit = 100_000

    public static func text(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .blob(let b): return Hex.encode(b, prefix: "\\x")
        default: return v.displayText ?? ""
        }
    }

    public static func row(_ columns: [String], _ values: [Value]) -> String {
        func cell(_ s: String) -> String { String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }) }
        return columns.map(cell).joined(separator: "\t") + "\n" + values.map { cell(text($0)) }.joined(separator: "\t")
    }

    /// `y` / `Y` on the rows grid or the row view: what to copy, or the sentence that says why nothing.
    static func copy(_ key: Key, _ ui: inout UIState, _ s: ExplorerState, row: Bool) -> [Action] {
        switch s.screen {
        case .rows(let r):
            guard let page = r.page, r.cursor < page.rows.count else { ui.message = "No row to copy."; return [] }
            // A value read only by its beginning is never copied as if it were the value.
            let cut = page.previewedColumns(row: r.cursor)
            if !cut.isEmpty && (row || (ui.column < page.columns.count && cut.contains(page.columns[ui.column]))) {
                ui.message = "\(cut.joined(separator: ", ")) holds a long value this page read only by its beginning: Enter opens the row whole, and y there copies it."
                return []
            }
            if row { ui.copy = (Clipboard.row(page.columns, page.rows[r.cursor]), "the row") }
            else if ui.column < page.columns.count { ui.copy = (text(page.rows[r.cursor][ui.column]), page.columns[ui.column]) }
            else { ui.message = "y copies a field's value; this column is a relationship's summary." }
        case .row(let r):
            let names = RowPane.fieldNames(s, r)
            if names.contains(where: { r.values[$0] == nil }), !r.values.isEmpty {
                ui.message = "The row is still being read: y when it has arrived."
                return []
            }
            if row { ui.copy = (Clipboard.row(names, names.map { r.values[$0] ?? .null }), "the row") }
            else if r.cursor < names.count { ui.copy = (text(r.values[names[r.cursor]] ?? .null), names[r.cursor]) }
            else { ui.message = "y copies a field's value: select a field (↑)." }
        case .models:
            ui.message = "Nothing to copy on the model list."
        }
        return []
    }
}
