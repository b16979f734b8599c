import Explorer
import ExplorerRuntime
import Foundation
import ORMCore
import PostgresDriver
import TestSupport
import XCTest

/// Settings that cannot leak through a transaction pooler, and databases that refuse writes:
/// the real binary and the explorer's runtime through Debian's PgBouncer (transaction pooling,
/// pool size 2), a hot standby made by `pg_basebackup -R`, and a `chmod 444` SQLite file.
extension CLIGoldenTests {
    /// Through PgBouncer: after `--read-only` and `--timeout 1` runs (CLI and explorer), every
    /// server connection of the pool still takes writes and runs a 2 s statement.
    func testReadOnlyAndTimeoutDoNotLeakThroughATransactionPooler() throws {
        let url = try freshPgbouncerURL()
        let setup = Database(try PostgresConnection(url))
        try setup.execute(sql: "CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)")
        try setup.execute(sql: "INSERT INTO note (body) VALUES ('one'), ('two')")
        setup.close()

        // The CLI, several runs so both server connections of the pool serve one.
        for _ in 0..<3 {
            let ro = try run(["rows", "note", "--db", url, "--read-only", "--format", "json"])
            XCTAssertEqual(ro.status, 0, ro.err)
            XCTAssertTrue(ro.out.contains("BEGIN READ ONLY"), ro.out)
            let refused = try run(["insert", "note", "--db", url, "--read-only", "--set", "body=x"])
            XCTAssertEqual(refused.status, 1)
            XCTAssertTrue(refused.err.contains("read-only") || refused.out.contains("read-only"), refused.err + refused.out)
            let limited = try run(["rows", "note", "--db", url, "--timeout", "1", "--format", "json"])
            XCTAssertEqual(limited.status, 0, limited.err)
            XCTAssertTrue(limited.out.contains("SET LOCAL statement_timeout = 1000"), limited.out)
            let write = try run(["insert", "note", "--db", url, "--timeout", "1", "--set", "body=limited"])
            XCTAssertEqual(write.status, 0, write.err)
        }

        // The explorer's actions, read-only with a time limit, on two connections at once.
        for _ in 0..<2 {
            let db = Database(try PostgresConnection(url))
            try db.configure(TransactionSettings(readOnlyReason: "read-only mode (--read-only)", timeout: 1))
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 1, dialect: db.dialect,
                                      readOnlyReason: db.settings.readOnlyReason)
            runtime.play(&state, [.openModel("note"), .pageNext, .countExactly, .openRow, .write(.insert(model: "note", values: ["body": "x"]))])
            XCTAssertTrue(state.report?.error?.hasPrefix("The database is read-only") ?? false, "\(String(describing: state.report))")
            XCTAssertFalse(db.inTransaction)
            db.close()
        }

