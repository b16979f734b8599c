import CSQLite
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// A statement copied from the SQL pane means the same anywhere: on one SQLite file, the filter's
/// statement as the log shows it (SQL and bound values) returns the same rows through a plain
/// connection opened with SQLite's C API (default settings, as any application has) as through ormscope.
final class CopiedStatementTests: XCTestCase {
    func testFilterStatementReturnsTheSameRowsThroughAPlainSQLiteConnection() throws {
        guard let path = try location(.sqlite) else { return XCTFail("no SQLite location") }
        let db = Database(try connect(path))
        defer { db.close() }
        try db.execute(sql: "CREATE TABLE hero (id integer PRIMARY KEY, name text NOT NULL)")
        let names = ["Deadpool", "deadpond", "DEADSHOT", "Daredevil", "Émile", "émile", "Dead_eye", "dead%man", "Thor"]
        try db.execute(.insert(Insert(into: TableRef("hero"), columns: ["id", "name"],
                                      rows: names.enumerated().map { [.int(Int64($0.offset + 1)), .text($0.element)] })))
        let runtime = Runtime(session: try Session(db))
        var state = ExplorerState(registry: runtime.session.registry, pageSize: 50, dialect: db.dialect)
        func play(_ action: Action) { runtime.play(&state, [action]) }
        play(.openModel("hero"))
        let expected: [String: [Int64]] = [
            "name like 'dead%'": [1, 2, 3, 7, 8],   // SQLite's LIKE: ASCII case folds
            "name like 'Dead%'": [1, 2, 3, 7, 8],
            "name like 'É%'": [5],                   // non-ASCII letters do not fold
            "name ilike 'DEAD%'": [1, 2, 3, 7, 8],
            "name not like 'd%'": [5, 6, 9],
        ]
        for (filter, ids) in expected.sorted(by: { $0.key < $1.key }) {
            play(.filter(filter))
            guard case .rows(let r) = state.screen, let page = r.page, let report = state.report else { return XCTFail(filter) }
            XCTAssertNil(report.error, filter)
            let ours = page.rows.map { row -> Int64 in if case .int(let i) = row[0] { return i } else { return -1 } }
            XCTAssertEqual(ours, ids, "ormscope, \(filter)")
            let statement = try XCTUnwrap(report.statements.first { $0.sql.hasPrefix("SELECT") })
            XCTAssertFalse(statement.paramsRedacted)
            XCTAssertEqual(try Self.plainSQLiteIDs(path: path, sql: statement.sql, params: statement.params), ours,
                           "a plain sqlite3 connection, \(filter): \(statement.sql)")
        }
    }

    /// Runs `sql` with `params` on a fresh connection with SQLite's defaults; the first column of each row.
    static func plainSQLiteIDs(path: String, sql: String, params: [Value]) throws -> [Int64] {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let handle else { throw Failure("open \(path)") }
        defer { sqlite3_close_v2(handle) }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw Failure("prepare: " + String(cString: sqlite3_errmsg(handle)))
        }
        defer { sqlite3_finalize(stmt) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, p) in params.enumerated() {
            let n = Int32(i + 1)
            switch p {
            case .int(let v): sqlite3_bind_int64(stmt, n, v)
            case .double(let v): sqlite3_bind_double(stmt, n, v)
            case .text(let s): sqlite3_bind_text(stmt, n, s, -1, transient)
            case .null: sqlite3_bind_null(stmt, n)
            default: throw Failure("unexpected parameter \(p)")
            }
        }
        var out: [Int64] = []
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw Failure("step: " + String(cString: sqlite3_errmsg(handle))) }
            out.append(sqlite3_column_int64(stmt, 0))
        }
        return out
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }
}
