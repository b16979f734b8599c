import DemoDatabase
import ORMCore
import TestSupport
import XCTest

/// A models file applied to the live registry, on both backends: the application's names replace
/// the inferred ones of the same foreign key, its loading defaults are the session's, and a file
/// the schema contradicts applies nothing.
final class AppModelsRegistryTests: XCTestCase {
    static let employees = """
        {"format": 1, "models": [
          {"class": "Employee", "table": "employee", "relationships": [
            {"name": "reports", "kind": "one-to-many", "target": "employee", "columns": ["manager_id"],
             "back_populates": "boss", "loading": "selectin"},
            {"name": "boss", "kind": "many-to-one", "target": "employee", "columns": ["manager_id"], "back_populates": "reports"}]},
          {"class": "Squad", "table": "team", "relationships": [
            {"name": "members", "kind": "one-to-many", "target": "hero", "columns": ["team_id"], "loading": "selectin"}]},
          {"class": "Hero", "table": "hero", "relationships": [
            {"name": "team", "kind": "many-to-one", "target": "team", "columns": ["team_id"], "loading": "joined"}]}
        ]}
        """

    func testTheApplicationsNamesAndDefaultsReplaceTheInferredOnes() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            db.appModels = try AppModels.parse(Self.employees, file: "models.json")
            let registry = try db.introspect()
            let employee = try registry.require("employee")
            XCTAssertEqual(employee.relationships.map(\.name).sorted(), ["boss", "reports"], "[\(backend)] the inferred pair is replaced")
            XCTAssertEqual(employee.relationship("reports")?.qualifiedName, "Employee.reports")
            XCTAssertEqual(employee.relationship("reports")?.app?.loading, .selectin)
            XCTAssertEqual(try registry.require("team").relationships.map(\.name).sorted(), ["members"])
            XCTAssertEqual(try registry.require("hero").relationship("team")?.name, "team", "the other side the file does not name stays inferred")

