/// Deleting a row the way the application does: following its models file's cascades, as
/// SQLAlchemy's unit of work (`cascade="all, delete-orphan"`, `cascade_delete=True`, the default of
/// nulling a loaded child's key, `passive_deletes`, secondary rows of a many-to-many) and Django's
/// collector (`on_delete` CASCADE, SET_NULL, PROTECT / RESTRICT, DO_NOTHING, and SET_DEFAULT / SET
/// when the file gives their constant, `on_delete_value`) do it.
///
/// The rows it touches are read first, per parent and relationship as SQLAlchemy's lazy loads read
/// them (`SELECT * FROM "hero" WHERE "team_id" = ?`), then written in one transaction: link rows,
/// then children's keys set to NULL, then the deleted rows deepest level first, each group of one
/// table one statement (`DELETE FROM "hero" WHERE "id" IN (?, ?, ?)`, where SQLAlchemy runs one
/// executemany). Every statement's cause names the relationship (`cascade from Team.heroes`).
public struct AppCascadePlan: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable {
        /// Delete the rows.
        case delete
        /// Set the rows' foreign key columns to NULL.
        case nullify
        /// Delete a many-to-many's link rows.
        case unlink
        /// Set the rows' foreign key columns to the application's constant (`values`): Django's
        /// `SET_DEFAULT` (the field's default) and `SET(value)`, as its collector's field updates.
        case set
    }

    public struct Step: Sendable, Hashable {
        /// 0 for the row itself, 1 for what it cascades to, and so on.
        public var level: Int
        public var model: String
        public var operation: Operation
        /// The rows' primary keys (a link table without one: every column's value).
        public var keys: [[Value]]
        /// The key columns of `keys`.
        public var keyColumns: [String]
        /// More key columns the same `keys` are matched by, or'ed (Django's fast delete by each
        /// foreign key to the same model: a symmetrical many-to-many's link rows by either column,
        /// `WHERE ("from_member_id" IN (?) OR "to_member_id" IN (?))`).
        public var alsoKeyColumns: [[String]] = []
        /// The columns set to NULL (nullify) or to `values` (set).
        public var columns: [String]
        /// What `set` writes in `columns`, one value each (`on_delete_value`).
        public var values: [Value] = []
        /// The relationship it follows (`Team.heroes`); nil for the row itself.
        public var relationship: String?
        /// `keys` are the parents' keys and `keyColumns` the children's foreign key: the step is
        /// written by foreign key without its rows read first (Django's fast delete and SET_NULL
        /// update: `DELETE FROM "library_tagging" WHERE "book_id" IN (?, ?)`).
        public var byForeignKey = false
        /// How many rows the step touches (for a step by foreign key, as counted by the preview; nil
        /// when the delete itself did not read them).
        public var rows: Int?
        /// A parent model's rows of multi-table inheritance (Django's parent link): deleted right
        /// after the rows of this level (their children), not before them as a deeper level is.
        public var afterLevel: Int?
        /// Where the step was found, as Django's collector walks (depth first: the relation's place
        /// at each level from the row): fast deletes run in this order, as Django appends them.
        public var path: [Int] = []
    }

    public var steps: [Step]
    /// What the application would also do that this delete does not (an `on_delete` ormscope
    /// cannot apply, such as Django's `SET_DEFAULT` or `SET(...)` of a callable): one sentence each, shown with
    /// the levels so that no row is left behind silently.
    public var notes: [String] = []
    /// Set when a PROTECT / RESTRICT relationship has rows: the delete is refused, with this sentence.
    public var refusal: String?
    /// What the database's own ON DELETE does where the application leaves the rows to it
    /// (SQLAlchemy's `passive_deletes=True`, Django's `DO_NOTHING`): one sentence each, counted by
    /// the preview (`counting`), as the preview without a models file counts every key.
    public var database: [String] = []
    /// Rows left to the database whose key has no ON DELETE, so the database refuses the delete,
    /// as it refuses the application's (counted by the preview, and again when the delete is refused).
    public var blocked: [String] = []
    /// Keys set to NULL on a NOT NULL column: the delete fails, as the application's does.
    public var notNull: [String] = []

    /// Level by level, with counts: `1 team (the row)`, `3 hero rows: delete (cascade from Team.heroes)`.
    public var lines: [String] {
        steps.map { s in
            let n = s.rows ?? s.keys.count
            let what = s.keys.count == 1 && s.level == 0 ? "\(s.model) \(s.keys[0].map { $0.displayText ?? "NULL" }.joined(separator: ","))"
                : s.rows == nil && s.byForeignKey ? "the \(s.model) rows of \(NumberText.counted(s.keys.count, "parent"))"
                : "\(NumberText.counted(n, "\(s.model) row"))"
            let how: String
            switch s.operation {
            case .delete: how = "delete"
            case .nullify: how = "set \(s.columns.joined(separator: ", ")) to NULL"
            case .unlink: how = "delete the link rows"
            case .set: how = "set " + zip(s.columns, s.values).map { "\($0) to \(Dialect.postgres.literal($1))" }.joined(separator: ", ")
            }
            return "level \(s.level): \(what): \(how)" + (s.relationship.map { " (\(s.afterLevel != nil ? "parent row of" : "cascade from") \($0))" } ?? " (the row)")
        } + notes.map { "not followed: " + $0 } + database.map { "left to the database: " + $0 } + (blocked + notNull).map { "will fail: " + $0 }
    }

    /// Why the delete will fail before it runs (a key the database refuses, a NULL on a NOT NULL
    /// column), for a question that must not promise it, without its last full stop (`it will fail:
    /// 1 orders row of ...`): nil when nothing says so.
    public var failure: String? {
        let all = blocked + notNull
        return all.isEmpty ? nil : "it will fail: " + String(all.joined(separator: " ").dropLast())
    }

    /// The sentence of a delete the database's foreign key refused, naming what blocks it (the
    /// relationships not followed, the rows left to a key without ON DELETE), not the rows the
    /// cascade itself deletes; nil when the plan knows of nothing that would.
    public var databaseRefusal: AppCascadeRefused? {
        guard !notes.isEmpty || !blocked.isEmpty else { return nil }
        var s = "The database's foreign key refused the delete"
        if !notes.isEmpty { s += ", where the application would first do what ormscope cannot apply: " + notes.joined(separator: " ") }
        if !blocked.isEmpty { s += (notes.isEmpty ? ": " : " And: ") + blocked.joined(separator: " ") }
        return AppCascadeRefused(sentence: s + " Nothing was deleted.")
    }
}

