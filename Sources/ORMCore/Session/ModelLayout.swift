/// A model as entities use it: field positions and key positions, shared by every entity of that
/// model in one session (so an entity holds one reference, not a copy of the model).
/// `index` finds the model's identity table in the session, which owns the tables: entities hold
/// their layout, so a table held by the layout would be a reference cycle.
public final class ModelLayout {
    public let model: Model
    let columns: Columns
    let keyPositions: [Int]
    let index: Int

    init(_ model: Model, index: Int) {
        self.index = index
        self.model = model
        let columns = Columns(model.fieldNames)
        self.columns = columns
        keyPositions = model.primaryKey.compactMap { columns.position(of: $0) }
    }

    @inline(__always)
    func position(_ field: String) -> Int? { columns.position(of: field) }

    /// The key values in `values` (model field order, starting at `offset`), or nil when a key part is NULL.
    @inline(__always)
    func key(in values: [Value], offset: Int = 0) -> [Value]? {
        guard !keyPositions.isEmpty else { return nil }
        var key: [Value] = []
        key.reserveCapacity(keyPositions.count)
        for p in keyPositions {
            let v = values[offset + p]
            if v.isNull { return nil }
            key.append(v)
        }
        return key
    }
}

/// Persistent entities of one model by primary key; a single integer key takes a fast path.
final class IdentityTable {
    private var ints: [Int64: Entity] = [:]
    private var others: [[Value]: Entity] = [:]

    var count: Int { ints.count + others.count }
    var all: [Entity] { Array(ints.values) + Array(others.values) }

    @inline(__always)
    subscript(key: [Value]) -> Entity? {
        get {
            if key.count == 1, case .int(let n) = key[0] { return ints[n] }
            return others[key]
        }
        set {
            if key.count == 1, case .int(let n) = key[0] { ints[n] = newValue } else { others[key] = newValue }
        }
    }

    /// The entity whose single integer key sits at `position` of `values`, without building a key array.
    @inline(__always)
    func find(_ values: [Value], offset: Int, layout: ModelLayout) -> Entity? {
        if layout.keyPositions.count == 1, case .int(let n) = values[offset + layout.keyPositions[0]] { return ints[n] }
        guard let key = layout.key(in: values, offset: offset) else { return nil }
        return self[key]
    }

    /// The entity under a single integer key, or the one `make` builds, registered in the same
    /// lookup (one hash, where find-then-insert takes two).
    @inline(__always)
    func findOrInsert(_ n: Int64, _ make: () -> Entity) -> (entity: Entity, isNew: Bool) {
        var isNew = false
        var out: Entity?
        func visit(_ slot: inout Entity?) {
            if let existing = slot {
                out = existing
            } else {
                let e = make()
                slot = e
                out = e
                isNew = true
            }
        }
        visit(&ints[n])
        return (out!, isNew)
    }

    /// Registers `e` under the key found in its own values; the single-integer path builds no array.
    @inline(__always)
    func insert(_ e: Entity) {
        let layout = e.layout
        if layout.keyPositions.count == 1, case .int(let n) = e.values[layout.keyPositions[0]] {
            ints[n] = e
        } else if let key = layout.key(in: e.values) {
            others[key] = e
        }
    }

    func removeAll() {
        ints.removeAll()
        others.removeAll()
    }
}
