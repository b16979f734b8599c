import Foundation
import ORMCore

/// JSON output: one document per command, written by `JSONWriter` (ORMCore), carrying `"format": 1`.
///
/// Rows keep their model's column order and each value its type (README, "JSON output"); the
/// dictionaries around them (statements, models, plans) are written with sorted keys, so output is
/// stable.
enum JSONOutput {
    /// The version of the JSON output's shape; a change that breaks readers bumps it.
    static let formatVersion: Int64 = 1

    /// `object` as one JSON document, `"format": 1` first, then its keys sorted.
    static func string(_ object: [String: Any]) -> String {
        var w = JSONWriter()
        document(object, into: &w)
        return w.text
    }

    /// Writes `object` as a document (format first, then its keys sorted).
    static func document(_ object: [String: Any], into w: inout JSONWriter) {
        w.beginObject()
        w.key("format")
        w.int(formatVersion)
        members(object, into: &w)
        w.endObject()
    }

    /// The members of a dictionary, keys sorted (inside an object the caller opened).
    static func members(_ object: [String: Any], into w: inout JSONWriter) {
        for k in object.keys.sorted() where k != "format" {
            w.key(k)
            any(object[k]!, into: &w)
        }
    }

    /// Any of the values the commands put in their dictionaries: strings, numbers, booleans, arrays,
    /// dictionaries, optionals (nil is null), database `Value`s and `NSNull`.
    static func any(_ x: Any, into w: inout JSONWriter) {
        switch x {
        case let v as Value: w.value(v)
        case let s as String: w.string(s)
        case let b as Bool: w.bool(b)
        case let n as Int: w.int(Int64(n))
        case let n as Int64: w.int(n)
        case let n as Int32: w.int(Int64(n))
        case let n as UInt32: w.int(Int64(n))
        case let d as Double: w.double(d)
        case let d as Float: w.double(Double(d))
        case let n as JSONNode: w.node(n)
        case let d as [String: Any]:
            w.beginObject()
            members(d, into: &w)
            w.endObject()
        case let a as [Any]:
            w.beginArray()
            for item in a { any(item, into: &w) }
            w.endArray()
        case is NSNull: w.null()
        case let o as Optional<Any>:
            switch o {
            case .none: w.null()
            case .some(let wrapped): any(wrapped, into: &w)
            }
        }
    }

    static func statement(_ e: StatementEvent) -> [String: Any] {
        var out: [String: Any] = ["sql": e.sql, "params": e.params, "ms": (e.milliseconds * 1000).rounded() / 1000, "rows": e.rows,
                                  "cause": e.cause.summary, "error": e.error as Any]
        if let plain = e.standsFor { out["stands_for"] = plain.sql }
        return out
    }

    /// Statements with runs of the same SQL merged into one entry (`runs`, summed `rows` and `ms`):
    /// a file import's thousand batches are one entry, not a thousand copies of a long INSERT.
    static func statementRuns(_ events: [StatementEvent]) -> [[String: Any]] {
        var out: [[String: Any]] = []
        var i = 0
        while i < events.count {
            var j = i
            while j + 1 < events.count && events[j + 1].sql == events[i].sql && events[j + 1].error == nil { j += 1 }
            var entry = statement(events[i])
            if j > i {
                let run = events[i...j]
                entry["runs"] = j - i + 1
                entry["rows"] = run.reduce(0) { $0 + $1.rows }
                entry["ms"] = (run.reduce(0) { $0 + $1.milliseconds } * 1000).rounded() / 1000
            }
            if events[i].paramsRedacted { entry["params_redacted"] = true }
            out.append(entry)
            i = j + 1
        }
        return out
    }

    /// A statement with its SQL cut to 160 characters (a multi-row INSERT's VALUES list), for text output.
    static func shortened(_ e: StatementEvent) -> StatementEvent {
        guard e.sql.count > 160 else { return e }
        var e = e
        e.sql = String(e.sql.prefix(160)) + " ... (\(e.sql.count) characters)"
        return e
    }

    /// A value for a dictionary: written by `JSONWriter.value` when the dictionary is encoded.
    static func value(_ v: Value) -> Any { v }
}
