import DemoDatabase
import ORMCore
import PostgresDriver
import SQLiteDriver
import TestSupport
import XCTest

/// Bad input gets one clear sentence, typed, with no password and nothing half-written.
final class ErrorTests: XCTestCase {
    /// The engine's own limits (SQLite's parser stack and expression depth, PostgreSQL's 54001
    /// stack depth / statement too complex) are one sentence, not the engine's raw text.
    func testEngineLimitsAreSentences() throws {
        try eachBackend { db, backend in
            func error(_ sql: String) -> DatabaseError? {
                do { _ = try db.fetchAll(CompiledSQL(sql)); return nil } catch { return error as? DatabaseError }
            }
            var cases = ["SELECT " + String(repeating: "NOT ", count: 5_000) + "1"]
            switch backend {
            case .sqlite:
                cases.append("SELECT " + String(repeating: "1 + ", count: 1_100) + "1")
            case .postgres:
                // The parser's own stack ("memory exhausted", 42601), then the server's stack
                // depth (54001), made small so a modest statement reaches it.
                cases = ["SELECT " + String(repeating: "(", count: 200_000) + "1" + String(repeating: ")", count: 200_000),
                         "SELECT " + String(repeating: "NOT ", count: 200_000) + "true"]
                try db.execute(sql: "SET max_stack_depth = '100kB'")
                cases.append("SELECT " + String(repeating: "NOT ", count: 5_000) + "true")
            }
            for sql in cases {
                let e = error(sql)
                XCTAssertEqual(e?.kind, .tooComplex, "[\(backend)] \(sql.prefix(20))…: \(String(describing: e))")
                XCTAssertTrue(e?.sentence.hasPrefix("The statement is nested too deeply for the database (it says") == true, "[\(backend)] \(e?.sentence ?? "")")
                if backend == .postgres { XCTAssertEqual(e?.code, sql == cases.last ? "54001" : "42601", "\(String(describing: e))") }
            }
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT 1")).first?[0], 1, "[\(backend)] the connection is still usable")
        }
    }

    func testConstraintViolationsAreTypedAndNamed() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            func insert(_ table: String, _ cols: [String], _ row: [Value]) throws {
                try db.execute(.insert(Insert(into: TableRef(table), columns: cols, rows: [row])))
            }
            func kind(_ body: () throws -> Void) -> DatabaseError? {
                do { try body(); return nil } catch { return error as? DatabaseError }
            }
            let unique = kind { try insert("team", ["name"], ["Avengers"]) }
            XCTAssertEqual(unique?.kind, .uniqueViolation, "[\(backend)]")
            XCTAssertEqual(unique?.columns, ["name"], "[\(backend)]")
            if backend == .postgres { XCTAssertEqual(unique?.constraint, "team_name_key") }
            XCTAssertTrue(unique!.sentence.hasPrefix("Unique constraint"), unique!.sentence)

            let fk = kind { try insert("hero", ["name", "secret_name", "team_id"], ["X", "Y", 99_999]) }
            XCTAssertEqual(fk?.kind, .foreignKeyViolation, "[\(backend)] foreign keys are enforced")

            let notNull = kind { try insert("hero", ["name", "secret_name"], ["X", .null]) }
            XCTAssertEqual(notNull?.kind, .notNullViolation, "[\(backend)]")
            XCTAssertEqual(notNull?.columns, ["secret_name"], "[\(backend)]")

            let check = kind { try insert("hero_power_link", ["hero_id", "power_id", "role"], [1, 1, "boss"]) }
            XCTAssertTrue(check?.kind == .checkViolation || check?.kind == .uniqueViolation, "[\(backend)] \(String(describing: check))")
            let check2 = kind { try insert("hero", ["name", "secret_name", "age"], ["X", "Y", -5]) }
            XCTAssertEqual(check2?.kind, .checkViolation, "[\(backend)]")

