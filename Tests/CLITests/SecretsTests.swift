import Foundation
import ORMCore
import SQLiteDriver
import TestSupport
import XCTest

/// Passwords stay secret on every path of the real binary: its sentences, its own argument list
/// (`ps`), the shell's history file, the screen; a read-only shell stays read-only; a password the
/// server asks for is prompted on a terminal without echo.
extension CLIGoldenTests {
    func testSchemesOrmscopeCannotOpenGetTheirOwnSentence() throws {
        for (db, shown) in [("postgress://user:Typo-Secret-1@host/db", "postgress://user:***@host/db"),
                            ("mysql://root:Typo-Secret-1@localhost:3306/shop", "mysql://root:***@localhost:3306/shop"),
                            ("jdbc:postgresql://h/db?user=u&password=Typo-Secret-1", "jdbc:postgresql://h/db?user=u&password=***")] {
            let r = try run(["models", "--db", db])
            XCTAssertEqual(r.status, 1)
            XCTAssertEqual(r.err, "ormscope: `\(shown)` is not a database ormscope can open: use postgresql://… or an SQLite file path.\n")
            XCTAssertFalse((r.out + r.err).contains("Typo-Secret-1"), r.out + r.err)
            let j = try run(["rows", "team", "--db", db, "--format", "json"])
            XCTAssertEqual(j.status, 1)
            XCTAssertTrue(j.out.contains("is not a database ormscope can open"), j.out)
            XCTAssertFalse((j.out + j.err).contains("Typo-Secret-1"), j.out + j.err)
        }
        // The argument parser's own messages quote an argument: a URL given without --db is masked.
        let stray = try run(["rows", "team", "postgresql://u:Typo-Secret-1@h/db"])
        XCTAssertEqual(stray.status, 64)
        XCTAssertTrue(stray.err.hasPrefix("Error: Unexpected argument 'postgresql://u:***@h/db'\n"), stray.err)
        XCTAssertFalse((stray.out + stray.err).contains("Typo-Secret-1"), stray.err)
        // URLs libpq would misread, and text libpq cannot parse: one sentence, no password.
        for db in ["postgresql://bob:Pa@Typo-Secret-1@127.0.0.1/app", "postgresql://bob:Typo-Secret-1/app",
                   "host=127.0.0.1 password='Typo-Secret-1", "sqlite://u:Typo-Secret-1@x/y.sqlite"] {
            let r = try run(["models", "--db", db])
            XCTAssertEqual(r.status, 1, db)
            XCTAssertTrue(r.err.hasPrefix("ormscope: ") && r.err.hasSuffix(".\n") && r.err.split(separator: "\n").count == 1, r.err)
            XCTAssertFalse((r.out + r.err).contains("Typo-Secret-1"), r.err)
            XCTAssertFalse((r.out + r.err).contains("Secret"), r.err)
        }
    }

