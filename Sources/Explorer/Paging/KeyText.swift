import ORMCore

/// Keys as a user types and reads them: `7`, or `Deadpond,7` for a key of several fields.
public enum KeyText {
    /// Reads a typed key (`--after "Deadpond,7"`, `get hero 7`) as values of the key fields, comma-separated.
    public static func parse(_ text: String, fields: [String], model: Model) throws -> [Value] {
        let parts = fields.count == 1 ? [text] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == fields.count else {
            throw RequestError("The key \"\(text)\" needs \(fields.count) comma-separated value(s): \(fields.joined(separator: ", ")).")
        }
        return try zip(fields, parts).map { f, t in
            guard let field = model.field(f) else { throw SchemaError.unknownField(model: model.qualifiedName, field: f, suggestion: nil) }
            // A key is not a value being written: NULL (any case) stays NULL here, so the
            // `next_after` key of a page whose sort field holds NULL can be given back as typed.
            if t.uppercased() == "NULL" { return .null }
            switch FieldInput.value(typed: t, for: field) {
            case .success(let v): return v
            case .failure(let p): throw RequestError("The key's \(p.field) \(p.message).")
            }
        }
    }

    /// `[7]` as `7`, `["Deadpond", 7]` as `Deadpond,7` (NULL as NULL).
    public static func text(_ key: [Value]) -> String { key.map { $0.displayText ?? "NULL" }.joined(separator: ",") }
}
