import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver
import TestSupport
import XCTest

/// Statements typed by the user, on both backends: paged results with flat memory, scripts,
/// read-only refusals (before the server and by it), syntax error positions, DDL and the registry.
final class TypedSQLTests: XCTestCase {
    func typed(_ sql: String, _ db: Database) -> TypedStatement { TypedStatement(sql: sql, dialect: db.dialect) }

    /// SQL for `n` rows of (n, text) on either backend.
    func series(_ db: Database, _ n: Int) -> String {
        db.dialect.name == "postgresql"
            ? "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, \(n)) AS g"
            : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < \(n)) SELECT n, 'row ' || n AS label FROM s"
    }

    func testALargeResultIsReadInPagesAndNeverHeldWhole() throws {
        try eachBackend { db, backend in
            let total = 50_000, pageSize = 1000
            let result = try db.openTyped(typed(series(db, total), db), pageSize: pageSize)
            XCTAssertEqual(result.columns.names, ["n", "label"])
            XCTAssertTrue(result.hasMore)
            var read = 0, pages = 0, maxHeld = 0, last: Int64 = 0
            while true {
                let page = try result.nextPage()
                if page.isEmpty { break }
                XCTAssertLessThanOrEqual(page.count, pageSize)
                maxHeld = max(maxHeld, result.rowsHeld)
                pages += 1
                read += page.count
                if case .int(let n) = page.last![0] { last = n }
            }
            XCTAssertEqual(read, total, backend.rawValue)
            XCTAssertEqual(last, Int64(total))
            XCTAssertEqual(pages, total / pageSize)
            XCTAssertEqual(result.rowsRead, total)
            XCTAssertEqual(maxHeld, 0, "nothing is held between pages")
            XCTAssertFalse(result.hasMore)
            XCTAssertFalse(db.inTransaction)
            let events = db.log.events
            if backend == .postgres {
                // Each FETCH brought at most one page: the client never held more than 1,000 rows.
                XCTAssertEqual(events.first?.sql, "BEGIN READ ONLY")
                XCTAssertTrue(events[1].sql.hasPrefix("DECLARE \"ormscope_typed_1\" NO SCROLL CURSOR FOR SELECT g"), events[1].sql)
                XCTAssertEqual(events[1].cause, .typed)
                let fetches = events.filter { if case .typedPage = $0.cause { return true } else { return false } }
                XCTAssertEqual(fetches.count, total / pageSize + 1)  // the last one finds the end
                XCTAssertTrue(fetches.allSatisfy { $0.rows <= pageSize && $0.sql == "FETCH FORWARD 1000 FROM \"ormscope_typed_1\"" })
                XCTAssertEqual(fetches.first?.cause.summary, "typed by the user (page 1 of its rows)")
                XCTAssertEqual(events.last?.sql, "COMMIT")
            } else {
                XCTAssertEqual(events.count, 1, "SQLite steps one statement")
                XCTAssertEqual(events.first?.cause.summary, "typed by the user")
                XCTAssertEqual(events.first?.rows, pageSize)
            }
        }
    }

    func testClosingEarlyEndsTheCursorAndItsTransaction() throws {
        try eachBackend { db, backend in
            let result = try db.openTyped(typed(series(db, 100_000), db), pageSize: 500)
            XCTAssertEqual(try result.nextPage().count, 500)
            XCTAssertEqual(try result.nextPage().count, 500)
            try result.close()
            XCTAssertFalse(result.hasMore)
            XCTAssertEqual(try result.nextPage().count, 0)
            XCTAssertFalse(db.inTransaction, backend.rawValue)
            // The connection is free for the next statement.
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT 7 AS x", [])).first?[0], .int(7))
        }
    }

    func testAScriptRunsInOrderEachStatementLoggedAndAFailureStopsIt() throws {
        try eachBackend { db, backend in
            let script = """
                CREATE TABLE note (id integer PRIMARY KEY, body text NOT NULL);
                INSERT INTO note VALUES (1, 'semi;colon'), (2, 'it''s');  -- a comment; with a semicolon
                /* block; comment */ UPDATE note SET body = body || '!' WHERE id = 2;
                SELECT id, body FROM note ORDER BY id
                """
            var seen: [(String, Int?, [[Value]])] = []
            try db.runTypedScript(script) { r in
                var rows: [[Value]] = []
                while true { let p = try r.nextPage(); if p.isEmpty { break }; rows += p.map(\.values) }
                seen.append((r.statement.verb, r.affected, rows))
            }
            XCTAssertEqual(seen.map(\.0), ["CREATE", "INSERT", "UPDATE", "SELECT"])
            XCTAssertEqual(seen[1].1, 2)
            XCTAssertEqual(seen[2].1, 1)
            XCTAssertNil(seen[3].1)
            XCTAssertEqual(seen[3].2, [[.int(1), .text("semi;colon")], [.int(2), .text("it's!")]], backend.rawValue)
            let typed = db.log.events.filter { $0.cause == .typed }
            XCTAssertEqual(typed.count, 4)
            XCTAssertTrue(db.registryStale, "CREATE TABLE marks the registry stale")

            // A failure stops the script: the third statement never runs.
            db.log.reset()
            XCTAssertThrowsError(try db.runTypedScript("INSERT INTO note VALUES (3, 'x'); INSERT INTO note VALUES (3, 'dup'); INSERT INTO note VALUES (4, 'never')") { _ in }) {
                XCTAssertEqual(($0 as? DatabaseError)?.kind, .uniqueViolation)
            }
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT count(*) FROM note", [])).first?[0], .int(3))
            XCTAssertFalse(db.log.events.contains { $0.sql.contains("never") })

            // In one transaction, the failure rolls back the statements before it too.
            XCTAssertThrowsError(try db.runTypedScript("INSERT INTO note VALUES (5, 'x'); INSERT INTO note VALUES (5, 'dup')", singleTransaction: true) { _ in })
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT count(*) FROM note WHERE id = 5", [])).first?[0], .int(0))
            XCTAssertFalse(db.inTransaction)
            XCTAssertThrowsError(try db.runTypedScript(" ; -- nothing") { _ in }) { XCTAssertEqual($0 as? TypedSQLError, .empty) }
        }
    }

    func testDDLMarksTheRegistryStaleUntilTheSessionReloads() throws {
        try eachBackend { db, _ in
            let session = try Session(db)
            XCTAssertFalse(db.registryStale)
            _ = try db.openTyped(typed("SELECT 1", db))
            XCTAssertFalse(db.registryStale, "a read does not")
            try db.openTyped(typed("CREATE TABLE fresh (id integer PRIMARY KEY)", db)).close()
            XCTAssertTrue(db.registryStale)
            XCTAssertThrowsError(try session.model("fresh"))
            try session.replaceRegistry(try db.introspect())
            XCTAssertFalse(db.registryStale)
            XCTAssertNoThrow(try session.model("fresh"))
        }
    }

    func testReadOnlyModeRefusesWritesBeforeTheServer() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY)")
            try db.configure(TransactionSettings(readOnlyReason: "read-only mode (--read-only)"))
            db.log.reset()
            let before = db.log.totalCount
            for sql in ["INSERT INTO note VALUES (1)", "DROP TABLE note", "WITH d AS (DELETE FROM note RETURNING *) SELECT * FROM d",
                        "BEGIN", "SELECT * INTO other FROM note"] {
                XCTAssertThrowsError(try db.openTyped(typed(sql, db)), sql) { e in
                    guard case .refusedReadOnly(_, _, let reason)? = e as? TypedSQLError else { return XCTFail("\(e)") }
                    XCTAssertEqual(reason, "read-only mode (--read-only)")
                }
            }
            XCTAssertEqual(db.log.totalCount - before, 0, "\(backend): nothing reached the database")
            // A script with one write in it sends nothing at all in one transaction.
            XCTAssertThrowsError(try db.runTypedScript("SELECT 1; DELETE FROM note", singleTransaction: true) { _ in })
            XCTAssertEqual(db.log.totalCount - before, 0)
            // Reads still run.
            let r = try db.openTyped(typed("SELECT count(*) AS n FROM note", db))
            XCTAssertEqual(try r.nextPage().first?[0], .int(0))
        }
    }

    func testTheServerRefusesWhatReadOnlyModeCouldNotTellInsideBeginReadOnly() throws {
        let url = try postgresOnlyURL()
        try refusedByServer(url)
    }

    func testThroughPgbouncerCursorsAndRefusalsStayInTheirTransaction() throws {
        let url = try freshPgbouncerURL()
        try refusedByServer(url)
        // Two clients read their cursors page by page, interleaved, through a pool of two.
        let a = Database(try PostgresConnection(url)), b = Database(try PostgresConnection(url))
        defer { a.close(); b.close() }
        let ra = try a.openTyped(typed(series(a, 5000), a), pageSize: 1000)
        let rb = try b.openTyped(typed(series(b, 3000), b), pageSize: 1000)
        var na = 0, nb = 0
        while ra.hasMore || rb.hasMore {
            na += try ra.nextPage().count
            nb += try rb.nextPage().count
        }
        XCTAssertEqual(na, 5000)
        XCTAssertEqual(nb, 3000)
        // Nothing stayed behind on the pooled server connections.
        let other = Database(try PostgresConnection(url))
        defer { other.close() }
        XCTAssertEqual(try other.fetchAll(CompiledSQL("SHOW default_transaction_read_only", [])).first?[0], .text("off"))
        XCTAssertNoThrow(try other.execute(sql: "INSERT INTO note VALUES (100)"))
    }

    private func refusedByServer(_ url: String) throws {
        let db = Database(try PostgresConnection(url))
        defer { db.close() }
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS note (id integer PRIMARY KEY)")
        try db.execute(sql: "CREATE SEQUENCE IF NOT EXISTS seq")
        try db.configure(TransactionSettings(readOnlyReason: "read-only mode (--read-only)"))
        db.log.reset()
        // Classified as a read (SELECT) and as unknown (DO): both sent, inside BEGIN READ ONLY.
        for sql in ["SELECT nextval('seq')", "DO $$ BEGIN INSERT INTO note VALUES (1); END $$"] {
            XCTAssertThrowsError(try db.openTyped(typed(sql, db)), sql) { e in
                XCTAssertEqual((e as? DatabaseError)?.kind, .readOnly, "\(e)")
                XCTAssertEqual((e as? DatabaseError)?.code, "25006")
            }
            XCTAssertFalse(db.inTransaction)
        }
        XCTAssertTrue(db.log.events.filter { $0.sql == "BEGIN READ ONLY" }.count == 2, db.log.events.map(\.sql).description)
        XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT count(*) FROM note WHERE id = 1", [])).first?[0], .int(0))
    }

    func testSQLiteReadOnlyFileRefusesWhatTheTextCouldNotTell() throws {
        guard let path = try location(.sqlite) else { throw XCTSkip("no SQLite file could be made in the temporary directory") }
        let setup = Database(try SQLiteConnection(path))
        try setup.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY)")
        setup.close()
        let db = Database(try SQLiteConnection(path, readOnly: true))
        defer { db.close() }
        try db.configure(TransactionSettings(readOnlyReason: try db.serverReadOnlyReason()))
        XCTAssertThrowsError(try db.openTyped(typed("PRAGMA user_version = 3", db))) {
            XCTAssertEqual(($0 as? DatabaseError)?.kind, .readOnly, "\($0)")
        }
        XCTAssertEqual(db.log.totalCount, 1, "sent, and refused by SQLite")
    }

    func testASyntaxErrorSaysWhereItIs() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY)")
            for sql in ["SELECT 'é' AS x, id FROM note WHERE id = = 1", "UPDATE note SET id = = 2"] {
                XCTAssertThrowsError(try db.openTyped(typed(sql, db))) { e in
                    guard let e = e as? DatabaseError else { return XCTFail("\(e)") }
                    XCTAssertEqual(e.kind, .syntaxError, "\(backend): \(e)")
                    XCTAssertEqual(e.sql, sql)
                    guard let p = e.position else { return XCTFail("\(backend): no position in \(e)") }
                    let scalars = Array(sql.unicodeScalars)
                    XCTAssertEqual(scalars[p], "=", "\(backend): position \(p) of \(sql)")
                    XCTAssertEqual(scalars[p - 2], "=", "\(backend): the second = of two")
                }
                XCTAssertFalse(db.inTransaction)
            }
        }
    }

    func testColumnTypesAndWritesReportRowsAffected() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY, body text)")
            let insert = try db.openTyped(typed("INSERT INTO note VALUES (1, 'a'), (2, 'b')", db))
            XCTAssertEqual(insert.affected, 2)
            XCTAssertFalse(insert.returnsRows)
            XCTAssertEqual(try insert.nextPage().count, 0)
            let r = try db.openTyped(typed("SELECT id, body FROM note", db))
            XCTAssertEqual(r.columns.types.map { $0.lowercased() }, backend == .postgres ? ["integer", "text"] : ["integer", "text"])
            let empty = try db.openTyped(typed("SELECT id, body FROM note WHERE id < 0", db))
            XCTAssertEqual(empty.columns.names, ["id", "body"], "\(backend): columns of an empty result")
            XCTAssertFalse(empty.hasMore)
            if backend == .postgres {
                let returning = try db.openTyped(typed("DELETE FROM note WHERE id = 2 RETURNING id", db))
                XCTAssertNil(returning.affected)
                XCTAssertEqual(try returning.nextPage().map(\.values), [[.int(2)]])
            }
        }
    }

    func testManualTransactionHoldsTheCursorAndTheWrites() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY)")
            try db.beginTransaction()
            try db.openTyped(typed("INSERT INTO note VALUES (1)", db)).close()
            let r = try db.openTyped(typed("SELECT id FROM note", db))
            XCTAssertEqual(try r.nextPage().map(\.values), [[.int(1)]])
            try r.close()
            XCTAssertTrue(db.inTransaction, "\(backend): the user's transaction stays open")
            if backend == .postgres {
                XCTAssertFalse(db.log.events.contains { $0.sql == "BEGIN READ ONLY" })
                XCTAssertTrue(db.log.events.contains { $0.sql.hasPrefix("CLOSE \"ormscope_typed_") })
            }
            try db.rollback()
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT count(*) FROM note", [])).first?[0], .int(0))
        }
    }

    func testExplainOfATypedStatement() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY)")
            let plan = try db.explainTyped(typed("SELECT * FROM note WHERE id = 3", db))
            XCTAssertFalse(plan.nodes.isEmpty)
            XCTAssertEqual(db.log.events.last?.cause, .explain)
            if backend == .postgres {
                let analyzed = try db.explainTyped(typed("DELETE FROM note", db), analyze: true)
                XCTAssertTrue(analyzed.analyzed)
                XCTAssertEqual(db.log.events.last?.sql, "ROLLBACK")
            }
        }
    }
}

