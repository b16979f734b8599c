import DemoDatabase
import ORMCore
import TestSupport
import XCTest

struct Book: TableModel {
    static let tableName = "book"
    static let relationships: [RelationshipDeclaration] = [
        .manyToOne("writer", on: "book", to: "author", columns: ["author_id"], backPopulates: "books"),
        .manyToMany("tags", on: "book", to: "tag", through: .init("book_tag", ownerColumns: ["book_id"], targetColumns: ["tag_id"]),
                    backPopulates: "books"),
    ]
    var id: Int
    var title: String
    var author_id: Int?
}

/// Relationships declared in code: for catalogs without foreign keys, and to rename inferred ones.
final class DeclaredRelationshipTests: XCTestCase {
    func testDeclaredOnACatalogWithoutForeignKeys() throws {
        try eachBackend { db, backend in
            for sql in ["CREATE TABLE author (id integer PRIMARY KEY, name text)",
                        "CREATE TABLE book (id integer PRIMARY KEY, title text NOT NULL, author_id integer)",
                        "CREATE TABLE tag (id integer PRIMARY KEY, label text)",
                        "CREATE TABLE book_tag (book_id integer, tag_id integer, weight integer, PRIMARY KEY (book_id, tag_id))"] {
                try db.execute(sql: sql)
            }
            try db.execute(.insert(Insert(into: TableRef("author"), columns: ["id", "name"], rows: [[1, "Le Guin"], [2, "Banks"]])))
            try db.execute(.insert(Insert(into: TableRef("book"), columns: ["id", "title", "author_id"],
                                          rows: [[1, "Earthsea", 1], [2, "Dispossessed", 1], [3, "Excession", 2]])))
            try db.execute(.insert(Insert(into: TableRef("tag"), columns: ["id", "label"], rows: [[1, "fantasy"], [2, "sf"]])))
            try db.execute(.insert(Insert(into: TableRef("book_tag"), columns: ["book_id", "tag_id", "weight"], rows: [[1, 1, 5], [2, 2, 4], [3, 2, 3]])))
            let live = try db.introspect()
            XCTAssertEqual(live.model(named: "book")?.relationships, [], "[\(backend)] nothing to infer")
            let registry = try live.declaring(models: [Book.self])
            let writer = try XCTUnwrap(registry.model(named: "book")?.relationship("writer"))
            XCTAssertTrue(writer.isDeclared)
            XCTAssertEqual(registry.model(named: "author")?.relationship("books")?.kind, .oneToMany)
            XCTAssertEqual(registry.model(named: "tag")?.relationship("books")?.link?.extraColumns, ["weight"])

            let s = try Session(db, registry: registry)
            let authors = try db.withAction("authors") { try s.query("author", orderBy: [OrderTerm(.col("id"))], options: [.selectin("books")]) }
            XCTAssertEqual(db.log.count(for: "authors"), 2)
            XCTAssertEqual(try authors[0].related("books").count, 2)
            let book = try XCTUnwrap(s.get("book", [2]))
            XCTAssertEqual(try book.relatedOne("writer")?["name"], "Le Guin")
            XCTAssertEqual(try book.related("tags").map { $0["label"]! }, ["sf"])
            XCTAssertEqual(try book.linkData("tags"), [["weight": 4]])
        }
    }

    func testADeclaredNameOverridesTheInferredOne() throws {
        try eachBackend { db, _ in
            try DemoDatabase.create(on: db, size: .small)
            let r = try db.introspect().declaring([
                .manyToOne("manager", on: "employee", to: "employee", columns: ["manager_id"], backPopulates: "reports"),
            ])
            let employee = try r.require("employee")
            XCTAssertEqual(employee.relationships.map(\.name).sorted(), ["manager", "reports"])
            let s = try Session(db, registry: r)
            XCTAssertFalse(try XCTUnwrap(s.get("employee", [1])).related("reports").isEmpty)
        }
    }

    func testDeclarationsThatDoNotFitChangeNothing() throws {
        try eachBackend { db, _ in
            try DemoDatabase.create(on: db, size: .small)
            let r = try db.introspect()
            XCTAssertThrowsError(try r.declaring([.manyToOne("team", on: "hero", to: "power", columns: ["team_id"])])) { e in
                XCTAssertEqual("\(e)", "The declared relationship Hero.team says hero.team_id refers to power, but the live schema's foreign key refers to team; nothing was changed.")
            }
            XCTAssertThrowsError(try r.declaring([.manyToOne("squad", on: "hero", to: "team", columns: ["squad_id"])])) { e in
                XCTAssertEqual("\(e)", "Model hero has no field \"squad_id\".")
            }
            XCTAssertThrowsError(try r.declaring([.manyToOne("x", on: "villain", to: "team", columns: ["team_id"])])) { e in
                XCTAssertEqual((e as? SchemaError), .unknownModel("villain", suggestion: nil))
            }
            XCTAssertThrowsError(try r.declaring([RelationshipDeclaration(model: "hero", name: "p", target: "power", kind: .manyToMany, columns: [])])) { e in
                XCTAssertEqual("\(e)", "The declared relationship Hero.p is many-to-many but names no link table; nothing was changed.")
            }
        }
    }
}
