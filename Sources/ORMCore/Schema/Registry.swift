/// The model registry: every table and view of a database, as models.
///
/// Built by `Database.introspect()` from the live catalog; the explorer, the command line and
/// relationships all read this one value.
public struct Registry: Sendable, Hashable {
    public var backend: String
    /// Sorted by schema (the default first) then name.
    public var models: [Model]

    /// Sorts the models and infers their relationships from the foreign keys.
    public init(backend: String, models: [Model]) {
        self.backend = backend
        var sorted = models.sorted { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        let inferred = RelationshipInference.infer(sorted)
        for i in sorted.indices { sorted[i].relationships = inferred[sorted[i].qualifiedName] ?? [] }
        self.models = sorted
    }

    /// A model by `name` or `schema.name`; a bare name matches the default schema first.
    public func model(named name: String) -> Model? {
        if let m = models.first(where: { $0.qualifiedName == name }) { return m }
        let bare = models.filter { $0.name == name }
        return bare.count == 1 ? bare[0] : nil
    }

    /// Like `model(named:)` but throws a sentence that names close matches.
    public func require(_ name: String) throws -> Model {
        if let m = model(named: name) { return m }
        let ambiguous = models.filter { $0.name == name }
        if ambiguous.count > 1 {
            throw SchemaError.ambiguousModel(name, candidates: ambiguous.map(\.qualifiedName))
        }
        throw SchemaError.unknownModel(name, suggestion: Suggest.closest(to: name, in: models.map(\.qualifiedName)))
    }
}

/// A model or field that does not exist or is not unique.
public enum SchemaError: UserFacingError, Equatable {
    case unknownModel(String, suggestion: String?)
    case ambiguousModel(String, candidates: [String])
    case unknownField(model: String, field: String, suggestion: String?)
    case unknownRelationship(model: String, name: String, suggestion: String?)
    case noPrimaryKey(model: String)
    case readOnlyModel(String)

    public var sentence: String {
        switch self {
        case .unknownModel(let n, let s):
            return "There is no model named \"\(n)\"" + (s.map { "; did you mean \"\($0)\"?" } ?? ".")
        case .ambiguousModel(let n, let c):
            return "\"\(n)\" names more than one model (\(c.joined(separator: ", "))); qualify it with its schema."
        case .unknownField(let m, let f, let s):
            return "Model \(m) has no field \"\(f)\"" + (s.map { "; did you mean \"\($0)\"?" } ?? ".")
        case .unknownRelationship(let m, let n, let s):
            return "Model \(m) has no relationship \"\(n)\"" + (s.map { "; did you mean \"\($0)\"?" } ?? ".")
        case .noPrimaryKey(let m):
            return "Model \(m) has no primary key, so a single row of it cannot be addressed."
        case .readOnlyModel(let m):
            return "\(m) is a view and cannot be written to."
        }
    }
}

/// Close-match suggestions for names a user typed.
public enum Suggest {
    /// The candidate with the smallest edit distance, if it is close enough to be a typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased()))
            if d <= max(1, w.count / 3), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
