extension Entity {
    /// The attribute values in the model's field order (as `model.fields`), as loaded: for writers
    /// that go through every field of many rows (`rows --format json|csv`), with no name lookups.
    /// Like the subscript, it does not refresh an expired entity.
    public var fieldValues: [Value] { values }
}
