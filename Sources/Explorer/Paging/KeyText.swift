import Foundation
import ORMCore

/// Keys as a user types and reads them: `7`, or `Deadpond,7` for a key of several fields.
public enum KeyText {
    /// Reads a typed key (`--after "Deadpond,7"`, `get hero 7`) as values of the key fields,
    /// comma-separated, or a cursor token from `token` (what `next_after` prints), which holds any value.
    /// A dotted key field (`team.name`, from `--order team.name`) is read by the related field's
    /// type, found through `registry`.
    public static func parse(_ text: String, fields: [String], model: Model, registry: Registry? = nil) throws -> [Value] {
        if text.hasPrefix(tokenPrefix) { return try parse(token: text, fields: fields, model: model, registry: registry) }
        guard !fields.isEmpty else {
            // (A table without a primary key is addressed by every field; a view has nothing to address by.)
            throw SchemaError.noPrimaryKey(model: model.qualifiedName, what: model.kindPhrase)
        }
        let parts = fields.count == 1 ? [text] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == fields.count else {
            throw RequestError("The key \"\(text)\" needs \(fields.count) comma-separated value(s): \(fields.joined(separator: ", ")).")
        }
        return try zip(fields, parts).map { f, t in
            guard let field = try keyField(f, model: model, registry: registry) else { throw SchemaError.unknownField(model: model.qualifiedName, field: f, suggestion: nil) }
            // A key is not a value being written: NULL (any case) stays NULL here, so the
            // `next_after` key of a page whose sort field holds NULL can be given back as typed.
            if t.uppercased() == "NULL" { return .null }
            switch FieldInput.value(typed: t, for: field) {
            case .success(let v): return v
            case .failure(let p): throw RequestError("The key's \(p.field) \(p.message).")
            }
        }
    }

    static func keyField(_ name: String, model: Model, registry: Registry?) throws -> Field? {
        if let f = model.field(name) { return f }
        return try SortPath.resolve(name, model: model, registry: registry)?.field
    }

    /// `[7]` as `7`, `["Deadpond", 7]` as `Deadpond,7` (NULL as NULL).
    public static func text(_ key: [Value]) -> String { key.map { $0.displayText ?? "NULL" }.joined(separator: ",") }

    static let tokenPrefix = "k1."

    /// An opaque, exact cursor: `k1.` then base64url of a JSON array of the key's values as text
    /// (null for NULL), so values with commas, quotes, NULLs, binary or time zones come back as they
    /// were. `parse` reads it; the comma form stays for keys typed by hand.
    /// ```
    /// token(["Brian Eno, Bono", 2128])   // "k1.WyJCcmlhbiBFbm8sIEJvbm8iLCIyMTI4Il0"
    /// ```
    public static func token(_ key: [Value]) -> String {
        var w = JSONWriter()
        w.beginArray()
        for v in key { if let t = v.displayText { w.string(t) } else { w.null() } }
        w.endArray()
        let base64 = Data(w.buffer).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return tokenPrefix + base64
    }

    static func parse(token: String, fields: [String], model: Model, registry: Registry?) throws -> [Value] {
        var base64 = String(token.dropFirst(tokenPrefix.count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), case .array(let items)? = JSONNode.parse(String(decoding: data, as: UTF8.self)),
              items.count == fields.count else {
            throw RequestError("The cursor \"\(token.prefix(40))\" is not one ormscope made for \(model.qualifiedName) (\(fields.joined(separator: ", "))): give back next_after or previous_before as printed.")
        }
        return try zip(fields, items).map { f, item in
            guard let field = try keyField(f, model: model, registry: registry) else { throw SchemaError.unknownField(model: model.qualifiedName, field: f, suggestion: nil) }
            switch item {
            case .null: return .null
            case .string(let t):
                switch FieldInput.value(typed: t, for: field) {
                case .success(let v): return v
                case .failure(let p): throw RequestError("The cursor's \(p.field) \(p.message).")
                }
            default: throw RequestError("The cursor \"\(token.prefix(40))\" is not one ormscope made; give back next_after or previous_before as printed.")
            }
        }
    }
}
