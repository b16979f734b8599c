/// A few values by name, kept in two parallel arrays. An entity holds one entry per relationship
/// it has loaded (a handful at most), and a join hands a list to a new parent every few rows: a
/// scan of small inline strings costs less there than a dictionary's hashing and storage, and the
/// keys sit apart from the values so a scan never copies a value.
struct SmallMap<Value> {
    private var keys: [String] = []
    private var values: [Value] = []

    var isEmpty: Bool { keys.isEmpty }

    @inline(__always)
    private func index(_ key: String) -> Int? {
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }

    func contains(_ key: String) -> Bool { index(key) != nil }

    subscript(key: String) -> Value? {
        get { index(key).map { values[$0] } }
        set {
            if let i = index(key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Removes and returns the value (so a caller can grow it while it is uniquely referenced).
    @discardableResult
    mutating func removeValue(forKey key: String) -> Value? {
        guard let i = index(key) else { return nil }
        keys.remove(at: i)
        return values.remove(at: i)
    }

    /// Changes a value in place; returns whether the key was there.
    @discardableResult
    mutating func update(_ key: String, _ body: (inout Value) -> Void) -> Bool {
        guard let i = index(key) else { return false }
        body(&values[i])
        return true
    }
}