    /// Tester 10's T28/T29: the application's own SQLAlchemy URL opens as it is: the Python driver
    /// after the dialect is dropped (`postgresql+psycopg://`, `sqlite+aiosqlite:///`), and
    /// `sqlite:///app.db` is relative to the current directory, `sqlite:////abs` absolute, as in SQLAlchemy.
    func testAnApplicationsSQLAlchemyURLOpensAsItIs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-urls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data/app.db").path
        let db = Database(try SQLiteConnection(file, create: true))
        _ = try db.execute(sql: "CREATE TABLE team (id INTEGER PRIMARY KEY)")
        _ = try db.execute(sql: "INSERT INTO team VALUES (1), (2)")
        db.close()
        func count(_ url: String, in cwd: URL? = nil) throws -> (out: String, err: String, status: Int32) {
            try run(["count", "team", "--db", url], cwd: cwd)
        }
        for url in ["sqlite:///data/app.db", "sqlite:///./data/app.db", "sqlite+aiosqlite:///data/app.db", "sqlite+pysqlite:///data/app.db?mode=ro"] {
            let r = try count(url, in: dir)
            XCTAssertEqual(r.out, "2\n", url + ": " + r.err)
        }
        XCTAssertEqual(try count("sqlite:///" + file).out, "2\n", "four slashes: the absolute path")
        let relative = try count("sqlite:///" + String(file.dropFirst()), in: URL(fileURLWithPath: "/"))
        XCTAssertEqual(relative.out, "2\n", "three slashes are relative to the current directory, here /: " + relative.err)
        XCTAssertEqual(try count("sqlite:///data/app.db").status, 1, "and not found from another directory")
        let env = try run(["count", "team"], env: ["DATABASE_URL": "sqlite+aiosqlite:///data/app.db"], cwd: dir)
        XCTAssertEqual(env.out, "2\n", "DATABASE_URL as the application holds it: " + env.err)
        XCTAssertTrue(try run(["count", "team", "--db", "mysql+pymysql://u:Typo-Secret-1@h/db"]).err.contains("`mysql+pymysql://u:***@h/db` is not a database ormscope can open"))
        guard let url = try freshPostgresURL() else { throw XCTSkip("PostgreSQL part: ORMSCOPE_TEST_PG_URL is not set (make test sets it)") }
        let pg = Database(try connect(url))
        _ = try pg.execute(sql: "CREATE TABLE team (id integer PRIMARY KEY)")
        _ = try pg.execute(sql: "INSERT INTO team VALUES (1), (2), (3)")
        pg.close()
        for driver in ["psycopg", "psycopg2", "asyncpg", "pg8000"] {
            let withDriver = url.replacingOccurrences(of: "postgresql://", with: "postgresql+\(driver)://")
            let r = try count(withDriver)
            XCTAssertEqual(r.out, "3\n", driver + ": " + r.err)
        }
    }

    /// Right after start the password in `--db` is masked in the process's own argument list, so
    /// /proc/PID/cmdline (what `ps` shows) never holds it while the shell waits for input.
    func testThePasswordIsMaskedInTheArgumentList() throws {
        guard let url = try freshPostgresURL() else { throw XCTSkip("needs PostgreSQL (ORMSCOPE_TEST_PG_URL; make test sets it)") }
        let password = try XCTUnwrap(URLComponents(string: url)?.password)
        let keywords: String = {
            let p = URLComponents(string: url)!
            return "host=\(p.host!) port=\(p.port!) user=\(p.user!) password = '\(password)' dbname=\(p.path.dropFirst())"
        }()
        for db in [url, keywords] {
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = ["shell", "--db", db]
            let input = Pipe(), out = Pipe(), err = Pipe()
            p.standardInput = input
            p.standardOutput = out
            p.standardError = err
            try p.run()
            // The shell answers a command: it has connected with the real password, and is waiting.
            input.fileHandleForWriting.write(Data("models --format csv\n".utf8))
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("model,kind") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen += chunk
            }
            XCTAssertTrue(String(decoding: seen, as: UTF8.self).contains("model,kind"), "the shell ran a command")
            let cmdline = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "/proc/\(p.processIdentifier)/cmdline")), as: UTF8.self)
            let args = cmdline.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            XCTAssertFalse(cmdline.contains(password), cmdline)
            XCTAssertEqual(args.count, 5, "the argument list keeps its shape: \(args)")
            XCTAssertTrue(args[3].contains(String(repeating: "x", count: password.count)), args[3])
            let masked = db.replacingOccurrences(of: "'\(password)'", with: String(repeating: "x", count: password.count + 2))
                .replacingOccurrences(of: password, with: String(repeating: "x", count: password.count))
            XCTAssertEqual(args[3], masked, "only the password's bytes (and its quotes) changed")
            input.fileHandleForWriting.write(Data("quit\n".utf8))
            input.fileHandleForWriting.closeFile()
            let rest = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0)
            XCTAssertFalse(String(decoding: seen + rest + e, as: UTF8.self).contains(password))
        }
    }

    /// A line typed in the shell with `--db URL` goes into the history file with its password
    /// masked; a password in a line of an older history file is masked when the file is written back.
    func testTheShellsHistoryNeverHoldsAPassword() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        let path = try demo()
        let historyFile = path + ".history"
        try Data("_HiStOrY_V2_\nmodels\\040--db\\040postgresql://u:Old-Secret-3@h/db\n".utf8).write(to: URL(fileURLWithPath: historyFile))
        // With PostgreSQL the typed command connects; without it, it fails (and still must not leak).
        let pg = try freshPostgresURL()
        let url = pg.map { u -> String in var c = URLComponents(string: u)!; c.password = "Typed-Secret-7"; return c.string! }
            ?? "postgresql://postgres:Typed-Secret-7@127.0.0.1:1/postgres"
        let tmux = try TmuxSession("PGPASSFILE=/nonexistent \(Self.binary.path) shell --db \(path) --history \(historyFile)")
        try tmux.waitFor("ormscope shell on sqlite")
        try tmux.type("models --db '\(url)'")
        try tmux.keys("Enter")
        let screen = try tmux.waitFor("ormscope: Could not connect")
        // The screen shows what was typed (the terminal echoes it); nothing ormscope printed holds it.
        let printed = screen.split(separator: "\n").filter { !$0.contains("ormscope> ") }.joined(separator: "\n")
        XCTAssertFalse(printed.contains("Typed-Secret-7"), printed)
        try tmux.type("rows team --limit 1 --format csv")
        try tmux.keys("Enter")
        try tmux.waitFor("Preventers")
        try tmux.type("quit")
        try tmux.keys("Enter")
        try tmux.waitFor("EXIT=0")
        let history = try String(contentsOfFile: historyFile, encoding: .utf8)
        XCTAssertFalse(history.contains("Typed-Secret-7"), history)
        XCTAssertFalse(history.contains("Old-Secret-3"), history)
        XCTAssertTrue(history.contains("models\\040--db\\040'postgresql://postgres:***@127.0.0.1:"), history)
        XCTAssertTrue(history.contains("postgresql://u:***@h/db"), history)
        XCTAssertTrue(history.contains("rows\\040team\\040--limit\\0401\\040--format\\040csv"), "other lines are kept whole: \(history)")
    }

    /// In `ormscope shell --read-only` every command is read-only, even one that carries its own `--db`.
    func testAReadOnlyShellRefusesWritesWithTheirOwnDB() throws {
        let path = try demo()
        let before = try json(run(["rows", "team", "--db", path, "--format", "json", "--limit", "1000"]).out)["rows"].flatMap { ($0 as? [Any])?.count }
        var targets = [path]
        if let url = try freshPostgresURL() {
            XCTAssertEqual(try run(["create-demo", url, "--small"]).status, 0)
            targets.append(url)
        }
        for target in targets {
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = ["shell", "--read-only", "--db", path]
            let input = Pipe(), out = Pipe(), err = Pipe()
            p.standardInput = input
            p.standardOutput = out
            p.standardError = err
            try p.run()
            input.fileHandleForWriting.write(Data("""
                insert team --set name=Sneaky --db '\(target)'
                insert team --set name=Sneaky
                update team 1 --set name=Renamed --db '\(target)'
                delete hero 3 --yes --db '\(target)'
                create-demo /tmp/ormscope-never-\(UUID().uuidString).sqlite
                rows team --where "name = 'Sneaky'" --format csv --db '\(target)'

                """.utf8))
            input.fileHandleForWriting.closeFile()
            let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(e.components(separatedBy: "ormscope: Read-only mode (--read-only): insert refused; nothing was written.\n").count, 3, e)
            XCTAssertTrue(e.contains("ormscope: Read-only mode (--read-only): update refused; nothing was written.\n"), e)
            XCTAssertTrue(e.contains("ormscope: Read-only mode (--read-only): delete refused; nothing was written.\n"), e)
            XCTAssertTrue(e.contains("ormscope: Read-only mode (--read-only): create-demo refused; nothing was written.\n"), e)
            XCTAssertEqual(o, "id,name,headquarters\r\n", "no Sneaky row, and reads still run")
            XCTAssertFalse((o + e).contains("ormscope-test"), "no password printed")
            let count = try json(run(["rows", "team", "--db", target, "--format", "json", "--limit", "1000"]).out)["rows"].flatMap { ($0 as? [Any])?.count }
            let team1 = try json(run(["get", "team", "1", "--db", target, "--format", "json"]).out)["rows"].flatMap { ($0 as? [[String: Any]])?.first?["name"] as? String }
            XCTAssertNotEqual(team1, "Renamed", target == path ? "sqlite" : "postgresql")
            if target == path { XCTAssertEqual(count, before, "the row count is unchanged") }
            else { XCTAssertEqual(count, 6, "the small demo's teams, unchanged") }
            XCTAssertEqual(try run(["get", "hero", "3", "--db", target]).status, 0, "hero 3 is still there")
        }
    }

    /// When the server asks for a password that was not given and standard input is a terminal,
    /// ormscope asks for it without echo (as psql does); without a terminal, one sentence.
    func testAMissingPasswordIsAskedForOnATerminal() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        guard let url = try freshPostgresURL() else { throw XCTSkip("needs PostgreSQL (ORMSCOPE_TEST_PG_URL; make test sets it)") }
        var parts = URLComponents(string: url)!
        let password = parts.password!
        parts.password = nil
        let noPassword = parts.string!
        let tmux = try TmuxSession("PGPASSFILE=/nonexistent \(Self.binary.path) models --db \(noPassword)")
        try tmux.waitFor("Password for user postgres:")
        try tmux.type(password)
        try tmux.keys("Enter")
        let screen = try tmux.waitFor("EXIT=0")
        XCTAssertTrue(screen.contains("postgresql postgres@127.0.0.1:"), screen)
        XCTAssertFalse(screen.contains(password), "typing is not echoed: \(screen)")

        let wrong = try TmuxSession("PGPASSFILE=/nonexistent \(Self.binary.path) models --db \(noPassword)")
        try wrong.waitFor("Password for user postgres:")
        try wrong.type("Typed-Wrong-5")
        try wrong.keys("Enter")
        let refused = try wrong.waitFor("EXIT=1")
        XCTAssertTrue(refused.replacingOccurrences(of: "\n", with: "").contains("password authentication failed"), refused)
        XCTAssertFalse(refused.contains("Typed-Wrong-5"), refused)
        XCTAssertEqual(refused.components(separatedBy: "Password for user").count, 2, "asked once")

        let p = Process()
        p.executableURL = Self.binary
        p.arguments = ["models", "--db", noPassword]
        p.environment = ProcessInfo.processInfo.environment.merging(["PGPASSFILE": "/nonexistent"]) { $1 }
        let err = Pipe()
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 1)
        XCTAssertFalse(e.contains("Password for user"), e)
        XCTAssertTrue(e.hasSuffix("fe_sendauth: no password supplied.\n"), e)
    }
}

