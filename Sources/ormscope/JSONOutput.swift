import Foundation
import ORMCore

/// JSON output: one object per command, keys sorted so output is stable.
enum JSONOutput {
    static func string(_ object: [String: Any]) -> String {
        let clean = sanitize(object)
        guard let data = try? JSONSerialization.data(withJSONObject: clean, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{\"error\":\"output could not be encoded as JSON\"}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func statement(_ e: StatementEvent) -> [String: Any] {
        ["sql": e.sql, "params": e.params.map(value), "ms": (e.milliseconds * 1000).rounded() / 1000, "rows": e.rows,
         "cause": e.cause.summary, "error": e.error as Any]
    }

    static func value(_ v: Value) -> Any {
        switch v {
        case .null: return NSNull()
        case .int(let n): return n
        case .double(let d): return d.isFinite ? d : "\(d)"
        case .bool(let b): return b
        default: return v.displayText ?? NSNull()
        }
    }

    /// Optionals that are nil become null.
    static func sanitize(_ any: Any) -> Any {
        switch any {
        case let d as [String: Any]: return d.mapValues(sanitize)
        case let a as [Any]: return a.map(sanitize)
        case let o as Optional<Any>:
            switch o {
            case .none: return NSNull()
            case .some(let w): return w is NSNull ? w : (w as? [String: Any]).map(sanitize) ?? (w as? [Any]).map(sanitize) ?? w
            }
        }
    }
}
