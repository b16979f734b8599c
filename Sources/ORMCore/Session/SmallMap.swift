/// A few values by name, kept in an array. An entity holds one entry per relationship it has
/// loaded (a handful at most), and a join hands a list to a new parent on every few rows: a scan
/// of small inline strings costs less there than a dictionary's hashing and storage.
struct SmallMap<Value> {
    private var entries: [(key: String, value: Value)] = []

    var isEmpty: Bool { entries.isEmpty }

    /// Scans by index, so entries that do not match are not copied.
    @inline(__always)
    private func index(_ key: String) -> Int? {
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    func contains(_ key: String) -> Bool { index(key) != nil }

    subscript(key: String) -> Value? {
        get { index(key).map { entries[$0].value } }
        set {
            if let i = index(key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// Removes and returns the value (so a caller can grow it while it is uniquely referenced).
    @discardableResult
    mutating func removeValue(forKey key: String) -> Value? {
        guard let i = index(key) else { return nil }
        return entries.remove(at: i).value
    }

    /// Changes a value in place; returns whether the key was there.
    @discardableResult
    mutating func update(_ key: String, _ body: (inout Value) -> Void) -> Bool {
        guard let i = index(key) else { return false }
        body(&entries[i].value)
        return true
    }
}