            let syntax = kind { try db.execute(sql: "SELEC 1") }
            XCTAssertEqual(syntax?.kind, .syntaxError, "[\(backend)]")
            let missing = kind { try db.execute(sql: "SELECT * FROM nope") }
            XCTAssertEqual(missing?.kind, .undefinedObject, "[\(backend)]")
            // Every failed statement was logged and counted too.
            XCTAssertEqual(db.log.events.filter { $0.error != nil }.count, 7, "[\(backend)]")
        }
    }

    /// A session's insert, update or upsert that breaks a foreign key names it and the row that
    /// is missing on both backends: PostgreSQL says so itself; on SQLite, which says only that a
    /// key failed, the keys the values fill are checked in order (a logged statement each).
    func testAFailedForeignKeyNamesItsColumnsAndTheMissingRow() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let s = try Session(db)
            func sentence(_ body: () throws -> Void) -> String {
                do { try body(); return "" } catch { return (error as? any UserFacingError)?.sentence ?? "\(error)" }
            }
            let insert = sentence { _ = try s.new("hero", ["name": "X", "secret_name": "Y", "team_id": 99_999]); try s.commit() }
            XCTAssertTrue(insert.contains("(team_id)"), "[\(backend)] \(insert)")
            if backend == .sqlite {
                XCTAssertEqual(insert, "Foreign key on hero violated (team_id): there is no team row with id = 99999; nothing was written.")
                let checks = db.log.events.filter { if case .foreignKeyCheck = $0.cause { true } else { false } }
                XCTAssertEqual(checks.map(\.sql), [#"SELECT * FROM "team" WHERE "id" = ? LIMIT 1"#])
                let upsert = sentence { _ = try Session(db).upsert("hero_power_link", ["hero_id": 1, "power_id": 77_777], conflictTarget: ["hero_id", "power_id"]) }
                XCTAssertEqual(upsert, "Foreign key on hero_power_link violated (power_id): there is no power row with id = 77777; nothing was written.")
            }
            // A deferred key (Django makes them all so) fails at COMMIT: the transaction's rows are
            // checked, never naming a key to a row the transaction itself inserted.
            try db.execute(sql: "CREATE TABLE note (id integer PRIMARY KEY, team_id integer REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED, power_id integer REFERENCES power (id) DEFERRABLE INITIALLY DEFERRED)")
            let d = try Session(db, registry: try db.introspect())
            let deferred = sentence {
                _ = try d.new("team", ["id": 4_000, "name": "New team"])
                _ = try d.new("note", ["id": 1, "team_id": 4_000, "power_id": 88_888])
                try d.commit()
            }
            XCTAssertTrue(deferred.contains("(power_id)"), "[\(backend)] \(deferred)")
            if backend == .sqlite {
                XCTAssertEqual(deferred, "Foreign key on note violated (power_id): there is no power row with id = 88888; nothing was written.")
            }
            // A key that is still referenced (a parent's key changed): no missing row to name.
            let parent = sentence { _ = try db.execute(sql: "UPDATE team SET id = 5000 WHERE id = 1") }
            XCTAssertFalse(parent.contains("there is no"), "[\(backend)] \(parent)")
        }
    }

    func testValueThatDoesNotFitOnPostgres() throws {
        guard let db = try open(.postgres) else { throw XCTSkip("PostgreSQL is not configured: ORMSCOPE_TEST_PG_URL (make test sets it)") }
        defer { db.close() }
        try db.execute(sql: "CREATE TABLE f (id int PRIMARY KEY, code varchar(3), small smallint)")
        for (col, v) in [("code", Value.text("toolong")), ("small", Value.int(70_000)), ("small", Value.text("abc"))] {
            XCTAssertThrowsError(try db.execute(.insert(Insert(into: TableRef("f"), columns: ["id", col], rows: [[1, v]])))) { e in
                XCTAssertEqual((e as? DatabaseError)?.kind, .valueDoesNotFit, "\(col) \(v)")
            }
        }
        XCTAssertEqual(try db.fetchAll(.select(Select(from: TableRef("f")))).count, 0)
    }

    /// A row no partition takes is said as that, with its partition key: PostgreSQL gives it a
    /// check's SQLSTATE, and "Check constraint on measurement violated" sent a tester looking for a
    /// CHECK that does not exist.
    func testARowNoPartitionTakesIsSaidAsThat() throws {
        guard let db = try open(.postgres) else { throw XCTSkip("PostgreSQL is not configured: ORMSCOPE_TEST_PG_URL (make test sets it)") }
        defer { db.close() }
        try db.execute(sql: "CREATE TABLE measurement (id int, taken date NOT NULL, PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken)")
        try db.execute(sql: "CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")
        try db.execute(sql: "ALTER TABLE measurement ADD CONSTRAINT ck_id CHECK (id > 0)")
        XCTAssertThrowsError(try db.execute(sql: "INSERT INTO measurement VALUES (1, '2030-01-01')")) { e in
            XCTAssertEqual((e as? DatabaseError)?.kind, .noPartition)
            XCTAssertEqual((e as? DatabaseError)?.sentence,
                           "No partition of measurement takes the row: none of its partitions' bounds holds its partition key taken = 2030-01-01; nothing was written.")
        }
        XCTAssertThrowsError(try db.execute(sql: "INSERT INTO measurement VALUES (-1, '2024-02-01')")) { e in
            XCTAssertEqual((e as? DatabaseError)?.kind, .checkViolation, "a real check is still one")
        }
    }

    func testSQLiteMissingFileNotADatabaseAndMemory() throws {
        XCTAssertThrowsError(try SQLiteConnection("/nonexistent/dir/x.sqlite")) { e in
            XCTAssertEqual((e as? DatabaseError)?.sentence, "Could not connect: there is no SQLite database file at /nonexistent/dir/x.sqlite.")
        }
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID()).sqlite")
        try Data("this is not a database, just some text that is long enough".utf8).write(to: junk)
        defer { try? FileManager.default.removeItem(at: junk) }
        XCTAssertThrowsError(try SQLiteConnection(junk.path)) { e in
            XCTAssertEqual((e as? DatabaseError)?.kind, .connectionFailed)
            XCTAssertTrue("\(e)".contains("not a database"), "\(e)")
        }
        let memory = try SQLiteConnection("sqlite::memory:")
        XCTAssertEqual(memory.displayName, "sqlite :memory:")
        // SQLAlchemy's rule: three slashes and a relative path, four for an absolute one.
        XCTAssertEqual(try SQLiteConnection("sqlite:////tmp/x.sqlite", create: true).path, "/tmp/x.sqlite")
        try? FileManager.default.removeItem(atPath: "/tmp/x.sqlite")
    }

    func testPostgresBadConnectionsNeverShowThePassword() throws {
        guard let admin = Backend.postgresURL else {
            if Backend.postgresRequired { XCTFail("PostgreSQL is required") }
            return
        }
        var parts = URLComponents(string: admin)!
        func attempt(_ s: String) -> DatabaseError? {
            do { _ = try PostgresConnection(s); return nil } catch { return error as? DatabaseError }
        }
        parts.password = "wrong-Secret-42"
        let wrong = attempt(parts.string!)
        XCTAssertEqual(wrong?.kind, .authenticationFailed)
        XCTAssertFalse(wrong!.sentence.contains("wrong-Secret-42"))
        XCTAssertTrue(wrong!.sentence.contains("password authentication failed"), wrong!.sentence)

        let malformed = attempt("postgresql://u:Hidden-99@host:notaport/db?bogus_option=1")
        XCTAssertEqual(malformed?.kind, .invalidConnectionString)
        XCTAssertFalse(malformed!.sentence.contains("Hidden-99"), malformed!.sentence)
        XCTAssertEqual(attempt("host=127.0.0.1 port=").map(\.kind) == nil, false)

        let refused = attempt("postgresql://postgres:Pw-77@127.0.0.1:1/postgres?connect_timeout=2")
        XCTAssertEqual(refused?.kind, .connectionFailed)
        XCTAssertFalse(refused!.sentence.contains("Pw-77"))
        XCTAssertTrue(refused!.sentence.contains("refused"), refused!.sentence)

        // Keyword strings work too, and the display name has no password.
        let p = URLComponents(string: admin)!
        let keywords = "host=\(p.host!) port=\(p.port!) user=\(p.user!) password=\(p.password!) dbname=postgres sslmode=disable"
        let c = try PostgresConnection(keywords)
        XCTAssertFalse(c.displayName.contains(p.password!))
        XCTAssertTrue(c.displayName.hasPrefix("postgresql postgres@127.0.0.1:"))
    }

    func testLostConnectionIsReportedAndNothingCrashes() throws {
        guard let db = try open(.postgres), let admin = Backend.postgresURL else { throw XCTSkip("the test database is not configured: ORMSCOPE_TEST_PG_URL for PostgreSQL (make test sets it)") }
        defer { db.close() }
        let pid = try XCTUnwrap(db.fetchAll(CompiledSQL("SELECT pg_backend_pid()")).first)[0]
        let other = Database(try PostgresConnection(admin))
        try other.execute(sql: "SELECT pg_terminate_backend($1::int)", [pid])
        other.close()
        XCTAssertThrowsError(try db.execute(sql: "SELECT 1")) { e in
            XCTAssertEqual((e as? DatabaseError)?.kind, .connectionLost, "\(e)")
            XCTAssertTrue((e as! DatabaseError).sentence.hasPrefix("The connection to the database was lost"))
        }
    }
}

