/// What an entity holds for one relationship once it is loaded.
struct LoadedRelation {
    var entities: [Entity] = []
    /// For a many-to-many: the names of the link's extra columns (`role`, `joined_at`)...
    let linkNames: [String]
    /// ...and their values for each entity in turn, `linkNames.count` values an entity, flat
    /// (a loader appends a row's slice without building a dictionary per row).
    private var linkValues: [Value] = []
    /// Whether the relationship goes through a link table (its link data has one entry per entity).
    let hasLink: Bool
    /// How it was loaded (lazy for a lazy load on access).
    var strategy: LoadStrategy
    /// Whether any code read it since it was loaded (for the unused-eager-load warning).
    var accessed = false
    /// The joined query that filled it: a parent met again later in the same result gets its
    /// list back, while a later query starts a new one.
    var loadID = 0
    /// The entities already in the list (a join repeats a row once per row of a sibling collection).
    private var members = Set<ObjectIdentifier>()

    init(strategy: LoadStrategy, link: [String]? = nil, loadID: Int = 0) {
        self.strategy = strategy
        self.loadID = loadID
        linkNames = link ?? []
        hasLink = link != nil
    }

    /// Each entity's link data as a dictionary, in the order of `entities` (empty unless many-to-many).
    var linkData: [[String: Value]] {
        guard hasLink else { return [] }
        let n = linkNames.count
        return entities.indices.map { i in Dictionary(uniqueKeysWithValues: zip(linkNames, linkValues[(i * n)..<(i * n + n)])) }
    }

    /// Appends a row a join may repeat (checked against the rows already there).
    mutating func append(_ e: Entity, link: ArraySlice<Value> = []) {
        // A join usually repeats a row on consecutive result rows: the last one needs no set lookup.
        if let last = entities.last, last === e { return }
        guard members.insert(ObjectIdentifier(e)).inserted else { return }
        appendUnchecked(e, link: link)
    }

    /// Appends a row without checking the ones already there: once per related row from a selectin
    /// or lazy statement, or once per link row through a link table (a pair stored twice comes
    /// twice, as SQLAlchemy's selectin loader gives it).
    @inline(__always)
    mutating func appendUnchecked(_ e: Entity, link: ArraySlice<Value> = []) {
        entities.append(e)
        if !linkNames.isEmpty { linkValues.append(contentsOf: link) }
    }
}
