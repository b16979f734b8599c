/// A relationship declared in code, for databases whose catalog lacks the foreign keys (many
/// SQLite files) or to name a relationship differently from the inferred rule.
///
/// ```swift
/// let registry = try db.introspect().declaring([
///     .manyToOne("manager", on: "employee", to: "employee", columns: ["manager_id"], backPopulates: "reports"),
/// ])
/// ```
public struct RelationshipDeclaration: Sendable, Hashable {
    public struct Through: Sendable, Hashable {
        public var link: String
        public var ownerColumns: [String]
        public var targetColumns: [String]
        public init(_ link: String, ownerColumns: [String], targetColumns: [String]) {
            self.link = link
            self.ownerColumns = ownerColumns
            self.targetColumns = targetColumns
        }
    }

    public var model: String
    public var name: String
    public var target: String
    public var kind: Relationship.Kind
    /// The foreign key columns: on `model` for many-to-one and a one-to-one that `holdsKey`, on
    /// `target` for one-to-many and the other one-to-one.
    public var columns: [String]
    /// The columns the foreign key refers to; the referenced side's primary key when nil.
    public var referencedColumns: [String]?
    public var through: Through?
    public var backPopulates: String?
    /// A one-to-one whose `columns` are on `model` (the side holding the foreign key: Django's
    /// `OneToOneField`), not on `target`.
    public var holdsKey: Bool
    /// Constants the target's columns also equal (`Relationship.targetConditions`): a relationship
    /// with them is not the same join as one without, so it replaces no relationship of the same columns.
    public var targetConditions: [Relationship.TargetCondition] = []

    public init(model: String, name: String, target: String, kind: Relationship.Kind, columns: [String],
                referencedColumns: [String]? = nil, through: Through? = nil, backPopulates: String? = nil, holdsKey: Bool = false) {
        self.holdsKey = holdsKey
        self.model = model
        self.name = name
        self.target = target
        self.kind = kind
        self.columns = columns
        self.referencedColumns = referencedColumns
        self.through = through
        self.backPopulates = backPopulates
    }

    public static func manyToOne(_ name: String, on model: String, to target: String, columns: [String],
                                 referencedColumns: [String]? = nil, backPopulates: String? = nil) -> Self {
        Self(model: model, name: name, target: target, kind: .manyToOne, columns: columns, referencedColumns: referencedColumns,
             backPopulates: backPopulates)
    }

    public static func oneToMany(_ name: String, on model: String, to target: String, columns: [String],
                                 referencedColumns: [String]? = nil, backPopulates: String? = nil) -> Self {
        Self(model: model, name: name, target: target, kind: .oneToMany, columns: columns, referencedColumns: referencedColumns,
             backPopulates: backPopulates)
    }

    public static func manyToMany(_ name: String, on model: String, to target: String, through: Through,
                                  backPopulates: String? = nil) -> Self {
        Self(model: model, name: name, target: target, kind: .manyToMany, columns: [], through: through, backPopulates: backPopulates)
    }
}

/// A declared relationship that the live schema cannot carry.
public struct RelationshipDeclarationError: UserFacingError, Equatable {
    public var relationship: String
    public var reason: String
    public var sentence: String { "The declared relationship \(relationship) \(reason); nothing was changed." }
}

extension Registry {
    /// The registry with declared relationships added, or replacing the inferred ones that join the
    /// same columns (a declared name wins). Every declaration is checked first: an unknown model or
    /// field, or a foreign key the live schema contradicts, throws and changes nothing.
    public func declaring(_ declarations: [RelationshipDeclaration]) throws -> Registry {
        var result = self
        // Relationships these declarations name themselves: a later one's back side never replaces them.
        var declaredHere = Set<String>()
        // Each name looked up once and each model's place found once: a models file names every
        // model many times (a 300-model file: 1,800 lookups and 1,200 placements, each a pass over
        // every model, were 80% of applying it).
        var found: [String: Model] = [:]
        func model(_ name: String) throws -> Model {
            if let m = found[name] { return m }
            let m = try require(name)
            found[name] = m
            return m
        }
        var place: [String: Int] = [:]
        for (i, m) in models.enumerated() where place[m.qualifiedName] == nil { place[m.qualifiedName] = i }
        for d in declarations {
            let owner = try model(d.model), target = try model(d.target)
            var rel = try resolve(d, owner: owner, target: target, model: model)
            for c in d.targetConditions where target.field(c.column) == nil {
                throw SchemaError.unknownField(model: target.qualifiedName, field: c.column, suggestion: Suggest.closest(to: c.column, in: target.fieldNames))
            }
            rel.targetConditions = d.targetConditions
            result.put(rel, at: place[rel.model], keeping: declaredHere)
            declaredHere.insert(rel.id)
            // The other side: rename the inferred one, or create it when a back name is given.
            if let back = d.backPopulates, !declaredHere.contains("\(target.qualifiedName).\(ModelName.quoted(back))") {
                var reverse = Relationship(name: back, model: target.qualifiedName, target: owner.qualifiedName,
                                           kind: d.kind == .manyToOne ? .oneToMany : d.kind == .oneToMany ? .manyToOne : d.kind,
                                           localColumns: rel.remoteColumns, remoteColumns: rel.localColumns, backPopulates: rel.name,
                                           isDeclared: true, isInheritance: rel.isInheritance)
                if let link = rel.link {
                    reverse.link = .init(model: link.model, ownerColumns: link.targetColumns, targetColumns: link.ownerColumns,
                                         extraColumns: link.extraColumns)
                }
                result.put(reverse, at: place[reverse.model], keeping: declaredHere)
            }
        }
        return result
    }

