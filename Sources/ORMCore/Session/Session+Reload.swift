/// Replacing the registry when the schema changed under the session (the explorer's `R` / `:reload`).
extension Session {
    /// Takes a registry read again from the catalog: the identity map and every model layout are
    /// dropped (a table's columns may have changed), default strategies of relationships that no
    /// longer exist are forgotten, and the stored-value map follows the new fields. Refused while
    /// there are unflushed changes, which were made against the old models.
    public func replaceRegistry(_ newRegistry: Registry) throws {
        if hasChanges {
            throw SessionError.invalidState("The schema cannot be read again while changes are not flushed; flush or roll them back first.")
        }
        expungeAll()
        layouts = [:]
        tables = []
        lastColumns = nil
        eagerLoads = []
        let ids = Set(newRegistry.models.flatMap { $0.relationships.map(\.id) })
        defaultStrategies = defaultStrategies.filter { ids.contains($0.key) }
        registry = newRegistry
        database.storedValues = StoredValueMap(newRegistry)
        database.registryStale = false
    }
}
