import ORMCore

/// `--load REL[:STRATEGY]`, as the command line and the `:` prompt take it; REL alone loads by
/// `defaultStrategy` (what `selectinload(Team.heroes)` says in SQLAlchemy: eagerly, in one more
/// statement; a models file's own defaults apply without any --load).
public enum LoadSpec {
    public static let defaultStrategy = LoadStrategy.selectin

    public static func parse(_ text: String) throws -> LoadOption {
        var parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { parts.append(defaultStrategy.rawValue) }
        guard !parts[0].isEmpty, !parts[1].isEmpty else {
            throw RequestError("--load takes REL or REL:STRATEGY, e.g. heroes:selectin (\"\(text)\" is not).", usage: true)
        }
        guard let strategy = LoadStrategy(rawValue: parts[1].lowercased()) else {
            throw RequestError("\"\(parts[1])\" is not a loading strategy: use lazy, selectin, joined or raise.", usage: true)
        }
        return LoadOption(parts[0], strategy)
    }

    /// `--load REL[:STRATEGY]` on `model`: each step of REL named as a model name is
    /// (`Registry.exactPath`: `categories` finds `Categories`, `"Categories"` only it).
    public static func parse(_ text: String, model: Model, registry: Registry) throws -> LoadOption {
        let option = try parse(text)
        let typed = String(text[..<(text.firstIndex(of: ":") ?? text.endIndex)])
        return LoadOption(registry.exactPath(typed, from: model, lastIsField: false), option.strategy)
    }
}

/// `--set FIELD=VALUE` pairs as typed (each is read by its field's type where the write runs) and
/// `--null FIELD` for NULL. The value of `--set` is always text: `--set name=null` writes the text
/// "null" (a field that is not text refuses it with a sentence); NULL is only ever `--null`.
public enum Assignments {
    public static func raw(_ pairs: [String], nulls: [String] = []) throws -> [String: FieldText] {
        guard !pairs.isEmpty || !nulls.isEmpty else { throw RequestError("Give at least one --set FIELD=VALUE or --null FIELD.", usage: true) }
        var raw: [String: FieldText] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "=") else { throw RequestError("--set takes FIELD=VALUE (\"\(pair)\" has no =).", usage: true) }
            raw[String(pair[..<eq])] = .text(String(pair[pair.index(after: eq)...]))
        }
        for name in nulls {
            guard !name.isEmpty, !name.contains("=") else {
                throw RequestError("--null takes a field name (\"\(name)\" is not one); --set FIELD=VALUE gives a value.", usage: true)
            }
            if raw[name]?.text != nil { throw RequestError("\(name) is given both --set and --null: choose one.", usage: true) }
            raw[name] = .null
        }
        return raw
    }

    /// The same for `model`: each field named as a model name is (`ModelName.Part.matches`:
    /// `"authorId"` exactly, `authorid` when `authorId` is its one case-insensitive match); a
    /// name that names none is kept as typed, for the sentence that follows.
    public static func raw(_ pairs: [String], nulls: [String] = [], for model: Model) throws -> [String: FieldText] {
        var out: [String: FieldText] = [:]
        for (name, value) in try raw(pairs, nulls: nulls) {
            let exact = model.fieldName(typed: name)
            if out[exact] != nil { throw RequestError("\(exact) is given twice (as \(name) too): give each field once.", usage: true) }
            out[exact] = value
        }
        return out
    }
}
