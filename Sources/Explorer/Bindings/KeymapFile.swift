import Foundation
import ORMCore

/// The user's keymap file (`$XDG_CONFIG_HOME/ormscope/keys`, else `~/.config/ormscope/keys`):
/// one binding a line, by the name `ormscope keys` lists, then the keys that press it.
///
/// ```
/// # sort with o instead of s; quit with Q only
/// rows.sort = o
/// quit = Q Ctrl-C
/// ```
public enum KeymapFile {
    /// The keys by binding name. Throws `KeymapError` (with the line) for a name that is no
    /// binding, a key that is no key, or a line that is not `NAME = KEY...`.
    public static func parse(_ text: String, file: String) throws -> [String: [Key]] {
        var out: [String: [Key]] = [:]
        let names = Keymap.defaults.flatMap { $0.bindings.map(\.id) }
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#"), hash == line.startIndex || line[line.index(before: hash)] == " " { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1)
            func fail(_ s: String) -> KeymapError { KeymapError(sentence: "Keymap \(file), line \(n + 1): \(s)") }
            guard parts.count == 2 else { throw fail("expected NAME = KEY [KEY...], e.g. rows.sort = o.") }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard names.contains(name) else {
                let hint = Suggest.closest(to: name, in: names).map { " (did you mean \($0)?)" } ?? ""
                throw fail("there is no binding \"\(name)\"\(hint); ormscope keys lists them.")
            }
            var keys: [Key] = []
            for word in parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                guard let key = Key(name: String(word)) else {
                    throw fail("\"\(word)\" is not a key (a character, Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Enter, Backspace, Tab, Esc, Ctrl-A to Ctrl-Z, F1 to F12).")
                }
                keys.append(key)
            }
            guard !keys.isEmpty else { throw fail("\(name) needs at least one key.") }
            out[name] = keys
        }
        return out
    }
}

public struct KeymapError: UserFacingError, Equatable {
    public let sentence: String
}
