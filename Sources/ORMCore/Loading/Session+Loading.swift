/// The three loading strategies, run by the session.
extension Session {
    /// The strategy a relationship gets when a query names none: the one set on the session, else
    /// the application's own (a models file's `loading`), else lazy.
    public func defaultStrategy(for rel: Relationship) -> LoadStrategy { defaultStrategies[rel.id] ?? rel.app?.loading ?? .lazy }

    /// Sets the strategy a relationship gets when a query names none (the explorer's `L` key).
    public func setDefaultStrategy(_ strategy: LoadStrategy, for rel: Relationship) { defaultStrategies[rel.id] = strategy }

    /// Runs a select of one model's rows (with joined relationships in the same statement), merges
    /// them into the identity map, then runs each selectin level and leaves lazy ones for access.
    /// With `shown`, only the first `shown` rows get their relationships (a page's extra row, read
    /// to know whether a next page exists, is returned bare: see `queryPage`).
    func load(_ select: Select, model: Model, plan: LoadPlan, cause: StatementCause = .query, shown: Int? = nil,
              previewing: [String] = []) throws -> [Entity] {
        // Without a prefix each row is a distinct entity (a key comes once; joins are de-duplicated).
        var entities: [Entity] = []
        try loadRows([select], model: model, plan: plan, prefix: [], causes: [cause], shown: shown, previewing: previewing) { e, _ in entities.append(e) }
        try apply(plan, to: shown.map { Array(entities.prefix($0)) } ?? entities)
        return entities
    }

