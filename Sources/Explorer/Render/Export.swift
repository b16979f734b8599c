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

    /// RFC 4180 CSV with a header; NULL is an empty field, the empty string is "".
    public static func csv(_ page: PageData) -> String {
        func field(_ v: Value) -> String {
            guard let s = v.displayText else { return "" }
            if s.isEmpty || s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        var out = page.columns.map { field(.text($0)) }.joined(separator: ",") + "\r\n"
        for row in page.rows { out += row.map(field).joined(separator: ",") + "\r\n" }
        return out
    }

    /// A JSON array of objects, keys sorted; NULL is null, numbers and booleans stay themselves.
    public static func json(_ page: PageData) -> String {
        let rows: [[String: Any]] = page.rows.map { row in
            var o: [String: Any] = [:]
            for (c, v) in zip(page.columns, row) {
                switch v {
                case .null: o[c] = NSNull()
                case .int(let n): o[c] = n
                case .double(let d) where d.isFinite: o[c] = d
                case .bool(let b): o[c] = b
                default: o[c] = v.displayText ?? NSNull()
                }
            }
            return o
        }
        let data = (try? JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