            let s = try Session(db, registry: registry)
            // A self-referential default loads nothing by itself (SQLAlchemy's eager loaders stop at a
            // mapper already on their path); one to another model runs with the query.
            let bosses = try db.withAction("employees") { try s.query("employee", where: .isNull(.col("manager_id"), negated: false), limit: 3) }
            XCTAssertEqual(db.log.count(for: "employees"), 1, "[\(backend)] Employee.reports is self-referential")
            XCTAssertFalse(bosses.contains { $0.isLoaded("reports") })
            let teams = try db.withAction("teams") { try s.query("team", limit: 2) }
            XCTAssertEqual(db.log.count(for: "teams"), 2, "[\(backend)] the application's selectin default runs with the query")
            XCTAssertEqual(db.log.events(for: "teams").last?.cause, .selectin(relationship: "Squad.members", chunk: 1, of: 1))
            XCTAssertEqual(teams.first?.loadedStrategy("members"), .selectin)
            // Hero.team is joined by default: no statement of its own, and Squad.members does not chain
            // back from the heroes (team is on the path).
            let heroes = try db.withAction("heroes") { try s.query("hero", limit: 3) }
            XCTAssertEqual(db.log.count(for: "heroes"), 1, "[\(backend)] joined by default")
            XCTAssertEqual(heroes.first?.loadedStrategy("team"), .joined)
            // An explicit option still wins over the default.
            _ = try db.withAction("lazy") { try s.query("employee", limit: 3, options: [.lazy("reports")]) }
            XCTAssertEqual(db.log.count(for: "lazy"), 1)
        }
    }

    /// A table the file describes as a model of its own, and uses as the link of no many-to-many,
    /// is not one to the application: the many-to-many the schema suggests through it is left out
    /// (a tester's Django `User.content_types` through `django_admin_log`). Declared as a link, it stays.
    func testAManyToManyTheApplicationDoesNotHaveIsLeftOut() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let plain = try db.introspect()
            XCTAssertNotNil(try plain.require("hero").relationship("powers"), "[\(backend)] inferred without a file")
            db.appModels = try AppModels.parse(#"{"format": 1, "models": [{"class": "Membership", "table": "hero_power_link", "relationships": []}]}"#, file: "m.json")
            let described = try db.introspect()
            XCTAssertNil(try described.require("hero").relationship("powers"), "[\(backend)]")
            XCTAssertNil(try described.require("power").relationship("heroes"), "[\(backend)]")
            XCTAssertNotNil(try described.require("hero").relationship("hero_power_links"), "[\(backend)] the link rows stay reachable by their keys")
            // Django's django_admin_log: two keys, one of which accepts NULL (the inference notes that).
            try db.execute(sql: "CREATE TABLE admin_log (id integer PRIMARY KEY, team_id integer NOT NULL REFERENCES team (id), hero_id integer REFERENCES hero (id), message text)")
            db.appModels = nil
            let noted = try db.introspect().models.flatMap(\.notes).filter { $0.hasPrefix("admin_log links") }
            XCTAssertEqual(noted.count, 3, "[\(backend)] on team, hero and admin_log: \(noted)")
            db.appModels = try AppModels.parse(#"{"format": 1, "models": [{"class": "LogEntry", "table": "admin_log", "relationships": []}]}"#, file: "m.json")
            let logged = try db.introspect()
            XCTAssertEqual(logged.models.flatMap(\.notes).filter { $0.hasPrefix("admin_log links") }, [], "[\(backend)] no note names what is left out")
            XCTAssertEqual(try logged.require("team").relationships.filter { $0.link?.model == "admin_log" }.count, 0, "[\(backend)]")
            db.appModels = try AppModels.parse("""
                {"format": 1, "models": [{"class": "Membership", "table": "hero_power_link", "relationships": []},
                  {"class": "Hero", "table": "hero", "relationships": [{"name": "powers", "kind": "many-to-many", "target": "power",
                   "secondary": {"table": "hero_power_link", "columns": ["hero_id"], "target_columns": ["power_id"]}}]}]}
                """, file: "m.json")
            let declared = try db.introspect()
            XCTAssertEqual(try declared.require("hero").relationship("powers")?.qualifiedName, "Hero.powers", "[\(backend)]")
            XCTAssertEqual(try declared.require("hero").relationships.first?.name, "powers", "[\(backend)] the application's own come first")
            XCTAssertNotNil(try declared.require("power").relationship("heroes"), "[\(backend)] its other side stays")
        }
    }

    /// Django's ORM has no identity map: `hero.team` on each of three heroes of one team is three
    /// queries there, one in SQLAlchemy (the team is loaded once). A Django models file's counts are
    /// Django's (a tester's `Order.customer`: Django 4 queries, ormscope said 3).
    func testADjangoFilesLazyManyToOneQueriesOncePerRow() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            func statements(source: String) throws -> Int {
                db.appModels = try AppModels.parse("""
                    {"format": 1, "source": "\(source)", "models": [{"class": "Hero", "table": "hero", "relationships": [
                      {"name": "team", "kind": "many-to-one", "target": "team", "columns": ["team_id"]}]}]}
                    """, file: "m.json")
                let s = try Session(db, registry: try db.introspect())
                let action = "heroes of \(source)"
                try db.withAction(action) {
                    let heroes = try s.query("hero", where: .binary(.col("team_id"), .equal, .value(.int(1))), limit: 3)
                    XCTAssertEqual(heroes.count, 3)
                    for h in heroes { _ = try h.related("team") }
                }
                return db.log.count(for: action)
            }
            XCTAssertEqual(try statements(source: "python:app.models"), 2, "[\(backend)] SQLAlchemy: the heroes, then the team once")
            XCTAssertEqual(try statements(source: "django:site.settings"), 4, "[\(backend)] Django: the heroes, then the team per hero")
        }
    }

    func testAFileTheSchemaContradictsAppliesNothing() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let bad = Self.employees.replacingOccurrences(of: #""columns": ["team_id"]"#, with: #""columns": ["squad_id"]"#)
            db.appModels = try AppModels.parse(bad, file: "models.json")
            XCTAssertThrowsError(try db.introspect()) { e in
                XCTAssertEqual((e as? AppModelsError)?.sentence,
                               #"models.json, line 7, relationship Squad.members does not fit the live database (Model hero has no field "squad_id"); nothing of models.json was applied (ormscope drift lists every difference)."#,
                               "[\(backend)]")
            }
            db.appModels = nil
            XCTAssertEqual(try db.introspect().require("employee").relationships.map(\.name).sorted(), ["employees_by_manager", "manager"])
        }
    }

    /// Django's PROTECT refuses a delete whose protected rows exist, and nothing is written.
    func testProtectRefusesTheDeleteAndWritesNothing() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            db.appModels = try AppModels.parse("""
                {"format": 1, "models": [{"class": "Team", "table": "team", "relationships": [
                  {"name": "members", "kind": "one-to-many", "target": "hero", "columns": ["team_id"], "on_delete": "PROTECT"}]}]}
                """, file: "models.json")
            let s = try Session(db)
            let heroes = try s.count("hero")
            XCTAssertThrowsError(try s.deleteFollowingApp("team", [1])) { e in
                XCTAssertTrue((e as? AppCascadeRefused)?.sentence.hasPrefix("Team.members protects ") ?? false, "[\(backend)] \(e)")
            }
            XCTAssertEqual(try s.count("hero"), heroes)
            XCTAssertEqual(try s.count("team", where: .keyEquals(["id"], [1])), 1, "[\(backend)] nothing was deleted")
        }
    }
}