extension Relationship {
    /// The distinct keys of `rows` in the relationship's local columns, in the rows' order, without
    /// those holding a NULL (what its children's foreign key is matched by).
    func parentKeys(of rows: [Row]) -> [[Value]] {
        var seen = Set<[Value]>()
        return rows.compactMap { row in
            let k = localColumns.map { row[$0] ?? .null }
            return !k.contains(where: \.isNull) && seen.insert(k).inserted ? k : nil
        }
    }
}

extension AppCascadePlan.Step {
    /// The rows the step writes: its keys in its key columns, or in any of them (`alsoKeyColumns`).
    var matching: SQLExpression {
        Session.matching(anyOf: [keyColumns] + alsoKeyColumns, keys)
    }

    /// Whether the step writes `row` of its model (by any of its key columns).
    func covers(_ row: Row) -> Bool {
        ([keyColumns] + alsoKeyColumns).contains { cols in keys.contains(cols.map { row[$0] ?? .null }) }
    }

    /// Deletes run deepest level first; a parent's rows right after their children's level.
    var order: Double { afterLevel.map { Double($0) - 0.5 } ?? Double(level) }

    /// Whether this step was found before `other` walking depth first.
    func precedes(_ other: Self) -> Bool { path.lexicographicallyPrecedes(other.path) }
}

extension AppCascadePlan {
    /// The statements the delete runs, in order, each with its cause: link rows, then keys set to
    /// NULL or to the application's value (Django's field updates, in the order its collector found
    /// them), then the deleted rows, deepest level first (what `Session.deleteFollowingApp` runs and
    /// the explorer's confirmation shows).
    ///
    /// ```sql
    /// DELETE FROM "hero_power_link" WHERE ("hero_id" = ? AND "power_id" = ?) OR (...)  -- cascade from Hero.abilities
    /// UPDATE "sponsor" SET "team_id" = NULL WHERE "id" IN (?, ?)                       -- cascade from Team.sponsors
    /// UPDATE "note" SET "customer_id" = NULL, "updated_at" = CURRENT_TIMESTAMP WHERE ...  -- (an onupdate column: Model.appOnUpdate)
    /// UPDATE "event" SET "venue_id" = ? WHERE "venue_id" = ?                           -- cascade from Venue.events (SET(1))
    /// DELETE FROM "hero" WHERE "id" IN (?, ?, ?)                                       -- cascade from Team.heroes
    /// DELETE FROM "team" WHERE "id" = ?                                                -- the row
    /// ```
    public func writes(in registry: Registry) -> [(statement: Statement, cause: StatementCause)] {
        // Django's fast deletes (by foreign key) come before its updates, as its Collector.delete runs them.
        let order = steps.filter { $0.operation == .unlink } + steps.filter { $0.operation == .delete && $0.byForeignKey }.enumerated()
                .sorted { $0.1.precedes($1.1) || (!$1.1.precedes($0.1) && $0.0 < $1.0) }.map(\.1)
            + steps.filter { $0.operation == .nullify || $0.operation == .set }
            + steps.filter { $0.operation == .delete && !$0.byForeignKey }.sorted { $0.order > $1.order }
        return order.compactMap { step in
            guard let m = registry.model(named: step.model) else { return nil }
            let predicate = step.matching
            let cause: StatementCause = step.relationship.map { .cascade(relationship: $0) } ?? .flush(.delete, table: m.qualifiedName)
            switch step.operation {
            case .delete, .unlink: return (.delete(Delete(from: m.table, where: predicate)), cause)
            case .nullify:
                // With the columns the application sets on every UPDATE (onupdate=func.now()), as SQLAlchemy's UPDATE has them.
                let stamped = m.appOnUpdate.filter { !step.columns.contains($0) }.map { Assignment($0, .currentTimestamp) }
                return (.update(Update(table: m.table, set: step.columns.map { Assignment($0, .value(.null)) } + stamped, where: predicate)), cause)
            case .set: return (.update(Update(table: m.table, set: zip(step.columns, step.values).map { Assignment($0, .value($1)) }, where: predicate)), cause)
            }
        }
    }

