import Foundation

/// One database value, as it travels between Swift and either backend.
///
/// NULL is a case of its own, never the empty string. Numeric values keep their exact decimal
/// text (`.decimal("12345.6700")`), temporal values keep the text the server printed, and
/// PostgreSQL arrays, enums and other types are kept faithfully in `.other(type:text:)`.
public enum Value: Hashable, Sendable {
    case null
    case int(Int64)
    case double(Double)
    /// An exact numeric (PostgreSQL `numeric`), as its decimal text.
    case decimal(String)
    case text(String)
    case bool(Bool)
    case blob([UInt8])
    case uuid(UUID)
    /// `date`, ISO 8601 `YYYY-MM-DD`.
    case date(String)
    /// `time` / `time with time zone`, as printed.
    case time(String)
    /// `timestamp` without zone, `YYYY-MM-DD HH:MM:SS[.ffffff]`.
    case timestamp(String)
    /// `timestamp with time zone`, with its offset.
    case timestamptz(String)
    /// `json` / `jsonb`, as its JSON text.
    case json(String)
    /// Any other type (arrays, enums, intervals, ranges, ...), with the type's name and the text the server printed.
    /// (Boxed, so a Value stays 17 bytes: this case is rare and the others are copied millions of times.)
    indirect case other(type: String, text: String)

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// A plain text form of the value, as a user would read it (`NULL` is `nil`).
    public var displayText: String? {
        switch self {
        case .null: return nil
        case .int(let v): return String(v)
        case .double(let v): return Value.format(double: v)
        case .decimal(let s), .text(let s), .date(let s), .time(let s), .timestamp(let s),
             .timestamptz(let s), .json(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .blob(let bytes): return Hex.encode(bytes, prefix: "\\x")
        case .uuid(let u): return u.uuidString.lowercased()
        case .other(_, let text): return text
        }
    }

    /// The same kind of value with `text` instead of its own (a quoted date completed to the shape
    /// SQLite stores it in, `DateText.bounds`); a value of a kind without text stays as it is.
    public func replacingText(_ text: String) -> Value {
        switch self {
        case .text: return .text(text)
        case .date: return .date(text)
        case .time: return .time(text)
        case .timestamp: return .timestamp(text)
        case .timestamptz: return .timestamptz(text)
        default: return self
        }
    }

    /// The name of the case, for messages: "integer", "text", ...
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .int: return "integer"
        case .double: return "real"
        case .decimal: return "numeric"
        case .text: return "text"
        case .bool: return "boolean"
        case .blob: return "binary"
        case .uuid: return "uuid"
        case .date: return "date"
        case .time: return "time"
        case .timestamp: return "timestamp"
        case .timestamptz: return "timestamptz"
        case .json: return "json"
        case .other(let type, _): return type
        }
    }

    /// Shortest text that reads back as the same double; whole numbers keep a `.0`. NaN and the
    /// infinities are spelled as PostgreSQL prints and reads them (`NaN`, `Infinity`, `-Infinity`).
    static func format(double v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "Infinity" : "-Infinity" }
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(format: "%.1f", v) }
        return "\(v)"
    }
}

/// Literals for tests and examples. Deliberately not `ExpressibleByNilLiteral`: `nil` must stay
/// `Optional.none`, never quietly become `.null` inside a `Value?`.
extension Value: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral
{
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Value: CustomStringConvertible {
    /// Debug and log form: strings quoted, NULL spelled out.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .text(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        default: return displayText ?? "NULL"
        }
    }
}
