import ORMCore

/// What a grid cell shows of a value: a bounded prefix, never the whole value. A 10 MB text or a
/// 5 MB binary costs the same to draw as a short one (the grid's widest column is 24 cells).
public enum CellText {
    /// Characters of a value a cell reads at most (more than any column is wide): what a page
    /// reads of a long value (`ValuePreview`).
    public static let limit = ValuePreview.characters
    /// Bytes of a binary value shown in hex after its size.
    public static let hexBytes = ValuePreview.bytes

    /// A cell of a page: its value, or the preview the page read instead of a long value (shown
    /// as the value's beginning and "…", a binary with its size).
    public static func of(_ v: Value, preview: ValuePreview?) -> (text: String, style: Frame.Style, alignRight: Bool) {
        guard let preview else { return of(v) }
        switch preview.prefix {
        case .blob(let b):
            let size = preview.byteCount.map { "\(NumberText.grouped($0)) bytes" } ?? "more than \(b.count) bytes"
            return ("<\(size)> " + Hex.encode(b, prefix: "\\x") + "…", .dim, false)
        case .text(let t): return (prefix(t, limit) + "…", .normal, false)
        default: return (prefix(preview.prefix.displayText ?? "", limit), .normal, false)
        }
    }

    /// How a NULL is shown, in the grid, the row view, the value viewer and the CLI's table.
    public static let nullText = "NULL"

    /// A text that could be taken for a NULL or for nothing, as it is shown instead, quoted: the
    /// empty text `''`, a text that reads NULL in any case `'NULL'` / `'null'` (the grid and the
    /// CLI's table alike, so no colour is needed to tell them from a NULL); nil for any other text.
    public static func lookalike(_ t: String) -> String? {
        if t.isEmpty { return "''" }
        // (Four bytes first: a cell's text is not uppercased to find out.)
        if t.utf8.count == 4, t.uppercased() == nullText { return "'\(t)'" }
        return nil
    }

    /// The cell's text, its style and whether it is right-aligned (numbers).
    public static func of(_ v: Value, limit: Int = CellText.limit) -> (text: String, style: Frame.Style, alignRight: Bool) {
        switch v {
        case .null: return (nullText, .null, false)
        case .int, .double, .decimal: return (prefix(v.displayText ?? "", limit), .number, true)
        case .text(let t) where t.isEmpty: return (lookalike(t) ?? "", .dim, false)
        case .text(let t): return (lookalike(t) ?? prefix(t, limit), .normal, false)
        case .blob(let b):
            return ("<\(NumberText.grouped(b.count)) bytes> " + Hex.encode(b.prefix(hexBytes), prefix: "\\x") + (b.count > hexBytes ? "…" : ""), .dim, false)
        default: return (prefix(v.displayText ?? "", limit), .normal, false)
        }
    }

    /// At most `limit` characters of `s` on one line (line breaks and control characters shown as
    /// symbols), with "…" when there was more.
    public static func prefix(_ s: String, _ limit: Int) -> String {
        var out = "", n = 0
        for c in s {
            if n == limit { out.append("…"); return out }
            out.append(c.shownInline)
            n += 1
        }
        return out
    }

}
