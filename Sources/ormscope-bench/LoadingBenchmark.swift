import Foundation
import ORMCore

/// Issue 3's figures: 1,000 teams with 100 heroes each (and 3 powers per hero for the chain),
/// loaded lazy, selectin and joined, against one hand-written SQL statement returning the same rows.
///
/// Each strategy runs in a fresh session (empty identity map) and touches every related row, so
/// lazy pays its N+1. The hand-written statement runs through the same driver and choke point but
/// builds no objects: it is the floor. Selectin and joined must stay within 2x of it.
enum LoadingBenchmark {
    static let teams = 1_000, heroesPerTeam = 100, powers = 300, powersPerHero = 3
    static let runs = 9
    static let target = 2.0

    static func fill(_ db: Database, postgres: Bool) throws -> Double {
        try Timing.seconds {
            let serial = postgres ? "integer PRIMARY KEY" : "INTEGER PRIMARY KEY"
            for sql in [
                "CREATE TABLE team (id \(serial), name text NOT NULL)",
                "CREATE TABLE hero (id \(serial), name text NOT NULL, age integer, team_id integer REFERENCES team (id))",
                "CREATE INDEX ix_hero_team_id ON hero (team_id)",
                "CREATE TABLE power (id \(serial), name text NOT NULL)",
                "CREATE TABLE hero_power_link (hero_id integer REFERENCES hero (id), power_id integer REFERENCES power (id), role text NOT NULL, PRIMARY KEY (hero_id, power_id))",
                "CREATE INDEX ix_link_power ON hero_power_link (power_id)",
            ] { try db.execute(sql: sql) }
            let heroes = teams * heroesPerTeam
            let series: (Int) -> String = { n in
                postgres ? "generate_series(1, \(n)) AS s(i)"
                    : "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < \(n)) SELECT i FROM r) AS s"
            }
            try db.transaction {
                try db.execute(sql: "INSERT INTO team (id, name) SELECT i, 'Team ' || i FROM \(series(teams))")
                try db.execute(sql: "INSERT INTO power (id, name) SELECT i, 'Power ' || i FROM \(series(powers))")
                try db.execute(sql: "INSERT INTO hero (id, name, age, team_id) SELECT i, 'Hero ' || i, 20 + i % 50, 1 + (i - 1) / \(heroesPerTeam) FROM \(series(heroes))")
                for k in 0..<powersPerHero {
                    try db.execute(sql: "INSERT INTO hero_power_link (hero_id, power_id, role) SELECT i, 1 + (i * 7 + \(k * 101)) % \(powers), 'member' FROM \(series(heroes))")
                }
            }
            if postgres { try db.execute(sql: "VACUUM ANALYZE") } else { try db.execute(sql: "ANALYZE") }
        }
    }

    struct Result { var statements: Int; var seconds: Double; var rows: Int }

    /// One way to load the rows: the hand-written statement (the floor) or a strategy.
    struct Method {
        var label: String
        var scenario: String
        var body: (Database, Session) throws -> Int
        var target: Bool
    }

    /// Runs every scenario; returns each target's verdict.
    ///
    /// Within a scenario the methods run round-robin (floor, lazy, selectin, joined, floor, ...),
    /// `runs` rounds, best time of each kept, so a slow moment of the machine hits them alike.
    /// Lazy runs once: it is the slow one on purpose.
    static func run(open: () throws -> Database, backend: String) throws -> [(String, Bool)] {
        let db = try open()
        defer { db.close() }
        let registry = try db.introspect()
        var verdicts: [(String, Bool)] = []

        /// ORMSCOPE_BENCH_SCENARIO=name runs that scenario alone, many times (for a profiler).
        let only = ProcessInfo.processInfo.environment["ORMSCOPE_BENCH_SCENARIO"]
        func scenario(_ title: String, _ methods: [Method]) throws {
            let methods = methods.filter { only == nil || $0.scenario == only || $0.target == false && $0.label.hasPrefix("hand") }
            guard methods.contains(where: { $0.target || $0.label == "lazy" }) else { return }
            Report.line(title)
            var best = [Result](repeating: Result(statements: 0, seconds: .infinity, rows: 0), count: methods.count)
            let rounds = only == nil ? runs : 20
            for round in 0..<rounds {
                for (i, m) in methods.enumerated() where round == 0 || m.label != "lazy" {
                    let s = try Session(db, registry: registry)
                    let action = "\(m.scenario) #\(round)"
                    var rows = 0
                    let t = try Timing.seconds { rows = try db.withAction(action) { try m.body(db, s) } }
                    if t < best[i].seconds { best[i] = Result(statements: db.log.count(for: action), seconds: t, rows: rows) }
                    db.log.reset()
                }
            }
            let floor = best[0]
            for (i, m) in methods.enumerated() {
                let r = best[i]
                var text = "  " + Report.padded(m.label, 30) + Report.padded(Report.grouped(r.statements) + " statements", 20)
                    + Report.padded(Report.fixed(r.seconds * 1000, 0) + " ms", 10) + Report.grouped(r.rows) + " rows"
                if i > 0 { text += ", " + Report.fixed(r.seconds / floor.seconds, 2) + "x the hand-written statement" }
                Report.line(text)
                if m.target {
                    verdicts.append(("\(backend): \(m.scenario) within \(Report.fixed(target, 0))x of hand-written SQL", r.seconds / floor.seconds <= target))
                }
            }
        }
        func handWritten(_ label: String, _ sql: String) -> Method {
            Method(label: label, scenario: label, body: { db, _ in try db.fetchAll(CompiledSQL(sql)).count }, target: false)
        }

        // Team -> heroes
        try scenario("  team.heroes (\(Report.grouped(teams)) teams, \(Report.grouped(teams * heroesPerTeam)) heroes):",
            [handWritten("hand-written LEFT JOIN", "SELECT t.id, t.name, h.id, h.name, h.age, h.team_id FROM team t LEFT OUTER JOIN hero h ON h.team_id = t.id")]
            + [LoadStrategy.lazy, .selectin, .joined].map { strategy in
                Method(label: strategy.rawValue, scenario: "heroes \(strategy)", body: { _, s in
                    try s.query("team", options: [LoadOption("heroes", strategy)]).map { try $0.related("heroes").count }.reduce(0, +)
                }, target: strategy != .lazy)
            })

        // Team -> heroes -> powers
        try scenario("  team.heroes.powers (\(powersPerHero) powers per hero, \(Report.grouped(teams * heroesPerTeam * powersPerHero)) links):",
            [handWritten("hand-written LEFT JOINs", """
                SELECT t.id, t.name, h.id, h.name, h.age, h.team_id, l.role, p.id, p.name FROM team t \
                LEFT OUTER JOIN hero h ON h.team_id = t.id LEFT OUTER JOIN hero_power_link l ON l.hero_id = h.id \
                LEFT OUTER JOIN power p ON p.id = l.power_id
                """)]
            + [LoadStrategy.lazy, .selectin, .joined].map { strategy in
                Method(label: strategy.rawValue, scenario: "chain \(strategy)", body: { _, s in
                    try s.query("team", options: [LoadOption("heroes", strategy), LoadOption("heroes.powers", strategy)]).map { t in
                        try t.related("heroes").map { try $0.related("powers").count }.reduce(0, +)
                    }.reduce(0, +)
                }, target: strategy != .lazy)
            })
        return verdicts
    }
}
