import CSQLite
import ORMCore

/// Maps SQLite result codes and messages into `DatabaseError`, naming the constraint and columns
/// where SQLite says them ("UNIQUE constraint failed: answer.user_id, answer.question_id").
enum SQLiteErrorMapper {
    static func map(code: Int32, message: String, sql: String?) -> DatabaseError {
        let primary = code & 0xff
        var e = DatabaseError(kind: .other, message: message, code: String(code), sql: sql)
        switch code {
        case 2067 /* SQLITE_CONSTRAINT_UNIQUE */, 1555 /* SQLITE_CONSTRAINT_PRIMARYKEY */:
            e.kind = .uniqueViolation
            fillColumns(&e, after: "constraint failed: ")
        case 787 /* SQLITE_CONSTRAINT_FOREIGNKEY */:
            e.kind = .foreignKeyViolation
        case 1811 /* SQLITE_CONSTRAINT_TRIGGER */ where message.hasPrefix("FOREIGN KEY constraint failed"):
            // ON DELETE RESTRICT runs as a trigger in SQLite, and fails with its code.
            e.kind = .foreignKeyViolation
        case 1299 /* SQLITE_CONSTRAINT_NOTNULL */:
            e.kind = .notNullViolation
            fillColumns(&e, after: "constraint failed: ")
        case 275 /* SQLITE_CONSTRAINT_CHECK */:
            e.kind = .checkViolation
            if let r = message.range(of: "constraint failed: ") { e.constraint = String(message[r.upperBound...]) }
        case 3091 /* SQLITE_CONSTRAINT_DATATYPE */:
            e.kind = .valueDoesNotFit
        default:
            switch primary {
            case SQLITE_CONSTRAINT: e.kind = .checkViolation
            case SQLITE_BUSY, SQLITE_LOCKED: e.kind = .busy
            case SQLITE_INTERRUPT: e.kind = .cancelled
            case SQLITE_READONLY: e.kind = .readOnly
            case SQLITE_TOOBIG, SQLITE_MISMATCH, SQLITE_RANGE: e.kind = .valueDoesNotFit
            case SQLITE_CANTOPEN, SQLITE_NOTADB: e.kind = .connectionFailed
            case SQLITE_AUTH, SQLITE_PERM: e.kind = .permissionDenied
            case SQLITE_ERROR:
                if message.hasPrefix("no such table") || message.hasPrefix("no such column") {
                    e.kind = .undefinedObject
                } else if message.contains("syntax error") || message.hasPrefix("incomplete input") {
                    e.kind = .syntaxError
                } else if message.hasPrefix("parser stack overflow") || message.hasPrefix("Expression tree is too large") {
                    e.kind = .tooComplex
                }
            default: break
            }
        }
        return e
    }

    /// The error of a statement that did not prepare, with where SQLite found it
    /// (`sqlite3_error_offset`, a byte offset, given here in Unicode scalars as PostgreSQL counts).
    static func prepareError(db: OpaquePointer, sql: String) -> DatabaseError {
        var e = map(code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)), sql: sql)
        let bytes = Int(sqlite3_error_offset(db))
        if bytes >= 0, bytes <= sql.utf8.count {
            e.position = String(decoding: sql.utf8.prefix(bytes), as: UTF8.self).unicodeScalars.count
        }
        return e
    }

    /// "UNIQUE constraint failed: t.a, t.b" → table t, columns [a, b].
    private static func fillColumns(_ e: inout DatabaseError, after marker: String) {
        guard let r = e.message.range(of: marker) else { return }
        let list = e.message[r.upperBound...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for item in list {
            let parts = item.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                e.table = parts[0]
                e.columns.append(parts[1])
            } else {
                e.columns.append(item)
            }
        }
    }
}
