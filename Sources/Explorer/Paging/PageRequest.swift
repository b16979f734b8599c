import ORMCore

/// A sort key the user asked for: `name` or `name:desc`.
public struct SortKey: Sendable, Hashable {
    public var field: String
    public var descending: Bool

    public init(_ field: String, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }

    /// `FIELD` or `FIELD:asc` / `FIELD:desc`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        field = parts[0]
        switch parts.count > 1 ? parts[1].lowercased() : "asc" {
        case "asc": descending = false
        case "desc": descending = true
        default: throw RequestError("The sort \"\(text)\" should be FIELD, FIELD:asc or FIELD:desc.", usage: true)
        }
    }

    /// `FIELD[:asc|:desc]` on `model`, the field (or many-to-one path) named as a model name is:
    /// `"createdAt"` exactly, `createdat` when `createdAt` is its one case-insensitive match
    /// (`Registry.exactPath`).
    public init(parsing text: String, model: Model, registry: Registry) throws {
        try self.init(parsing: text)
        field = registry.exactPath(field, from: model, lastIsField: true)
    }
}

/// Where a page starts.
public enum PagePosition: Sendable, Hashable {
    case first
    case last
    /// The page after the row whose key (sort fields then primary key) is this.
    case after([Value])
    case before([Value])
    /// An OFFSET: jumps to page N of a small result; keyset positions stay fast on deep pages.
    case offset(Int)
}

/// One page of one model's rows: filter, sort, position, size and loading options. Pure data:
/// the runtime turns it into a statement.
public struct PageRequest: Sendable, Hashable {
    public var model: String
    public var filter: String
    public var sort: [SortKey]
    public var position: PagePosition
    public var limit: Int
    public var load: [LoadOption]
    /// Rows related to one parent row through a relationship (following it from the parent).
    public var scope: Scope?

    public init(model: String, filter: String = "", sort: [SortKey] = [], position: PagePosition = .first, limit: Int = 50,
                load: [LoadOption] = [], scope: Scope? = nil) {
        self.scope = scope
        self.model = model
        self.filter = filter
        self.sort = sort
        self.position = position
        self.limit = limit
        self.load = load
    }

    /// The fields that order the page and make up a row's key: the sort fields, then the primary key
    /// (the tie-breaker that makes the order total). Checked against the model; a dotted sort field
    /// (`team.name`) is a `SortPath` through many-to-one relationships, read with `registry`.
    public func keyFields(for model: Model, registry: Registry? = nil) throws -> [String] {
        for k in sort where model.field(k.field) == nil {
            if k.field.contains("."), try SortPath.resolve(k.field, model: model, registry: registry) != nil { continue }
            throw SchemaError.unknownField(model: model.qualifiedName, field: k.field,
                                           suggestion: Suggest.closest(to: k.field, in: model.fieldNames))
        }
        var fields = sort.map(\.field)
        // Without a key, every field that can be ordered (json, xml, point ... have no ordering on PostgreSQL).
        let tieBreaker = model.primaryKey.isEmpty ? model.uniqueKeys.first ?? model.fields.filter(\.type.hasEquality).map(\.name) : model.primaryKey
        for f in tieBreaker where !fields.contains(f) { fields.append(f) }
        return fields
    }

    public func orderTerms(for model: Model, registry: Registry? = nil) throws -> [OrderTerm] {
        try keyFields(for: model, registry: registry).map { f in
            let expression = try SortPath.resolve(f, model: model, registry: registry)?.expression(outer: model.table.qualifier) ?? .col(f)
            return OrderTerm(expression, sort.first { $0.field == f }?.descending == true ? .descending : .ascending)
        }
    }

    /// The sort fields reached through relationships, by name (`team.name`).
    public func sortPaths(for model: Model, registry: Registry) throws -> [String: SortPath] {
        var out: [String: SortPath] = [:]
        for k in sort { if let p = try SortPath.resolve(k.field, model: model, registry: registry) { out[k.field] = p } }
        return out
    }
}

/// A request that cannot be carried out as given.
public struct RequestError: UserFacingError, Equatable {
    public let sentence: String
    /// A mistake in the arguments themselves (a number out of range, `--set` without `=`), not
    /// in what they name: the command line exits 64 for it, as for an unknown option.
    public let isUsage: Bool
    public init(_ sentence: String, usage: Bool = false) {
        self.sentence = sentence
        self.isUsage = usage
    }
}

/// The rows of `relationship` for one row of `parentModel` (whose values for the relationship's
/// local columns are `parentKey`): the referenced row, the referencing rows, or the rows through a
/// link table.
public struct Scope: Sendable, Hashable {
    public var parentModel: String
    public var relationship: String
    public var parentKey: [Value]

    public init(parentModel: String, relationship: String, parentKey: [Value]) {
        self.parentModel = parentModel
        self.relationship = relationship
        self.parentKey = parentKey
    }

    /// The condition on the target model's rows.
    ///
    /// ```sql
    /// "team_id" = ?                                                     -- team 3's heroes
    /// "object_id" = ? AND "content_type_id" = ?                          -- venue 1's reviews (targetConditions)
    /// "id" IN (SELECT "power_id" FROM "hero_power_link" WHERE "hero_id" = ?)   -- hero 1's powers
    /// ```
    public func condition(registry: Registry) throws -> SQLExpression {
        let parent = try registry.require(parentModel)
        let rel = try parent.requireRelationship(relationship)
        if let link = rel.link {
            let linkModel = try registry.require(link.model)
            let key: SQLExpression = rel.remoteColumns.count == 1 ? .col(rel.remoteColumns[0]) : .tuple(rel.remoteColumns.map { .col($0) })
            return rel.restricting(.inSelect(key, Select(from: linkModel.table, items: link.targetColumns.map { SelectItem(.col($0)) },
                                                         where: .keyEquals(link.ownerColumns, parentKey)), negated: false))
        }
        return rel.restricting(.keyEquals(rel.remoteColumns, parentKey))
    }
}