    /// The sentence a refused delete gets (the CLI's and the explorer's).
    public var refusalSentence: String? {
        refusal.map { "Deleting \(steps.first?.model ?? "the row") is refused by the application's models: \($0)" }
    }

    /// Rows deleted, rows whose key is set to NULL, rows whose key is set to the application's value
    /// (`set`) and link rows deleted, beyond the row itself.
    public var counts: (deleted: Int, nulled: Int, set: Int, unlinked: Int) {
        var c = (deleted: 0, nulled: 0, set: 0, unlinked: 0)
        for s in steps where s.level > 0 {
            let n = s.rows ?? s.keys.count
            switch s.operation {
            case .delete: c.deleted += n
            case .nullify: c.nulled += n
            case .set: c.set += n
            case .unlink: c.unlinked += n
            }
        }
        return c
    }
}

/// A delete the application's models refuse (Django's PROTECT / RESTRICT).
public struct AppCascadeRefused: UserFacingError, Equatable {
    public var sentence: String
}

extension Session {
    /// What deleting a row does under the application's cascades (the relationships a models file
    /// gave, `Relationship.app`), read level by level; runs only SELECTs (cause `cascade`).
    ///
    /// A relationship with Django's `on_delete` is read as Django's collector reads it: one SELECT
    /// per relationship and level for all the parents (`WHERE "author_id" IN (?, ?)`); SET_NULL
    /// and a CASCADE to a model nothing cascades from (a fast delete) are written by foreign key,
    /// unread (`counting` reads them anyway, to show their counts in a preview).
    public func appCascadePlan(_ modelName: String, _ key: [Value], counting: Bool = true) throws -> AppCascadePlan {
        let model = try self.model(modelName)
        guard !model.primaryKey.isEmpty else { throw SchemaError.noPrimaryKey(model: model.qualifiedName, what: model.kindPhrase) }
        var plan = AppCascadePlan(steps: [.init(level: 0, model: model.qualifiedName, operation: .delete, keys: [key],
                                                keyColumns: model.primaryKey, columns: [], relationship: nil)])
        var doomed: Set<String> = ["\(model.qualifiedName)\u{0}\(key)"]
        // Django's RESTRICT rows, decided when every level is read: a row the same delete deletes by
        // another way (a CASCADE from another parent) does not refuse it (RestrictedError's rule).
        var restricted: [(relationship: String, model: Model, rows: [Row])] = []
        var level = 0
        func undeleted(_ m: Model, _ rows: [Row]) -> [Row] { undeletedRows(plan, doomed, m, rows) }
        // The row itself, read as SQLAlchemy's session.get reads it (its values give the children's keys).
        let first = try database.fetchAll(.select(Select(from: model.table, where: .keyEquals(model.primaryKey, key))), cause: .query)
        guard !first.isEmpty else {
            throw SessionError.noResult(model: "\(model.qualifiedName) with \(model.primaryKey.joined(separator: ", ")) = \(key.map { $0.displayText ?? "NULL" }.joined(separator: ","))")
        }
        // Each level's rows by model; `parentOnly`: a parent's rows reached by its child's parent link,
        // whose generic relations Django's collector does not follow (it collects parents with
        // collect_related=False; their reverse relations it reaches through the child's fields).
        var frontier: [(model: Model, rows: [Row], parentOnly: Bool, path: [Int])] = [(model, first, false, [])]
        var contentTypes: [String: Value] = [:]  // a generic relation's content type ids, read once
        // Rows the application leaves to the database's ON DELETE (passive_deletes, DO_NOTHING): the
        // relationship, the rows' model, their key columns, the parents' keys, and why.
        var leftToDatabase: [(name: String, model: Model, columns: [String], keys: [[Value]], why: String)] = []
        while !frontier.isEmpty {
            level += 1
            var next: [(model: Model, rows: [Row], parentOnly: Bool, path: [Int])] = []
            var current: [Int] = [], found = 0  // the owner's path, and the steps found from it so far
            var grouped: [String: Int] = [:]  // step index per (model, operation, relationship) at this level
            @discardableResult
            func add(_ m: Model, _ op: AppCascadePlan.Operation, _ rel: Relationship, _ keyColumns: [String], _ keys: [[Value]], columns: [String] = [],
                     values: [Value] = [], byForeignKey: Bool = false, rows: Int? = nil) -> [Int] {
                add(m, op, rel.qualifiedName, keyColumns, keys, columns: columns, values: values, byForeignKey: byForeignKey, rows: rows)
            }
            /// The step's path (the rows it deletes are walked from there).
            @discardableResult
            func add(_ m: Model, _ op: AppCascadePlan.Operation, _ relName: String, _ keyColumns: [String], _ keys: [[Value]], columns: [String] = [],
                     values: [Value] = [], byForeignKey: Bool = false, rows: Int? = nil, afterLevel: Int? = nil, also: [[String]] = []) -> [Int] {
                let id = "\(m.qualifiedName)\u{0}\(op.rawValue)\u{0}\(relName)\u{0}\(byForeignKey)\u{0}\(values)"
                if let i = grouped[id] {
                    plan.steps[i].keys += keys
                    if let rows { plan.steps[i].rows = (plan.steps[i].rows ?? 0) + rows }
                    return plan.steps[i].path
                }
                grouped[id] = plan.steps.count
                found += 1
                var step = AppCascadePlan.Step(level: level, model: m.qualifiedName, operation: op, keys: keys, keyColumns: keyColumns,
                                               columns: columns, relationship: relName, byForeignKey: byForeignKey, rows: rows, afterLevel: afterLevel)
                step.values = values
                step.alsoKeyColumns = also
                step.path = current + [found]
                plan.steps.append(step)
                return step.path
            }
            for (owner, rows, parentOnly, path) in frontier {
                current = path
                found = 0
                // (A generic relation is followed below, as `genericRelations`.)
                let rels = owner.relationships.filter { $0.app != nil && !$0.holdsKey && $0.app?.onDelete == nil && $0.app?.generic != true }
                // Multi-table inheritance: the parent's row goes with the child's (Django's collector
                // collects the parents first and deletes them after), and its own relations are followed.
                for rel in owner.relationships where rel.app?.parentLink == true && rel.holdsKey {
                    guard let parent = registry.model(named: rel.target), !parent.primaryKey.isEmpty else { continue }
                    var keys: [[Value]] = []
                    for row in rows {
                        let k = rel.localColumns.map { row[$0] ?? .null }
                        if !k.contains(where: \.isNull), doomed.insert("\(parent.qualifiedName)\u{0}\(k)").inserted { keys.append(k) }
                    }
                    if keys.isEmpty { continue }
                    let byKey = Self.matching(rel.remoteColumns, keys)
                    let parents = try database.fetchAll(.select(Select(from: parent.table, where: byKey)), cause: .cascade(relationship: rel.qualifiedName))
                    if parents.isEmpty { continue }
                    let at = add(parent, .delete, rel.qualifiedName, parent.primaryKey, parents.map { p in parent.primaryKey.map { p[$0] ?? .null } },
                                 afterLevel: level - 1)
                    next.append((parent, parents, true, at))
                }
                // Django's on_delete: its collector's reads, for all of this level's parents at once.
                // Its fast deletes are grouped by model (each model's keys or'ed) and come after the
                // relations it reads (Collector.collect's model_fast_deletes).
                var fastDeletes: [(target: Model, names: [String], columns: [[String]], keys: [[Value]])] = []
                for rel in owner.relationships where rel.app?.onDelete != nil && !rel.holdsKey && rel.app?.generic != true {
                    guard let onDelete = rel.app?.onDelete?.uppercased(), var target = registry.model(named: rel.target), !target.primaryKey.isEmpty else { continue }
                    // A many-to-many's through rows are the through model's CASCADE: a fast delete by
                    // the link's key (unless the model's own one-to-many to the through model covers it).
                    var remoteColumns = rel.remoteColumns
                    if rel.kind == .manyToMany {
                        guard onDelete == "CASCADE", let link = rel.link, let linkModel = registry.model(named: link.model),
                              !owner.relationships.contains(where: { $0.app != nil && $0.kind == .oneToMany && $0.target == link.model }) else { continue }
                        target = linkModel
                        remoteColumns = link.ownerColumns
                    }
                    let parentKeys = rel.parentKeys(of: rows)
                    if parentKeys.isEmpty { continue }
                    let cause = StatementCause.cascade(relationship: rel.qualifiedName)
                    let byKey = Self.matching(remoteColumns, parentKeys)
                    func read() throws -> [Row] { try database.fetchAll(.select(Select(from: target.table, where: byKey)), cause: cause) }
                    switch onDelete {
                    case "RESTRICT":
                        let children = try read()
                        if !children.isEmpty { restricted.append((rel.qualifiedName, target, children)) }
                    case "PROTECT":
                        let children = try read()
                        if !children.isEmpty {
                            plan.refusal = "\(rel.qualifiedName) protects \(NumberText.counted(children.count, "\(target.qualifiedName) row")) (on_delete=\(onDelete)): nothing was deleted."
                            return plan
                        }
                    case "SET_NULL":
                        // Django updates by foreign key, unread (SET_NULL's lazy_sub_objs).
                        let n = counting ? try read().count : nil
                        if n == 0 { continue }
                        add(target, .nullify, rel, rel.remoteColumns, parentKeys, columns: rel.remoteColumns, byForeignKey: true, rows: n)
                    case "CASCADE":
                        if rel.kind == .manyToMany || canFastDelete(target) {
                            if let i = fastDeletes.firstIndex(where: { $0.target.qualifiedName == target.qualifiedName && $0.keys == parentKeys }) {
                                if !fastDeletes[i].columns.contains(remoteColumns) { fastDeletes[i].columns.append(remoteColumns) }
                                fastDeletes[i].names.append(rel.qualifiedName)
                            } else {
                                fastDeletes.append((target, [rel.qualifiedName], [remoteColumns], parentKeys))
                            }
                            continue
                        }
                        let children = try read()
                        let keys = children.map { c in target.primaryKey.map { c[$0] ?? .null } }
                        let fresh = zip(keys, children).filter { doomed.insert("\(target.qualifiedName)\u{0}\($0.0)").inserted }
                        if fresh.isEmpty { continue }
                        next.append((target, fresh.map(\.1), false, add(target, .delete, rel, target.primaryKey, fresh.map(\.0))))
                    case "SET" where rel.app?.onDeleteValue != nil:
                        // SET(value) with a constant: an update by foreign key, unread, as SET_NULL's.
                        let n = counting ? try read().count : nil
                        if n == 0 { continue }
                        add(target, .set, rel, rel.remoteColumns, parentKeys, columns: rel.remoteColumns,
                            values: rel.remoteColumns.map { _ in rel.app!.onDeleteValue! }, byForeignKey: true, rows: n)
                    case "SET_DEFAULT" where rel.app?.onDeleteValue != nil:
                        // Django reads the rows (SET_DEFAULT has no lazy_sub_objs), then updates them by key.
                        let children = try read()
                        if children.isEmpty { continue }
                        add(target, .set, rel, target.primaryKey, children.map { c in target.primaryKey.map { c[$0] ?? .null } },
                            columns: rel.remoteColumns, values: rel.remoteColumns.map { _ in rel.app!.onDeleteValue! })
                    case "DO_NOTHING":
                        if counting { leftToDatabase.append((rel.qualifiedName, target, remoteColumns, parentKeys, "on_delete=DO_NOTHING")) }
                    default:
                        // SET_DEFAULT, SET(...) without a constant in the file (a callable, a model
                        // instance): the application writes values ormscope does not know.
                        let n = counting ? try read().count : nil
                        if n == 0 { continue }
                        plan.notes.append("\(n.map { NumberText.counted($0, "\(target.qualifiedName) row") } ?? "the \(target.qualifiedName) rows") of \(rel.qualifiedName) (on_delete=\(rel.app?.onDelete ?? onDelete) is the application's to apply; the database's ON DELETE applies instead).")
                    }
                }
                for f in fastDeletes {
                    let byKey = Self.matching(anyOf: f.columns, f.keys)
                    let n = counting ? try database.fetchAll(.select(Select(from: f.target.table, where: byKey)), cause: .cascade(relationship: f.names[0])).count : nil
                    if n == 0 { continue }
                    add(f.target, .delete, f.names.joined(separator: " and "), f.columns[0], f.keys, byForeignKey: true, rows: n, also: Array(f.columns.dropFirst()))
                }
                // Django's GenericRelation (its private fields, after the related objects): the rows of the owner's content type and key (bulk_related_objects).
                for g in owner.genericRelations where !parentOnly {
                    guard let target = registry.model(named: g.target), let ctModel = registry.model(named: g.contentTypeTable),
                          let ctKey = ctModel.primaryKey.first else { continue }
                    let ids = rows.compactMap { r -> Value? in r[g.referencedColumn].flatMap { $0.isNull ? nil : $0 } }
                    if ids.isEmpty { continue }
                    let cause = StatementCause.cascade(relationship: g.qualifiedName)
                    let contentType: Value
                    if let known = contentTypes["\(g.contentTypeTable)\u{0}\(g.appLabel)\u{0}\(g.modelName)"] {
                        contentType = known
                    } else if let resolved = owner.relationships.first(where: { $0.name == g.name && $0.app?.generic == true })?.targetConditions.first?.value {
                        contentType = resolved  // read when the file was applied (Database.resolvingGenericRelations)
                    } else {
                        let found = try database.fetchAll(.select(Select(from: ctModel.table, where: .keyEquals(["app_label", "model"], [.text(g.appLabel), .text(g.modelName)]))), cause: cause)
                        guard let v = found.first?[ctKey] else { continue }  // no content type: no row can name it
                        contentTypes["\(g.contentTypeTable)\u{0}\(g.appLabel)\u{0}\(g.modelName)"] = v
                        contentType = v
                    }
                    let keyColumns = [g.contentTypeColumn, g.objectIDColumn]
                    let keys = ids.map { [contentType, $0] }
                    let byKey: SQLExpression = keys.count == 1 ? .keyEquals(keyColumns, keys[0])
                        : .and([.keyEquals([g.contentTypeColumn], [contentType]), .col(g.objectIDColumn).isIn(ids)])
                    func read() throws -> [Row] { try database.fetchAll(.select(Select(from: target.table, where: byKey)), cause: cause) }
                    if canFastDelete(target) {
                        let n = counting ? try read().count : nil
                        if n == 0 { continue }
                        add(target, .delete, g.qualifiedName, keyColumns, keys, byForeignKey: true, rows: n)
                        continue
                    }
                    guard !target.primaryKey.isEmpty else { continue }
                    let children = try read()
                    let childKeys = children.map { c in target.primaryKey.map { c[$0] ?? .null } }
                    let fresh = zip(childKeys, children).filter { doomed.insert("\(target.qualifiedName)\u{0}\($0.0)").inserted }
                    if fresh.isEmpty { continue }
                    next.append((target, fresh.map(\.1), false, add(target, .delete, g.qualifiedName, target.primaryKey, fresh.map(\.0))))
                }
                // A foreign key to these rows the application has no relationship for (the schema's
                // relationship was kept): the application leaves its rows to the database too.
                if counting {
                    for rel in owner.relationships where rel.app == nil && !rel.holdsKey && rel.kind != .manyToMany {
                        guard let target = registry.model(named: rel.target) else { continue }
                        // (A many-to-many's link rows, which the application's relationship unlinks.)
                        if owner.relationships.contains(where: { $0.app != nil && $0.link?.model == rel.target && $0.link?.ownerColumns == rel.remoteColumns }) { continue }
                        let keys = rel.parentKeys(of: rows)
                        if !keys.isEmpty { leftToDatabase.append((rel.qualifiedName, target, rel.remoteColumns, keys, "not in the models file")) }
                    }
                }
                for row in rows {
                    for rel in rels {
                        guard let app = rel.app, let target = registry.model(named: rel.target) else { continue }
                        let parentKey = rel.localColumns.map { row[$0] ?? .null }
                        if parentKey.contains(where: \.isNull) { continue }
                        let cause = StatementCause.cascade(relationship: rel.qualifiedName)
                        // A base row reached by its subclass's parent link: its link back down is that same row (SQLAlchemy deletes the one object).
                        if parentOnly, isInheritanceReverse(rel, of: owner) { continue }
                        if app.noload {
                            // Never loaded by the application: nothing of it is de-associated or cascaded
                            // to; what the database's ON DELETE does with it is said, as for passive_deletes.
                            if counting, rel.kind != .manyToMany { leftToDatabase.append((rel.qualifiedName, target, rel.remoteColumns, [parentKey], "noload")) }
                            continue
                        }
                        if rel.kind == .manyToMany {
                            guard let link = rel.link, let linkModel = registry.model(named: link.model),
                                  !owner.relationships.contains(where: { $0.app != nil && $0.kind == .oneToMany && $0.target == link.model }) else { continue }
                            if app.passiveDeletes {
                                if counting { leftToDatabase.append((rel.qualifiedName, linkModel, link.ownerColumns, [parentKey], "passive_deletes")) }
                                continue
                            }
                            let linkRows = try database.fetchAll(.select(Select(from: linkModel.table, where: .keyEquals(link.ownerColumns, parentKey))), cause: cause)
                            if linkRows.isEmpty { continue }
                            let cols = linkModel.primaryKey.isEmpty ? linkModel.fieldNames : linkModel.primaryKey
                            add(linkModel, .unlink, rel, cols, linkRows.map { r in cols.map { r[$0] ?? .null } })
                            continue
                        }
                        // One-to-many and one-to-one: what the application does with the children.
                        let onDelete = app.onDelete?.uppercased()
                        let deletes = onDelete.map { $0 == "CASCADE" } ?? (app.cascade.contains("delete") || app.cascade.contains("all"))
                        let nullifies = onDelete.map { $0 == "SET_NULL" } ?? !deletes
                        let protects = onDelete == "PROTECT" || onDelete == "RESTRICT"
                        if app.passiveDeletes || (onDelete != nil && !deletes && !nullifies && !protects) {
                            if counting && app.passiveDeletes { leftToDatabase.append((rel.qualifiedName, target, rel.remoteColumns, [parentKey], "passive_deletes")) }
                            continue
                        }
                        guard !target.primaryKey.isEmpty else { continue }
                        let children = try database.fetchAll(.select(Select(from: target.table, where: rel.restricting(.keyEquals(rel.remoteColumns, parentKey)))), cause: cause)
                        if children.isEmpty { continue }
                        if protects {
                            plan.refusal = "\(rel.qualifiedName) protects \(NumberText.counted(children.count, "\(target.qualifiedName) row")) (on_delete=\(onDelete!)): nothing was deleted."
                            return plan
                        }
                        let keys = children.map { c in target.primaryKey.map { c[$0] ?? .null } }
                        if deletes {
                            let fresh = zip(keys, children).filter { doomed.insert("\(target.qualifiedName)\u{0}\($0.0)").inserted }
                            if fresh.isEmpty { continue }
                            next.append((target, fresh.map(\.1), false, add(target, .delete, rel, target.primaryKey, fresh.map(\.0))))
                        } else {
                            add(target, .nullify, rel, target.primaryKey, keys, columns: rel.remoteColumns)
                        }
                    }
                }
            }
            frontier = next
        }
        // A restricted row stays restricted unless it is deleted by this delete: read and doomed, or
        // matched by a fast delete's keys (Django clears them by its querysets too).
        for r in restricted {
            let left = undeleted(r.model, r.rows)
            if !left.isEmpty {
                plan.refusal = "\(r.relationship) protects \(NumberText.counted(left.count, "\(r.model.qualifiedName) row")) (on_delete=RESTRICT) that this delete does not delete by another way: nothing was deleted."
                return plan
            }
        }
        // Rows both nulled and deleted are only deleted (SQLAlchemy's; Django updates them anyway).
        for i in plan.steps.indices where plan.steps[i].operation == .nullify && !plan.steps[i].byForeignKey {
            let model = plan.steps[i].model
            plan.steps[i].keys.removeAll { doomed.contains("\(model)\u{0}\($0)") }
        }
        plan.steps.removeAll { $0.keys.isEmpty }
        // A key set to NULL on a NOT NULL column fails the delete, in the application too (its flush
        // runs the same UPDATE): said before anyone confirms.
        for s in plan.steps where s.operation == .nullify {
            guard let m = registry.model(named: s.model) else { continue }
            let required = s.columns.filter { m.field($0).map { !$0.isNullable } ?? false }
            if required.isEmpty { continue }
            let rows = s.rows.map { NumberText.counted($0, "\(s.model) row") } ?? (s.byForeignKey ? "the \(s.model) rows" : NumberText.counted(s.keys.count, "\(s.model) row"))
            plan.notNull.append("\(rows) of \(s.relationship ?? s.model) would have \(required.joined(separator: ", ")) set to NULL, which \(m.qualifiedName) does not accept (NOT NULL): the delete fails, as the application's does.")
        }
        // What the database's own ON DELETE does with the rows left to it, and the rows whose key refuses.
        for l in leftToDatabase {
            guard let fk = l.model.enforcedForeignKeys.first(where: { Set($0.columns) == Set(l.columns) }) else { continue }  // no key: nothing happens
            let scope = Self.matching(l.columns, l.keys)
            let rows = undeleted(l.model, try database.fetchAll(.select(Select(from: l.model.table, where: scope)), cause: .cascade(relationship: l.name)))
            if rows.isEmpty { continue }
            let what = "\(NumberText.counted(rows.count, "\(l.model.qualifiedName) row")) of \(l.name) (\(l.why))"
            let key = "\(l.model.qualifiedName).\(fk.columns.joined(separator: ", "))"
            switch DeletePreview.Action(fk.onDelete) {
            case .cascade:
                let below = try cascaded(l.model, scope).filter { $0.count > 0 }.map { "\(NumberText.counted($0.count, "\($0.model) row")) by \($0.model).\($0.columns.joined(separator: ", ")) (\($0.action.rawValue))" }
                plan.database.append("\(what): deleted by the database's ON DELETE CASCADE of \(key)" + (below.isEmpty ? "" : ", and what refers to them: " + below.joined(separator: ", ")) + ".")
            case .setNull, .setDefault:
                plan.database.append("\(what): \(fk.columns.joined(separator: ", ")) set by the database's ON DELETE \(fk.onDelete.uppercased()) of \(key).")
            case .noAction, .restrict:
                plan.blocked.append("\(what) still \(rows.count == 1 ? "refers" : "refer") to it, and the database's key \(key) has no ON DELETE, so it refuses the delete, as it refuses the application's.")
            }
        }
        return plan
    }

