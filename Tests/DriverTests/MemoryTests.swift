import DemoDatabase
import ORMCore
import TestSupport
import XCTest

/// Sessions and their entities are freed when the caller lets go of them (no reference cycles).
final class MemoryTests: XCTestCase {
    func testSessionsAndEntitiesAreFreed() throws {
        guard let db = try open(.sqlite) else { return }
        try DemoDatabase.create(on: db, size: .small)
        let registry = try db.introspect()
        weak var weakSession: Session?
        weak var weakEntity: Entity?
        for strategy in [LoadStrategy.lazy, .selectin, .joined] {
            try { () throws -> Void in
                let s = try Session(db, registry: registry)
                let teams = try s.query("team", options: [LoadOption("heroes", strategy), LoadOption("heroes.powers", strategy)])
                for t in teams { for h in try t.related("heroes") { _ = try h.related("powers") } }
                weakSession = s
                weakEntity = teams.first
            }()
            XCTAssertNil(weakSession, "\(strategy): the session was freed")
            XCTAssertNil(weakEntity, "\(strategy): its entities were freed")
        }
    }
}
