/// Following relationships from an entity. The first access of one that is not loaded runs SQL
/// (a lazy load, logged with cause `lazyLoad`) or throws (strategy `raise`).
extension Entity {
    /// The related rows of a relationship of any kind (a many-to-one gives zero or one).
    ///
    /// ```sql
    /// -- team.related("heroes"), lazy, not loaded yet:
    /// SELECT * FROM "hero" WHERE "team_id" = ?
    /// -- hero.related("powers"), lazy, through the link table:
    /// SELECT "hero_power_link"."hero_id" AS "_parent_0", "hero_power_link"."role" AS "_link_role", ..., "power".*
    ///   FROM "power" JOIN "hero_power_link" ON "hero_power_link"."power_id" = "power"."id" WHERE "hero_power_link"."hero_id" = ?
    /// ```
    public func related(_ name: String) throws -> [Entity] {
        var out: [Entity] = []
        let read = { (r: inout LoadedRelation) in
            r.accessed = true
            out = r.entities
        }
        if relations.update(name, read) { return out }
        try ensureLoaded(name)
        relations.update(name, read)
        return out
    }

    /// The one related row of a many-to-one or one-to-one, or nil.
    public func relatedOne(_ name: String) throws -> Entity? { try related(name).first }

    /// For a many-to-many: each related row's link data (`role`, `joined_at`), in the order of `related`.
    public func linkData(_ name: String) throws -> [[String: Value]] {
        try ensureLoaded(name)
        relations.update(name) { $0.accessed = true }
        return relations[name]!.linkData
    }

    /// Whether a relationship is loaded (reading it would run no SQL).
    public func isLoaded(_ name: String) -> Bool { relations.contains(name) }

    /// The strategy that loaded a relationship, if it is loaded.
    public func loadedStrategy(_ name: String) -> LoadStrategy? { relations[name]?.strategy }

    private func ensureLoaded(_ name: String) throws {
        if relations.contains(name) { return }
        let rel = try model.requireRelationship(name)
        guard let session else { throw LoadingError.detached(relationship: rel.qualifiedName) }
        let plan = deferredPlans[name]
        let strategy = plan?.strategy ?? session.defaultStrategy(for: rel)
        if strategy == .raise {
            throw LoadingError.raiseLoad(relationship: rel.qualifiedName, parent: identity?.description ?? model.qualifiedName)
        }
        try session.lazyLoad(rel, for: self, children: plan?.children ?? LoadPlan())
    }
}
