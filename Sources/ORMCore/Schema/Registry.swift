/// The model registry: every table and view of a database, as models.
///
/// Built by `Database.introspect()` from the live catalog; the explorer, the command line and
/// relationships all read this one value.
public struct Registry: Sendable, Hashable {
    public var backend: String
    /// Sorted by schema (the default first) then name.
    public var models: [Model]

    /// The schema that a model's `nil` schema stands for, and that a typed name may spell out:
    /// SQLite's `main`; on PostgreSQL `current_schema()` (normally `public`), or `nil` when the search
    /// path names no existing schema (then every model carries its schema).
    public var defaultSchema: String?

    /// Sorts the models and infers their relationships from the foreign keys. `defaultSchema` is
    /// `main` on SQLite and `public` elsewhere unless given.
    public init(backend: String, models: consuming [Model], defaultSchema: String?? = .none) {
        self.backend = backend
        self.defaultSchema = defaultSchema ?? (backend == "sqlite" ? "main" : "public")
        let before = { (a: Model, b: Model) in (a.schema ?? "", a.name) < (b.schema ?? "", b.name) }
        // (A catalog read in this order already, as PostgreSQL's is, is only checked, by position
        // without a copy of each model.)
        let inOrder = models.indices.dropFirst().allSatisfy { i in !((models[i].schema ?? "", models[i].name) < (models[i - 1].schema ?? "", models[i - 1].name)) }
        // (`models` is consumed: given the caller's only copy, the relationships below are set in place.)
        var sorted = models
        if !inOrder { sorted.sort(by: before) }
        let inferred = RelationshipInference.infer(sorted)
        for i in sorted.indices {
            sorted[i].relationships = inferred.relationships[i]
            sorted[i].notes = inferred.notes[i]
        }
        self.models = sorted
    }

    /// The model with exactly this identity; a foreign key's target (SQLite compares table names
    /// without case, so there a single case-insensitive match counts too).
    public func model(_ name: ModelName) -> Model? {
        if let m = models.first(where: { $0.schema == name.schema && $0.name == name.table }) { return m }
        let folded = models.filter { $0.schema?.lowercased() == name.schema?.lowercased() && $0.name.lowercased() == name.table.lowercased() }
        return backend == "sqlite" && folded.count == 1 ? folded[0] : nil
    }

    /// A model by the name a user typed (see `ModelName.parse`): its canonical form always finds it.
    /// `nil` when the name does not parse, matches nothing or matches several.
    public func model(named name: String) -> Model? {
        guard case .found(let m) = lookup(name) else { return nil }
        return m
    }

    /// Like `model(named:)` but throws one sentence: a name that does not parse, matches nothing
    /// (with a close match, or the quoted form when the dots were meant as part of the name), or
    /// matches several (listing each in canonical form).
    public func require(_ name: String) throws -> Model {
        switch lookup(name) {
        case .found(let m): return m
        case .invalid(let e): throw e
        case .ambiguous(let c): throw SchemaError.ambiguousModel(name, candidates: c.map(\.qualifiedName))
        case .missing:
            if let (parent, p) = partition(named: name) {
                throw SchemaError.partition(p.schema.map { "\($0).\(p.name)" } ?? p.name, of: parent.qualifiedName, bound: p.bound, key: parent.partitionKey)
            }
            throw SchemaError.unknownModel(name, suggestion: suggestion(for: name))
        }
    }

    enum Lookup { case found(Model), ambiguous([Model]), missing, invalid(ModelNameError) }

    /// The matching rule, documented in the README ("Model names"):
    /// 1. A part in quotes matches exactly; a bare part matches exactly, or else, when nothing matches
    ///    exactly, without regard to case (so `Hero` finds `hero`, but not when `Hero` exists too).
    /// 2. The default schema may be written (`public.hero`, `main.hero`) or left out.
    /// 3. A one-part name is looked for in the default schema first, then in every schema.
    /// 4. A name never matches by being read another way: `sx.ty` is the table `ty` of schema `sx`,
    ///    and only `"sx.ty"` is the default schema's table named `sx.ty`.
    func lookup(_ text: String) -> Lookup {
        let typed: ModelName.Typed
        do { typed = try ModelName.parse(text) } catch let e as ModelNameError { return .invalid(e) } catch { return .missing }
        func pick(_ part: ModelName.Part, _ candidates: [Model], _ value: (Model) -> String) -> [Model] {
            part.matches(in: candidates, by: value)
        }
        var pool = models
        if let schemaPart = typed.schema {
            let isDefault = defaultSchema.map { schemaPart.quoted ? schemaPart.text == $0 : schemaPart.text.lowercased() == $0.lowercased() } ?? false
            pool = isDefault ? models.filter { $0.schema == nil } : pick(schemaPart, models.filter { $0.schema != nil }, { $0.schema ?? "" })
            let found = pick(typed.table, pool, \.name)
            return found.count == 1 ? .found(found[0]) : found.isEmpty ? .missing : .ambiguous(found)
        }
        // One part: exact in the default schema, exact anywhere, then case-insensitively the same way.
        let exact = pool.filter { $0.name == typed.table.text }
        if let d = exact.first(where: { $0.schema == nil }) { return .found(d) }
        if exact.count == 1 { return .found(exact[0]) }
        if exact.count > 1 { return .ambiguous(exact) }
        if typed.table.quoted { return .missing }
        let folded = pool.filter { $0.name.lowercased() == typed.table.text.lowercased() }
        let inDefault = folded.filter { $0.schema == nil }
        if inDefault.count == 1 { return .found(inDefault[0]) }
        if inDefault.count > 1 { return .ambiguous(inDefault) }
        return folded.count == 1 ? .found(folded[0]) : folded.isEmpty ? .missing : .ambiguous(folded)
    }

