import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver

/// Opens a driver from what the user typed: a PostgreSQL URL or keyword string goes to libpq,
/// anything else is an SQLite file path (or `sqlite:` URL, or `:memory:`).
enum Connect {
    static func isPostgres(_ location: String) -> Bool {
        let l = location.lowercased()
        return l.hasPrefix("postgresql://") || l.hasPrefix("postgres://")
            || (!l.hasPrefix("sqlite:") && l.contains("=") && !FileManager.default.fileExists(atPath: location))
    }

    /// Opens the database with read-only mode and the time limit applied per transaction (see
    /// `Database.configure`). Without `--read-only` the database is asked whether it takes writes
    /// at all (a hot standby, `default_transaction_read_only`, a read-only file): then it is
    /// read-only too, with that reason.
    static func open(_ location: String, create: Bool = false, readOnly: Bool = false, timeout: Double? = nil) throws -> Database {
        let db = isPostgres(location) ? Database(try PostgresConnection(location))
            : Database(try SQLiteConnection(location, create: create, readOnly: readOnly))
        let why = readOnly ? "read-only mode (--read-only)" : try db.serverReadOnlyReason()
        try db.configure(TransactionSettings(readOnlyReason: why, timeout: timeout))
        return db
    }

    /// `--db`, else `DATABASE_URL`, else nothing.
    static func location(_ option: String?) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["DATABASE_URL"], !env.isEmpty { return env }
        return nil
    }
}
