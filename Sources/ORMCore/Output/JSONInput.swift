import Foundation

/// Values typed in their JSON output form (so what `--format json` prints can be given back to
/// `--set`): a JSON array for an array column, `{"$binary": "<base64>"}` for a binary one.
public enum JSONInput {
    /// `["a", null, "b,c"]` → `{"a",NULL,"b,c"}`; nil when `text` is not a JSON array.
    public static func arrayLiteral(_ text: String) -> String? {
        guard text.drop(while: \.isWhitespace).first == "[", case .array(let items)? = JSONNode.parse(text) else { return nil }
        func item(_ n: JSONNode) -> PostgresArrayText.Item {
            switch n {
            case .null: return .null
            case .array(let inner): return .array(inner.map(item))
            case .bool(let b): return .element(b ? "true" : "false")
            case .number(let s), .string(let s): return .element(s)
            case .object:
                if let bytes = binary(n) { return .element(Hex.encode(bytes, prefix: "\\x")) }
                return .element(n.text)
            }
        }
        return PostgresArrayText.literal(items.map(item))
    }

    /// The bytes of `{"$binary": "<base64>"}`; nil when `text` is not that object.
    public static func binary(_ text: String) -> [UInt8]? {
        guard text.first == "{", let node = JSONNode.parse(text) else { return nil }
        return binary(node)
    }

    static func binary(_ node: JSONNode) -> [UInt8]? {
        guard case .object(let members) = node, members.count == 1, members[0].0 == "$binary",
              case .string(let b64) = members[0].1, let data = Data(base64Encoded: b64) else { return nil }
        return Array(data)
    }
}