    /// `rows` of `model` this plan does not delete (neither read and doomed nor matched by a fast
    /// delete's or an unlink's keys; Django clears restricted rows by its querysets too).
    private func undeletedRows(_ plan: AppCascadePlan, _ doomed: Set<String>, _ model: Model, _ rows: [Row]) -> [Row] {
        let fast = plan.steps.filter { $0.model == model.qualifiedName && (($0.operation == .delete && $0.byForeignKey) || $0.operation == .unlink) }
        return rows.filter { row in
            let key = model.primaryKey.map { row[$0] ?? .null }
            if doomed.contains("\(model.qualifiedName)\u{0}\(key)") { return false }
            return !fast.contains { $0.covers(row) }
        }
    }

    /// Whether `rel` (of `owner`) is the other side of a subclass's parent link to `owner`: the
    /// one-to-one from a base table to a joined-table subclass's (a SQLAlchemy file's inheritance).
    func isInheritanceReverse(_ rel: Relationship, of owner: Model) -> Bool {
        guard rel.kind == .oneToOne, !rel.holdsKey, let child = registry.model(named: rel.target) else { return false }
        return child.relationships.contains {
            $0.app?.parentLink == true && $0.target == owner.qualifiedName && $0.localColumns == rel.remoteColumns
        }
    }