    /// The partition a name names (as typed: `ledger.measurement_2024`, or its table alone), with its table.
    func partition(named text: String) -> (Model, Model.Partition)? {
        guard let typed = try? ModelName.parse(text) else { return nil }
        for m in models where !m.partitions.isEmpty {
            let inSchema = m.partitions.filter { p in typed.schema.map { !$0.matches(in: [p.schema ?? m.schema ?? defaultSchema ?? ""], by: { $0 }).isEmpty } ?? true }
            if let p = typed.table.match(in: inSchema, by: \.name) { return (m, p) }
        }
        return nil
    }

    /// A close match for a name that found nothing: first a model whose table is the whole text
    /// (`sx.ty` typed for the default schema's `"sx.ty"`), then the closest canonical name.
    func suggestion(for text: String) -> String? {
        let whole = text.trimmingCharacters(in: .whitespaces)
        if let m = models.first(where: { $0.name == whole }) ?? models.first(where: { $0.name.lowercased() == whole.lowercased() }) {
            return m.qualifiedName
        }
        return Suggest.closest(to: text, in: models.map(\.qualifiedName))
    }
}

/// A model or field that does not exist or is not unique.
public enum SchemaError: UserFacingError, Equatable {
    case unknownModel(String, suggestion: String?)
    case ambiguousModel(String, candidates: [String])
    case unknownField(model: String, field: String, suggestion: String?)
    case unknownRelationship(model: String, name: String, suggestion: String?)
    /// `what`: the model as a sentence names it (`Model.kindPhrase`), `a table` unless it is a view.
    case noPrimaryKey(model: String, what: String = "a table")
    /// A model no write reaches: the name and what it is (`a view`, `a materialized view`, ...).
    case readOnlyModel(String, what: String)
    /// A partition named as a model: partitions are folded under their table (`of`), found by its partition key.
    case partition(String, of: String, bound: String, key: String?)

    /// The refusal of a write to `model` (`Model.isReadOnly`).
    public static func readOnly(_ model: Model) -> SchemaError {
        .readOnlyModel(model.qualifiedName, what: model.shadowOf.map { "the storage of the virtual table \($0)" } ?? model.kindPhrase)
    }

    public var sentence: String {
        switch self {
        case .unknownModel(let n, let s):
            let typed = (try? ModelName.parse(n)).flatMap { t in t.schema.map { "There is no table \(Self.shown(t.table.text)) in schema \(Self.shown($0.text))" } }
            return (typed ?? "There is no model named \(Self.shown(n))") + (s.map { "; did you mean \(Self.shown($0))?" } ?? ".")
        case .ambiguousModel(let n, let c):
            return "\(Self.shown(n)) names more than one model (\(c.joined(separator: ", "))); write one of them as shown."
        case .unknownField(let m, let f, let s):
            return "Model \(m) has no field \"\(f)\"" + (s.map { "; did you mean \"\($0)\"?" } ?? ".")
        case .unknownRelationship(let m, let n, let s):
            return "Model \(m) has no relationship \"\(n)\"" + (s.map { "; did you mean \"\($0)\"?" } ?? ".")
        case .noPrimaryKey(let m, let what) where what != "a table":
            // (As `KeyText` says it for a key typed on the command line.)
            return "\(m) is \(what) with no primary key: its rows cannot be addressed by a key; read them with rows --where, or use sql."
        case .noPrimaryKey(let m, _):
            return "Model \(m) has no primary key, so a single row of it cannot be addressed."
        case .readOnlyModel(let m, let what):
            return "\(m) is \(what) and cannot be written to."
        case .partition(let p, let parent, let bound, let key):
            return "\(p) is a partition of \(parent) (\(bound)): open \(parent)" + (key.map { " and filter on its partition key, \($0)." } ?? ".")
        }
    }
}

extension SchemaError {
    /// A name inside a sentence: `"hero"` as before; a name that holds a quote, in single quotes as
    /// a shell (and the `:` prompt) reads it: `'"sx.ty"'`.
    static func shown(_ name: String) -> String {
        name.contains("\"") ? "'" + name.replacingOccurrences(of: "'", with: "'\\''") + "'" : "\"\(name)\""
    }
}

/// Close-match suggestions for names a user typed.
public enum Suggest {
    /// The candidate with the smallest edit distance, if it is close enough to be a typo.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        // Never what was typed itself: "did you mean createdAt?" for createdAt helps no one.
        for c in candidates where c != word {
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
