import DemoDatabase
import ORMCore
import TestSupport
import XCTest

/// The loading strategies on both backends, with exact statement counts, statements and causes.
final class LoadingTests: XCTestCase {
    func session(_ db: Database, size: DemoDatabase.Size = .small) throws -> Session {
        try DemoDatabase.create(on: db, size: size)
        return try Session(db)
    }

    func p(_ db: Database, _ n: Int) -> String { db.dialect.placeholder(n) }
    func placeholders(_ db: Database, _ count: Int, from: Int = 1) -> String {
        (from..<(from + count)).map { db.dialect.placeholder($0) }.joined(separator: ", ")
    }

    /// Loads every team and reads every team's heroes, under one action; returns the statements.
    func teamsWithHeroes(_ s: Session, _ strategy: LoadStrategy, action: String) throws -> [StatementEvent] {
        try s.database.withAction(action) {
            let teams = try s.query("team", orderBy: [OrderTerm(.col("id"))], options: [LoadOption("heroes", strategy)])
            XCTAssertEqual(teams.count, 6)
            let heroes = try teams.map { try $0.related("heroes").count }.reduce(0, +)
            XCTAssertEqual(heroes, try s.count("hero", where: .col("team_id").isNotNull))
        }
        return s.database.log.events(for: action).filter { $0.cause != .count }
    }

