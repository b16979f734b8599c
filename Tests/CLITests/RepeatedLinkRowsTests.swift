import Foundation
import ORMCore
import TestSupport
import XCTest

/// A link table without a unique pair that holds one pair twice: each loading strategy gives the
/// related rows SQLAlchemy's own loader of that strategy gives (lazy and joined once, selectin
/// twice), run on the same database through the virtualenv (Tests/PythonApps/repeated_links.py).
extension AppModelsTests {
    func testRepeatedLinkRowsLoadAsSQLAlchemysLoadersGiveThem() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let out = try python(["repeated_links.py", location])
            let theirs = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: [String: [Int]]] ?? [:]
            XCTAssertEqual(theirs["selectin"]?["1"], [1, 1, 2], "[\(backend)] the fixture holds a pair twice: \(out)")
            let db = Database(try connect(location))
            defer { db.close() }
            let registry = try db.introspect()
            for strategy in [LoadStrategy.lazy, .selectin, .joined] {
                let s = try Session(db, registry: registry)
                var ours: [String: [Int]] = [:]
                for owner in try s.query("owner", options: [LoadOption("items", strategy)]) {
                    let id = owner["id"].flatMap { Int($0.displayText ?? "") } ?? -1
                    ours[String(id)] = try owner.related("items").compactMap { $0["id"].flatMap { Int($0.displayText ?? "") } }.sorted()
                }
                XCTAssertEqual(ours, theirs[strategy.rawValue], "[\(backend)] \(strategy.rawValue)")
            }
        }
    }
}
