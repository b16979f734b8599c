import ORMCore
import PostgresDriver
import TestSupport
import XCTest

/// The extra servers `make test` starts beside the primary: pgbouncer in transaction pooling mode
/// and a hot standby. These tests check the servers and the helpers other tests use to reach them.
final class TestServersTests: XCTestCase {
    private func scalar(_ db: Database, _ sql: String) throws -> Value? {
        try db.fetchAll(CompiledSQL(sql, [])).first?[0]
    }

    func testPgbouncerPoolsPerTransaction() throws {
        // The admin console (SHOW pool_mode) takes only the simple query protocol, so check the
        // pooling from the outside: two open clients take turns on one server connection.
        let url = try freshPgbouncerURL()
        let a = Database(try PostgresConnection(url))
        defer { a.close() }
        let b = Database(try PostgresConnection(url))
        defer { b.close() }
        XCTAssertEqual(try scalar(a, "SELECT 1"), .int(1))
        try a.execute(sql: "CREATE TABLE through_bouncer (id integer PRIMARY KEY)")
        try a.execute(sql: "INSERT INTO through_bouncer VALUES (1), (2)")
        XCTAssertEqual(try scalar(b, "SELECT count(*) FROM through_bouncer"), .int(2))
        let pidA = try scalar(a, "SELECT pg_backend_pid()")
        let pidB = try scalar(b, "SELECT pg_backend_pid()")
        XCTAssertNotNil(pidA)
        XCTAssertEqual(pidA, pidB, "in transaction pooling mode the second client gets the server connection the first released")
        // The URL names the fresh database, not postgres.
        XCTAssertEqual(try scalar(a, "SELECT current_database()"), .text(String(URLComponents(string: url)!.path.dropFirst())))
    }

    func testPgbouncerURLReachesTheCluster() throws {
        let db = Database(try PostgresConnection(try pgbouncerURL()))
        defer { db.close() }
        XCTAssertEqual(try scalar(db, "SELECT current_database()"), .text("postgres"))
    }

    func testStandbyIsInRecoveryAndRefusesWrites() throws {
        let db = Database(try PostgresConnection(try standbyURL()))
        defer { db.close() }
        XCTAssertEqual(try scalar(db, "SELECT pg_is_in_recovery()"), .bool(true))
        do {
            try db.execute(sql: "CREATE TABLE on_standby (id integer)")
            XCTFail("a write on the standby went through")
        } catch let e as DatabaseError {
            XCTAssertEqual(e.kind, .readOnly, e.sentence)
        }
        // The session is still usable after the refusal.
        XCTAssertEqual(try scalar(db, "SELECT 1"), .int(1))
    }

    func testWhatThePrimaryWritesIsSeenOnTheStandby() throws {
        _ = try standbyURL()
        let primaryURL = try postgresOnlyURL()
        let primary = Database(try PostgresConnection(primaryURL))
        defer { primary.close() }
        try primary.execute(sql: "CREATE TABLE replicated (id integer PRIMARY KEY, name text)")
        try primary.execute(sql: "INSERT INTO replicated VALUES (1, 'one'), (2, 'two')")
        try waitForStandby()
        let name = String(URLComponents(string: primaryURL)!.path.dropFirst())
        let standby = Database(try PostgresConnection(try standbyURL(database: name)))
        defer { standby.close() }
        XCTAssertEqual(try scalar(standby, "SELECT count(*) FROM replicated"), .int(2))
    }
}
