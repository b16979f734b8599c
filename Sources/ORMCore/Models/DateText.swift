/// The shape of a date's text as SQLite stores it (it has no date type: the text is the value), one
/// rule for the filter that compares with it and the load that writes beside it.
public enum DateText {
    /// `YYYY-MM-DD` at the start of `b`.
    public static func isDatePrefix(_ b: [UInt8]) -> Bool {
        guard b.count >= 10 else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(48...57).contains(b[i]) { return false }
        return b[4] == UInt8(ascii: "-") && b[7] == UInt8(ascii: "-")
    }

    /// Where a date-time text's zone starts (`Z`, `+02`, `-05:30` after the time), nil when it has none.
    public static func zoneStart(_ b: [UInt8]) -> Int? {
        guard b.count > 11 else { return nil }
        for i in 11..<b.count where [UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(b[i]) { return i }
        return nil
    }

    /// How a date's text is written: the character between date and time (space, `T`, or none for a
    /// date alone) and whether it gives a zone; nil for text that is no date.
    public static func form(_ text: String) -> String? {
        let b = Array(text.utf8)
        guard isDatePrefix(b) else { return nil }
        return (b.count > 10 ? String(UnicodeScalar(b[10])) : "") + (zoneStart(b) != nil ? "+zone" : "")
    }
}