    /// The rows whose `columns` hold one of `keys`: `"author_id" IN (?, ?)`, `"id" = ?`, or an OR of
    /// the keys of several columns (`("a" = ? AND "b" = ?) OR (...)`).
    /// The rows whose columns of any of `columns` hold one of `keys`, or'ed (a symmetrical
    /// many-to-many's link rows by either column).
    static func matching(anyOf columns: [[String]], _ keys: [[Value]]) -> SQLExpression {
        columns.count == 1 ? matching(columns[0], keys) : .or(columns.map { matching($0, keys) })
    }

    static func matching(_ columns: [String], _ keys: [[Value]]) -> SQLExpression {
        columns.count == 1 && keys.count > 1 ? .col(columns[0]).isIn(keys.map { $0[0] })
            : (keys.count == 1 ? .keyEquals(columns, keys[0]) : .or(keys.map { SQLExpression.keyEquals(columns, $0) }))
    }

    /// Whether Django's collector deletes `model`'s rows by foreign key without reading them: no
    /// relationship of the application's cascades or protects from it, it has no parent link and no
    /// generic relation (`Collector.can_fast_delete` with no signals).
    func canFastDelete(_ model: Model) -> Bool {
        model.genericRelations.isEmpty && !model.relationships.contains { r in
            if r.app?.parentLink == true { return true }
            guard let app = r.app, !r.holdsKey, !app.generic else { return false }
            if let d = app.onDelete?.uppercased() { return d != "DO_NOTHING" }
            return !app.passiveDeletes
        }
    }