    /// Streams the rows of selects of one shape (selectin's chunks; usually one select) as
    /// entities, joined relationships filled in, each with the row's values: the leading `prefix`
    /// items (a many-to-many batch's parent key and link data) come first. A row repeated by a join
    /// is passed once. Several selects run as one batch (see `Database.forEachRow(batch:)`); their
    /// rows belong to different parents, so they read as one stream.
    func loadRows(_ selects: [Select], model: Model, plan: LoadPlan, prefix: [SelectItem], causes: [StatementCause],
                  shown: Int? = nil, previewing: [String] = [], _ body: (Entity, [Value]) -> Void) throws {
        // Every relationship level is fully (re)loaded by this query, including parents with no rows.
        let defaultPlan = planWithDefaults(plan, model: model)
        let hasJoins = defaultPlan.nodes.contains { $0.strategy == .joined }
        guard hasJoins || !prefix.isEmpty else {
            let layout = self.layout(model)
            // Long values as previews (a joined query reads its columns whole).
            if !previewing.isEmpty {
                try loadPreviewing(selects, causes, model: model, layout: layout, fields: previewing, body)
                return
            }
            try run(selects, causes) { body(self.merge(row: $0, layout: layout), $0.values) }
            return
        }
        let queries = try selects.map { try JoinedQuery($0, model: model, plan: defaultPlan, prefix: prefix, registry: registry, shown: shown) }
        guard let q = queries.first else { return }
        var seen = Set<RowKey>()
        nextLoadID += 1
        let loadID = nextLoadID
        // Everything the per-row loop needs, as plain arrays read by index.
        let n = q.segments.count
        let layouts = q.segments.map { self.layout($0.model) }
        let identityTables = layouts.map { self.identities($0) }
        let offsets = q.segments.map(\.fields.lowerBound)
        let ranges = q.segments.map(\.fields)
        let parents = q.segments.map { $0.parent ?? -1 }
        let names = q.segments.map { $0.relationship?.name ?? "" }
        let linkRanges = q.segments.map { $0.link ?? $0.fields.lowerBound..<$0.fields.lowerBound }
        let linkNames = q.segments.map { $0.relationship?.link == nil ? nil : $0.linkNames }
        let prefixCount = q.prefixCount
        // A segment's rows can repeat for one parent when the join also fans out below it or beside
        // it, or through a link table (a pair stored twice, kept once as SQLAlchemy's joined loader
        // does); a plain leaf with no siblings gives each (parent, row) pair once, so it skips the set.
        let mayRepeat = (0..<n).map { i in
            parents[i] >= 0 && (linkNames[i] != nil || parents.contains(i) || parents.enumerated().contains { $0.offset != i && $0.element == parents[i] })
        }
        var entities = [Entity?](repeating: nil, count: n)
        // Rows of one parent usually come together: the previous row's parents skip the set checks.
        var previous = [Entity?](repeating: nil, count: n)
        var open = [LoadedRelation?](repeating: nil, count: n)
        defer {
            for i in 1..<max(1, n) { if let prev = previous[i], let list = open[i] { prev.relations[names[i]] = list } }
        }
        // A segment with a single integer key: where that key sits in the row, and the last row's key
        // (a join repeats a parent on consecutive rows; the same key is the same entity, no lookup).
        let intKeyAt = (0..<n).map { layouts[$0].keyPositions.count == 1 ? offsets[$0] + layouts[$0].keyPositions[0] : -1 }
        var lastKey = [Int64?](repeating: nil, count: n)
        // Roots seen so far (for `shown`): the joins bring no rows for a root past it (see
        // JoinedQuery), and its relationships are left unloaded rather than loaded as empty.
        var rootsSeen = 0
        var lastRoot: Entity?
        try run(queries.map(\.select), causes) { row in
            let values = row.values
            for i in 0..<n {
                if i == 1, let shown, rootsSeen > shown { break }
                if intKeyAt[i] >= 0, case .int(let k) = values[intKeyAt[i]], k == lastKey[i], let same = entities[i], !same.isExpired {
                    // Same entity as the row before; its lists are already open below.
                } else {
                    let layout = layouts[i]
                    let offset = offsets[i]
                    let empty = layout.keyPositions.isEmpty
                        ? values[ranges[i]].allSatisfy(\.isNull)
                        : layout.keyPositions.contains { values[offset + $0].isNull }
                    entities[i] = empty ? nil : self.merge(values, offset: offset, layout: layout, table: identityTables[i])
                    if intKeyAt[i] >= 0, !empty, case .int(let k) = values[intKeyAt[i]] { lastKey[i] = k } else { lastKey[i] = nil }
                }
                if i == 0, shown != nil, let root = entities[0], root !== lastRoot { rootsSeen += 1; lastRoot = root }
                let entity = entities[i]
                let p = parents[i]
                guard p >= 0, let parent = entities[p] else { continue }
                if previous[i] !== parent {
                    // Hand the open list back to its parent and open this parent's (new, or taken out
                    // of the entity so it stays uniquely referenced while it grows).
                    if let prev = previous[i], let list = open[i] { prev.relations[names[i]] = list }
                    if let list = parent.relations.removeValue(forKey: names[i]), list.loadID == loadID {
                        open[i] = list
                    } else {
                        open[i] = LoadedRelation(strategy: .joined, link: linkNames[i], loadID: loadID)
                        if !parent.deferredPlans.isEmpty { parent.deferredPlans[names[i]] = nil }
                    }
                    previous[i] = parent
                }
                if let entity {
                    if linkNames[i] == nil {
                        if mayRepeat[i] { open[i]!.append(entity) } else { open[i]!.appendUnchecked(entity) }
                    } else {
                        if mayRepeat[i] { open[i]!.append(entity, link: values[linkRanges[i]]) } else { open[i]!.appendUnchecked(entity, link: values[linkRanges[i]]) }
                    }
                }
            }
            guard let root = entities[0] else { return }
            if prefixCount == 0 {
                if previous[0] !== root, seen.insert(RowKey(root, [])).inserted { body(root, values) }
                previous[0] = root
            } else if n == 1 || seen.insert(RowKey(root, Array(values[0..<prefixCount]))).inserted {
                // With nothing joined each (parent key, row) pair comes once: no set needed.
                body(root, values)
            }
        }
    }

    /// One select as one statement, several as one batch.
    func run(_ selects: [Select], _ causes: [StatementCause], _ body: (Row) throws -> Void) throws {
        if selects.count == 1 { return try database.forEachRow(.select(selects[0]), cause: causes[0], body) }
        try database.forEachRow(batch: zip(selects, causes).map { (.select($0), $1) }) { try body($1) }
    }