    func testOneToManyCostsNPlusOneLazyTwoSelectinOneJoined() throws {
        try eachBackend { db, backend in
            let lazy = try teamsWithHeroes(try session(db), .lazy, action: "lazy")
            XCTAssertEqual(lazy.count, 7, "[\(backend)] 1 + 6 teams")
            XCTAssertEqual(lazy[1].sql, #"SELECT * FROM "hero" WHERE "team_id" = \#(p(db, 1))"#)
            XCTAssertEqual(lazy[1].cause, .lazyLoad(relationship: "Team.heroes", parent: "team 1"))

            let s2 = try Session(db)
            let selectin = try teamsWithHeroes(s2, .selectin, action: "selectin")
            XCTAssertEqual(selectin.map(\.sql), [#"SELECT * FROM "team" ORDER BY "id" ASC"#,
                                                 #"SELECT * FROM "hero" WHERE "team_id" IN (\#(placeholders(db, 6)))"#], "[\(backend)]")
            XCTAssertEqual(selectin[1].cause, .selectin(relationship: "Team.heroes", chunk: 1, of: 1))

            let s3 = try Session(db)
            let joined = try teamsWithHeroes(s3, .joined, action: "joined")
            XCTAssertEqual(joined.count, 1, "[\(backend)]")
            XCTAssertTrue(joined[0].sql.contains(#"FROM "team" LEFT OUTER JOIN "hero" AS "hero_1" ON "hero_1"."team_id" = "team"."id" ORDER BY "team"."id" ASC"#), joined[0].sql)

            // Warnings: lazy is an N+1; the eager ones were read, so no unused warning.
            let w = s3.warnings(for: "joined") + s2.warnings(for: "selectin")
            XCTAssertEqual(w, [])
            let lazyWarnings = try Session(db, registry: s3.registry).warnings(for: "lazy")
            XCTAssertEqual(lazyWarnings.map(\.kind), [.nPlusOne])
            XCTAssertEqual(lazyWarnings.first?.relationship, "Team.heroes")
            XCTAssertEqual(lazyWarnings.first?.count, 6)
        }
    }

    func testManyToOneLazyUsesTheIdentityMap() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let n = try db.withAction("heroes and teams") { () -> Int in
                let heroes = try s.query("hero")
                var withTeam = 0
                for h in heroes where try h.relatedOne("team") != nil { withTeam += 1 }
                return withTeam
            }
            let distinctTeams = Set(try s.query("hero").compactMap { $0["team_id"] }.filter { !$0.isNull }).count
            XCTAssertGreaterThan(n, distinctTeams)
            XCTAssertEqual(db.log.count(for: "heroes and teams"), 1 + distinctTeams,
                           "[\(backend)] one lazy load per distinct team; the rest come from the identity map")
            let selectin = try db.withAction("selectin m2o") { try s.query("hero", options: [.selectin("team")]) }
            XCTAssertEqual(db.log.count(for: "selectin m2o"), 2)
            XCTAssertTrue(selectin.allSatisfy { $0.isLoaded("team") })
        }
    }

    func testManyToManyThroughTheLinkWithLinkData() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            for strategy in [LoadStrategy.lazy, .selectin, .joined] {
                let fresh = try Session(db, registry: s.registry)
                let action = "m2m \(strategy)"
                let heroes = try db.withAction(action) { () -> [Entity] in
                    let heroes = try fresh.query("hero", where: .col("id").compare(.lessOrEqual, 10), orderBy: [OrderTerm(.col("id"))],
                                                 options: [LoadOption("powers", strategy)])
                    for h in heroes { _ = try h.related("powers") }
                    return heroes
                }
                XCTAssertEqual(db.log.count(for: action), strategy == .lazy ? 11 : strategy == .selectin ? 2 : 1, "[\(backend)] \(strategy)")
                // Link data stays reachable, and agrees with the link table.
                let h1 = heroes[0]
                let powers = try h1.related("powers")
                let roles = try h1.linkData("powers").map { $0["role"] }
                XCTAssertEqual(powers.count, roles.count)
                let links = try fresh.query("hero_power_link", where: .col("hero_id").equals(1))
                XCTAssertEqual(Set(links.map { $0["role"]! }), Set(roles.compactMap { $0 }), "[\(backend)] \(strategy)")
                XCTAssertEqual(Set(links.map { $0["power_id"]! }), Set(powers.map { $0["id"]! }))
            }
            let sql = db.log.events(for: "m2m selectin")[1].sql
            XCTAssertTrue(sql.contains(#"FROM "power" JOIN "hero_power_link" ON "hero_power_link"."power_id" = "power"."id" WHERE "hero_power_link"."hero_id" IN ("#), sql)
        }
    }

    func testNestedChainsWithAStrategyPerLevel() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let cases: [([LoadOption], Int)] = [
                ([.selectin("heroes"), .selectin("heroes.powers")], 3),
                ([.joined("heroes"), .joined("heroes.powers")], 1),
                ([.selectin("heroes"), .joined("heroes.powers")], 2),
                ([.joined("heroes"), .selectin("heroes.powers")], 2),
            ]
            var totals: [Int] = []
            for (options, expected) in cases {
                let fresh = try Session(db, registry: s.registry)
                let action = options.map { "\($0.path.joined(separator: ".")):\($0.strategy)" }.joined(separator: ",")
                let total = try db.withAction(action) { () -> Int in
                    try fresh.query("team", options: options).map { team in
                        try team.related("heroes").map { try $0.related("powers").count }.reduce(0, +)
                    }.reduce(0, +)
                }
                XCTAssertEqual(db.log.count(for: action), expected, "[\(backend)] \(action)")
                totals.append(total)
            }
            XCTAssertEqual(Set(totals).count, 1, "every strategy loads the same rows: \(totals)")
            // Lazy at both levels: 1 + teams + heroes with a team.
            let lazy = try Session(db, registry: s.registry)
            let heroCount = try lazy.count("hero", where: .col("team_id").isNotNull)
            try db.withAction("lazy chain") {
                for t in try lazy.query("team") { for h in try t.related("heroes") { _ = try h.related("powers") } }
            }
            XCTAssertEqual(db.log.count(for: "lazy chain"), 1 + 6 + heroCount)
        }
    }

    func testRaiseThrowsAndUnknownNamesFailBeforeSQL() throws {
        try eachBackend { db, _ in
            let s = try session(db)
            let team = try XCTUnwrap(s.query("team", limit: 1, options: [.raise("heroes")]).first)
            XCTAssertThrowsError(try team.related("heroes")) { e in
                XCTAssertEqual((e as? LoadingError)?.sentence,
                               "Team.heroes of team 1 is not loaded and its strategy is raise: load it with selectin or joined in the query.")
            }
            let before = db.log.totalCount
            XCTAssertThrowsError(try s.query("team", options: [.selectin("heros")])) { e in
                XCTAssertEqual((e as? SchemaError)?.sentence, "Model team has no relationship \"heros\"; did you mean \"heroes\"?")
            }
            XCTAssertThrowsError(try s.query("team", options: [.selectin("heroes.power")])) { e in
                XCTAssertEqual((e as? SchemaError)?.sentence, "Model hero has no relationship \"power\"; did you mean \"powers\"?")
            }
            XCTAssertEqual(db.log.totalCount, before, "nothing ran")
        }
    }

    func testUnusedEagerLoadIsFlagged() throws {
        try eachBackend { db, _ in
            let s = try session(db)
            _ = try db.withAction("unused") { try s.query("team", options: [.selectin("heroes")]) }
            let w = s.warnings(for: "unused")
            XCTAssertEqual(w.map(\.kind), [.unusedEagerLoad])
            XCTAssertEqual(w.first?.relationship, "Team.heroes")
        }
    }

    func testJoinedWithLimitPagesParentsNotRows() throws {
        try eachBackend { db, backend in
            let s = try session(db)
            let teams = try db.withAction("page") {
                try s.query("team", orderBy: [OrderTerm(.col("name"), .descending)], limit: 3, offset: 1, options: [.joined("heroes")])
            }
            XCTAssertEqual(teams.count, 3, "[\(backend)]")
            XCTAssertEqual(db.log.count(for: "page"), 1)
            let names = try s.query("team", orderBy: [OrderTerm(.col("name"), .descending)], limit: 3, offset: 1).map { $0["name"]! }
            XCTAssertEqual(teams.map { $0["name"]! }, names)
            for t in teams {
                XCTAssertEqual(try t.related("heroes").count, try s.count("hero", where: .col("team_id").equals(t["id"]!)))
            }
        }
    }

    func testSelfReferentialBothWays() throws {
        try eachBackend { db, _ in
            let s = try session(db)
            let boss = try XCTUnwrap(s.get("employee", [1]))
            XCTAssertNil(try boss.relatedOne("manager"))
            let reports = try boss.related("employees_by_manager")
            XCTAssertFalse(reports.isEmpty)
            for r in reports { XCTAssertTrue(try r.relatedOne("manager") === boss) }
            let all = try db.withAction("tree") { try s.query("employee", options: [.selectin("employees_by_manager")]) }
            XCTAssertEqual(db.log.count(for: "tree"), 2)
            XCTAssertEqual(all.map { try! $0.related("employees_by_manager").count }.reduce(0, +), all.count - 1)
        }
    }

    func testSelectinChunksBy500AndCompositeKeys() throws {
        try eachBackend { db, backend in
            let s = try session(db, size: DemoDatabase.Size())
            _ = try db.withAction("chunks") { try s.query("hero", where: .col("id").compare(.lessOrEqual, 1_200), options: [.selectin("hero_power_links")]) }
            let causes = db.log.events(for: "chunks").map(\.cause)
            XCTAssertEqual(causes.dropFirst(), [.selectin(relationship: "Hero.hero_power_links", chunk: 1, of: 3),
                                                .selectin(relationship: "Hero.hero_power_links", chunk: 2, of: 3),
                                                .selectin(relationship: "Hero.hero_power_links", chunk: 3, of: 3)], "[\(backend)]")
            // The chunks run as one batch (pipelined on PostgreSQL): every hero still gets exactly
            // its own powers, with their link data, whichever chunk brought them.
            let fresh = try Session(db, registry: s.registry)
            let heroes = try db.withAction("m2m chunks") { try fresh.query("hero", where: .col("id").compare(.lessOrEqual, 1_200), options: [.selectin("powers")]) }
            XCTAssertEqual(db.log.count(for: "m2m chunks"), 4, "[\(backend)] the heroes and 3 chunks")
            for h in heroes where [1, 500, 501, 1_000, 1_200].contains(h["id"]!) {
                let links = try fresh.query("hero_power_link", where: .col("hero_id").equals(h["id"]!))
                let powers = try h.related("powers")
                XCTAssertEqual(Set(powers.map { $0["id"]! }), Set(links.map { $0["power_id"]! }), "[\(backend)] hero \(h["id"]!)")
                let roles = Dictionary(uniqueKeysWithValues: links.map { ($0["power_id"]!, $0["role"]!) })
                for (p, link) in zip(powers, try h.linkData("powers")) { XCTAssertEqual(link["role"], roles[p["id"]!]) }
            }

            try db.execute(sql: "CREATE TABLE region (country char(2), code integer, name text, PRIMARY KEY (country, code))")
            try db.execute(sql: "CREATE TABLE store (id integer PRIMARY KEY, country char(2), code integer, FOREIGN KEY (country, code) REFERENCES region (country, code))")
            try db.execute(.insert(Insert(into: TableRef("region"), columns: ["country", "code", "name"], rows: [["FR", 75, "Paris"], ["FR", 13, "Marseille"], ["DE", 11, "Berlin"]])))
            try db.execute(.insert(Insert(into: TableRef("store"), columns: ["id", "country", "code"], rows: [[1, "FR", 75], [2, "FR", 13], [3, "FR", 75], [4, .null, .null]])))
            let cs = try Session(db)
            let regions = try db.withAction("composite") { try cs.query("region", options: [.selectin("stores")]) }
            let sql = db.log.events(for: "composite")[1].sql
            XCTAssertEqual(sql, #"SELECT * FROM "store" WHERE ("country", "code") IN ((\#(p(db, 1)), \#(p(db, 2))), (\#(p(db, 3)), \#(p(db, 4))), (\#(p(db, 5)), \#(p(db, 6))))"#)
            XCTAssertEqual(regions.map { try! $0.related("stores").count }.sorted(), [0, 1, 2])
            let stores = try db.withAction("composite joined") { try cs.query("store", options: [.joined("region")]) }
            XCTAssertEqual(stores.map { try! $0.relatedOne("region")?["name"] ?? .null }, ["Paris", "Marseille", "Paris", .null])
        }
    }

    func testSessionDefaultStrategyIsUsedWhenAQueryNamesNone() throws {
        try eachBackend { db, _ in
            let s = try session(db)
            let heroes = try s.model("team").requireRelationship("heroes")
            s.setDefaultStrategy(.selectin, for: heroes)
            try db.withAction("default") { for t in try s.query("team") { _ = try t.related("heroes") } }
            XCTAssertEqual(db.log.count(for: "default"), 2)
        }
    }
}

extension LoadingTests {
    /// A batch logs each statement; a failure stops it, is logged against its statement, and the
    /// connection stays usable (on PostgreSQL the pipeline is synced and left).
    func testBatchesLogEachStatementAndRecoverFromAFailure() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE one_row (n integer)")
            try db.execute(sql: "INSERT INTO one_row (n) VALUES (1)")
            let one = Statement.select(Select(from: TableRef("one_row")))
            let bad = Statement.select(Select(from: TableRef("no_such_table")))
            var seen: [Int] = []
            try db.withAction("batch") {
                try db.forEachRow(batch: [(one, .query), (one, .script), (one, .count)]) { i, row in
                    XCTAssertEqual(row["n"], 1)
                    seen.append(i)
                }
            }
            XCTAssertEqual(seen, [0, 1, 2], "[\(backend)]")
            XCTAssertEqual(db.log.events(for: "batch").map(\.cause), [.query, .script, .count])
            XCTAssertThrowsError(try db.withAction("failing batch") {
                try db.forEachRow(batch: [(one, .query), (bad, .query), (one, .query)]) { _, _ in }
            }) { e in XCTAssertEqual((e as? DatabaseError)?.kind, .undefinedObject, "[\(backend)] \(e)") }
            let events = db.log.events(for: "failing batch")
            XCTAssertEqual(events.count, 2, "[\(backend)] the third never ran")
            XCTAssertNil(events[0].error)
            XCTAssertNotNil(events[1].error)
            XCTAssertEqual(try db.fetchAll(one).first?["n"], 1, "[\(backend)] the connection still works")
            XCTAssertFalse(db.inTransaction)
        }
    }
}
