import Foundation
import ORMCore

/// The current view as CSV or JSON text (the terminal layer writes the file).
public enum Export {
    public enum Format: String, Sendable, Equatable { case csv, json }

    /// The file name for an export of `model`: `<model>-<stamp>.<csv|json>`, a plain name for the
    /// current directory whatever the model is called. Path separators (`/`, `\`), `:`, the double
    /// quotes of a quoted name (`public."sx.ty"`), dots (so no `..`, and `schema.table` reads
    /// `schema_table`), control and format characters become `_`, a leading `-` too (not read as
    /// an option by other tools), and a long name is cut.
    ///
    /// ```
    /// fileName(model: "/var/x/evil", stamp: 7, format: .csv)   // "_var_x_evil-7.csv"
    /// ```
    public static func fileName(model: String, stamp: Int, format: Format) -> String {
        var base = ""
        for scalar in model.unicodeScalars {
            let unsafe = scalar == "/" || scalar == "\\" || scalar == "." || scalar == ":" || scalar == "\""
                || [.control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned].contains(scalar.properties.generalCategory)
            base.unicodeScalars.append(unsafe ? "_" : scalar)
        }
        if base.hasPrefix("-") { base = "_" + base.dropFirst() }
        // File names hold 255 bytes: keep the model part to 200, cut at a character.
        while base.utf8.count > 200 { base.removeLast() }
        if base.isEmpty { base = "export" }
        return "\(base)-\(stamp).\(format.rawValue)"
    }

    /// RFC 4180 CSV with a header, by ORMCore's `CSVWriter` (the command line's too): NULL is an
    /// empty field, the empty string is `""`, records end with CRLF.
    public static func csv(_ page: PageData) -> String {
        var w = CSVWriter()
        w.record(page.columns)
        for row in page.rows { w.record(row) }
        return w.text
    }

    /// `{"format": 1, "rows": [...]}`, one row object per line, keys in column order, each value typed
    /// as the command line's JSON output types it (`model` gives the columns' catalog types).
    public static func json(_ page: PageData, model: Model? = nil) -> String {
        let types = page.columns.map { name in model?.field(name).map(JSONColumn.init) ?? .untyped }
        var w = JSONWriter()
        w.beginObject()
        w.key("format")
        w.int(1)
        w.key("rows")
        w.beginArray()
        for row in page.rows {
            w.lineBreak()
            w.beginObject()
            for (i, (c, v)) in zip(page.columns, row).enumerated() {
                w.key(c)
                w.value(v, types[i])
            }
            w.endObject()
        }
        if !page.rows.isEmpty { w.raw("\n") }
        w.endArray()
        w.endObject()
        w.raw("\n")
        return w.text
    }
}
