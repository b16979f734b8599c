import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver
import XCTest

/// The two real backends every conformance test runs against: a fresh SQLite file and a fresh
/// PostgreSQL database on the throwaway cluster that `make test` starts (ORMSCOPE_TEST_PG_URL).
/// Under `make test` (ORMSCOPE_REQUIRE_PG=1) a missing server fails the test; it never skips.
public enum Backend: String, CaseIterable {
    case sqlite, postgres

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["ORMSCOPE_TEST_PG_URL"] }
    public static var postgresRequired: Bool { ProcessInfo.processInfo.environment["ORMSCOPE_REQUIRE_PG"] == "1" }
    /// pgbouncer in front of the test cluster (transaction pooling, default_pool_size = 2), database `postgres`.
    public static var pgbouncerURL: String? { ProcessInfo.processInfo.environment["ORMSCOPE_TEST_PGBOUNCER_URL"] }
    /// A hot standby of the test cluster (read-only), database `postgres`.
    public static var standbyURL: String? { ProcessInfo.processInfo.environment["ORMSCOPE_TEST_STANDBY_URL"] }
}

/// A test server that `make test` starts is not configured although the run requires it.
public struct TestServerMissing: Error, CustomStringConvertible {
    public let description: String
}

extension XCTestCase {
    /// Runs `body` once per backend, each on a new empty database that is removed afterwards.
    public func eachBackend(_ body: (Database, Backend) throws -> Void) throws {
        for backend in Backend.allCases {
            guard let db = try open(backend) else { continue }
            defer { db.close() }
            do { try body(db, backend) } catch {
                XCTFail("[\(backend.rawValue)] \(error)")
            }
        }
    }

    /// A new empty database of one backend, or nil (with the reason recorded) when PostgreSQL is not configured.
    public func open(_ backend: Backend) throws -> Database? {
        guard let location = try location(backend) else { return nil }
        return Database(try connect(location))
    }

    /// Where a new empty database of one backend lives: an SQLite file path or a PostgreSQL URL.
    public func location(_ backend: Backend) throws -> String? {
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("test.sqlite").path
            try SQLiteConnection(path, create: true).close()
            return path
        case .postgres:
            return try freshPostgresURL()
        }
    }

    /// A new connection to a location from `location(_:)`.
    public func connect(_ location: String) throws -> sending any DriverConnection {
        location.hasPrefix("postgresql://") ? try PostgresConnection(location) : try SQLiteConnection(location)
    }

    /// Creates a database on the test cluster and returns its URL; it is dropped after the test.
    public func freshPostgresURL() throws -> String? {
        guard let admin = Backend.postgresURL else {
            if Backend.postgresRequired { XCTFail("ORMSCOPE_TEST_PG_URL is not set but PostgreSQL is required") }
            else { print("note: PostgreSQL part skipped: ORMSCOPE_TEST_PG_URL is not set (make test sets it)") }
            return nil
        }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let adminDB = Database(try PostgresConnection(admin))
        try adminDB.execute(sql: "CREATE DATABASE \(name)")
        adminDB.close()
        addTeardownBlock {
            if let db = try? Database(PostgresConnection(admin)) {
                _ = try? db.execute(sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                db.close()
            }
        }
        var parts = URLComponents(string: admin)!
        parts.path = "/" + name
        return parts.string!
    }
}

extension XCTestCase {
    /// The URL in `variable`; when it is unset, the test skips (outside make test) or fails (under it).
    public func requiredURL(_ variable: String, _ what: String) throws -> String {
        if let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty { return url }
        if Backend.postgresRequired { throw TestServerMissing(description: "\(variable) is not set but \(what) is required under make test.") }
        throw XCTSkip("\(variable) is not set: \(what) is started by make test (scripts/with-pg.sh).")
    }

    /// A new database on the test cluster for a test that needs PostgreSQL alone: skips with the
    /// reason outside `make test`, fails under it when the server is missing (never a silent pass).
    public func postgresOnlyURL() throws -> String {
        _ = try requiredURL("ORMSCOPE_TEST_PG_URL", "PostgreSQL")
        guard let url = try freshPostgresURL() else { throw TestServerMissing(description: "The test database could not be created.") }
        return url
    }

    /// The pgbouncer URL (skips or fails as `requiredURL` does).
    public func pgbouncerURL() throws -> String { try requiredURL("ORMSCOPE_TEST_PGBOUNCER_URL", "pgbouncer") }

    /// The hot standby's URL (skips or fails as `requiredURL` does); with `database`, that database
    /// (one made on the primary, e.g. by `freshPostgresURL`, once `waitForStandby` has returned).
    public func standbyURL(database: String? = nil) throws -> String {
        let url = try requiredURL("ORMSCOPE_TEST_STANDBY_URL", "the hot standby")
        guard let database else { return url }
        var parts = URLComponents(string: url)!
        parts.path = "/" + database
        return parts.string!
    }

    /// Creates a database on the primary (dropped after the test) and returns its URL through
    /// pgbouncer, whose wildcard entry reaches any database of the cluster.
    public func freshPgbouncerURL() throws -> String {
        let bouncer = try pgbouncerURL()
        _ = try requiredURL("ORMSCOPE_TEST_PG_URL", "PostgreSQL")
        guard let direct = try freshPostgresURL(), let name = URLComponents(string: direct)?.path else {
            throw TestServerMissing(description: "The test database could not be created on the primary.")
        }
        var parts = URLComponents(string: bouncer)!
        parts.path = name
        return parts.string!
    }

    /// Waits until the standby has replayed the primary's WAL up to where it is now, so what was
    /// just written or created on the primary (tables, rows, databases) can be read on the standby.
    /// The position is the insert location: the test cluster runs with synchronous_commit off, so a
    /// commit just made may not be written yet, and the write location could be short of it.
    public func waitForStandby(timeout: Double = 10) throws {
        let primary = Database(try PostgresConnection(try requiredURL("ORMSCOPE_TEST_PG_URL", "PostgreSQL")))
        defer { primary.close() }
        let standby = Database(try PostgresConnection(try standbyURL()))
        defer { standby.close() }
        guard case .text(let lsn)? = try primary.fetchAll(CompiledSQL("SELECT pg_current_wal_insert_lsn()::text", [])).first?[0] else {
            throw TestServerMissing(description: "The primary did not report its WAL position.")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let caught = try standby.fetchAll(CompiledSQL("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", [.text(lsn)])).first?[0]
            if caught == .bool(true) { return }
            if Date() > deadline {
                throw TestServerMissing(description: "The standby did not replay up to \(lsn) within \(Int(timeout)) s.")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}

/// DDL that differs between the backends.
public func ddl(_ db: Database, sqlite: String, postgres: String) throws {
    try db.execute(sql: db.dialect.name == "postgresql" ? postgres : sqlite)
}