/// libpq's own sources of settings: PG* variables and the password file.
final class LibpqEnvironmentTests: XCTestCase {
    func testPasswordFromPGPASSWORDAndFromAPasswordFile() throws {
        guard let admin = Backend.postgresURL else {
            if Backend.postgresRequired { XCTFail("PostgreSQL is required") }
            return
        }
        let p = URLComponents(string: admin)!
        let noPassword = "host=\(p.host!) port=\(p.port!) user=\(p.user!) dbname=postgres"
        defer { unsetenv("PGPASSWORD"); unsetenv("PGPASSFILE") }

        setenv("PGPASSWORD", p.password!, 1)
        XCTAssertNoThrow(try PostgresConnection(noPassword).close(), "PGPASSWORD is applied by libpq")
        unsetenv("PGPASSWORD")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID())")
        try Data("\(p.host!):\(p.port!):*:\(p.user!):\(p.password!)\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        defer { try? FileManager.default.removeItem(at: file) }
        setenv("PGPASSFILE", file.path, 1)
        XCTAssertNoThrow(try PostgresConnection(noPassword).close(), "the password file is read by libpq")
        unsetenv("PGPASSFILE")

        XCTAssertThrowsError(try PostgresConnection(noPassword)) { e in
            XCTAssertEqual((e as? DatabaseError)?.kind, .authenticationFailed, "\(e)")
        }
    }
}

