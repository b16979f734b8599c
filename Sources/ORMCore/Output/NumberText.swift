/// Numbers as sentences write them, one way for every layer: `1234567` as `1,234,567`, and a
/// count with its noun (`1 row`, `2 rows`, `1,000 parents`).
public enum NumberText {
    /// `1234567` as `1,234,567`; `-1234` as `-1,234`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        out.reserveCapacity(digits.utf8.count + digits.utf8.count / 3 + 1)
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `n` grouped with its noun, singular for 1 and -1 (`1 row`, `0 rows`, `12,000 rows`); `plural`
    /// when the noun does not take an `s` (`counted(2, "child", "children")`).
    public static func counted(_ n: Int, _ noun: String, _ plural: String? = nil) -> String {
        grouped(n) + " " + (n.magnitude == 1 ? noun : plural ?? noun + "s")
    }
}
