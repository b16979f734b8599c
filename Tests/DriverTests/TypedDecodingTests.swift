import DemoDatabase
import ORMCore
import TestSupport
import XCTest

struct HeroRow: RowDecodable, Equatable {
    static let tableName = "hero"
    static let columns = ["id", "name", "age", "team_id"]
    var id: Int
    var name: String
    var age: Int?
    var team_id: Int?
    init(row: Row) throws {
        id = try row.int(0)
        name = try row.string(1)
        age = try row.optionalInt(2)
        team_id = try row.optionalInt(3)
    }
    init(id: Int, name: String, age: Int?, team_id: Int?) {
        (self.id, self.name, self.age, self.team_id) = (id, name, age, team_id)
    }
}

/// Codable and by-position decoding read the same rows as the dynamic API, NULLs and all.
final class TypedDecodingTests: XCTestCase {
    func testCodableAndRowDecodableAgreeWithTheRows() throws {
        try eachBackend { db, backend in
            try DemoDatabase.create(on: db, size: .small)
            let s = try Session(db)
            let rows = try db.fetchAll(.select(Select(from: TableRef("hero")).orderBy("id")))
            var codable: [Hero] = [], byPosition: [HeroRow] = []
            try s.stream(Hero.self, Select(from: TableRef("hero")).orderBy("id")) { codable.append($0) }
            try s.stream(HeroRow.self, Select(from: TableRef("hero")).orderBy("id")) { byPosition.append($0) }
            XCTAssertEqual(codable.count, rows.count)
            XCTAssertTrue(rows.contains { $0["age"] == .null } && rows.contains { $0["age"] != .null }, "NULLs and values alternate")
            for (i, r) in rows.enumerated() {
                let age: Int? = r["age"] == .null ? nil : Int(r["age"]!.displayText!)
                let team: Int? = r["team_id"] == .null ? nil : Int(r["team_id"]!.displayText!)
                XCTAssertEqual(codable[i], Hero(id: i + 1, name: r["name"]!.displayText!, secret_name: r["secret_name"]!.displayText!, age: age, team_id: team), "[\(backend)] row \(i)")
                XCTAssertEqual(byPosition[i], HeroRow(id: i + 1, name: r["name"]!.displayText!, age: age, team_id: team))
            }
            // A type that does not fit says which column.
            struct Wrong: TableModel { static let tableName = "hero"; var name: Int }
            XCTAssertThrowsError(try s.stream(Wrong.self) { _ in }) { e in
                XCTAssertTrue("\(e)".contains("column name holds text"), "\(e)")
            }
        }
    }
}
