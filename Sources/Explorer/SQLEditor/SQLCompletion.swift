import ORMCore

/// What Tab offers in the SQL editor: keywords, models (tables and views), fields, and the
/// targets of the relationships of the models the statement already names, from the registry.
///
/// The word being typed is the prefix (case-insensitive); a name is inserted as SQL must spell it
/// to mean it (`Dialect.spelled`: on PostgreSQL `"User"`, `"createdAt"`, bare `hero`), and after a
/// typed `"` only names are offered, each closed. Context decides the order:
/// - after `alias.` or `model.`: that model's fields only;
/// - after FROM, JOIN, INTO, UPDATE, TABLE: models, the targets of relationships of the models
///   already in the statement first (a JOIN's likely next table);
/// - elsewhere: fields of the statement's models, then keywords, then models.
public enum SQLCompletion {
    public struct Candidate: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case keyword, model, field, relationshipTarget }
        /// The name (or keyword) as the list shows it and the typed prefix is matched with.
        public var text: String
        public var kind: Kind
        /// A short note shown beside it: a field's model and type, a target's relationship.
        public var detail: String
        /// What Tab puts in the text: a name spelled as SQL must spell it to mean it (on PostgreSQL
        /// `"User"`, `"createdAt"`; `Dialect.spelled`), and only its closing quote after a `"` typed.
        public var insert: String

        public init(_ text: String, _ kind: Kind, detail: String = "", insert: String? = nil) {
            self.text = text
            self.kind = kind
            self.detail = detail
            self.insert = insert ?? text
        }
    }

    /// The candidates at the editor's cursor.
    public static func candidates(_ editor: SQLEditorState, registry: Registry, dialect: Dialect) -> [Candidate] {
        let line = editor.lines[editor.line]
        let start = prefixStart(line, editor.column)
        let prefix = String(line[start..<editor.column])
        // The text before the cursor (all lines), for the context and the models named.
        var before = editor.lines[..<editor.line].map { String($0) }.joined(separator: "\n")
        if editor.line > 0 { before += "\n" }
        before += String(line[..<start])
        return candidates(prefix: prefix, before: before, statement: editor.text, registry: registry, dialect: dialect)
    }

    /// The candidates for `prefix`, typed after `before`, in a text `statement` (which names the
    /// models to take fields and relationship targets from).
    public static func candidates(prefix: String, before: String, statement: String, registry: Registry, dialect: Dialect) -> [Candidate] {
        // A `"` right before the word: a quoted name is being typed (no keyword; Tab closes it).
        let quoted = before.hasSuffix("\"")
        let tokens = SQLLexer.tokens(quoted ? String(before.dropLast()) : before, syntax: dialect.scriptSyntax)
        let named = modelsNamed(in: SQLLexer.tokens(statement, syntax: dialect.scriptSyntax), registry: registry)
        func matching(_ c: [Candidate]) -> [Candidate] {
            let p = prefix.lowercased()
            var seen = Set<String>()
            return c.filter { ($0.kind != .keyword || !quoted) && $0.text.lowercased().hasPrefix(p) && $0.insert != prefix
                && seen.insert($0.text.lowercased() + $0.kind.rawValue).inserted }
        }
        /// A name's candidate, inserted as SQL spells it (after a typed `"`: the rest of the quoted
        /// first part, closed, then the table's part when there is a schema).
        func name(_ text: String, _ kind: Candidate.Kind, detail: String, schema: String? = nil, table: String? = nil) -> Candidate {
            let table = table ?? text
            guard quoted else { return Candidate(text, kind, detail: detail, insert: dialect.spelled(schema: schema, table: table)) }
            let first = String(dialect.quote(schema ?? table).dropFirst())
            return Candidate(text, kind, detail: detail, insert: schema == nil ? first : first + "." + dialect.spelled(table))
        }
        func field(_ f: Field, of m: Model) -> Candidate { name(f.name, .field, detail: "\(m.qualifiedName) \(f.type.declared)") }
        func modelName(_ m: Model, _ kind: Candidate.Kind, detail: String) -> Candidate {
            name(m.qualifiedName, kind, detail: detail, schema: m.schema, table: m.name)
        }
        // alias.  or  model.
        if let last = tokens.last, last.isSymbol("."), tokens.count >= 2 {
            let qualifier = tokens[tokens.count - 2]
            let name = qualifier.kind == .word ? qualifier.text.lowercased() : qualifier.text
            if let model = named[name] ?? model(name, registry) {
                return matching(model.fields.map { field($0, of: model) })
            }
            return []
        }
        let models = registry.models.sorted { $0.qualifiedName < $1.qualifiedName }.map { modelName($0, .model, detail: $0.kindLabel) }
        let inStatement = Array(Set(named.values.map(\.qualifiedName))).sorted().compactMap { registry.model(named: $0) }
        let targets = inStatement.flatMap { m in
            m.relationships.compactMap { r in
                registry.model(named: r.target).map { modelName($0, .relationshipTarget, detail: "\(m.qualifiedName).\(r.name) (\(r.kind.rawValue))") }
            }
        }
        if let last = tokens.last, last.kind == .word, tableContext.contains(last.text) {
            return matching(targets + models)
        }
        let fields = inStatement.flatMap { m in m.fields.map { field($0, of: m) } }
        return matching(fields + keywords.map { Candidate($0, .keyword) } + models)
    }

    /// Words after which a table name comes.
    static let tableContext: Set<String> = ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"]

    /// Where the word before `column` begins (letters, digits, `_`).
    static func prefixStart(_ line: [Character], _ column: Int) -> Int {
        var i = min(column, line.count)
        while i > 0, SQLEditorState.isWordCharacter(line[i - 1]) { i -= 1 }
        return i
    }

    /// The models a statement names after FROM, JOIN, UPDATE, INTO, by their name and by alias
    /// (`FROM hero h`, `JOIN team AS t`); keys lower-cased for unquoted names.
    static func modelsNamed(in tokens: [SQLToken], registry: Registry) -> [String: Model] {
        var out: [String: Model] = [:]
        var i = 0
        func name(_ t: SQLToken) -> String? {
            t.kind == .word ? t.text.lowercased() : t.kind == .quotedIdentifier ? t.text : nil
        }
        while i < tokens.count {
            defer { i += 1 }
            guard (tokens[i].kind == .word && tableContext.contains(tokens[i].text)) || tokens[i].isSymbol(","),
                  i + 1 < tokens.count, var n = name(tokens[i + 1]) else { continue }
            var j = i + 2
            // schema.table
            if j + 1 < tokens.count, tokens[j].isSymbol("."), let t = name(tokens[j + 1]) { n += "." + t; j += 2 }
            guard let m = model(n, registry) else { continue }
            out[n] = m
            out[m.name.lowercased()] = m
            if j < tokens.count, tokens[j].isWord("AS") { j += 1 }
            if j < tokens.count, let alias = name(tokens[j]), tokens[j].kind == .quotedIdentifier || !reserved.contains(tokens[j].text) {
                out[alias] = m
            }
        }
        return out
    }

    static func model(_ name: String, _ registry: Registry) -> Model? {
        registry.model(named: name) ?? registry.models.first { $0.qualifiedName.lowercased() == name.lowercased() || $0.name.lowercased() == name.lowercased() }
    }

    /// Keywords that end a table reference rather than alias it.
    static let reserved: Set<String> = ["WHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "ON", "USING", "GROUP", "ORDER",
                                        "LIMIT", "OFFSET", "SET", "VALUES", "UNION", "EXCEPT", "INTERSECT", "HAVING", "WINDOW", "RETURNING",
                                        "NATURAL", "LATERAL", "FOR", "SELECT", "DEFAULT", "WITH"]

    /// The keywords offered, upper-case (the editor keeps what the user typed when no candidate is taken).
    public static let keywords: [String] = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "ILIKE", "BETWEEN", "EXISTS", "AS", "ON", "USING",
        "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "LATERAL", "NATURAL",
        "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET", "DISTINCT", "UNION", "UNION ALL", "EXCEPT", "INTERSECT",
        "ASC", "DESC", "NULLS FIRST", "NULLS LAST", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "COALESCE", "COUNT", "SUM", "AVG",
        "MIN", "MAX", "WITH", "RECURSIVE", "VALUES", "INSERT INTO", "UPDATE", "SET", "DELETE FROM", "RETURNING", "ON CONFLICT",
        "DO NOTHING", "DO UPDATE", "EXPLAIN", "EXPLAIN ANALYZE", "BEGIN", "COMMIT", "ROLLBACK", "CREATE TABLE", "CREATE INDEX",
        "ALTER TABLE", "DROP TABLE", "TRUE", "FALSE",
    ]
}
