import Foundation

/// Removes passwords from anything that might be printed.
public enum Redact {
    /// The connection string with its password replaced: `postgresql://u:***@h/db`, `password=***`.
    public static func connectionString(_ s: String) -> String {
        var out = s
        // URL form: scheme://user:password@host
        if let schemeEnd = out.range(of: "://") {
            let rest = out[schemeEnd.upperBound...]
            if let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                out.replaceSubrange(out.index(after: colon)..<at, with: "***")
            }
        }
        // URL query (?password=...) and keyword (password=...) forms.
        for key in ["password=", "PASSWORD="] {
            var searchStart = out.startIndex
            while let r = out.range(of: key, range: searchStart..<out.endIndex) {
                let valueStart = r.upperBound
                var end = valueStart
                if end < out.endIndex, out[end] == "'" {
                    end = out.index(after: end)
                    while end < out.endIndex && out[end] != "'" {
                        if out[end] == "\\" { end = out.index(after: end) }
                        if end < out.endIndex { end = out.index(after: end) }
                    }
                    if end < out.endIndex { end = out.index(after: end) }
                } else {
                    while end < out.endIndex && !" &".contains(out[end]) { end = out.index(after: end) }
                }
                out.replaceSubrange(valueStart..<end, with: "***")
                searchStart = out.index(valueStart, offsetBy: 3)
            }
        }
        return out
    }

    /// A message with the connection's password (if any) removed wherever it appears.
    public static func password(in message: String, connectionString: String) -> String {
        var out = message
        for secret in passwords(in: connectionString) where secret.count >= 1 {
            out = out.replacingOccurrences(of: secret, with: "***")
        }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func passwords(in s: String) -> [String] {
        var found: [String] = []
        if let schemeEnd = s.range(of: "://") {
            let rest = s[schemeEnd.upperBound...]
            if let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                let raw = String(rest[rest.index(after: colon)..<at])
                found.append(raw)
                if let decoded = raw.removingPercentEncoding, decoded != raw { found.append(decoded) }
            }
        }
        if let r = s.range(of: "password=") {
            let value = s[r.upperBound...].prefix { !" &".contains($0) }
            found.append(String(value).trimmingCharacters(in: CharacterSet(charactersIn: "'")))
        }
        return found.filter { !$0.isEmpty }
    }
}
