import Foundation

/// The config file and the state directory, where the XDG base-directory rules put them.
///
/// The config is `$ORMSCOPE_CONFIG`, else `$XDG_CONFIG_HOME/ormscope/config`, else
/// `~/.config/ormscope/config`: lines of `key = value`; a `#` at the start of a line, or after a
/// space, begins a comment (`theme = light  # for the daytime`). Keys: `theme`, `models` (the
/// application's models file, `AppModelsOption`), `budgets`, `infer_keys = true` (`--infer-keys`).
enum Config {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `$VARIABLE` when it is an absolute path (the spec ignores relative ones), else `~/fallback`.
    static func base(_ variable: String, _ fallback: String) -> String {
        if let v = environment[variable], v.hasPrefix("/") { return v }
        return (NSHomeDirectory() as NSString).appendingPathComponent(fallback)
    }

    static var path: String {
        if let explicit = environment["ORMSCOPE_CONFIG"], !explicit.isEmpty { return explicit }
        return (base("XDG_CONFIG_HOME", ".config") as NSString).appendingPathComponent("ormscope/config")
    }

    static func value(_ key: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return value(key, in: text)
    }

    /// A file named by a flag, else by the config's `key`: nil for `none` or neither; `~` expanded
    /// (`--models FILE` / `models = FILE`, `--budgets FILE` / `budgets = FILE`).
    static func filePath(_ flag: String?, key: String) -> String? {
        let given = flag ?? value(key)
        guard let given, !given.isEmpty, given != "none" else { return nil }
        return (given as NSString).expandingTildeInPath
    }

    /// The value of `key` in config text, comments left out.
    static func value(_ key: String, in text: String) -> String? {
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = uncommented(String(raw))
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == key, !parts[1].isEmpty { return parts[1] }
        }
        return nil
    }

    /// A line without its comment: from a `#` at the start or after whitespace.
    static func uncommented(_ line: String) -> String {
        var previous: Character = " "
        for (i, c) in zip(line.indices, line) {
            if c == "#" && previous.isWhitespace { return String(line[..<i]) }
            previous = c
        }
        return line
    }

    /// The shell's history: `$ORMSCOPE_HISTORY`, else `$XDG_STATE_HOME/ormscope/history` (else
    /// `~/.local/state/ormscope/history`); a `~/.ormscope_history` from before is still used while
    /// the new file does not exist, so nothing typed earlier is lost. The directory is made.
    static var historyPath: String {
        if let explicit = environment["ORMSCOPE_HISTORY"], !explicit.isEmpty { return explicit }
        let dir = (base("XDG_STATE_HOME", ".local/state") as NSString).appendingPathComponent("ormscope")
        let file = (dir as NSString).appendingPathComponent("history")
        let legacy = (NSHomeDirectory() as NSString).appendingPathComponent(".ormscope_history")
        let fm = FileManager.default
        if !fm.fileExists(atPath: file), fm.fileExists(atPath: legacy) { return legacy }
        try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return file
    }
}
