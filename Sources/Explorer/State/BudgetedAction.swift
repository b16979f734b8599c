import ORMCore

/// An action a budgets file can give a maximum, in the words of the command line that runs it:
/// the one list of budgetable actions. The budgets file's parser reads a line by `Verb.grammar`,
/// the command line builds the action its command runs (`rows`, `get`, `write(_:)` ...), and the
/// explorer derives it from the effect it asks for (`init?(_:registry:)`), so an explorer action
/// and its command-line twin meet the same line.
///
/// ```
/// rows team --load heroes -> 2              follow team heroes -> 1          get team 1 --load heroes -> 2
/// count hero --where "age > 30" -> 1        exists hero -> 1                 export hero -> 1
/// insert hero -> 3     insert hero --from heroes.csv -> 3     update hero 7 -> 3     upsert team --on-conflict name -> 3
/// delete team -> 4 (the preview)            delete team --yes -> 6           delete team --yes --nullify-children -> 5
/// sql -> 3
/// ```
public struct BudgetedAction: Sendable, Equatable {
    public enum Verb: String, Sendable, CaseIterable {
        case rows, follow, get, count, exists, export, insert, update, upsert, delete, sql
    }

    /// What follows the verb in a budget line.
    public enum Word: Sendable, Equatable {
        /// The model (required).
        case model
        /// A relationship of the model (required): `follow team heroes`.
        case relationship
        /// A row's key (optional: without it, any row), as the command takes it: `1`, `1,2`.
        case key
    }

    /// How a budget line's option is matched against an action.
    public enum OptionKind: Sendable, Equatable {
        /// `--load REL[:STRATEGY]`, repeatable: the action loads exactly these paths (with that strategy when given).
        case load
        /// A value that narrows: without it, any value matches (`--where`, `--on-conflict`).
        case narrowing
        /// A value that is part of the action: without it, only actions without it match (`--from FILE`).
        case exact
        /// A switch that is part of the action: with it or without it, exactly (`--yes`).
        case flag
    }

    public struct Grammar: Sendable {
        public var words: [Word]
        public var options: [(name: String, kind: OptionKind)]
        public func kind(of option: String) -> OptionKind? { options.first { $0.name == option }?.kind }
    }

    public var verb: Verb
    /// The model's qualified name ("" for `sql`).
    public var model: String
    /// `follow`'s relationship (its name on `model`).
    public var relationship: String?
    /// `follow`'s related page's model (the relationship's target).
    public var related: String?
    /// The row (get, update, delete).
    public var key: [Value]?
    /// What the action loads: its `--load` options and the relationships loaded eagerly by default.
    public var loads: [LoadOption]
    /// Value options (`where`, `on-conflict`, `from`) and switches (`yes`: "" for present).
    public var options: [String: String]

    public init(_ verb: Verb, model: String = "", relationship: String? = nil, key: [Value]? = nil, loads: [LoadOption] = [],
                options: [String: String] = [:]) {
        self.verb = verb
        self.model = model
        self.relationship = relationship
        self.key = key
        self.loads = loads
        self.options = options.filter { !$0.value.isEmpty || verb.grammar.kind(of: $0.key) == .flag }
    }

    public static func == (a: BudgetedAction, b: BudgetedAction) -> Bool {
        a.verb == b.verb && a.model == b.model && a.relationship == b.relationship && a.related == b.related && a.key == b.key && a.options == b.options
            && a.loads.map(\.path) == b.loads.map(\.path) && a.loads.map(\.strategy) == b.loads.map(\.strategy)
    }
}

