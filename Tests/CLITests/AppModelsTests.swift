import Foundation
import ORMCore
import SQLiteDriver
import TestSupport
import XCTest

/// The application's own models, end to end: small apps in the seeds' style (Tests/PythonApps)
/// exported with `models-from` under a real virtualenv with SQLModel and Django (scripts/app-venv.sh,
/// which `make test` runs), applied with `--models`, compared with what SQLAlchemy itself emits,
/// and checked with `drift`.
/// A step of the models tests that failed (the virtualenv missing under make test, a script's error).
struct AppTestFailure: Error, CustomStringConvertible {
    let description: String
}

final class AppModelsTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let apps = root + "/Tests/PythonApps"

    /// The virtualenv's Python: `ORMSCOPE_TEST_APP_PYTHON` (make test), else .build/app-venv when built
    /// before; skips outside make test, fails under it.
    func appPython() throws -> String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["ORMSCOPE_TEST_APP_PYTHON"], !p.isEmpty { return p }
        let local = Self.root + "/.build/app-venv/bin/python"
        if FileManager.default.isExecutableFile(atPath: local) { return local }
        if Backend.postgresRequired {
            throw AppTestFailure(description: "ORMSCOPE_TEST_APP_PYTHON is empty: scripts/app-venv.sh could not build the virtualenv with SQLModel and Django, which make test requires.")
        }
        throw XCTSkip("No virtualenv with SQLModel and Django: run scripts/app-venv.sh (make test does).")
    }

    /// Runs the virtualenv's Python with `args` in `dir`, `env` added to the environment: what it printed and its status.
    func runPython(_ args: [String], in dir: String = AppModelsTests.apps, env: [String: String] = [:]) throws -> (out: String, err: String, status: Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try appPython())
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir)
        p.environment = ProcessInfo.processInfo.environment.merging(env, uniquingKeysWith: { $1 })
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), p.terminationStatus)
    }

    /// Runs a script of the test apps under the virtualenv, in `dir`; its standard output.
    @discardableResult
    func python(_ args: [String], in dir: String = AppModelsTests.apps) throws -> String {
        let r = try runPython(args, in: dir)
        guard r.status == 0 else { throw AppTestFailure(description: "python \(args.joined(separator: " ")) failed: \(r.err)") }
        return r.out
    }

    func run(_ args: [String], env: [String: String] = [:]) throws -> (out: String, err: String, status: Int32) {
        try CLIGoldenTests.run(args, env: ["PYTHONPATH": Self.apps].merging(env, uniquingKeysWith: { $1 }))
    }

    func scratch(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir.appendingPathComponent(name).path
    }

    /// `models-from python:heroes.models`, written to a file; its path.
    func exportHeroes() throws -> String { try export("heroes.models", to: "models.json") }

    /// `models-from python:MODULE` (a module of Tests/PythonApps), written to a scratch file `name`; its path.
    func export(_ module: String, to name: String) throws -> String {
        let r = try run(["models-from", "python:" + module, "--python", try appPython()])
        XCTAssertEqual(r.status, 0, r.err)
        let path = try scratch(name)
        try r.out.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testTheSQLModelAppExportsItsOwnNamesAndDefaults() throws {
        let file = try exportHeroes()
        let app = try AppModels.parse(try String(contentsOfFile: file, encoding: .utf8))
        XCTAssertEqual(app.source, "python:heroes.models")
        func rel(_ table: String, _ name: String) -> AppRelationship? {
            app.models.first { $0.table == table }?.relationships.first { $0.name == name }
        }
        XCTAssertEqual(app.models.map(\.table), ["app_user", "assessment", "employee", "hero", "hero_power_link", "power", "question", "team"])
        XCTAssertEqual(rel("employee", "reports")?.kind, .oneToMany)
        XCTAssertEqual(rel("employee", "reports")?.backPopulates, "boss")
        XCTAssertEqual(rel("employee", "boss")?.kind, .manyToOne)
        XCTAssertEqual(rel("app_user", "assessments")?.behaviour.loading, .selectin)
        XCTAssertEqual(rel("assessment", "user")?.behaviour.loading, .lazy)
        XCTAssertEqual(rel("hero", "abilities")?.secondary, .init("hero_power_link", ownerColumns: ["hero_id"], targetColumns: ["power_id"]))
        XCTAssertEqual(rel("team", "heroes")?.behaviour.cascade.contains("delete-orphan"), true, "cascade_delete=True")
        XCTAssertEqual(app.models.first { $0.table == "hero" }?.indexes.map(\.name), ["ix_hero_name"])

        // Applied: the registry ormscope uses has the app's names and defaults.
        let db = try scratch("heroes.sqlite")
        try python(["sa_app.py", "create", db])
        let show = try run(["show", "employee", "--db", db, "--models", file, "--format", "json"])
        XCTAssertEqual(show.status, 0, show.err)
        let rels = (try json(show.out)["model"] as? [String: Any])?["relationships"] as? [[String: Any]] ?? []
        XCTAssertEqual(rels.compactMap { $0["name"] as? String }.sorted(), ["boss", "reports"], show.out)
        XCTAssertEqual(rels.compactMap { ($0["application"] as? [String: Any])?["loading"] as? String }, ["lazy", "selectin"])
        let team = try run(["show", "team", "--db", db, "--models", file])
        XCTAssertTrue(team.out.contains("heroes: one-to-many hero (id → team_id), back: squad, the application's: loading lazy, cascade delete, delete-orphan"), team.out)
        let user = try run(["rows", "app_user", "--db", db, "--models", file, "--limit", "3"])
        XCTAssertTrue(user.err.contains("selectin load of User.assessments (chunk 1 of 1)"), user.err)  // the statement log: stderr, stdout being a pipe
        let filtered = try run(["rows", "employee", "--db", db, "--models", file, "--where", #"reports.name = "Dev""#, "--format", "json"])
        XCTAssertEqual(try (json(filtered.out)["rows"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["Vp A"], filtered.err)
    }

    /// The same pages as SQLAlchemy runs them with the app's defaults: equal statement counts, rows and related rows.
    func testStatementCountsAndRowsEqualSQLAlchemysOnBothBackends() throws {
        let file = try exportHeroes()
        var locations = [("sqlite", try scratch("heroes.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        for (backend, location) in locations {
            try python(["sa_app.py", "create", location])
            let expected = try json(try python(["sa_app.py", "counts", location]))
            XCTAssertEqual(expected.count, 7)
            for (page, value) in expected {
                let sa = try XCTUnwrap(value as? [String: Any])
                let words = page.split(separator: " ").map(String.init)
                let r = try run(["rows"] + words + ["--limit", "3", "--db", location, "--models", file, "--format", "json"])
                XCTAssertEqual(r.status, 0, "[\(backend)] \(page): \(r.err)")
                let out = try json(r.out)
                XCTAssertEqual(out["query_count"] as? Int, sa["statements"] as? Int, "[\(backend)] rows \(page)")
                let rows = out["rows"] as? [[String: Any]] ?? []
                XCTAssertEqual(rows.compactMap { $0["id"] as? Int }, sa["ids"] as? [Int], "[\(backend)] rows \(page)")
                if let rel = words.dropFirst().first(where: { $0.contains(":") })?.split(separator: ":").first.map(String.init) {
                    let related = rows.map { (($0[rel] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int }.sorted() }
                    XCTAssertEqual(related, sa["related"] as? [[Int]], "[\(backend)] rows \(page): \(rel)")
                }
            }
        }
    }

    func testTheDjangoAppExportsRelatedNamesThroughModelsAndOnDelete() throws {
        let python = try appPython()
        let r = try run(["models-from", "django:settings", "--python", python], env: ["PYTHONPATH": Self.apps + "/djangoapp"])
        XCTAssertEqual(r.status, 0, r.err)
        let app = try AppModels.parse(r.out)
        func rel(_ table: String, _ name: String) -> AppRelationship? {
            app.models.first { $0.table == table }?.relationships.first { $0.name == name }
        }
        XCTAssertEqual(rel("library_author", "books")?.kind, .oneToMany)
        XCTAssertEqual(rel("library_author", "books")?.behaviour.onDelete, "CASCADE")
        XCTAssertEqual(rel("library_author", "edited")?.behaviour.onDelete, "SET_NULL")
        XCTAssertEqual(rel("library_book", "tags")?.secondary, .init("library_tagging", ownerColumns: ["book_id"], targetColumns: ["tag_id"]))
        XCTAssertEqual(rel("library_tag", "books")?.backPopulates, "tags")
        // A many-to-many's through rows go with the row (the through model's CASCADE); Django made this one.
        XCTAssertEqual(rel("library_book", "genres")?.secondary, .init("library_book_genres", ownerColumns: ["book_id"], targetColumns: ["genre_id"]))
        XCTAssertEqual(rel("library_book", "genres")?.behaviour.onDelete, "CASCADE")
        XCTAssertEqual(app.models.first { $0.table == "library_book" }?.className, "Book")

        // Migrated by Django itself: no drift, and the app's names load.
        let db = try scratch("library.sqlite")
        try self.python(["dj_app.py", db], in: Self.apps + "/djangoapp")
        let file = try scratch("django.json")
        try r.out.write(toFile: file, atomically: true, encoding: .utf8)
        let drift = try run(["drift", "--models", file, "--db", db])
        XCTAssertEqual(drift.status, 0, drift.out + drift.err)
        let rows = try run(["rows", "library_tag", "--db", db, "--models", file, "--load", "books:selectin", "--format", "json"])
        let tags = try json(rows.out)["rows"] as? [[String: Any]] ?? []
        XCTAssertEqual(tags.map { (($0["books"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String } }, [["Excession"], ["Earthsea"]], rows.err)
        XCTAssertEqual(try json(rows.out)["query_count"] as? Int, 2)
    }

    func testAnImportErrorAndAMissingPythonAreOneSentence() throws {
        let python = try appPython()
        let broken = try run(["models-from", "python:heroes.broken", "--python", python])
        XCTAssertEqual(broken.status, 1)
        XCTAssertEqual(broken.err, "ormscope: python:heroes.broken could not be imported: NameError: name 'Feild' is not defined (\(Self.apps)/heroes/broken.py, line 6).\n")
        let missing = try run(["models-from", "python:heroes.models", "--python", "/no/such/python"])
        XCTAssertEqual(missing.err, "ormscope: There is no Python at /no/such/python: pass --python PATH to your application's Python (its virtualenv's bin/python).\n")
        XCTAssertEqual(missing.status, 1)
        let absent = try run(["models-from", "python:heroes.absent", "--python", python])
        XCTAssertEqual(absent.err, "ormscope: python:heroes.absent could not be imported: ModuleNotFoundError: No module named 'heroes.absent'.\n")
    }

    func testDriftFindsAnUnmigratedColumnADroppedIndexAndANullabilityChange() throws {
        let file = try exportHeroes()
        var locations = [("sqlite", try scratch("heroes.sqlite"))]
        if let url = try freshPostgresURL() { locations.append(("postgres", url)) }
        for (backend, location) in locations {
            try python(["sa_app.py", "create", location])
            let fresh = try run(["drift", "--models", file, "--db", location])
            XCTAssertEqual(fresh.status, 0, "[\(backend)] \(fresh.out)")
            XCTAssertEqual(fresh.out, "No drift: the database matches models.json (8 models).\n")

            // The model gains a column that no migration added; the database loses an index and
            // its team.headquarters becomes NOT NULL.
            var text = try String(contentsOfFile: file, encoding: .utf8)
            text = text.replacingOccurrences(of: #""name": "age","#, with: #""name": "secret_name", "type": "VARCHAR", "nullable": true}, {"name": "age","#)
            let changed = try scratch("models.json")
            try text.write(toFile: changed, atomically: true, encoding: .utf8)
            if backend == "postgres" {
                let db = Database(try connect(location))
                try db.execute(sql: "DROP INDEX ix_hero_name")
                try db.execute(sql: "ALTER TABLE team ALTER COLUMN headquarters SET NOT NULL")
                db.close()
            } else {
                // SQLite changes a column's nullability by rebuilding the table (as Alembic's batch mode
                // does), with foreign keys off so that dropping the old table deletes no hero.
                let rebuild = try Spawn.run(["sqlite3", location, """
                    PRAGMA foreign_keys = OFF; DROP INDEX ix_hero_name;
                    CREATE TABLE team_new (id INTEGER NOT NULL, name VARCHAR NOT NULL, headquarters VARCHAR NOT NULL, PRIMARY KEY (id));
                    INSERT INTO team_new SELECT * FROM team; DROP TABLE team; ALTER TABLE team_new RENAME TO team;
                    CREATE INDEX ix_team_name ON team (name);
                    """])
                XCTAssertEqual(rebuild.status, 0, rebuild.output)
            }
            let drift = try run(["drift", "--models", changed, "--db", location])
            XCTAssertEqual(drift.status, 1, "[\(backend)] \(drift.err)")
            XCTAssertEqual(drift.out.split(separator: "\n").map(String.init), [
                "Column hero.secret_name (VARCHAR) is in the models but not in the database.",
                "Index ix_hero_name on hero (name) is in the models but not in the database.",
                "Column team.headquarters accepts NULL in the models but is NOT NULL in the database.",
                "3 differences between models.json and the database.",
            ], "[\(backend)]")
            let asJSON = try json(try run(["drift", "--models", changed, "--db", location, "--format", "json"]).out)
            XCTAssertEqual((asJSON["differences"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }, ["missing-column", "missing-index", "nullability"])
        }
    }

    func testAStatementBudgetNamesTheStatementsOverIt() throws {
        let file = try exportHeroes()
        let db = try scratch("heroes.sqlite")
        try python(["sa_app.py", "create", db])
        let within = try run(["rows", "team", "--load", "heroes:selectin", "--limit", "3", "--db", db, "--models", file, "--max-statements", "2"])
        XCTAssertEqual(within.status, 0, within.err)
        let over = try run(["rows", "team", "--load", "heroes:lazy", "--limit", "3", "--db", db, "--models", file, "--max-statements", "2"])
        XCTAssertEqual(over.status, 3)
        XCTAssertTrue(over.out.contains("(3 rows"), "the result is printed first")
        XCTAssertTrue(over.err.contains("\normscope: 4 statements ran, over the budget of 2 (--max-statements); over it: #3 (lazy load of Team.heroes for team "), over.err)
        XCTAssertTrue(over.err.contains("; #4 (lazy load of Team.heroes for team "), over.err)
    }

    func testTheConfigsModelsFileApplies() throws {
        let file = try exportHeroes()
        let db = try scratch("heroes.sqlite")
        try python(["sa_app.py", "create", db])
        let config = try scratch("config")
        try "models = \(file)  # the app's own\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = try run(["rows", "hero", "--load", "squad:joined", "--limit", "2", "--db", db], env: ["ORMSCOPE_CONFIG": config])
        XCTAssertEqual(r.status, 0, r.err)
        let none = try run(["rows", "hero", "--load", "squad:joined", "--db", db, "--models", "none"], env: ["ORMSCOPE_CONFIG": config])
        XCTAssertEqual(none.err, "ormscope: Model hero has no relationship \"squad\".\n")
        // On another database, the config's file does not fit: the sentence says where it came from
        // and how to open without it (tester 10's T22).
        let other = try scratch("other.sqlite")
        let o = Database(try SQLiteConnection(other, create: true))
        try o.execute(sql: "CREATE TABLE hero (id integer PRIMARY KEY)")
        o.close()
        let elsewhere = try run(["show", "hero", "--db", other], env: ["ORMSCOPE_CONFIG": config])
        XCTAssertEqual(elsewhere.status, 1)
        XCTAssertTrue(elsewhere.err.contains("was applied (it is the config's models = \(file): --models none opens the database without it; ormscope drift lists every difference)."), elsewhere.err)
        XCTAssertFalse(try run(["show", "hero", "--db", other, "--models", file]).err.contains("config"), "named on the command line: no word of the config")
    }

    /// `delete` with a models file follows the application's cascades: the rows left and the
    /// number of statements equal SQLAlchemy's own `session.delete` + `commit` on the same data.
    func testDeletesFollowTheApplicationsCascadesAsSQLAlchemyDoes() throws {
        let file = try exportHeroes()
        var backends = [("sqlite", try scratch("ours.sqlite"), try scratch("theirs.sqlite"))]
        if let ours = try freshPostgresURL(), let theirs = try freshPostgresURL() { backends.append(("postgres", ours, theirs)) }
        for (backend, ours, theirs) in backends {
            try python(["sa_app.py", "create", ours])
            try python(["sa_app.py", "create", theirs])
            // cascade_delete on Team.heroes, and Hero.abilities' link rows; the default nulling of Employee.reports' key.
            for (table, key, levels) in [("team", "1", ["level 0: team 1: delete (the row)",
                                                        "level 1: 3 hero rows: delete (cascade from Team.heroes)",
                                                        "level 2: 5 hero_power_link rows: delete the link rows (cascade from Hero.abilities)"]),
                                         ("employee", "2", ["level 0: employee 2: delete (the row)",
                                                            "level 1: 2 employee rows: set manager_id to NULL (cascade from Employee.reports)"])] {
                let preview = try run(["delete", table, key, "--db", ours, "--models", file])
                XCTAssertEqual(preview.status, 1)
                XCTAssertEqual(Array(preview.out.split(separator: "\n").map(String.init).dropFirst().prefix(levels.count)), levels.map { "  " + $0 }, "[\(backend)] \(preview.out)")
                let r = try run(["delete", table, key, "--yes", "--db", ours, "--models", file, "--format", "json"])
                XCTAssertEqual(r.status, 0, "[\(backend)] \(r.out) \(r.err)")
                let statements = (try json(r.out)["statements"] as? [[String: Any]] ?? []).filter { ($0["cause"] as? String) != "transaction" }
                let sa = try json(try python(["sa_app.py", "delete", theirs, table, key]))
                XCTAssertEqual(statements.count, sa["statements"] as? Int, "[\(backend)] delete \(table) \(key): \(statements.map { $0["sql"] ?? "" })")
                XCTAssertEqual(try python(["sa_app.py", "dump", ours]), try python(["sa_app.py", "dump", theirs]), "[\(backend)] the rows left")
            }
            let causes = try run(["delete", "team", "2", "--yes", "--db", ours, "--models", file])
            XCTAssertTrue(causes.out.contains("cascade from Team.heroes"), causes.out)
        }
    }

    /// Django's on_delete, applied by the ORM: CASCADE through a through model, SET_NULL, and the
    /// rows left equal Django's own delete; the statements, in order, are its collector's (the reads
    /// for all of a level's parents at once, a fast delete and SET_NULL's update by foreign key,
    /// unread), as Django's own CaptureQueriesContext records them.
    func testDeletesFollowDjangosOnDelete() throws {
        let python = try appPython()
        let export = try run(["models-from", "django:settings", "--python", python], env: ["PYTHONPATH": Self.apps + "/djangoapp"])
        let file = try scratch("django.json")
        try export.out.write(toFile: file, atomically: true, encoding: .utf8)
        var backends = [("sqlite", try scratch("ours.sqlite"), try scratch("theirs.sqlite"))]
        if let ours = try freshPostgresURL(), let theirs = try freshPostgresURL() { backends.append(("postgres", ours, theirs)) }
        for (backend, ours, theirs) in backends {
            try self.python(["dj_app.py", ours], in: Self.apps + "/djangoapp")
            let django = try json(try self.python(["dj_app.py", theirs, "delete-author", "2"], in: Self.apps + "/djangoapp"))
            let preview = try run(["delete", "library_author", "2", "--db", ours, "--models", file])
            XCTAssertTrue(preview.out.contains("level 1: 1 library_book row: set editor_id to NULL (cascade from Author.edited)"), preview.out)
            XCTAssertTrue(preview.out.contains("level 2: 1 library_tagging row: delete (cascade from Book.tagging_set)"), preview.out)
            let r = try run(["delete", "library_author", "2", "--yes", "--db", ours, "--models", file, "--format", "json"])
            XCTAssertEqual(r.status, 0, r.out + r.err)
            /// A statement as its verb and table: `DELETE library_tagging`.
            func shape(_ sql: String) -> String {
                let words = sql.replacingOccurrences(of: "\"", with: "").split(separator: " ").map(String.init)
                let verb = words.first ?? ""
                let table = verb == "UPDATE" ? words[1] : words[(words.firstIndex(of: "FROM") ?? 0) + 1]
                return verb + " " + table
            }
            let ourSQL = (try json(r.out)["statements"] as? [[String: Any]] ?? []).filter { ($0["cause"] as? String) != "transaction" }.compactMap { $0["sql"] as? String }
            let theirSQL = (django["sql"] as? [String] ?? []).filter { !["BEGIN", "COMMIT"].contains($0) }
            XCTAssertEqual(ourSQL.map(shape), theirSQL.map(shape), "[\(backend)] ours: \(ourSQL)\nDjango's: \(theirSQL)")
            XCTAssertEqual(ourSQL.map(shape), ["SELECT library_author", "SELECT library_book", "DELETE library_book_genres",
                                               "DELETE library_tagging", "DELETE library_profile", "UPDATE library_book",
                                               "DELETE library_book", "DELETE library_author"])
            // The fast delete and the update go by foreign key, as Django's do (placeholders as SQLite's).
            let plain = ourSQL.map { $0.replacingOccurrences(of: #"\$[0-9]+"#, with: "?", options: .regularExpression) }
            XCTAssertTrue(plain.contains(#"DELETE FROM "library_tagging" WHERE "book_id" = ?"#), "\(ourSQL)")
            XCTAssertTrue(plain.contains(#"UPDATE "library_book" SET "editor_id" = ? WHERE "editor_id" = ?"#), "\(ourSQL)")
            XCTAssertEqual(try self.python(["dj_app.py", ours, "dump"], in: Self.apps + "/djangoapp"),
                           try self.python(["dj_app.py", theirs, "dump"], in: Self.apps + "/djangoapp"), "[\(backend)] the rows left")
        }
    }
}

extension AppModelsTests {
    /// The explorer with `--models`: the application's names and loading defaults on the screen.
    func testTheExplorerShowsTheApplicationsNamesAndDefaults() throws {
        guard TmuxSession.available else { throw XCTSkip("tmux is not installed") }
        let file = try exportHeroes()
        let db = try scratch("heroes.sqlite")
        try python(["sa_app.py", "create", db])
        let tmux = try TmuxSession("\(CLIGoldenTests.binary.path) --db \(db) --models \(file)")
        try tmux.waitFor("hero_power_link")
        try tmux.keys("Enter")  // app_user, whose assessments the application loads with selectin
        try tmux.waitFor("relationship User.assessments: selectin")
        try tmux.waitFor("selectin load of User.assessments")
        try tmux.keys("q")
        try tmux.waitFor("EXIT=0")
    }
}

extension AppModelsTests {
    /// `make install` puts the exporter where the installed binary finds it (PREFIX/share/ormscope/python).
    func testTheInstalledBinaryFindsItsExporter() throws {
        let python = try appPython()
        let prefix = NSTemporaryDirectory() + "ormscope-prefix-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let make = try Spawn.run(["make", "-s", "-C", Self.root, "install-files", "PREFIX=\(prefix)", "BIN=\(CLIGoldenTests.binary.path)"])
        XCTAssertEqual(make.status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + "/share/ormscope/python/ormscope_models.py"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: prefix + "/bin/ormscope")
        p.arguments = ["models-from", "python:heroes.models", "--python", python]
        p.currentDirectoryURL = URL(fileURLWithPath: Self.apps)
        var env = ProcessInfo.processInfo.environment
        env["ORMSCOPE_SHARE"] = nil
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(try AppModels.parse(text).models.count, 8)
    }
}