        // Another client of the same pool: writes, and a 2 s statement is not cancelled.
        for _ in 0..<3 {
            let other = Database(try PostgresConnection(url))
            XCTAssertEqual(try other.fetchAll(CompiledSQL("SHOW default_transaction_read_only")).first?[0], .text("off"))
            XCTAssertEqual(try other.fetchAll(CompiledSQL("SHOW statement_timeout")).first?[0], .text("0"))
            XCTAssertNoThrow(try other.execute(sql: "INSERT INTO note (body) VALUES ('other client')"))
            XCTAssertNoThrow(try other.execute(sql: "SELECT pg_sleep(2)"))
            other.close()
        }
    }

    /// A typed session-level SET through the pooler says where the setting lives (a tester's
    /// `set search_path` made the same `count` answer 5000 or 1 by the server connection it got);
    /// SET LOCAL, which ends with its transaction, says nothing.
    func testATypedSessionSettingSaysWhereItLives() throws {
        let url = try freshPgbouncerURL()
        let set = try run(["sql", "SET search_path = public; SELECT 1", "--db", url, "--format", "json"])
        XCTAssertEqual(set.status, 0, set.err)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(set.out.utf8)) as? [String: Any])
        XCTAssertEqual((doc["warnings"] as? [String])?.map { String($0.prefix(90)) },
                       ["SET search_path changes this connection's session: behind a transaction pooler (PgBouncer'"])
        let table = try run(["sql", "RESET statement_timeout", "--db", url])
        XCTAssertTrue(table.err.contains("!! RESET statement_timeout changes this connection's session"), table.err)
        let local = try run(["sql", "SET LOCAL statement_timeout = 1000; SET TRANSACTION READ ONLY; SELECT 1", "--db", url, "--format", "json",
                             "--single-transaction"])
        XCTAssertEqual(local.status, 0, local.err)
        XCTAssertTrue(local.out.contains("\"warnings\":[]"), local.out)
        // (pgbouncer's own server connections are left as they were: RESET ALL for the next test.)
        _ = try run(["sql", "RESET ALL", "--db", url])
    }

    /// A hot standby: the header says read-only with the reason, and a write is refused before any
    /// SQL, in one sentence.
    func testAHotStandbyIsReadOnly() throws {
        let primary = try postgresOnlyURL()
        let name = try XCTUnwrap(URLComponents(string: primary)?.path.dropFirst())
        let setup = Database(try PostgresConnection(primary))
        try setup.execute(sql: "CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)")
        try setup.execute(sql: "INSERT INTO note (body) VALUES ('one')")
        setup.close()
        try waitForStandby()
        let standby = try standbyURL(database: String(name))

        let insert = try run(["insert", "note", "--db", standby, "--set", "body=x", "--format", "json"])
        XCTAssertEqual(insert.status, 1)
        XCTAssertTrue(insert.out.contains("The database is read-only (the server is a hot standby: pg_is_in_recovery() is true)"), insert.out + insert.err)
        XCTAssertFalse(insert.out.contains("INSERT INTO"), "refused before any SQL: \(insert.out)")
        let rows = try run(["rows", "note", "--db", standby, "--format", "csv"])
        XCTAssertEqual(rows.status, 0, rows.err)
        XCTAssertTrue(rows.out.contains("one"))
        // A load from a file is refused as up front as any write.
        let rowsFile = FileManager.default.temporaryDirectory.appendingPathComponent("standby-\(UUID().uuidString).csv").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: rowsFile) }
        try "body\r\nx\r\n".write(toFile: rowsFile, atomically: true, encoding: .utf8)
        for verb in ["insert", "upsert"] {
            let load = try run([verb, "note", "--from", rowsFile, "--db", standby] + (verb == "upsert" ? ["--on-conflict", "id"] : []))
            XCTAssertEqual(load.status, 1, verb)
            XCTAssertTrue(load.err.hasPrefix("ormscope: The database is read-only (the server is a hot standby: pg_is_in_recovery() is true)"), "\(verb): \(load.err)")
        }
        // The application's cascade delete is refused as up front as any write.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-standby-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let models = dir.appendingPathComponent("models.json").path
        try #"{"format": 1, "models": [{"class": "Note", "table": "note", "relationships": []}]}"#.write(toFile: models, atomically: true, encoding: .utf8)
        let cascade = try run(["delete", "note", "1", "--yes", "--db", standby, "--models", models])
        XCTAssertEqual(cascade.status, 1)
        XCTAssertTrue(cascade.err.hasPrefix("ormscope: The database is read-only (the server is a hot standby: pg_is_in_recovery() is true)")
                      && cascade.err.contains("nothing was written"), cascade.err)
        XCTAssertFalse(cascade.err.contains("DELETE FROM"), "refused before any SQL: \(cascade.err)")

        // The explorer: the header says read-only, and i opens no form.
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        let tmux = try TmuxSession("\(Self.binary.path) --db '\(standby)'")
        try tmux.waitFor("read-only: the server is a hot standby")
        try tmux.keys("Down", "Enter")
        try tmux.waitFor("rows 1-")
        try tmux.keys("i")
        try tmux.waitFor("The database is read-only")
        XCTAssertFalse(try tmux.screen().contains("Enter writes"), "no form opened")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }

    /// A session whose `default_transaction_read_only` is on (a database setting here; a role's or
    /// a read-only pooler's would look the same) is read-only, with that reason.
    func testADefaultReadOnlySessionIsReadOnly() throws {
        let url = try postgresOnlyURL()
        let name = try XCTUnwrap(URLComponents(string: url)?.path.dropFirst())
        let setup = Database(try PostgresConnection(url))
        try setup.execute(sql: "CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)")
        try setup.execute(sql: "ALTER DATABASE \(name) SET default_transaction_read_only = on")
        setup.close()
        let insert = try run(["insert", "note", "--db", url, "--set", "body=x"])
        XCTAssertEqual(insert.status, 1)
        XCTAssertTrue(insert.err.contains("The database is read-only (the session's default_transaction_read_only is on)"), insert.err)
        XCTAssertFalse(insert.out.contains("INSERT"), insert.out)
    }

    /// A file nobody may write (`chmod 444`; even root, who could, is kept from it), and `mode=ro`.
    func testAReadOnlySQLiteFileIsReadOnly() throws {
        let path = try demo()
        XCTAssertEqual(chmod(path, 0o444), 0)
        defer { chmod(path, 0o644) }
        let before = try run(["rows", "team", "--db", path, "--format", "csv"]).out
        let insert = try run(["insert", "team", "--db", path, "--set", "name=Nope"])
        XCTAssertEqual(insert.status, 1)
        XCTAssertTrue(insert.err.contains("The database is read-only (the file \(path) is not writable (mode 444))"), insert.err)
        XCTAssertEqual(try run(["rows", "team", "--db", path, "--format", "csv"]).out, before)
        chmod(path, 0o644)
        let ro = try run(["delete", "team", "1", "--yes", "--db", "sqlite:///\(path)?mode=ro"])
        XCTAssertEqual(ro.status, 1)
        XCTAssertTrue(ro.err.contains("The database is read-only (the URL asks for mode=ro)"), ro.err)
        XCTAssertEqual(try run(["rows", "team", "--db", path, "--format", "csv"]).out, before)
    }
}
