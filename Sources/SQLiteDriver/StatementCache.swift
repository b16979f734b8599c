import CSQLite
import ORMCore

/// Prepared statements kept by SQL text, so repeated statements (a lazy load per parent) are
/// prepared once. Holds at most `limit`; the oldest is finalized first.
struct StatementCache {
    final class Entry {
        let pointer: OpaquePointer
        let columns: Columns
        let readers: [ColumnReader]
        init(pointer: OpaquePointer, columns: Columns, readers: [ColumnReader]) {
            self.pointer = pointer
            self.columns = columns
            self.readers = readers
        }
    }

    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    let limit = 64
    /// `table NUL column` of the CHAR(32) columns that hold hex UUIDs (set by introspection; see
    /// `SQLiteConnection.detectHexUUIDs`). Changing it finalizes the cached statements' readers.
    var hexUUIDColumns: Set<String> = [] {
        didSet { if hexUUIDColumns != oldValue { finalizeAll() } }
    }

    mutating func statement(for sql: String, db: OpaquePointer) throws -> Entry {
        if let e = entries[sql] { return e }
        var stmt: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = sql.withCString { sqlite3_prepare_v3(db, $0, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, &tail) }
        guard rc == SQLITE_OK, let stmt else { throw SQLiteErrorMapper.prepareError(db: db, sql: sql) }
        if let tail, tail.pointee != 0, !String(cString: tail).allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            sqlite3_finalize(stmt)
            throw DatabaseError(kind: .syntaxError, message: "one statement at a time: text follows the first statement", sql: sql)
        }
        let (columns, readers) = describe(stmt)
        let entry = Entry(pointer: stmt, columns: columns, readers: readers)
        entries[sql] = entry
        order.append(sql)
        if order.count > limit {
            let old = order.removeFirst()
            if let e = entries.removeValue(forKey: old) { sqlite3_finalize(e.pointer) }
        }
        return entry
    }

    /// A prepared statement's result columns (names and declared types) and how to read each.
    func describe(_ stmt: OpaquePointer) -> (Columns, [ColumnReader]) {
        let n = Int(sqlite3_column_count(stmt))
        var names: [String] = []
        var types: [String] = []
        var readers: [ColumnReader] = []
        for i in 0..<Int32(n) {
            names.append(String(cString: sqlite3_column_name(stmt, i)))
            let decl = sqlite3_column_decltype(stmt, i).map { String(cString: $0) } ?? ""
            types.append(decl)
            var reader = ColumnReader(declaredType: decl)
            // A result column straight from a hex-UUID column (its origin, by SQLite's column metadata).
            if !hexUUIDColumns.isEmpty, SQLiteConnection.isChar32(decl),
               let table = sqlite3_column_table_name(stmt, i), let column = sqlite3_column_origin_name(stmt, i),
               hexUUIDColumns.contains(String(cString: table) + "\u{0}" + String(cString: column)) {
                reader = ColumnReader(kind: .uuid, hex: true)
            }
            readers.append(reader)
        }
        return (Columns(names, types: types), readers)
    }

    mutating func finalizeAll() {
        for e in entries.values { sqlite3_finalize(e.pointer) }
        entries.removeAll()
        order.removeAll()
    }
}
