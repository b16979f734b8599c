import Foundation

/// Removes passwords from anything that might be printed, written to a history file or shown in `ps`.
///
/// These are the generic rules, for any text, including text that is no valid connection string
/// at all (`postgress://user:pw@host/db`, `mysql://...`, a shell line):
///
/// - a URL's user info (`scheme://user:SECRET@host`, up to the last `@` of the URL, so an
///   unencoded `@` in the password does not leave its tail as the host);
/// - a URL's port when it is not a number (`postgresql://user:SECRET/db`: a URL missing its host,
///   where libpq would read the password as the port);
/// - a URL query's `password=SECRET`;
/// - a `password = SECRET` keyword (also `passwd`, `pwd`), quoted or not, spaces around `=` allowed.
///
/// The PostgreSQL driver adds what libpq's own parser (`PQconninfoParse`) finds, through the
/// `hiding:` parameters, so every form libpq accepts is covered.
public enum Redact {
    /// What a secret is replaced with.
    public static let mask = "***"

    /// The text with every secret replaced: `postgresql://u:***@h/db`, `password=***`.
    /// `hiding` names further secrets (decoded values); each is masked wherever it appears,
    /// percent-encoded or backslash-escaped, unless the generic rules masked it already.
    public static func connectionString(_ s: String, hiding extra: [String] = []) -> String {
        let bytes = Array(s.utf8)
        return replacing(ranges(in: bytes, hiding: extra), of: bytes)
    }

    /// The byte ranges (UTF-8 offsets) of `s` that `connectionString(_:hiding:)` masks; for
    /// overwriting text in place (the process's argument list).
    public static func secretByteRanges(in s: String, hiding extra: [String] = []) -> [Range<Int>] {
        ranges(in: Array(s.utf8), hiding: extra)
    }

    /// A message with the connection's passwords removed wherever they appear (raw, decoded or
    /// escaped), trimmed.
    public static func password(in message: String, connectionString: String, hiding extra: [String] = []) -> String {
        hiding(secrets(in: connectionString) + extra, in: message)
    }

