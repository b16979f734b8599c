import Foundation
import ORMCore
import XCTest

/// The stored-value pass (issue 11, item 4): values for SQLite `CHAR(32)` hex-UUID columns are bound
/// as 32 hex digits wherever they meet the column; other columns and tables are left alone.
final class StoredValueTests: XCTestCase {
    let u = UUID(uuidString: "0f8fad5b-d9cb-469f-a165-70867728950e")!
    let hex = "0f8fad5bd9cb469fa16570867728950e"

    var map: StoredValueMap {
        var id = Field(name: "id", type: FieldType(declared: "CHAR(32)", kind: .uuid))
        id.storage = .uuidHex
        var owner = Field(name: "owner_id", type: FieldType(declared: "CHAR(32)", kind: .uuid))
        owner.storage = .uuidHex
        let item = Model(name: "item", fields: [id, Field(name: "name", type: FieldType(declared: "TEXT")), owner], primaryKey: ["id"])
        let other = Model(name: "other", fields: [Field(name: "id", type: FieldType(declared: "UUID"))], primaryKey: ["id"])
        return StoredValueMap(Registry(backend: "sqlite", models: [item, other]))
    }

    func binds(_ s: Statement) throws -> [Value] { try SQLCompiler.compile(s.storingValues(map), dialect: .sqlite).binds }

    func testComparisonsListsInsertsUpdatesAndDeletesBindHex() throws {
        XCTAssertEqual(try binds(.select(Select(from: TableRef("item"), where: .col("id").equals(.uuid(u))))), [.text(hex)])
        XCTAssertEqual(try binds(.select(Select(from: TableRef("item"), where: .col("owner_id").isIn([.uuid(u), .text(u.uuidString)])))),
                       [.text(hex), .text(hex)], "UUID text typed in a filter is stored form too")
        XCTAssertEqual(try binds(.select(Select(from: TableRef("item"), where: .col("name").equals(.text(u.uuidString))))),
                       [.text(u.uuidString)], "a text column keeps the text")
        XCTAssertEqual(try binds(.select(Select(from: TableRef("other"), where: .col("id").equals(.uuid(u))))), [.uuid(u)],
                       "a native UUID column is untouched")
        XCTAssertEqual(try binds(.insert(Insert(into: TableRef("item"), columns: ["id", "name"], rows: [[.uuid(u), "x"]]))), [.text(hex), "x"])
        XCTAssertEqual(try binds(.update(Update(table: TableRef("item"), set: [Assignment("owner_id", .value(.uuid(u)))],
                                                where: .col("id").equals(.uuid(u))))), [.text(hex), .text(hex)])
        XCTAssertEqual(try binds(.delete(Delete(from: TableRef("item"), where: .col("id").equals(.uuid(u))))), [.text(hex)])
        // Qualified through an alias, and inside a subquery.
        let joined = Select(from: TableRef("other").aliased("o"), joins: [Join(.leftOuter, TableRef("item").aliased("i"), on: .col("id", of: "i").equals(.col("owner_id", of: "i")))],
                            where: .col("id", of: "i").equals(.uuid(u)) && .inSelect(.col("id", of: "o"), Select(from: TableRef("item"), items: [SelectItem(.col("id"))], where: .col("owner_id").equals(.uuid(u))), negated: false))
        XCTAssertEqual(try binds(.select(joined)), [.text(hex), .text(hex)])
        XCTAssertEqual(HexUUID.uuid(hex), u)
        XCTAssertEqual(HexUUID.uuid(hex.uppercased()), u)
        XCTAssertNil(HexUUID.uuid("0f8fad5b-d9cb-469f-a165-70867728950e"))
        XCTAssertNil(HexUUID.uuid(String(hex.dropLast()) + "g"))
    }
}
