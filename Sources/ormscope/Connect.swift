import Foundation
import ORMCore
import PostgresDriver
import SQLiteDriver

/// Opens a driver from what the user typed: a PostgreSQL URL or keyword string goes to libpq,
/// anything else is an SQLite file path (or `sqlite:` URL, or `:memory:`).
enum Connect {
    static func isPostgres(_ location: String) -> Bool {
        let l = withoutPythonDriver(location).lowercased()
        return l.hasPrefix("postgresql://") || l.hasPrefix("postgres://")
            || (!l.hasPrefix("sqlite:") && l.contains("=") && !FileManager.default.fileExists(atPath: location))
    }

    /// Opens the database with read-only mode and the time limit applied per transaction (see
    /// `Database.configure`). Without `--read-only` the database is asked whether it takes writes
    /// at all (a hot standby, `default_transaction_read_only`, a read-only file): then it is
    /// read-only too, with that reason.
    static func open(_ given: String, create: Bool = false, readOnly: Bool = false, timeout: Double? = nil) throws -> Database {
        let location = withoutPythonDriver(given)
        try refuseUnknownScheme(location)
        let db = isPostgres(location) ? Database(try PostgresConnection(location, askPassword: PasswordPrompt.onTerminal))
            : Database(try SQLiteConnection(location, create: create, readOnly: readOnly))
        let why = readOnly ? "read-only mode (--read-only)" : try db.serverReadOnlyReason()
        try db.configure(TransactionSettings(readOnlyReason: why, timeout: timeout))
        return db
    }

    /// A SQLAlchemy URL names the application's Python driver after the dialect
    /// (`postgresql+psycopg://`, `postgresql+asyncpg://`, `sqlite+aiosqlite:///app.db`): ormscope has
    /// drivers of its own, so that part is dropped and the URL read as `postgresql://` or `sqlite:`,
    /// and the application's own DATABASE_URL opens as it is. Anything else is returned unchanged.
    static func withoutPythonDriver(_ location: String) -> String {
        guard let r = location.range(of: "://"), let plus = location[..<r.lowerBound].firstIndex(of: "+") else { return location }
        let dialect = location[..<plus].lowercased(), driver = location[location.index(after: plus)..<r.lowerBound]
        guard ["postgresql", "postgres", "sqlite"].contains(dialect), !driver.isEmpty,
              driver.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return location }
        return String(location[..<plus]) + String(location[r.lowerBound...])
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

    /// libpq's own variables that say where a server is: with one of them set, and no `--db` or
    /// `DATABASE_URL`, ormscope connects as psql does, libpq filling in the rest (PGPORT, PGUSER,
    /// PGPASSWORD, ~/.pgpass, pg_service.conf).
    static let libpqVariables = ["PGDATABASE", "PGSERVICE", "PGHOST", "PGHOSTADDR"]

    /// `--db`, else `DATABASE_URL` (each `withoutPythonDriver`), else PostgreSQL as libpq's variables
    /// say (`postgresql://`, which libpq fills in from them), else nothing.
    static func location(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let option, !option.isEmpty { return withoutPythonDriver(option) }
        if let env = environment["DATABASE_URL"], !env.isEmpty { return withoutPythonDriver(env) }
        if libpqVariables.contains(where: { !(environment[$0] ?? "").isEmpty }) { return "postgresql://" }
        return nil
    }

    /// What to say when there is no database to open.
    static let noLocation = "No database given: pass --db URL|PATH, or set DATABASE_URL, or libpq's "
        + libpqVariables.joined(separator: " / ") + " as for psql."
}
