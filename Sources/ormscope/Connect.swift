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
        try refuseUnknownScheme(location)
        if isPostgres(location) {
            let connection = try PostgresConnection(location, askPassword: PasswordPrompt.onTerminal)
            let db = Database(connection)
            if readOnly { try connection.setReadOnly(using: db) }
            return db
        }
        return Database(try SQLiteConnection(location, create: create, readOnly: readOnly))
    }

    /// A URL whose scheme is neither PostgreSQL's nor SQLite's (`postgress://`, `mysql://`) gets its
    /// own sentence, redacted, instead of "there is no SQLite database file at ..." quoting it whole.
    static func refuseUnknownScheme(_ location: String) throws {
        guard let r = location.range(of: "://"), !FileManager.default.fileExists(atPath: location) else { return }
        let scheme = location[..<r.lowerBound].lowercased()
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.:".contains($0)) }),
              !["postgresql", "postgres", "sqlite"].contains(scheme) else { return }
        throw CLIError("`\(ConnectionInfo.redacted(location))` is not a database ormscope can open: use postgresql://… or an SQLite file path.")
    }

    /// `--db`, else `DATABASE_URL`, else nothing.
    static func location(_ option: String?) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["DATABASE_URL"], !env.isEmpty { return env }
        return nil
    }
}