extension TypedSQLTests {
    /// A logged statement with its values written in returns the same rows when typed and run.
    func testALoggedStatementWithItsValuesInlinedRunsTheSame() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY, body text, flag boolean, data \(backend == .postgres ? "bytea" : "blob"))")
            try db.execute(.insert(Insert(into: TableRef("note"), columns: ["id", "body", "flag", "data"],
                                          rows: [[.int(1), .text("it's"), .bool(true), .blob([0, 1, 255])],
                                                 [.int(2), .text("other"), .bool(false), .null]])))
            func eq(_ c: String, _ v: Value) -> SQLExpression { .binary(.column(ColumnRef(c)), .equal, .value(v)) }
            let select = Select(from: TableRef("note"), where: .and([eq("body", .text("it's")), eq("flag", .bool(true)), eq("data", .blob([0, 1, 255]))]))
            let compiled = try db.compile(.select(select))
            let bound = try db.fetchAll(compiled).map(\.values)
            XCTAssertEqual(bound.count, 1)
            let typed = try db.openTyped(TypedStatement(sql: compiled.inlined(db.dialect), dialect: db.dialect))
            XCTAssertEqual(try typed.nextPage().map(\.values), bound, "\(backend): \(compiled.inlined(db.dialect))")
        }
    }
}