    /// Adds the session's default strategies for relationships the plan does not name (only joined ones matter here).
    /// An application's default (`Relationship.app`) applies only when its target is not on the
    /// load's path (`loadPath`, and `model` itself), as SQLAlchemy's: so `lazy="selectin"` on a
    /// self-referential relationship loads nothing by itself, and `User.assessments` →
    /// `Assessment.questions` chains while `Assessment.user` back to User does not.
    /// A step the plan names only for a deeper option (`Node.byDefault`) gets its default strategy.
    func planWithDefaults(_ plan: LoadPlan, model: Model) -> LoadPlan {
        if defaultStrategies.isEmpty && !model.relationships.contains(where: { $0.app != nil }) { return plan }
        var p = plan
        for i in p.nodes.indices where p.nodes[i].byDefault { p.nodes[i].strategy = defaultStrategy(for: p.nodes[i].relationship) }
        for rel in model.relationships where p.node(rel.name) == nil {
            let s: LoadStrategy
            if let set = defaultStrategies[rel.id] { s = set }
            else if let app = rel.app, rel.target != model.qualifiedName, !loadPath.contains(rel.target) { s = app.loading }
            else { s = .lazy }
            if s != .lazy { p.nodes.append(.init(relationship: rel, strategy: s, children: LoadPlan())) }
        }
        return p
    }

    /// Whether loaded rows of `rel`'s target get eager loads of their own: options below it, or
    /// the application's defaults on the target's relationships.
    func chains(_ rel: Relationship, _ children: LoadPlan) -> Bool {
        if !children.nodes.isEmpty { return true }
        guard let target = registry.model(named: rel.target) else { return false }
        return target.relationships.contains { ($0.app?.loading ?? .lazy) != .lazy }
    }

    /// Runs the non-joined parts of a plan for a set of parents (recursing below joined levels).
    func apply(_ plan: LoadPlan, to parents: [Entity]) throws {
        guard let model = parents.first?.model else { return }
        loadPath.append(model.qualifiedName)
        defer { loadPath.removeLast() }
        for node in planWithDefaults(plan, model: model).nodes {
            let name = node.relationship.name
            switch node.strategy {
            case .joined:
                record(node.relationship, parents)
                if chains(node.relationship, node.children) {
                    try apply(node.children, to: uniqueEntities(parents.flatMap { $0.relations[name]?.entities ?? [] }))
                }
            case .selectin:
                try selectin(node.relationship, parents: parents, children: node.children)
            case .lazy, .raise:
                for p in parents where p.relations[name] == nil { p.deferredPlans[name] = node }
            }
        }
    }

    // MARK: selectin

    /// One `IN (...)` statement per 500 parent keys for all parents at once.
    ///
    /// ```sql
    /// SELECT * FROM "hero" WHERE "team_id" IN (?, ?, ...)                  -- one-to-many
    /// SELECT * FROM "team" WHERE "id" IN (?, ?, ...)                       -- many-to-one
    /// SELECT "hero_power_link"."hero_id" AS ..., "power"."id" AS ..., ...   -- many-to-many, through the link
    ///   FROM "power" JOIN "hero_power_link" ON ... WHERE "hero_power_link"."hero_id" IN (?, ?, ...)
    /// ```
    func selectin(_ rel: Relationship, parents: [Entity], children: LoadPlan) throws {
        record(rel, parents)
        // Each parent's list is built in a local array (by index) and handed over at the end.
        var lists = [LoadedRelation](repeating: LoadedRelation(strategy: .selectin, link: rel.link?.extraColumns), count: parents.count)
        var owners = ParentIndex()
        var keys: [[Value]] = []
        for (i, p) in parents.enumerated() {
            p.deferredPlans[rel.name] = nil
            let key = rel.localColumns.map { p[$0] ?? .null }
            if key.contains(where: \.isNull) { continue }
            if owners.add(i, for: key) { keys.append(key) }
        }
        let chunks = stride(from: 0, to: keys.count, by: Session.selectinChunkSize).map {
            Array(keys[$0..<min(keys.count, $0 + Session.selectinChunkSize)])
        }
        let causes = chunks.indices.map { StatementCause.selectin(relationship: rel.qualifiedName, chunk: $0 + 1, of: chunks.count) }
        var loaded: [Entity] = []
        let chained = chains(rel, children)
        try fetchRelated(rel, keys: chunks, children: children, causes: causes) { key, child, link in
            owners.forEach(key) { lists[$0].appendUnchecked(child, link: link) }
            if chained { loaded.append(child) }
        }
        for (i, p) in parents.enumerated() { p.relations[rel.name] = lists[i] }
        if chained { try apply(children, to: uniqueEntities(loaded)) }
    }

