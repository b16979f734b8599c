import ORMCore

/// What the shell's Tab offers for the word being typed, from the words before it on the line:
/// commands first, then the model's names, and after the model what its options take (`--load`
/// its relationships, then `REL:` the strategies; `--order`, `--on-conflict`, `--null` its fields;
/// `--set` `FIELD=`; `follow MODEL KEY` its relationships), each name once.
public enum ShellCompletion {
    public static func candidates(before words: [String], prefix: String, registry: Registry, commands: [String],
                                  options: [String]) -> [String] {
        var found: [String]
        let model = Self.model(words, registry)
        if words.isEmpty {
            found = commands
        } else if prefix.hasPrefix("-") {
            found = options
        } else if let model, let previous = words.last, previous.hasPrefix("-") {
            switch previous {
            case "--load":
                if let colon = prefix.firstIndex(of: ":") {
                    let rel = prefix[..<colon]
                    found = LoadStrategy.allCases.map { "\(rel):\($0.rawValue)" }
                } else {
                    found = model.relationships.map(\.name)
                }
            case "--order", "--on-conflict", "--null": found = model.fieldNames
            case "--set": found = model.fieldNames.map { $0 + "=" }
            case "--format": found = ["table", "json", "ndjson", "csv"]
            default: found = []
            }
        } else if model == nil {
            found = registry.models.map(\.qualifiedName)
        } else if words.first == "follow", positional(words).count == 3 {
            found = model!.relationships.map(\.name)
        } else {
            found = model!.fieldNames + model!.relationships.map(\.name)
        }
        var seen = Set<String>()
        return found.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }

    /// The options that take no value (so the word after one is not its value).
    public static let flags: Set<String> = ["--read-only", "--last", "--yes", "--small", "--nullify-children", "--transaction", "--help", "-h"]

    /// The words that are neither options nor their values: the command, the model, its key...
    public static func positional(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < words.count {
            let w = words[i]
            if w.hasPrefix("-") { i += flags.contains(w) || w.contains("=") ? 1 : 2; continue }
            out.append(w)
            i += 1
        }
        return out
    }

    /// The model the line names: its second positional word.
    public static func model(_ words: [String], _ registry: Registry) -> Model? {
        let p = positional(words)
        return p.count >= 2 ? registry.model(named: p[1]) : nil
    }
}
