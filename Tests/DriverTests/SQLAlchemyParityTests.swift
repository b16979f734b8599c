import DemoDatabase
import ORMCore
import TestSupport
import XCTest

/// ormscope's statement counts equal SQLAlchemy's for the same data and strategies.
///
/// The expected numbers are what SQLAlchemy 2.0.58 emitted for the same scenarios on the small demo
/// database, counted with a `before_cursor_execute` listener by `scripts/compare/sqlalchemy_counts.py`
/// (run by hand in a virtualenv; SQLAlchemy is never part of the product or of `make test`).
final class SQLAlchemyParityTests: XCTestCase {
    static let sqlalchemy: [String: Int] = [
        "employee.employees_by_manager:selectin": 2,
        "hero.powers:joined": 1, "hero.powers:lazy": 11, "hero.powers:selectin": 2,
        "hero.team:joined": 1, "hero.team:lazy": 7, "hero.team:selectin": 2,
        "team.heroes.powers:joined.joined": 1, "team.heroes.powers:joined.lazy": 58, "team.heroes.powers:joined.selectin": 2,
        "team.heroes.powers:lazy.joined": 7, "team.heroes.powers:lazy.lazy": 64, "team.heroes.powers:lazy.selectin": 13,
        "team.heroes.powers:selectin.joined": 2, "team.heroes.powers:selectin.lazy": 59, "team.heroes.powers:selectin.selectin": 3,
        "team.heroes:joined": 1, "team.heroes:lazy": 7, "team.heroes:selectin": 2,
    ]

    func testCountsMatchSQLAlchemy() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let registry = try db.introspect()
            func count(_ key: String, _ body: (Session) throws -> Void) throws -> Int {
                let s = try Session(db, registry: registry)
                try db.withAction(key) { try body(s) }
                return db.log.count(for: key)
            }
            var ours: [String: Int] = [:]
            for strategy in [LoadStrategy.lazy, .selectin, .joined] {
                let k = strategy.rawValue
                ours["team.heroes:\(k)"] = try count("team.heroes:\(k)") { s in
                    for t in try s.query("team", options: [LoadOption("heroes", strategy)]) { _ = try t.related("heroes") }
                }
                ours["hero.team:\(k)"] = try count("hero.team:\(k)") { s in
                    for h in try s.query("hero", options: [LoadOption("team", strategy)]) { _ = try h.relatedOne("team") }
                }
                ours["hero.powers:\(k)"] = try count("hero.powers:\(k)") { s in
                    for h in try s.query("hero", where: .col("id").compare(.lessOrEqual, 10), options: [LoadOption("powers", strategy)]) {
                        _ = try h.related("powers")
                    }
                }
                for b in [LoadStrategy.lazy, .selectin, .joined] {
                    let key = "team.heroes.powers:\(k).\(b.rawValue)"
                    ours[key] = try count(key) { s in
                        for t in try s.query("team", options: [LoadOption("heroes", strategy), LoadOption("heroes.powers", b)]) {
                            for h in try t.related("heroes") { _ = try h.related("powers") }
                        }
                    }
                }
            }
            ours["employee.employees_by_manager:selectin"] = try count("employee tree") { s in
                for e in try s.query("employee", options: [.selectin("employees_by_manager")]) { _ = try e.related("employees_by_manager") }
            }
            for key in Self.sqlalchemy.keys.sorted() {
                XCTAssertEqual(ours[key], Self.sqlalchemy[key], "[\(backend)] \(key)")
            }
        }
    }
}