extension TypedSQLTests {
    /// On a hot standby the server's own read-only word makes the session read-only: a write is
    /// refused before it is sent, a read runs through its cursor.
    func testAHotStandbyRefusesTypedWritesBeforeTheServer() throws {
        let db = Database(try PostgresConnection(try standbyURL()))
        defer { db.close() }
        try db.configure(TransactionSettings(readOnlyReason: try db.serverReadOnlyReason()))
        let before = db.log.totalCount
        XCTAssertThrowsError(try db.openTyped(typed("CREATE TABLE nope (id int)", db))) { e in
            XCTAssertEqual((e as? TypedSQLError)?.sentence,
                           "Not run: CREATE changes the schema and the session is read-only (the server is a hot standby: pg_is_in_recovery() is true); nothing was sent to the database.")
        }
        XCTAssertEqual(db.log.totalCount, before)
        let r = try db.openTyped(typed("SELECT 41 + 1 AS answer", db))
        XCTAssertEqual(try r.nextPage().first?[0], .int(42))
    }
}

extension TypedSQLTests {
    /// Cancelling a typed statement from another thread (the editor's Esc, Ctrl-C on the command
    /// line) ends it as cancelled, with no transaction left open and the connection usable.
    func testCancellingATypedStatementLeavesTheSessionUsable() throws {
        try eachBackend { db, backend in
            let slow = backend == .postgres ? "SELECT pg_sleep(30)"
                : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000000000) SELECT count(*) FROM s"
            let cancel = db.makeCanceller()
            let fired = DispatchSemaphore(value: 0)
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancel(); fired.signal() }
            XCTAssertThrowsError(try db.openTyped(self.typed(slow, db))) {
                XCTAssertEqual(($0 as? DatabaseError)?.kind, .cancelled, "\(backend): \($0)")
            }
            fired.wait()
            XCTAssertFalse(db.inTransaction, "\(backend)")
            XCTAssertEqual(try db.openTyped(typed("SELECT 5 AS n", db)).nextPage().first?[0], .int(5))
            XCTAssertEqual(db.log.events.filter { $0.cause.summary.hasPrefix("typed by the user") && $0.error != nil }.count, 1,
                           "the cancelled statement (PostgreSQL: its first FETCH) is logged with its error")
        }
    }

    /// The time limit applies to a typed statement on both backends (PostgreSQL: SET LOCAL inside
    /// the cursor's read-only transaction).
    func testATimeLimitStopsATypedStatement() throws {
        try eachBackend { db, backend in
            try db.configure(TransactionSettings(timeout: 0.2))
            let slow = backend == .postgres ? "SELECT pg_sleep(30)"
                : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 1000000000) SELECT count(*) FROM s"
            XCTAssertThrowsError(try db.openTyped(typed(slow, db))) {
                XCTAssertEqual(($0 as? DatabaseError)?.kind, .timeout, "\(backend): \($0)")
            }
            XCTAssertFalse(db.inTransaction)
            if backend == .postgres { XCTAssertTrue(db.log.events.contains { $0.sql == "SET LOCAL statement_timeout = 200" }) }
        }
    }
}
