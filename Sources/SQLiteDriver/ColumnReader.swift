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

    @inline(__always)
    func read(_ stmt: OpaquePointer, _ i: Int32) -> Value {
        switch sqlite3_column_type(stmt, i) {
        case SQLITE_NULL:
            return .null
        case SQLITE_INTEGER:
            let n = sqlite3_column_int64(stmt, i)
            if kind == .boolean, n == 0 || n == 1 { return .bool(n == 1) }
            return .int(n)
        case SQLITE_FLOAT:
            return .double(sqlite3_column_double(stmt, i))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(stmt, i))
            let text = sqlite3_column_text(stmt, i).map {
                String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
            } ?? ""
            switch kind {
            case .uuid: return (hex ? HexUUID.uuid(text) : UUID(uuidString: text)).map(Value.uuid) ?? .text(text)
            case .date: return .date(text)
            case .time: return .time(text)
            case .timestamp: return .timestamp(text)
            case .timestamptz: return .timestamptz(text)
            case .json: return .json(text)
            case .decimal: return .decimal(text)
            default: return .text(text)
            }
        default:
            let count = Int(sqlite3_column_bytes(stmt, i))
            guard count > 0, let p = sqlite3_column_blob(stmt, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
        }
    }
}
