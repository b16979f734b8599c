import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// Issue 11, item 7: a page reads one row more than it shows (LIMIT n + 1) to know whether a next
/// page exists; eager loading loads relationships for the rows shown only, so the statement counts
/// are SQLAlchemy's: 1,000 teams with heroes:selectin is 3 statements (two chunks of 500), joined 1.
final class PageEdgeLoadingTests: XCTestCase {
    /// 1,001 teams with two heroes each (the 1,001st, the page's extra row, has heroes too).
    func makeTeams(_ db: Database) throws {
        try ddl(db, sqlite: "CREATE TABLE team (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                postgres: "CREATE TABLE team (id integer PRIMARY KEY, name text NOT NULL)")
        try ddl(db, sqlite: "CREATE TABLE hero (id INTEGER PRIMARY KEY, name TEXT NOT NULL, team_id INTEGER REFERENCES team (id))",
                postgres: "CREATE TABLE hero (id integer PRIMARY KEY, name text NOT NULL, team_id integer REFERENCES team (id))")
        try db.execute(sql: "BEGIN")
        try db.execute(sql: "INSERT INTO team (id, name) SELECT n, 'team ' || n FROM (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1001) SELECT n FROM r) AS s")
        try db.execute(sql: "INSERT INTO hero (id, name, team_id) SELECT n, 'hero ' || n, (n + 1) / 2 FROM (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2002) SELECT n FROM r) AS s")
        try db.execute(sql: "COMMIT")
    }

    func testAPageOfAThousandTeamsLoadsHeroesForTheShownTeamsOnly() throws {
        try eachBackend { db, backend in
            try makeTeams(db)
            let registry = try db.introspect()
            for (strategy, expected) in [(LoadStrategy.selectin, 3), (.joined, 1)] {
                let s = try Session(db, registry: registry)
                let action = "page \(strategy)"
                let page = try db.withAction(action) {
                    try PageLoader.load(PageRequest(model: "team", limit: 1000, load: [LoadOption("heroes", strategy)]), session: s)
                }
                let events = db.log.events(for: action)
                XCTAssertEqual(events.count, expected, "[\(backend)] \(strategy): \(events.map(\.sql))")
                XCTAssertEqual(page.rows.count, 1000)
                XCTAssertTrue(page.hasNext)
                XCTAssertEqual(try page.rows.map { try $0.related("heroes").count }.reduce(0, +), 2000, "[\(backend)] \(strategy)")
                XCTAssertEqual(db.log.events(for: action).count, expected, "[\(backend)] reading the shown heroes costs nothing more")
                switch strategy {
                case .selectin:
                    // Two chunks of 500 team ids; none holds the 1,001st team.
                    XCTAssertEqual(events[1].params.count, 500)
                    XCTAssertEqual(events[2].params.count, 500)
                    XCTAssertFalse(events.dropFirst().contains { $0.params.contains(.int(1001)) }, "[\(backend)]")
                    XCTAssertEqual(events[1].rows + events[2].rows, 2000)
                default:
                    // 2,000 heroes of the shown teams plus the extra team's one row with no hero.
                    XCTAssertEqual(events[0].rows, 2001, "[\(backend)] \(events[0].sql)")
                }
            }
            // The extra row comes back bare: its heroes are not loaded by either strategy.
            for strategy in [LoadStrategy.selectin, .joined] {
                let s = try Session(db, registry: registry)
                let (_, select, _, _) = try PageLoader.statement(PageRequest(model: "team", limit: 1000), session: s)
                let rows = try s.queryPage("team", select, shown: 1000, options: [LoadOption("heroes", strategy)])
                XCTAssertEqual(rows.count, 1001)
                XCTAssertEqual(rows.last?["id"], .int(1001))
                XCTAssertFalse(rows.last!.isLoaded("heroes"), "[\(backend)] \(strategy)")
                XCTAssertTrue(rows[999].isLoaded("heroes"), "[\(backend)] \(strategy)")
            }
        }
    }
}
