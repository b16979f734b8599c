/// How a relationship's rows are loaded, with SQLAlchemy 2.x's meanings.
public enum LoadStrategy: String, Sendable, Hashable, CaseIterable {
    /// On first access, one statement per parent (N parents cost N more); a many-to-one whose
    /// target is already in the identity map costs none.
    case lazy
    /// After the parents, one `IN (...)` statement per relationship level for all of them (500 keys a chunk).
    case selectin
    /// In the parents' own statement, through LEFT OUTER JOIN: no statement of its own.
    case joined
    /// Accessing the relationship without loading it throws: the tool for catching N+1 in tests.
    case raise

    /// The next strategy in the explorer's cycle: lazy → selectin → joined → lazy.
    public var next: LoadStrategy {
        switch self {
        case .lazy: return .selectin
        case .selectin: return .joined
        case .joined, .raise: return .lazy
        }
    }
}

/// A strategy for a relationship path from the queried model: `"heroes"`, `"heroes.powers"`.
public struct LoadOption: Sendable, Hashable {
    public var path: [String]
    public var strategy: LoadStrategy

    public init(_ path: String, _ strategy: LoadStrategy) {
        self.path = path.split(separator: ".").map(String.init)
        self.strategy = strategy
    }

    public static func lazy(_ path: String) -> LoadOption { LoadOption(path, .lazy) }
    public static func selectin(_ path: String) -> LoadOption { LoadOption(path, .selectin) }
    public static func joined(_ path: String) -> LoadOption { LoadOption(path, .joined) }
    public static func raise(_ path: String) -> LoadOption { LoadOption(path, .raise) }
}

/// The options of one query as a tree, checked against the registry.
public struct LoadPlan: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        public var relationship: Relationship
        public var strategy: LoadStrategy
        public var children: LoadPlan
        /// A step named only on the way to a deeper option (`heroes` of `heroes.powers`): it loads
        /// by its default strategy (`Session.defaultStrategy`: `L`'s, the application's, else lazy),
        /// as SQLAlchemy's `defaultload(Team.heroes).selectinload(Hero.powers)` does.
        public var byDefault = false
    }

    public var nodes: [Node] = []

    public init() {}

    /// Builds the tree; every path segment must name a relationship of the model it stands on.
    /// A segment named only for its path loads by its default strategy (`Node.byDefault`).
    public static func build(_ options: [LoadOption], model: Model, registry: Registry) throws -> LoadPlan {
        var plan = LoadPlan()
        for option in options {
            guard !option.path.isEmpty else { continue }
            try plan.insert(option.path[...], option.strategy, model: model, registry: registry)
        }
        return plan
    }

    mutating func insert(_ path: ArraySlice<String>, _ strategy: LoadStrategy, model: Model, registry: Registry) throws {
        let name = path.first!
        let rel = try model.requireRelationship(name)
        let target = try registry.require(rel.target)
        if let i = nodes.firstIndex(where: { $0.relationship.name == name }) {
            if path.count == 1 { nodes[i].strategy = strategy; nodes[i].byDefault = false }
            else { try nodes[i].children.insert(path.dropFirst(), strategy, model: target, registry: registry) }
            return
        }
        var node = Node(relationship: rel, strategy: path.count == 1 ? strategy : .lazy, children: LoadPlan(), byDefault: path.count > 1)
        if path.count > 1 { try node.children.insert(path.dropFirst(), strategy, model: target, registry: registry) }
        nodes.append(node)
    }

    func node(_ name: String) -> Node? { nodes.first { $0.relationship.name == name } }
}

/// A relationship that cannot be loaded the way it was asked.
public enum LoadingError: UserFacingError, Equatable {
    /// The relationship's strategy is `raise` and it was accessed without being loaded.
    case raiseLoad(relationship: String, parent: String)
    /// The entity is not in a session, so nothing can be loaded for it.
    case detached(relationship: String)

    public var sentence: String {
        switch self {
        case .raiseLoad(let r, let p):
            return "\(r) of \(p) is not loaded and its strategy is raise: load it with selectin or joined in the query."
        case .detached(let r):
            return "\(r) cannot be loaded: the object is not in a session."
        }
    }
}