    /// Deletes a row following the application's cascades, in one transaction: link rows, then
    /// keys set to NULL, then the deleted rows, deepest level first. Refused (nothing written) when a
    /// PROTECT relationship has rows. Returns the plan it ran. The identity map is cleared after.
    /// Written as a flush is (`writing`): begun when no transaction is open, under a savepoint inside
    /// one, and left for the caller to commit (`commit()`), so a manual transaction holds it until the
    /// user commits or rolls back, as it holds any other delete; refused before any SQL when the
    /// database is read-only.
    ///
    /// ```sql
    /// SELECT * FROM "team" WHERE "id" = ?                              -- the row
    /// SELECT * FROM "hero" WHERE "team_id" = ?                         -- cascade from Team.heroes
    /// SELECT * FROM "hero_power_link" WHERE "hero_id" = ?              -- cascade from Hero.abilities (per hero)
    /// DELETE FROM "hero_power_link" WHERE ("hero_id" = ? AND "power_id" = ?) OR (...)
    /// DELETE FROM "hero" WHERE "id" IN (?, ?, ?)
    /// DELETE FROM "team" WHERE "id" = ?
    /// ```
    @discardableResult
    public func deleteFollowingApp(_ modelName: String, _ key: [Value]) throws -> AppCascadePlan {
        // Read and written in one transaction, so what was counted is what is deleted.
        let plan = try writing([]) { () -> AppCascadePlan in
            let plan = try appCascadePlan(modelName, key, counting: false)
            if let refusal = plan.refusal { throw AppCascadeRefused(sentence: refusal) }
            do {
                for (statement, cause) in plan.writes(in: registry) {
                    _ = try database.execute(statement, cause: cause)
                }
            } catch let e as DatabaseError where e.kind == .foreignKeyViolation && plan.databaseRefusal != nil {
                // What the application would do first (SET_DEFAULT, SET(...)) ormscope cannot apply, and the
                // database's own key refused the delete instead: said as that, not as a bare key failure.
                throw plan.databaseRefusal!
            }
            return plan
        }
        expungeAll()
        return plan
    }

    /// Runs an application-cascade delete and its commit (`body`); a foreign key violation, at a
    /// statement or at COMMIT (Django's keys are DEFERRABLE INITIALLY DEFERRED on both backends),
    /// is rolled back and said as what blocks it: the plan is counted again (`appCascadePlan`, its
    /// SELECTs with cause `cascade`) and its `databaseRefusal` names the relationships not followed
    /// and the rows left to a key without ON DELETE, not the rows the cascade itself deleted. When it
    /// knows of none (a row added meanwhile, a relationship the file lacks), the keys that refuse are
    /// counted as for a plain delete (`explainingRefusal`).
    public func explainingAppRefusal<T>(ofDeleting modelName: String, _ key: [Value], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.kind == .foreignKeyViolation {
            if let refusal = (try? appCascadePlan(modelName, key))?.databaseRefusal { throw refusal }
            return try explainingRefusal(ofDeleting: modelName, key) { throw error }
        }
    }
}