extension BudgetedAction.Verb {
    /// What a budget line of this verb takes after the verb, as the command line takes it.
    public var grammar: BudgetedAction.Grammar {
        switch self {
        case .rows: return .init(words: [.model], options: [("load", .load), ("where", .narrowing)])
        case .follow: return .init(words: [.model, .relationship], options: [("load", .load), ("where", .narrowing)])
        case .get: return .init(words: [.model, .key], options: [("load", .load)])
        case .count, .exists, .export: return .init(words: [.model], options: [("where", .narrowing)])
        case .insert: return .init(words: [.model], options: [("from", .exact)])
        case .update: return .init(words: [.model, .key], options: [])
        case .upsert: return .init(words: [.model], options: [("on-conflict", .narrowing), ("from", .exact)])
        case .delete: return .init(words: [.model, .key], options: [("yes", .flag), ("nullify-children", .flag)])
        case .sql: return .init(words: [], options: [])
        }
    }
}

extension BudgetedAction {
    /// A page of rows (`rows`), or, scoped to a parent row, a related page (`follow PARENT REL`).
    public static func page(_ request: PageRequest, loads: [LoadOption]) -> BudgetedAction {
        if let scope = request.scope {
            var a = BudgetedAction(.follow, model: scope.parentModel, relationship: scope.relationship, loads: loads, options: ["where": request.filter])
            a.related = request.model
            return a
        }
        return .init(.rows, model: request.model, loads: loads, options: ["where": request.filter])
    }

    /// A related page as a page of its model (`rows TARGET`): a format-1 line budgets it too.
    public var asPage: BudgetedAction? {
        guard verb == .follow, let related else { return nil }
        return .init(.rows, model: related, loads: loads, options: options)
    }

    /// A write as `insert`, `update`, `upsert` or `delete --yes` (its command-line twin); `from`: the file rows come from.
    public static func write(_ request: WriteRequest, from file: String? = nil) -> BudgetedAction {
        let from = file.map { ["from": $0] } ?? [:]
        switch request {
        case .insert(let m, _): return .init(.insert, model: m, options: from)
        case .update(let m, let key, _, _): return .init(.update, model: m, key: key)
        case .upsert(let m, _, let target): return .init(.upsert, model: m, options: from.merging(["on-conflict": target.joined(separator: ",")]) { a, _ in a })
        case .delete(let m, let key), .deleteFollowingApp(let m, let key): return .init(.delete, model: m, key: key, options: ["yes": ""])
        case .deleteNullifyingChildren(let m, let key): return .init(.delete, model: m, key: key, options: ["yes": "", "nullify-children": ""])
        }
    }

    /// The relationships of `model` loaded eagerly by default (selectin or joined), other than
    /// those `given` names: what a page or a row reads besides its `--load` options.
    public static func eagerDefaults(_ model: Model, given: [LoadOption],
                                     strategy: (Relationship) -> LoadStrategy = { $0.app?.loading ?? .lazy }) -> [LoadOption] {
        model.relationships.compactMap { r in
            let st = strategy(r)
            return (st == .selectin || st == .joined) && !given.contains { $0.path == [r.name] } ? LoadOption(r.name, st) : nil
        }
    }

    /// The action an explorer effect runs, nil for one no budget names (a plan, a comparison,
    /// a value read whole (for the viewer or an edit form), commit and roll back, the schema read again).
    public init?(_ effect: Effect, registry: Registry) {
        switch effect {
        case .loadPage(_, _, let request):
            self = .page(request, loads: request.load)
        case .loadRow(_, _, let model, let key):
            self.init(.get, model: model, key: key, loads: registry.model(named: model).map { Self.eagerDefaults($0, given: []) } ?? [])
        case .count(_, _, let request, let verb):
            self.init(verb == .exists ? .exists : .count, model: request.model, options: ["where": request.filter])
        case .write(_, _, let request, _):
            self = .write(request)
        case .previewDelete(_, _, let model, let key), .previewAppDelete(_, _, let model, let key):
            self.init(.delete, model: model, key: key)
        case .runSQL:
            self.init(.sql)
        case .readWhole, .readForEdit, .commit, .rollback, .compare, .explain, .reloadSchema, .nextSQLPage:
            return nil
        }
    }
}
