import DemoDatabase
import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// Keyset paging on both backends: every row once, in order, forwards and backwards, over NULLs.
final class PageLoaderTests: XCTestCase {
    func ids(_ rows: [Entity]) -> [Value] { rows.map { $0["id"]! } }

    func testWalkingForwardAndBackwardVisitsEveryRowOnceInOrder() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let s = try Session(db)
            let sorts: [[SortKey]] = [[], [SortKey("age")], [SortKey("age", descending: true), SortKey("name")], [SortKey("team_id", descending: true)]]
            for sort in sorts {
                let all = try s.query("hero", Select(from: TableRef("hero"), orderBy: try PageRequest(model: "hero", sort: sort).orderTerms(for: s.model("hero"))))
                var request = PageRequest(model: "hero", sort: sort, limit: 7)
                var walked: [Value] = []
                var page = try PageLoader.load(request, session: s)
                XCTAssertFalse(page.hasPrevious)
                walked += ids(page.rows)
                while page.hasNext {
                    request.position = .after(page.lastKey!)
                    page = try PageLoader.load(request, session: s)
                    walked += ids(page.rows)
                }
                XCTAssertEqual(walked, ids(all), "[\(backend)] forwards, sorted by \(sort)")
                // And back again from the last page.
                request.position = .last
                page = try PageLoader.load(request, session: s)
                XCTAssertFalse(page.hasNext)
                var back = ids(page.rows)
                while page.hasPrevious {
                    request.position = .before(page.firstKey!)
                    page = try PageLoader.load(request, session: s)
                    back = ids(page.rows) + back
                }
                XCTAssertEqual(back, ids(all), "[\(backend)] backwards, sorted by \(sort)")
            }
        }
    }

    func testFilterOffsetAndBadRequestsBeforeAnySQL() throws {
        try eachBackend { db, _ in
            try DemoDatabase.create(on: db, size: .small)
            let s = try Session(db)
            let page = try PageLoader.load(PageRequest(model: "hero", filter: "team.name = 'Avengers' and age > 30", limit: 100), session: s)
            XCTAssertFalse(page.rows.isEmpty)
            for h in page.rows {
                XCTAssertEqual(try h.relatedOne("team")?["name"], "Avengers")
                if case .int(let age) = h["age"]! { XCTAssertGreaterThan(age, 30) } else { XCTFail("age") }
            }
            let third = try PageLoader.load(PageRequest(model: "hero", position: .offset(20), limit: 10), session: s)
            XCTAssertEqual(third.rows.first?["id"], 21)
            let before = db.log.totalCount
            XCTAssertThrowsError(try PageLoader.load(PageRequest(model: "hero", filter: "agee > 3"), session: s)) { e in
                XCTAssertTrue(e is FilterError)
            }
            XCTAssertThrowsError(try PageLoader.load(PageRequest(model: "hero", sort: [SortKey("nmae")]), session: s)) { e in
                XCTAssertEqual("\(e)", "Model hero has no field \"nmae\"; did you mean \"name\"?")
            }
            XCTAssertThrowsError(try PageLoader.load(PageRequest(model: "hero", position: .after([1, 2])), session: s))
            XCTAssertThrowsError(try PageLoader.load(PageRequest(model: "hero", load: [.selectin("teem")]), session: s))
            XCTAssertEqual(db.log.totalCount, before, "nothing ran")
            let model = try s.model("hero")
            XCTAssertEqual(try KeyText.parse("Zoë,7", fields: ["name", "id"], model: model), ["Zoë", 7])
            XCTAssertThrowsError(try KeyText.parse("x", fields: ["id"], model: model)) { e in
                XCTAssertEqual("\(e)", "The key's id is a whole number (\"x\" is not).")
            }
        }
    }
}