    /// A message with each of `secrets` masked wherever it appears (raw, percent-encoded or
    /// backslash-escaped), trimmed.
    public static func hiding(_ secrets: [String], in message: String) -> String {
        let bytes = Array(message.utf8)
        let found = occurrences(of: secrets, in: bytes)
        return replacing(found, of: bytes).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The secrets the generic rules find in `s`, each as written and decoded.
    public static func secrets(in s: String) -> [String] {
        let bytes = Array(s.utf8)
        var found: [String] = []
        for r in structuralRanges(in: bytes) {
            let raw = Array(bytes[r])
            var unquoted = raw
            if unquoted.count >= 2, unquoted.first == quote, unquoted.last == quote { unquoted = Array(unquoted.dropFirst().dropLast()) }
            for form in [raw, unquoted, percentDecoded(unquoted), unescaped(unquoted)] {
                found.append(String(decoding: form, as: UTF8.self))
            }
        }
        return unique(found)
    }

    // MARK: - The rules

    private static let quote = UInt8(ascii: "'")
    private static let backslash = UInt8(ascii: "\\")
    private static let percent = UInt8(ascii: "%")

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    static func ranges(in bytes: [UInt8], hiding extra: [String]) -> [Range<Int>] {
        let structural = structuralRanges(in: bytes)
        // A further secret that lies inside a masked value is hidden already; searching for it
        // elsewhere would only mask unrelated text (a password "p" in "postgresql").
        let maskedValues = structural.map { r -> String in
            let raw = Array(bytes[r])
            return String(decoding: raw, as: UTF8.self) + "\u{0}" + String(decoding: percentDecoded(raw), as: UTF8.self)
                + "\u{0}" + String(decoding: unescaped(raw), as: UTF8.self)
        }
        let missed = extra.filter { secret in !secret.isEmpty && !maskedValues.contains { $0.contains(secret) } }
        return merged(structural + occurrences(of: missed, in: bytes))
    }

    /// The ranges the URL and keyword rules find.
    static func structuralRanges(in b: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var urls: [Range<Int>] = []
        var i = 0
        // URLs: every `://`, up to the next space (or a quote that opened before it).
        while i + 2 < b.count {
            guard b[i] == UInt8(ascii: ":"), b[i + 1] == UInt8(ascii: "/"), b[i + 2] == UInt8(ascii: "/") else { i += 1; continue }
            var start = i
            while start > 0, !isSpace(b[start - 1]), b[start - 1] != quote, b[start - 1] != UInt8(ascii: "\"") { start -= 1 }
            let opener: UInt8? = start > 0 && !isSpace(b[start - 1]) ? b[start - 1] : nil
            let authority = i + 3
            var end = authority
            while end < b.count, !isSpace(b[end]), b[end] != opener { end += 1 }
            urls.append(start..<end)
            out += urlSecrets(b, authority: authority, end: end)
            i = end
        }
        // Keywords outside URLs.
        i = 0
        while i < b.count {
            if let url = urls.first(where: { $0.contains(i) }) { i = url.upperBound; continue }
            if let value = keywordValue(b, at: i) {
                out.append(value)
                i = value.upperBound
            } else {
                i += 1
            }
        }
        return merged(out)
    }

    /// The user info's password, a port that is not a number, and `password=` in the query.
    private static func urlSecrets(_ b: [UInt8], authority: Int, end: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let question = b[authority..<end].firstIndex(of: UInt8(ascii: "?")) ?? end
        if let at = b[authority..<question].lastIndex(of: UInt8(ascii: "@")) {
            if let colon = b[authority..<at].firstIndex(of: UInt8(ascii: ":")), colon + 1 < at {
                out.append((colon + 1)..<at)
            }
        } else {
            // No user info: `host:port[,host:port]`; a port that is not a number may be a password.
            let slash = b[authority..<question].firstIndex(of: UInt8(ascii: "/")) ?? question
            var depth = 0
            var colon: Int?
            for k in authority...slash {
                let c: UInt8 = k < slash ? b[k] : UInt8(ascii: ",")
                if c == UInt8(ascii: "[") { depth += 1 } else if c == UInt8(ascii: "]") { depth -= 1 }
                else if c == UInt8(ascii: ":"), depth == 0 { colon = k }
                else if c == UInt8(ascii: ","), depth == 0 {
                    if let colon, colon + 1 < k, !b[(colon + 1)..<k].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                        out.append((colon + 1)..<k)
                    }
                    colon = nil
                }
            }
        }
        // The query: key=value pairs split by &.
        var k = question + 1
        while k < end {
            let pairEnd = b[k..<end].firstIndex { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "#") } ?? end
            if let eq = b[k..<pairEnd].firstIndex(of: UInt8(ascii: "=")) {
                let key = String(decoding: percentDecoded(Array(b[k..<eq])), as: UTF8.self).lowercased()
                if passwordKeys.contains(key), eq + 1 < pairEnd { out.append((eq + 1)..<pairEnd) }
            }
            k = pairEnd + 1
        }
        return out
    }

    private static let passwordKeys: Set<String> = ["password", "passwd", "pwd"]

    /// At `i`, a `password = value` keyword (libpq's keyword syntax: spaces around `=` allowed,
    /// a value quoted with `'` and backslash escapes, or running to the next space); the value's range.
    private static func keywordValue(_ b: [UInt8], at i: Int) -> Range<Int>? {
        if i > 0, isWordByte(b[i - 1]) { return nil }
        var k = i
        while k < b.count, isWordByte(b[k]) { k += 1 }
        guard k > i, passwordKeys.contains(String(decoding: b[i..<k], as: UTF8.self).lowercased()) else { return nil }
        while k < b.count, isSpace(b[k]) { k += 1 }
        guard k < b.count, b[k] == UInt8(ascii: "=") else { return nil }
        k += 1
        while k < b.count, isSpace(b[k]) { k += 1 }
        let start = k
        if k < b.count, b[k] == quote {
            k += 1
            while k < b.count, b[k] != quote { k += b[k] == backslash ? 2 : 1 }
            k = min(k + 1, b.count)
        } else {
            while k < b.count, !isSpace(b[k]) { k += b[k] == backslash ? 2 : 1 }
            k = min(k, b.count)
        }
        return k > start ? start..<k : nil
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
    }

    // MARK: - Finding a secret however it is written

    /// Every range of `b` that reads as one of `secrets` as written, percent-decoded or with
    /// backslash escapes removed.
    static func occurrences(of secrets: [String], in b: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for secret in unique(secrets) where !secret.isEmpty {
            let s = Array(secret.utf8)
            var i = 0
            while i < b.count {
                if let end = match(s, in: b, at: i, percent: true) ?? match(s, in: b, at: i, percent: false) {
                    out.append(i..<end)
                    i = end
                } else {
                    i += 1
                }
            }
        }
        return merged(out)
    }

    /// Where a match of `s` starting at `i` ends, decoding `%XX` (percent) or `\x` (not percent).
    private static func match(_ s: [UInt8], in b: [UInt8], at i: Int, percent: Bool) -> Int? {
        var j = i, k = 0
        while k < s.count {
            guard j < b.count else { return nil }
            var byte = b[j], width = 1
            if percent, b[j] == Redact.percent, j + 2 < b.count, let h = hex(b[j + 1]), let l = hex(b[j + 2]) {
                byte = h << 4 | l
                width = 3
            } else if !percent, b[j] == backslash, j + 1 < b.count {
                byte = b[j + 1]
                width = 2
            }
            guard byte == s[k] else { return nil }
            j += width
            k += 1
        }
        return j
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    static func percentDecoded(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == percent, i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    static func unescaped(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == backslash, i + 1 < b.count { i += 1 }
            out.append(b[i])
            i += 1
        }
        return out
    }

    // MARK: - Ranges

    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    private static func replacing(_ ranges: [Range<Int>], of b: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        for r in ranges {
            out += b[i..<r.lowerBound]
            out += Array(mask.utf8)
            i = r.upperBound
        }
        out += b[i...]
        return String(decoding: out, as: UTF8.self)
    }

    private static func unique(_ strings: [String]) -> [String] {
        var seen = Set<String>()
        // Longest first, so a secret that contains another is masked whole.
        return strings.filter { !$0.isEmpty && seen.insert($0).inserted }.sorted { $0.utf8.count > $1.utf8.count }
    }
}