    /// SQLAlchemy's selectin chunk size.
    static let selectinChunkSize = 500

    // MARK: lazy

    /// Loads one parent's relationship on first access. A many-to-one whose target is in the
    /// identity map (and not expired) costs no statement, unless the application's ORM has no
    /// identity map (`AppBehaviour.sharesLoadedRows`: Django's queries once per object).
    ///
    /// ```sql
    /// SELECT * FROM "team" WHERE "id" = ?            -- hero.team
    /// SELECT * FROM "hero" WHERE "team_id" = ?       -- team.heroes
    /// ```
    func lazyLoad(_ rel: Relationship, for parent: Entity, children: LoadPlan) throws {
        let key = rel.localColumns.map { parent[$0] ?? .null }
        var relation = LoadedRelation(strategy: .lazy, link: rel.link?.extraColumns)
        defer { parent.deferredPlans[rel.name] = nil }
        if key.contains(where: \.isNull) {
            parent.relations[rel.name] = relation
            return
        }
        if rel.kind == .manyToOne || rel.kind == .oneToOne, rel.app?.sharesLoadedRows ?? true,
           let target = registry.model(named: rel.target), target.primaryKey == rel.remoteColumns,
           let hit = identities(layout(target))[key], !hit.isExpired {
            relation.appendUnchecked(hit, link: [])
            parent.relations[rel.name] = relation
            return
        }
        let cause = StatementCause.lazyLoad(relationship: rel.qualifiedName, parent: parent.identity?.description ?? parent.model.qualifiedName)
        // A link pair stored twice brings its row twice: a lazy load keeps it once, as SQLAlchemy's
        // lazy loader does (its selectin loader keeps both, and so does `selectin` here).
        let repeats = rel.link != nil
        try fetchRelated(rel, keys: [[key]], children: children, causes: [cause]) { _, child, link in
            if repeats { relation.append(child, link: link) } else { relation.appendUnchecked(child, link: link) }
        }
        parent.relations[rel.name] = relation
        // The lazy load's path starts at the parent (SQLAlchemy's lazy loader query carries it).
        loadPath.append(parent.model.qualifiedName)
        defer { loadPath.removeLast() }
        try apply(children, to: uniqueEntities(relation.entities))
    }

