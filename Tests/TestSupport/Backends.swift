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

/// DDL that differs between the backends.
public func ddl(_ db: Database, sqlite: String, postgres: String) throws {
    try db.execute(sql: db.dialect.name == "postgresql" ? postgres : sqlite)
}
