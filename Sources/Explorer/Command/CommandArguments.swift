import ORMCore

/// `--load REL:STRATEGY`, as the command line and the `:` prompt take it.
public enum LoadSpec {
    public static func parse(_ text: String) throws -> LoadOption {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw RequestError("--load takes REL:STRATEGY, e.g. heroes:selectin (\"\(text)\" is not).")
        }
        guard let strategy = LoadStrategy(rawValue: parts[1].lowercased()) else {
            throw RequestError("\"\(parts[1])\" is not a loading strategy: use lazy, selectin, joined or raise.")
        }
        return LoadOption(parts[0], strategy)
    }
}

/// `--set FIELD=VALUE` pairs as typed (each is read by its field's type where the write runs).
public enum Assignments {
    public static func raw(_ pairs: [String]) throws -> [String: String] {
        guard !pairs.isEmpty else { throw RequestError("Give at least one --set FIELD=VALUE.") }
        var raw: [String: String] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "=") else { throw RequestError("--set takes FIELD=VALUE (\"\(pair)\" has no =).") }
            raw[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return raw
    }
}
