import Foundation

/// A colour theme as text, one style per line: `STYLE = FOREGROUND BACKGROUND [bold] [dim] [reverse] [underline]`,
/// colours by name (black red green yellow blue magenta cyan white, `default`) or number (0-255).
///
/// ```
/// # ormscope: high contrast
/// selected = black yellow bold
/// error    = white red bold
/// ```
public struct ThemeFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var foreground: Int   // -1: the terminal's default
        public var background: Int
        public var bold = false, dim = false, reverse = false, underline = false

        public init(foreground: Int, background: Int, bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
            self.foreground = foreground
            self.background = background
            self.bold = bold
            self.dim = dim
            self.reverse = reverse
            self.underline = underline
        }
    }

    public var name: String
    public var entries: [Frame.Style: Entry]

    static let colors = ["black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7, "default": -1]
    static let styles: [String: Frame.Style] = ["normal": .normal, "title": .title, "header": .header, "selected": .selected,
                                                "dim": .dim, "null": .null, "number": .number, "sql": .sql, "warning": .warning,
                                                "error": .error, "status": .status, "border": .border, "prompt": .prompt]

    /// Parses a theme; a line it cannot read is an error naming the line.
    public init(name: String, text: String) throws {
        self.name = name
        entries = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let style = ThemeFile.styles[parts[0]] else {
                throw ThemeError(sentence: "Theme \(name), line \(n + 1): expected STYLE = FOREGROUND BACKGROUND [attributes], with a style among \(ThemeFile.styles.keys.sorted().joined(separator: ", ")).")
            }
            let words = parts[1].split(separator: " ").map(String.init)
            func color(_ w: String) throws -> Int {
                if let c = ThemeFile.colors[w.lowercased()] { return c }
                if let n = Int(w), (0...255).contains(n) { return n }
                throw ThemeError(sentence: "Theme \(name), line \(n + 1): \"\(w)\" is not a colour (a name, default, or 0-255).")
            }
            guard words.count >= 2 else { throw ThemeError(sentence: "Theme \(name), line \(n + 1): give a foreground and a background colour.") }
            var e = Entry(foreground: try color(words[0]), background: try color(words[1]))
            for w in words.dropFirst(2) {
                switch w.lowercased() {
                case "bold": e.bold = true
                case "dim": e.dim = true
                case "reverse": e.reverse = true
                case "underline": e.underline = true
                default: throw ThemeError(sentence: "Theme \(name), line \(n + 1): \"\(w)\" is not an attribute (bold, dim, reverse, underline).")
                }
            }
            entries[style] = e
        }
    }

    /// Finds `NAME.theme` in the theme folders: $ORMSCOPE_THEMES, ./themes, and the project's themes
    /// folder beside the binary.
    public static func load(_ name: String, executable: String) throws -> ThemeFile {
        var dirs: [String] = []
        if let env = ProcessInfo.processInfo.environment["ORMSCOPE_THEMES"] { dirs.append(env) }
        dirs.append(FileManager.default.currentDirectoryPath + "/themes")
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        dirs += [exe.appendingPathComponent("../../../themes").path, exe.appendingPathComponent("../share/ormscope/themes").path]
        for d in dirs {
            let path = (d as NSString).appendingPathComponent(name + ".theme")
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return try ThemeFile(name: name, text: text) }
        }
        let known = dirs.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
            .filter { $0.hasSuffix(".theme") }.map { String($0.dropLast(6)) }
        throw ThemeError(sentence: "There is no theme named \"\(name)\"" + (known.isEmpty ? "." : "; there are: \(Set(known).sorted().joined(separator: ", "))."))
    }
}

public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public let sentence: String
    public var description: String { sentence }
}