/// A slow statement can be cut short, by a timeout or from another thread, and the connection goes on.
final class CancellationTests: XCTestCase {
    func slowSQL(_ backend: Backend) -> String {
        backend == .sqlite ? "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r" : "SELECT pg_sleep(20)"
    }

    func testTimeoutStopsAStatementAndTheConnectionGoesOn() throws {
        try eachBackend { db, backend in
            try db.setStatementTimeout(0.2)
            let start = Date()
            XCTAssertThrowsError(try db.execute(sql: slowSQL(backend))) { e in
                XCTAssertEqual((e as? DatabaseError)?.kind, .timeout, "[\(backend)] \(e)")
                XCTAssertEqual((e as? DatabaseError)?.sentence, "The statement ran past its time limit and was cancelled; the session is still usable.")
            }
            XCTAssertLessThan(Date().timeIntervalSince(start), 5)
            try db.setStatementTimeout(nil)
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT 1")).first?[0], 1)
        }
    }

    func testCancelFromAnotherThread() throws {
        try eachBackend { db, backend in
            let cancel = db.makeCanceller()
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancel() }
            XCTAssertThrowsError(try db.execute(sql: slowSQL(backend))) { e in
                XCTAssertEqual((e as? DatabaseError)?.kind, .cancelled, "[\(backend)] \(e)")
            }
            XCTAssertEqual(try db.fetchAll(CompiledSQL("SELECT 1")).first?[0], 1, "[\(backend)] still usable")
        }
    }
}
