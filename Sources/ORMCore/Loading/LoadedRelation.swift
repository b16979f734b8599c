/// What an entity holds for one relationship once it is loaded.
struct LoadedRelation {
    var entities: [Entity] = []
    /// For a many-to-many: the link's extra columns for each entity, in the same order.
    var linkData: [[String: Value]] = []
    /// How it was loaded (lazy for a lazy load on access).
    var strategy: LoadStrategy
    /// Whether any code read it since it was loaded (for the unused-eager-load warning).
    var accessed = false
    /// The entities already in the list (a join repeats a row once per row of a sibling collection).
    private var members = Set<ObjectIdentifier>()

    init(strategy: LoadStrategy) { self.strategy = strategy }

    /// Appends a row a join may repeat (checked against the rows already there).
    mutating func append(_ e: Entity, link: [String: Value]?) {
        guard members.insert(ObjectIdentifier(e)).inserted else { return }
        entities.append(e)
        if let link { linkData.append(link) }
    }

    /// Appends a row that cannot repeat: each related row comes once from a selectin or lazy statement
    /// (a link table's primary key makes each pair unique).
    mutating func appendUnique(_ e: Entity, link: [String: Value]?) {
        entities.append(e)
        if let link { linkData.append(link) }
    }
}