    /// The statements both selectin and lazy loads run: related rows for parent keys, one
    /// statement per chunk of keys (a lazy load: one chunk of one key), run as one batch.
    /// `attach` gets each row with the parent key it belongs to and its link data (empty unless
    /// many-to-many), both slices of the row's values.
    private func fetchRelated(_ rel: Relationship, keys chunks: [[[Value]]], children: LoadPlan, causes: [StatementCause],
                              attach: (ArraySlice<Value>, Entity, ArraySlice<Value>) -> Void) throws {
        guard !chunks.isEmpty else { return }
        let target = try registry.require(rel.target)
        // A lazy load asks for one parent with `=`; a selectin batch always uses IN, even for one key.
        let single: Bool
        if case .lazyLoad = causes[0] { single = true } else { single = false }
        if let link = rel.link {
            let linkModel = try registry.require(link.model)
            let l = linkModel.name
            let order = Self.appOrder(rel, target, qualifier: target.name)
            let selects = chunks.map { keys in
                Select(from: target.table, joins: [Join(.inner, linkModel.table, on: JoinedQuery.equal(link.targetColumns, l, rel.remoteColumns, target.name))],
                       where: single ? .keyEquals(link.ownerColumns, keys[0], table: l) : .keysIn(link.ownerColumns, table: l, keys), orderBy: order)
            }
            let prefix = link.ownerColumns.enumerated().map { SelectItem(.col($1, of: l), as: "_parent_\($0)") }
                + link.extraColumns.map { SelectItem(.col($0, of: l), as: "_link_\($0)") }
            let k = link.ownerColumns.count, extras = k..<(k + link.extraColumns.count)
            try loadRows(selects, model: target, plan: children, prefix: prefix, causes: causes) { child, values in
                attach(values[0..<k], child, values[extras])
            }
            return
        }
        let order = Self.appOrder(rel, target, qualifier: nil)
        let selects = chunks.map { keys in
            Select(from: target.table, where: single ? .keyEquals(rel.remoteColumns, keys[0]) : .keysIn(rel.remoteColumns, table: nil, keys),
                   orderBy: order)
        }
        let layout = self.layout(target)
        let positions = rel.remoteColumns.compactMap { layout.position($0) }
        let none: ArraySlice<Value> = []
        try loadRows(selects, model: target, plan: children, prefix: [], causes: causes) { child, _ in
            if positions.count == 1 {
                attach(child.values[positions[0]...positions[0]], child, none)
            } else {
                attach(ArraySlice(positions.map { child.values[$0] }), child, none)
            }
        }
    }

    /// A collection's order as the application gives it (`order_by=`: the file's `order_by`, `-name`
    /// descending), as SQLAlchemy's loaders put it in their statements (`ORDER BY "address"."email"`);
    /// names the target lacks are left out. Empty for a many-to-one and without an order.
    static func appOrder(_ rel: Relationship, _ target: Model, qualifier: String?) -> [OrderTerm] {
        guard rel.kind.isCollection, let names = rel.app?.orderBy, !names.isEmpty else { return [] }
        return names.compactMap { n in
            let descending = n.hasPrefix("-")
            let name = descending ? String(n.dropFirst()) : n
            guard target.field(name) != nil else { return nil }
            return OrderTerm(.col(name, of: qualifier), descending ? .descending : .ascending)
        }
    }

    // MARK: Bookkeeping

    func record(_ rel: Relationship, _ parents: [Entity]) {
        eagerLoads.append(EagerLoadRecord(action: database.action, relationship: rel, parents: parents))
        if eagerLoads.count > 256 { eagerLoads.removeFirst(eagerLoads.count - 256) }
    }

    func uniqueEntities(_ list: [Entity]) -> [Entity] {
        var seen = Set<ObjectIdentifier>()
        return list.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }
}

/// An entity plus values, hashable by the entity's identity.
struct RowKey: Hashable {
    let id: ObjectIdentifier
    let values: [Value]
    init(_ e: Entity, _ values: [Value]) {
        id = ObjectIdentifier(e)
        self.values = values
    }
}

/// One eager load, kept to tell later whether any of its rows were read.
struct EagerLoadRecord {
    let action: String
    let relationship: Relationship
    let parents: [Entity]
}

/// Parent positions by key; a single integer key takes a dictionary of Int64.
struct ParentIndex {
    private var ints: [Int64: [Int]] = [:]
    private var others: [[Value]: [Int]] = [:]

    /// Adds a parent; returns whether the key is new.
    mutating func add(_ index: Int, for key: [Value]) -> Bool {
        if key.count == 1, case .int(let n) = key[0] {
            if ints[n] != nil { ints[n]!.append(index); return false }
            ints[n] = [index]
            return true
        }
        if others[key] != nil { others[key]!.append(index); return false }
        others[key] = [index]
        return true
    }

    @inline(__always)
    func forEach(_ key: ArraySlice<Value>, _ body: (Int) -> Void) {
        if key.count == 1, case .int(let n) = key[key.startIndex] {
            if let list = ints[n] { for i in list { body(i) } }
            return
        }
        for i in others[Array(key)] ?? [] { body(i) }
    }
}
