import Foundation
import ORMCore

/// The current view as CSV or JSON text (the terminal layer writes the file).
public enum Export {
    public enum Format: String, Sendable, Equatable { case csv, json }

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
