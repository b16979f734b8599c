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

extension DateText {
    /// A quoted date written to compare with SQLite date texts like `stored` as a date-time value
    /// compares (PostgreSQL's `timestamp`, SQLAlchemy's and Django's own bound datetimes): SQLite
    /// compares the texts, so `"2024-03-31 02:30"` would find no `2024-03-31 02:30:00`. The typed
    /// date is completed to the stored shape (the time `00:00:00` and the separator of a date alone,
    /// `:00` for missing seconds), and since the same instant may be stored with or without a
    /// fraction (`02:30:00`, `02:30:00.000000`), it is the range of texts from `lo` (as typed, no
    /// trailing zero in the fraction) to `hi` (the fraction padded to six digits), which holds every
    /// text of that instant and no other:
    ///
    ///     bounds("2024-03-31", stored: "2024-03-30 10:00:00")       lo "2024-03-31 00:00:00", hi "2024-03-31 00:00:00.000000"
    ///     bounds("2024-03-31 02:30:00.5", stored: "... 10:00:00")   lo "2024-03-31 02:30:00.5", hi "2024-03-31 02:30:00.500000"
    ///
    /// nil when the stored dates have no time (a date column: nothing to complete), when either
    /// text has a zone or is no date and time of these shapes, or when the separators differ (the
    /// filter says so instead: `FilterParser.storedFormProblem`).
    public static func bounds(_ typed: String, stored: String) -> (lo: String, hi: String)? {
        let s = Array(stored.utf8), t = Array(typed.utf8)
        guard isDatePrefix(s), isDatePrefix(t), s.count >= 16, zoneStart(s) == nil, zoneStart(t) == nil,
              isClock(s, at: 11) else { return nil }
        let separator = s[10], storesSeconds = s.count >= 19 && s[16] == UInt8(ascii: ":") && isDigits(s, 17..<19)
        var base = Array(t.prefix(10))
        var fraction: [UInt8] = []
        switch t.count {
        case 10:
            base += [separator] + Array("00:00".utf8)
            if storesSeconds { base += Array(":00".utf8) }
        case 16:
            guard t[10] == separator, isClock(t, at: 11) else { return nil }
            base = t
            if storesSeconds { base += Array(":00".utf8) }
        default:
            guard t.count >= 19, t[10] == separator, isClock(t, at: 11), t[16] == UInt8(ascii: ":"), isDigits(t, 17..<19) else { return nil }
            base = Array(t.prefix(19))
            if t.count > 19 {
                guard t[19] == UInt8(ascii: "."), t.count > 20, isDigits(t, 20..<t.count) else { return nil }
                fraction = Array(t[20...])
                while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
            }
        }
        let lo = base + (fraction.isEmpty ? [] : [UInt8(ascii: ".")] + fraction)
        guard storesSeconds else { return (String(decoding: lo, as: UTF8.self), String(decoding: lo, as: UTF8.self)) }
        let hi = base + [UInt8(ascii: ".")] + fraction + Array(repeating: UInt8(ascii: "0"), count: max(0, 6 - fraction.count))
        return (String(decoding: lo, as: UTF8.self), String(decoding: hi, as: UTF8.self))
    }

    /// `HH:MM` at `i`.
    static func isClock(_ b: [UInt8], at i: Int) -> Bool {
        b.count >= i + 5 && isDigits(b, i..<(i + 2)) && b[i + 2] == UInt8(ascii: ":") && isDigits(b, (i + 3)..<(i + 5))
    }

    static func isDigits(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        r.upperBound <= b.count && b[r].allSatisfy { (48...57).contains($0) }
    }
}
