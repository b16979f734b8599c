import ORMCore

/// Splits a command line into words the way a POSIX shell does for quotes and backslashes, and
/// comments: an unquoted `#` that starts a word ends the line (`count hero  # how many`); one inside
/// a word or in quotes is text.
public enum ShellWords {
    public struct Unbalanced: UserFacingError, Equatable { public let sentence: String }

    public static func split(_ line: String) throws -> [String] {
        var words: [String] = [], current = "", inWord = false
        var quote: Character?
        var escape = false
        for c in line {
            if escape { current.append(c); escape = false; inWord = true; continue }
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"" { escape = true } else { current.append(c) }
                continue
            }
            switch c {
            case "\\": escape = true
            case "'", "\"": quote = c; inWord = true
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            case "#" where !inWord:
                return words
            default: current.append(c); inWord = true
            }
        }
        if let q = quote { throw Unbalanced(sentence: "The line has an unclosed \(q) quote; nothing was run.") }
        if inWord { words.append(current) }
        return words
    }
}
