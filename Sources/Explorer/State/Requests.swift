import ORMCore

/// A write the runtime performs: values as the user typed them, read by each field's type there.
public enum WriteRequest: Sendable, Equatable {
    case insert(model: String, values: [String: String])
    case update(model: String, key: [Value], values: [String: String])
    case upsert(model: String, values: [String: String], conflictTarget: [String])
    case delete(model: String, key: [Value])

    public var model: String {
        switch self {
        case .insert(let m, _), .update(let m, _, _), .upsert(let m, _, _), .delete(let m, _): return m
        }
    }
    public var verb: String {
        switch self {
        case .insert: return "insert"
        case .update: return "edit"
        case .upsert: return "upsert"
        case .delete: return "delete"
        }
    }
}

/// Side effects as values: what the explorer asks the runtime to do. Each carries the request id
/// its result must bring back and the action name its statements are recorded under.
public enum Effect: Sendable, Equatable {
    case loadPage(id: Int, action: String, request: PageRequest)
    case loadRow(id: Int, action: String, model: String, key: [Value])
    case count(id: Int, action: String, model: String, filter: String)
    case write(id: Int, action: String, request: WriteRequest, commit: Bool)
    case commit(id: Int, action: String)
    case rollback(id: Int, action: String)
    /// Re-read the registry (after a refresh, or a write that may change estimates).
    case setStrategy(relationship: String, strategy: LoadStrategy)
}
