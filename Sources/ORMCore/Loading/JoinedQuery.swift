/// One SELECT that loads a model's rows together with its joined relationships (at any depth),
/// and puts each result row back together as entities.
///
/// ```sql
/// -- team with joined heroes, first 50 teams:
/// SELECT "team"."id" AS "team_id", "team"."name" AS "team_name", ..., "hero_1"."id" AS "hero_1_id", ...
///   FROM "team" LEFT OUTER JOIN "hero" AS "hero_1" ON "hero_1"."team_id" = "team"."id"
///   WHERE "team"."id" IN (SELECT "team"."id" FROM "team" ORDER BY "team"."name" ASC LIMIT 50)
///   ORDER BY "team"."name" ASC
/// ```
/// A LIMIT or OFFSET applies to the parents, not to the joined rows, so it moves into an
/// `IN (subquery)` on the parent's key, as SQLAlchemy wraps the parent query in a subquery.
struct JoinedQuery {
    struct Segment {
        var model: Model
        var qualifier: String
        var columns: Columns
        var fields: Range<Int>
        var linkNames: [String]
        var link: Range<Int>?
        /// The segment this one hangs from, and by which relationship.
        var parent: Int?
        var relationship: Relationship?
    }

    var select: Select
    var segments: [Segment] = []
    var prefixCount: Int

    /// With `shown` (a page that reads one row more than it shows), the joins directly under the
    /// root also require the parent to be among the first `shown` parents, so the extra row's
    /// children are never read:
    ///
    /// ```sql
    /// SELECT ... FROM "team" LEFT OUTER JOIN "hero" AS "hero_1" ON "hero_1"."team_id" = "team"."id"
    ///     AND "team"."id" IN (SELECT "team"."id" FROM "team" ORDER BY ... LIMIT 50)
    ///   WHERE "team"."id" IN (SELECT "team"."id" FROM "team" ORDER BY ... LIMIT 51) ORDER BY ...
    /// ```
    init(_ base: Select, model: Model, plan: LoadPlan, prefix: [SelectItem], registry: Registry, shown: Int? = nil) throws {
        prefixCount = prefix.count
        select = base
        var segments: [Segment] = []
        let rootQualifier = base.from?.alias ?? model.name
        var items = prefix
        var joins = base.joins
        var counter = 0
        var rootJoins: [Int] = []
        func addSegment(_ m: Model, qualifier: String, parent: Int?, rel: Relationship?, linkItems: [(String, SQLExpression)]) {
            let linkStart = items.count
            for (name, e) in linkItems { items.append(SelectItem(e, as: "\(qualifier)_link_\(name)")) }
            let start = items.count
            for f in m.fields { items.append(SelectItem(.col(f.name, of: qualifier), as: "\(qualifier)_\(f.name)")) }
            segments.append(Segment(model: m, qualifier: qualifier, columns: Columns(m.fieldNames), fields: start..<items.count,
                                    linkNames: linkItems.map(\.0), link: linkItems.isEmpty ? nil : linkStart..<start,
                                    parent: parent, relationship: rel))
        }
        addSegment(model, qualifier: rootQualifier, parent: nil, rel: nil, linkItems: [])

        func addJoins(_ plan: LoadPlan, under parent: Int) throws {
            for node in plan.nodes where node.strategy == .joined {
                let rel = node.relationship
                let target = try registry.require(rel.target)
                counter += 1
                let alias = "\(target.name)_\(counter)"
                let parentQ = segments[parent].qualifier
                if parent == 0 { rootJoins.append(joins.count) }
                var linkItems: [(String, SQLExpression)] = []
                if let link = rel.link {
                    let linkModel = try registry.require(link.model)
                    let linkAlias = "\(linkModel.name)_\(counter)"
                    joins.append(Join(.leftOuter, linkModel.table.aliased(linkAlias),
                                      on: JoinedQuery.equal(link.ownerColumns, linkAlias, rel.localColumns, parentQ)))
                    joins.append(Join(.leftOuter, target.table.aliased(alias),
                                      on: JoinedQuery.equal(rel.remoteColumns, alias, link.targetColumns, linkAlias)))
                    linkItems = link.extraColumns.map { ($0, .col($0, of: linkAlias)) }
                } else {
                    joins.append(Join(.leftOuter, target.table.aliased(alias),
                                      on: JoinedQuery.equal(rel.remoteColumns, alias, rel.localColumns, parentQ)))
                }
                addSegment(target, qualifier: alias, parent: parent, rel: rel, linkItems: linkItems)
                try addJoins(node.children, under: segments.count - 1)
            }
        }
        try addJoins(plan, under: 0)

        self.segments = segments
        var s = base
        s.items = items
        s.joins = joins
        s.predicate = base.predicate?.qualified(with: rootQualifier)
        s.orderBy = base.orderBy.map { OrderTerm($0.expression.qualified(with: rootQualifier), $0.direction) }
        if (base.limit != nil || base.offset != nil) && segments.count > 1 {
            guard !model.primaryKey.isEmpty else { throw SchemaError.noPrimaryKey(model: model.qualifiedName, what: model.kindPhrase) }
            var inner = base
            inner.items = model.primaryKey.map { SelectItem(.col($0, of: rootQualifier)) }
            inner.predicate = s.predicate
            inner.orderBy = s.orderBy
            let key: SQLExpression = model.primaryKey.count == 1
                ? .col(model.primaryKey[0], of: rootQualifier) : .tuple(model.primaryKey.map { .col($0, of: rootQualifier) })
            s.predicate = .inSelect(key, inner, negated: false)
            s.limit = nil
            s.offset = nil
            if let shown, let limit = base.limit, shown < limit {
                var visible = inner
                visible.limit = shown
                for j in rootJoins { s.joins[j].on = s.joins[j].on && .inSelect(key, visible, negated: false) }
            }
        }
        // A joined collection's own order (`order_by=`) after the query's, as SQLAlchemy's joined loader adds it.
        for seg in segments.dropFirst() {
            if let rel = seg.relationship { s.orderBy += Session.appOrder(rel, seg.model, qualifier: seg.qualifier) }
        }
        select = s
    }

    /// `a.x = b.y AND ...` for pairs of columns.
    static func equal(_ left: [String], _ leftTable: String, _ right: [String], _ rightTable: String) -> SQLExpression {
        let parts = zip(left, right).map { SQLExpression.col($0, of: leftTable).equals(.col($1, of: rightTable)) }
        return parts.count == 1 ? parts[0] : .and(parts)
    }
}
