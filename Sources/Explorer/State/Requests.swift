import ORMCore

/// A write the runtime performs: values as the user gave them (NULL as chosen, or text typed),
/// read by each field's type there. The text "NULL" is text, never NULL.
public enum WriteRequest: Sendable, Equatable {
    case insert(model: String, values: [String: FieldText])
    /// `original`: the values the row had when the user read it (an edit form's), so a change
    /// someone else made since is a conflict, not overwritten. Empty: the row as read at write time.
    case update(model: String, key: [Value], values: [String: FieldText], original: [String: Value] = [:])
    case upsert(model: String, values: [String: FieldText], conflictTarget: [String])
    case delete(model: String, key: [Value])
    /// Set the key of every row that would refuse the delete to NULL, then delete, in one transaction.
    case deleteNullifyingChildren(model: String, key: [Value])
    /// Delete following the application's cascades (a models file's relationships), in one
    /// transaction (`Session.deleteFollowingApp`).
    case deleteFollowingApp(model: String, key: [Value])

    public var model: String {
        switch self {
        case .insert(let m, _), .update(let m, _, _, _), .upsert(let m, _, _), .delete(let m, _), .deleteNullifyingChildren(let m, _), .deleteFollowingApp(let m, _): return m
        }
    }
    public var verb: String {
        switch self {
        case .insert: return "insert"
        case .update: return "edit"
        case .upsert: return "upsert"
        case .delete: return "delete"
        case .deleteNullifyingChildren: return "nullify children and delete"
        case .deleteFollowingApp: return "cascade delete"
        }
    }
}

/// Side effects as values: what the explorer asks the runtime to do. Each carries the request id
/// its result must bring back and the action name its statements are recorded under.
public enum Effect: Sendable, Equatable {
    case loadPage(id: Int, action: String, request: PageRequest)
    case loadRow(id: Int, action: String, model: String, key: [Value])
    /// One field of one row, read whole (`title` names it in the value viewer).
    case readWhole(id: Int, action: String, model: String, key: [Value], field: String, title: String)
    /// The fields of one row the page holds as previews, read whole for an edit form (`e`), in one
    /// statement; answered by `.readForEdit`.
    case readForEdit(id: Int, action: String, model: String, key: [Value], fields: [String])
    /// COUNT(*) of the rows a request selects (its filter and, for followed rows, its scope); with
    /// `.exists`, SELECT EXISTS of them (answered 1 or 0).
    case count(id: Int, action: String, request: PageRequest, verb: CountVerb = .count)
    case write(id: Int, action: String, request: WriteRequest, commit: Bool)
    case commit(id: Int, action: String)
    case rollback(id: Int, action: String)
    /// Load the first `limit` rows of `model` with each strategy for `path`, fresh each time.
    case compare(id: Int, action: String, model: String, path: String, limit: Int)
    /// The plan of a logged statement; with `analyze` it runs inside a transaction rolled back.
    case explain(id: Int, action: String, sql: String, params: [Value], analyze: Bool)
    /// Count what a delete will do to the rows that refer to the row (`Session.deletePreview`).
    case previewDelete(id: Int, action: String, model: String, key: [Value])
    /// What a delete does under the application's cascades, level by level (`Session.appCascadePlan`).
    case previewAppDelete(id: Int, action: String, model: String, key: [Value])
    /// Read the catalog again and replace the session's registry (answered by `.schemaReloaded`).
    case reloadSchema(id: Int, action: String)
    /// Run typed statements in order through the typed cursor (`Database.openTyped`), keeping the
    /// last one's cursor open for its next pages; `manual`: inside the session's transaction.
    case runSQL(id: Int, action: String, statements: [TypedStatement], pageSize: Int, manual: Bool)
    /// The next page of the last typed statement's rows, from its cursor.
    case nextSQLPage(id: Int, action: String)
}

extension Effect {
    /// The request id its result brings back.
    public var id: Int {
        switch self {
        case .loadPage(let id, _, _), .loadRow(let id, _, _, _), .readWhole(let id, _, _, _, _, _), .readForEdit(let id, _, _, _, _), .count(let id, _, _, _), .write(let id, _, _, _),
             .commit(let id, _), .rollback(let id, _), .compare(let id, _, _, _, _), .explain(let id, _, _, _, _), .previewDelete(let id, _, _, _),
             .previewAppDelete(let id, _, _, _), .reloadSchema(let id, _), .runSQL(let id, _, _, _, _), .nextSQLPage(let id, _):
            return id
        }
    }
}

/// One strategy's cost in a comparison (`explain-loading`'s twin).
public struct StrategyCost: Sendable, Equatable {
    public var strategy: LoadStrategy
    public var statements: Int
    public var milliseconds: Double
    public var warnings: [String]
    public init(strategy: LoadStrategy, statements: Int, milliseconds: Double, warnings: [String]) {
        self.strategy = strategy
        self.statements = statements
        self.milliseconds = milliseconds
        self.warnings = warnings
    }
}

/// A loading comparison to show: which relationship, on how many parents, what each strategy cost.
public struct Comparison: Sendable, Equatable {
    public var relationship: String
    public var parents: Int
    public var costs: [StrategyCost]
    public init(relationship: String, parents: Int, costs: [StrategyCost]) {
        self.relationship = relationship
        self.parents = parents
        self.costs = costs
    }
}