    private func resolve(_ d: RelationshipDeclaration, owner: Model, target: Model, model: (String) throws -> Model) throws -> Relationship {
        let qualified = "\(Naming.className(owner.qualifiedName)).\(d.name)"
        func fields(_ names: [String], on m: Model) throws {
            for n in names where m.field(n) == nil {
                throw SchemaError.unknownField(model: m.qualifiedName, field: n, suggestion: Suggest.closest(to: n, in: m.fieldNames))
            }
        }
        func referenced(_ m: Model, _ count: Int) throws -> [String] {
            let cols = d.referencedColumns ?? m.primaryKey
            try fields(cols, on: m)
            guard cols.count == count, !cols.isEmpty else {
                throw RelationshipDeclarationError(relationship: qualified,
                    reason: "joins \(count) column(s) to \(cols.count) on \(m.qualifiedName) (\(cols.joined(separator: ", ")))")
            }
            return cols
        }
        /// A live foreign key on these columns that points at another table contradicts the declaration.
        func checkLive(_ fkSide: Model, _ columns: [String], _ referencedModel: Model) throws {
            for fk in fkSide.foreignKeys where fk.columns == columns {
                let liveTarget = fk.referencedModelName.description
                if fk.referencedModelName != referencedModel.modelName {
                    throw RelationshipDeclarationError(relationship: qualified,
                        reason: "says \(fkSide.qualifiedName).\(columns.joined(separator: ", ")) refers to \(referencedModel.qualifiedName), but the live schema's foreign key refers to \(liveTarget)")
                }
            }
        }
        switch d.kind {
        case .manyToOne, .oneToOne where d.holdsKey:
            try fields(d.columns, on: owner)
            let remote = try referenced(target, d.columns.count)
            try checkLive(owner, d.columns, target)
            // A one-to-one from this model's primary key to the target's is joined-table inheritance, as inferred.
            let inheritance = d.kind == .oneToOne && owner.modelName != target.modelName && !owner.primaryKey.isEmpty
                && Set(d.columns) == Set(owner.primaryKey) && Set(remote) == Set(target.primaryKey)
            return Relationship(name: d.name, model: owner.qualifiedName, target: target.qualifiedName, kind: d.kind,
                                localColumns: d.columns, remoteColumns: remote, backPopulates: d.backPopulates, isDeclared: true,
                                isInheritance: inheritance)
        case .oneToMany, .oneToOne:
            try fields(d.columns, on: target)
            let local = try referenced(owner, d.columns.count)
            try checkLive(target, d.columns, owner)
            return Relationship(name: d.name, model: owner.qualifiedName, target: target.qualifiedName, kind: d.kind,
                                localColumns: local, remoteColumns: d.columns, backPopulates: d.backPopulates, isDeclared: true)
        case .manyToMany:
            guard let through = d.through else {
                throw RelationshipDeclarationError(relationship: qualified, reason: "is many-to-many but names no link table")
            }
            let link = try model(through.link)
            try fields(through.ownerColumns + through.targetColumns, on: link)
            let local = try referenced(owner, through.ownerColumns.count)
            let remote = target.primaryKey
            guard remote.count == through.targetColumns.count, !remote.isEmpty else {
                throw RelationshipDeclarationError(relationship: qualified, reason: "joins \(through.targetColumns.count) link column(s) to \(target.qualifiedName)'s primary key of \(remote.count)")
            }
            try checkLive(link, through.ownerColumns, owner)
            try checkLive(link, through.targetColumns, target)
            let extra = link.fieldNames.filter { !through.ownerColumns.contains($0) && !through.targetColumns.contains($0) }
            return Relationship(name: d.name, model: owner.qualifiedName, target: target.qualifiedName, kind: .manyToMany,
                                localColumns: local, remoteColumns: remote,
                                link: .init(model: link.qualifiedName, ownerColumns: through.ownerColumns,
                                            targetColumns: through.targetColumns, extraColumns: extra),
                                backPopulates: d.backPopulates, isDeclared: true)
        }
    }

    /// Adds a relationship to its model, replacing one that joins the same columns the same way
    /// (or has the same name); through a link to the same table, the link's owner columns tell
    /// the two directions apart. `index` is the place of its model (`rel.model`) in `models`.
    /// A relationship of `keeping` (declared by the same call) is replaced by name only: an
    /// application may map one key twice (`Customer.addresses` and a viewonly `Customer.long_addresses`).
    private mutating func put(_ rel: Relationship, at index: Int?, keeping: Set<String> = []) {
        guard let i = index else { return }
        var rel = rel
        // The foreign key an inferred relationship of the same join was read from stays known.
        if rel.origin == nil, let same = models[i].relationships.first(where: {
            $0.target == rel.target && $0.kind == rel.kind && $0.localColumns == rel.localColumns && $0.remoteColumns == rel.remoteColumns
                && $0.link?.model == rel.link?.model && $0.origin != nil }) {
            rel.origin = same.origin
            rel.isInheritance = rel.isInheritance || same.isInheritance
        }
        models[i].relationships.removeAll {
            $0.name == rel.name
                || (!keeping.contains($0.id) && $0.target == rel.target && $0.kind == rel.kind && $0.localColumns == rel.localColumns
                    && $0.remoteColumns == rel.remoteColumns && $0.link?.model == rel.link?.model
                    && $0.link?.ownerColumns == rel.link?.ownerColumns && $0.targetConditions == rel.targetConditions)
        }
        models[i].relationships.append(rel)
    }
}
