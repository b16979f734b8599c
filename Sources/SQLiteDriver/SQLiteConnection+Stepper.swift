import CSQLite
import ORMCore

extension SQLiteConnection {
    /// Prepares `sql` on its own (not from the statement cache, so other statements can run while
    /// it is open) and steps it one page at a time.
    public func openStepper(_ sql: String, binds: [Value]) throws -> (any RowStepper)? {
        var stmt: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let rc = sql.withCString { sqlite3_prepare_v2(handle, $0, -1, &stmt, &tail) }
        guard rc == SQLITE_OK else { throw SQLiteErrorMapper.prepareError(db: handle, sql: sql) }
        guard let stmt else {
            // Only comments or whitespace: nothing to run.
            return SQLiteStepper(connection: self, stmt: nil, sql: sql, columns: Columns([]), readers: [])
        }
        if let tail, tail.pointee != 0, !String(cString: tail).allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            sqlite3_finalize(stmt)
            throw DatabaseError(kind: .syntaxError, message: "one statement at a time: text follows the first statement", sql: sql)
        }
        guard Int(sqlite3_bind_parameter_count(stmt)) == binds.count else {
            sqlite3_finalize(stmt)
            throw DatabaseError(kind: .other, message: "the statement takes \(sqlite3_bind_parameter_count(stmt)) values but \(binds.count) were given", sql: sql)
        }
        do { for (i, v) in binds.enumerated() { try bind(v, at: Int32(i + 1), stmt: stmt, sql: sql) } }
        catch { sqlite3_finalize(stmt); throw error }
        let (columns, readers) = describe(stmt)
        return SQLiteStepper(connection: self, stmt: stmt, sql: sql, columns: columns, readers: readers)
    }

    var changes: Int { Int(sqlite3_changes(handle)) }
    var totalChanges: Int { Int(sqlite3_total_changes(handle)) }
}

/// A statement stepped page by page: `sqlite3_step` until `limit` rows or SQLITE_DONE.
final class SQLiteStepper: RowStepper {
    private unowned let connection: SQLiteConnection
    private var stmt: OpaquePointer?
    private let sql: String
    let columns: Columns
    private let readers: [ColumnReader]
    private(set) var isDone = false
    private(set) var affected = 0

    init(connection: SQLiteConnection, stmt: OpaquePointer?, sql: String, columns: Columns, readers: [ColumnReader]) {
        self.connection = connection
        self.stmt = stmt
        self.sql = sql
        self.columns = columns
        self.readers = readers
        if stmt == nil { isDone = true }
    }

    deinit { close() }

    func next(_ limit: Int) throws -> [[Value]] {
        guard let stmt, !isDone else { return [] }
        connection.startStatementClock()
        let changesBefore = connection.totalChanges
        var page: [[Value]] = []
        page.reserveCapacity(min(limit, 4096))
        let width = readers.count
        while page.count < limit {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_ROW {
                var values = [Value]()
                values.reserveCapacity(width)
                for i in 0..<width { values.append(readers[i].read(stmt, Int32(i))) }
                page.append(values)
            } else if rc == SQLITE_DONE {
                isDone = true
                // sqlite3_changes keeps the last INSERT/UPDATE/DELETE's count through DDL: only a
                // statement that changed rows reports it.
                affected = sqlite3_stmt_readonly(stmt) != 0 || connection.totalChanges == changesBefore ? 0 : connection.changes
                close()
                break
            } else {
                let e = connection.error(code: rc, sql: sql)
                isDone = true
                close()
                throw e
            }
        }
        return page
    }

    func close() {
        if let stmt { sqlite3_finalize(stmt) }
        stmt = nil
        isDone = true
    }
}