/// Where psql connects with no arguments, so does ormscope: libpq's own variables (PGHOST, PGPORT,
/// PGUSER, PGPASSWORD, PGDATABASE; or PGSERVICE with a pg_service.conf), with no --db or DATABASE_URL.
final class LibpqEnvironmentTests: XCTestCase {
    func testLibpqsVariablesAloneConnectAsForPsql() throws {
        let url = try postgresOnlyURL()
        let parts = try XCTUnwrap(URLComponents(string: url))
        let setup = Database(try connect(url))
        try setup.execute(sql: "CREATE TABLE supplier (id integer PRIMARY KEY, name text)")
        try setup.execute(sql: "INSERT INTO supplier VALUES (1, 'a'), (2, 'b')")
        setup.close()
        let env = ["PGHOST": parts.host ?? "", "PGPORT": String(parts.port ?? 5432), "PGUSER": parts.user ?? "",
                   "PGPASSWORD": parts.password ?? "", "PGDATABASE": String(parts.path.dropFirst())]
        let count = try CLIGoldenTests.run(["count", "supplier", "--format", "csv"], env: env)
        XCTAssertEqual(count.out, "count\r\n2\r\n", count.err)
        // A service file names the same server.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-svc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let services = dir.appendingPathComponent("pg_service.conf").path
        try "[shop]\nhost=\(env["PGHOST"]!)\nport=\(env["PGPORT"]!)\nuser=\(env["PGUSER"]!)\ndbname=\(env["PGDATABASE"]!)\n"
            .write(toFile: services, atomically: true, encoding: .utf8)
        let served = try CLIGoldenTests.run(["count", "supplier", "--format", "json"],
                                            env: ["PGSERVICEFILE": services, "PGSERVICE": "shop", "PGPASSWORD": env["PGPASSWORD"]!])
        XCTAssertTrue(served.out.contains(#""count":2"#), served.out + served.err)
        XCTAssertFalse((served.out + served.err).contains(env["PGPASSWORD"]!), "the password is never printed")
    }
}
