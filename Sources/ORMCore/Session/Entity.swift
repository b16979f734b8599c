/// One row of a model, tracked by a session: the ORM object of the dynamic (any-table) API.
///
/// Reading an attribute of an expired entity runs a SELECT to refresh it, as SQLAlchemy does
/// after commit: the statement is logged with cause `refreshExpired`, so a user sees why it ran.
public final class Entity {
    public enum State: String, Sendable {
        /// Added to a session, not yet inserted.
        case pending
        /// In the database and in the session's identity map.
        case persistent
        /// Marked for deletion at the next flush.
        case deleted
        /// Not (or no longer) in a session.
        case detached
    }

    let layout: ModelLayout
    public var model: Model { layout.model }
    public internal(set) var state: State
    /// The attribute values in model field order, as last loaded or flushed, plus unflushed changes.
    /// A pending entity's unset fields hold NULL and are left out of its INSERT.
    var values: [Value]
    /// Fields set since the last load or flush (for a pending entity: the fields it was given).
    public internal(set) var changedFields: [String] = []
    /// The values changed fields had when they were loaded, for conflict detection.
    var originals: [String: Value] = [:]
    /// Expired entities reload all attributes on next access.
    public internal(set) var isExpired = false
    /// Fields read as previews (deferred columns), by position: they hold no value (NULL in
    /// `values`) until read whole on first access. Nil when every field is loaded.
    var previews: [Int: ValuePreview]?
    var sessionRef: SessionRef?
    /// The session the entity belongs to (nil once detached or the session is gone).
    var session: Session? {
        get { sessionRef?.session }
        set { sessionRef = newValue?.ref }
    }
    /// Loaded relationships by name.
    var relations = SmallMap<LoadedRelation>()
    /// For relationships left to load on access: the strategy and nested options the query gave.
    var deferredPlans = SmallMap<LoadPlan.Node>()

    init(layout: ModelLayout, values: [Value], state: State) {
        self.layout = layout
        self.values = values
        self.state = state
    }

    /// The identity, once the primary key is known.
    public var identity: IdentityKey? {
        layout.key(in: values).map { IdentityKey(model: model.qualifiedName, key: $0) }
    }

    /// The value of a field, refreshing the entity first if it was expired, or reading its
    /// deferred fields whole if it was read with previews.
    ///
    /// ```sql
    /// -- only when expired (after commit with expireOnCommit, or after rollback):
    /// SELECT * FROM "hero" WHERE "id" = ?
    /// -- only when the field was read as a preview (a page's long value):
    /// SELECT "data", "body" FROM "big_value" WHERE "id" = ?
    /// ```
    public func get(_ field: String) throws -> Value {
        let i = try position(field)
        if isExpired, let session { try session.reloadExpired(self) }
        if previews != nil, let session { try session.loadDeferred(self) }
        return values[i]
    }

    /// The preview a field was read as (a long value's beginning), nil when its value is loaded.
    public func preview(_ field: String) -> ValuePreview? {
        guard let previews, let i = layout.position(field) else { return nil }
        return previews[i]
    }

    /// The fields read as previews, not yet read whole, in field order.
    public var deferredFields: [String] {
        (previews?.keys.sorted() ?? []).map { model.fieldNames[$0] }
    }

    /// Sets a field; the change is written at the next flush (UPDATE of changed fields only).
    public func set(_ field: String, _ value: Value) throws {
        let i = try position(field)
        if let why = model.fields[i].notSettable {
            throw ValidationError(model: model.qualifiedName, problems: [.init(field: field, message: why)])
        }
        if isExpired, state == .persistent, let session { try session.reloadExpired(self) }
        // A change is compared with, and guarded by, the whole value, never a preview.
        if previews != nil, state == .persistent, let session { try session.loadDeferred(self) }
        if values[i] == value && state == .persistent && !changedFields.contains(field) { return }
        if state == .persistent, originals[field] == nil { originals[field] = values[i] }
        values[i] = value
        if !changedFields.contains(field) { changedFields.append(field) }
        session?.markDirty(self)
    }

    /// Guards the next changes with values read earlier (an edit form's row) instead of the ones
    /// loaded now: with conflict detection on, a field someone else changed since those values
    /// were read makes the UPDATE match nothing, and the flush reports a conflict.
    public func expectOriginals(_ earlier: [String: Value]) {
        guard state == .persistent else { return }
        for (f, v) in earlier where layout.position(f) != nil && originals[f] == nil { originals[f] = v }
    }

    /// A loaded value by field name (no refresh, no SQL); nil for a field the model does not have,
    /// or one read as a preview and not yet read whole (see `preview(_:)`).
    public subscript(_ field: String) -> Value? {
        guard let i = layout.position(field) else { return nil }
        if let previews, previews[i] != nil { return nil }
        return values[i]
    }

    /// The fields set since the last load or flush, with their values.
    var changes: [String: Value] {
        var out: [String: Value] = [:]
        for f in changedFields { out[f] = self[f] }
        return out
    }

    /// All loaded values by field name (no refresh); fields read as previews are left out.
    public var snapshot: [String: Value] {
        var out = Dictionary(uniqueKeysWithValues: zip(model.fieldNames, values))
        for f in deferredFields { out[f] = nil }
        return out
    }

    private func position(_ field: String) throws -> Int {
        guard let i = layout.position(field) else {
            throw SchemaError.unknownField(model: model.qualifiedName, field: field,
                                           suggestion: Suggest.closest(to: field, in: model.fieldNames))
        }
        return i
    }
}
