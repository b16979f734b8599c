/// How a name a user types finds what it names, for models, fields and relationships alike (the
/// one rule; `Registry.lookup` applies it to each part of a model name):
/// 1. a part in double quotes (`"authorId"`, what a psql user types) matches exactly;
/// 2. a bare part matches exactly, or else, when nothing matches exactly, without regard to case
///    (`authorid` finds `authorId`, `categories` finds `Categories`), and only when that is one
///    match (`name` and `Name` both there: `NAME` is neither).
extension ModelName.Part {
    /// The candidates this part names by the rule above (several only when they tie).
    public func matches<T>(in candidates: [T], by name: (T) -> String) -> [T] {
        let exact = candidates.filter { name($0) == text }
        if !exact.isEmpty || quoted { return exact }
        let folded = text.lowercased()
        return candidates.filter { name($0).lowercased() == folded }
    }

    /// The one candidate this part names, or nil (none, or several without regard to case).
    public func match<T>(in candidates: [T], by name: (T) -> String) -> T? {
        let found = matches(in: candidates, by: name)
        return found.count == 1 ? found[0] : nil
    }

    /// A field or relationship name as typed: `"authorId"` is quoted (`""` a quote inside it);
    /// anything else is bare, as it is.
    public init(typed text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, t.first == "\"", t.last == "\"",
           let parts = try? ModelName.parts(t), parts.count == 1, parts[0].quoted {
            self.init(parts[0].text, quoted: true)
        } else {
            self.init(text, quoted: false)
        }
    }
}

extension Model {
    /// The field a typed name names (`ModelName.Part.matches`): `"authorId"` exactly, `authorid`
    /// when `authorId` is its one case-insensitive match.
    public func field(typed part: ModelName.Part) -> Field? { part.match(in: fields, by: \.name) }
    public func field(typed text: String) -> Field? { field(typed: ModelName.Part(typed: text)) }

    /// The relationship a typed name names, by the same rule.
    public func relationship(typed part: ModelName.Part) -> Relationship? { part.match(in: relationships, by: \.name) }

    /// The field's exact name for a name as typed, or the text as typed when it names none (so
    /// the sentence that follows quotes what was typed).
    public func fieldName(typed text: String) -> String { field(typed: text)?.name ?? text }
}

extension Registry {
    /// A dotted path as typed, in exact names: each step a relationship of the model before it,
    /// the last a field (`lastIsField`, as `--order author.createdAt`) or a relationship (as
    /// `--load Categories.posts`). `"author"."createdAt"` and `author.createdat` both give
    /// `author.createdAt`. From the first step that names nothing on, the text is kept as typed,
    /// for the sentence that follows.
    public func exactPath(_ text: String, from model: Model, lastIsField: Bool) -> String {
        guard let parts = try? ModelName.parts(text) else { return text }
        var current: Model? = model
        var out: [String] = []
        for (i, part) in parts.enumerated() {
            let last = i == parts.count - 1
            if last && lastIsField, let f = current?.field(typed: part) {
                out.append(f.name)
            } else if let r = current?.relationship(typed: part) {
                out.append(r.name)
                current = self.model(named: r.target)
            } else {
                out.append(part.text)
                current = nil
            }
        }
        return out.joined(separator: ".")
    }
}
