/// The lexical rules of a dialect that matter when SQL text typed by the user is split into
/// statements: which quotes and comments hide a `;`.
public struct ScriptSyntax: Sendable, Hashable {
    /// `$$ ... $$` and `$tag$ ... $tag$` strings (PostgreSQL function bodies).
    public var dollarQuotes: Bool
    /// `E'it\'s'`: strings in which a backslash escapes the next character (PostgreSQL).
    public var escapeStrings: Bool
    /// `/* a /* b */ c */` nests (PostgreSQL); SQLite ends the comment at the first `*/`.
    public var nestedComments: Bool
    /// `[name]` and `` `name` `` as quoted identifiers (SQLite).
    public var bracketIdentifiers: Bool

    public init(dollarQuotes: Bool, escapeStrings: Bool, nestedComments: Bool, bracketIdentifiers: Bool) {
        self.dollarQuotes = dollarQuotes
        self.escapeStrings = escapeStrings
        self.nestedComments = nestedComments
        self.bracketIdentifiers = bracketIdentifiers
    }

    /// Standard SQL: `'...'` strings, `"..."` identifiers, `--` and `/* */` comments.
    public static let standard = ScriptSyntax(dollarQuotes: false, escapeStrings: false, nestedComments: false, bracketIdentifiers: false)
    public static let postgres = ScriptSyntax(dollarQuotes: true, escapeStrings: true, nestedComments: true, bracketIdentifiers: false)
    public static let sqlite = ScriptSyntax(dollarQuotes: false, escapeStrings: false, nestedComments: false, bracketIdentifiers: true)
}
