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

    static func open(_ location: String, create: Bool = false, readOnly: Bool = false) throws -> Database {
        if isPostgres(location) {
            let connection = try PostgresConnection(location)
            let db = Database(connection)
            if readOnly { try connection.setReadOnly(using: db) }
            return db
        }
        return Database(try SQLiteConnection(location, create: create, readOnly: readOnly))
    }

    /// `--db`, else `DATABASE_URL`, else nothing.
    static func location(_ option: String?) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["DATABASE_URL"], !env.isEmpty { return env }
        return nil
    }
}
