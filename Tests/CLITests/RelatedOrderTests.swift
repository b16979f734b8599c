import Foundation
import ORMCore
import TestSupport
import XCTest

/// `--order team.name`: ordering through a many-to-one relationship, with keyset paging that
/// neither skips nor repeats a row (heroes without a team sort as NULL does).
final class RelatedOrderTests: XCTestCase {
    func json(_ args: [String]) throws -> [String: Any] {
        let r = try CLIGoldenTests.run(args)
        XCTAssertEqual(r.status, 0, r.err + r.out)
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
    }

    func testPagingByARelatedFieldSeesEveryRowOnceInOrderOnEachBackend() throws {
        for backend in Backend.allCases {
            guard let location = try location(backend) else { continue }
            let db = backend == .postgres ? location : location + ".demo"
            XCTAssertEqual(try CLIGoldenTests.run(["create-demo", db, "--small"]).status, 0)
            // Some heroes without a team, so NULLs sit among the keys.
            let conn = Database(try connect(db))
            try conn.execute(sql: "UPDATE hero SET team_id = NULL WHERE id % 7 = 0")
            conn.close()
            let order = ["--order", "team.name:desc", "--order", "age"]
            let whole = try json(["rows", "hero", "--db", db, "--limit", "1000", "--format", "json"] + order)
            let expected = (whole["rows"] as! [[String: Any]]).map { $0["id"] as! Int }
            XCTAssertEqual(expected.count, 60)
            XCTAssertTrue((whole["statements"] as! [[String: Any]])[0]["sql"].map { "\($0)".contains("ORDER BY (SELECT") } ?? false)
            // Streamed pages and held ones (--load makes the page held) give the same order.
            for load in [[], ["--load", "team:selectin"]] {
                var seen: [Int] = []
                var after: String?
                repeat {
                    let page = try json(["rows", "hero", "--db", db, "--limit", "7", "--format", "json"] + order + load
                                        + (after.map { ["--after", $0] } ?? []))
                    seen += (page["rows"] as! [[String: Any]]).map { $0["id"] as! Int }
                    after = page["has_next"] as? Bool == true ? page["next_after"] as? String : nil
                } while after != nil && seen.count <= 60
                XCTAssertEqual(seen, expected, "[\(backend)] load \(load)")
            }
            let exported = try CLIGoldenTests.run(["export", "hero", "--db", db, "--format", "ndjson"] + order)
            XCTAssertEqual(exported.out.split(separator: "\n").map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["id"] as! Int }, expected)
        }
    }

    func testAListRelationshipIsRefusedWithASentence() throws {
        guard let location = try location(.sqlite) else { throw XCTSkip("no SQLite file could be made in the temporary directory") }
        let db = location + ".demo"
        XCTAssertEqual(try CLIGoldenTests.run(["create-demo", db, "--small"]).status, 0)
        let r = try CLIGoldenTests.run(["rows", "team", "--db", db, "--order", "heroes.name"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.err, "ormscope: --order heroes.name: heroes is a list of rows (one-to-many); order by a field of a many-to-one relationship.\n")
    }
}
