import CSQLite
import Foundation
import ORMCore

/// Reads one result column into a `Value`, using the column's declared type where SQLite's
/// storage class alone would lose meaning (BOOLEAN stored as 0/1, UUID, dates, JSON as text).
struct ColumnReader {
    let kind: FieldType.Kind
    /// UUIDs stored as 32 hex digits (SQLAlchemy's `Uuid` on SQLite): read as `.uuid`.
    var hex = false

    init(declaredType: String) {
        kind = FieldType.sqlite(declaredType).kind
    }

    init(kind: FieldType.Kind, hex: Bool) {
        self.kind = kind
        self.hex = hex
    }

    /// The cell's `Value`, as `cell` describes it.
    @inline(__always)
    func read(_ stmt: OpaquePointer, _ i: Int32) -> Value { cell(stmt, i).value }

    /// The cell of the statement's current row: integers, reals and text (as SQLite's own bytes,
    /// valid until the next step) as they are stored; booleans, UUIDs and binary read as `Value`s.
    ///
    /// One `sqlite3_column_value` per cell, then the `sqlite3_value_*` calls on it, rather than
    /// `sqlite3_column_type` / `_text` / `_bytes`: each `sqlite3_column_*` call looks the column up
    /// and ends with the error bookkeeping again (about 60 instructions each, three per text cell).
    /// The value is the unprotected one SQLite hands out, read at once on the connection's own
    /// thread; the connection is opened with SQLITE_OPEN_NOMUTEX, so there is no mutex it could miss.
    @inline(__always)
    func cell(_ stmt: OpaquePointer, _ i: Int32) -> Cell {
        guard let v = sqlite3_column_value(stmt, i) else { return .null }
        switch sqlite3_value_type(v) {
        case SQLITE_NULL:
            return .null
        case SQLITE_INTEGER:
            let n = sqlite3_value_int64(v)
            if kind == .boolean, n == 0 || n == 1 { return .value(.bool(n == 1)) }
            return .int(n)
        case SQLITE_FLOAT:
            return .double(sqlite3_value_double(v))
        case SQLITE_TEXT:
            // sqlite3_value_text first, then _bytes: the count is of the UTF-8 form.
            let p = sqlite3_value_text(v)
            let count = Int(sqlite3_value_bytes(v))
            let bytes = UnsafeBufferPointer(start: count > 0 ? p : nil, count: count)
            switch kind {
            case .uuid:
                let text = String(decoding: bytes, as: UTF8.self)
                return .value((hex ? HexUUID.uuid(text) : UUID(uuidString: text)).map(Value.uuid) ?? .text(text))
            case .date: return .text(bytes, .date)
            case .time: return .text(bytes, .time)
            case .timestamp: return .text(bytes, .timestamp)
            case .timestamptz: return .text(bytes, .timestamptz)
            case .json: return .text(bytes, .json)
            case .decimal: return .text(bytes, .decimal)
            default: return .text(bytes, .text)
            }
        default:
            let p = sqlite3_value_blob(v)
            let count = Int(sqlite3_value_bytes(v))
            guard count > 0, let p else { return .value(.blob([])) }
            return .value(.blob(Array(UnsafeRawBufferPointer(start: p, count: count))))
        }
    }
}
