import Explorer
import ORMCore
import XCTest

/// Forms as data: fields described from the model, validation before SQL, partial edits, the preview.
final class FormTests: XCTestCase {
    let hero = FilterParserTests.registry.model(named: "hero")!

    func testFieldsDescribeTheModel() {
        let form = Form(model: hero, mode: .insert)
        let id = form.entries.first { $0.name == "id" }!
        XCTAssertTrue(id.isKey && id.isAutomatic && !id.required)
        let name = form.entries.first { $0.name == "name" }!
        XCTAssertTrue(name.required)
        XCTAssertEqual(name.maxLength, 100)
        XCTAssertEqual(name.type, "varchar(100)")
    }

    func testValidationMarksEachFieldBeforeAnySQL() {
        var form = Form(model: hero, mode: .insert)
        form.set("age", "old")
        form.set("token", "not-a-uuid")
        XCTAssertFalse(form.validate(against: hero))
        XCTAssertEqual(form.entries.first { $0.name == "age" }?.problem, "is a whole number (\"old\" is not)")
        XCTAssertEqual(form.entries.first { $0.name == "token" }?.problem, "is a UUID (\"not-a-uuid\" is not)")
        XCTAssertEqual(form.entries.first { $0.name == "name" }?.problem, "is required")
        XCTAssertEqual(form.entries.first { $0.name == "age" }?.text, "old", "what the user typed is kept")
        form.set("name", "Deadpond")
        form.set("age", "30")
        form.set("token", "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
        XCTAssertTrue(form.validate(against: hero))
        XCTAssertEqual(form.preview(model: hero, dialect: .postgres)?.sql,
                       #"INSERT INTO "hero" ("name", "age", "token") VALUES ($1, $2, $3) RETURNING *"#)
    }

    func testAnEditSendsOnlyTheEditedFields() {
        var form = Form(model: hero, mode: .edit(key: [7]), row: ["id": 7, "name": "Deadpond", "age": 30, "team_id": .null])
        XCTAssertEqual(form.entries.first { $0.name == "team_id" }?.text, "NULL")
        form.set("age", "31")
        XCTAssertTrue(form.validate(against: hero))
        XCTAssertEqual(form.values, ["age": "31"])
        XCTAssertEqual(form.request, .update(model: "hero", key: [7], values: ["age": "31"], original: ["age": 30]), "guarded by the value shown")
        XCTAssertEqual(form.preview(model: hero, dialect: .sqlite), CompiledSQL(#"UPDATE "hero" SET "age" = ? WHERE ("id" = ?) AND ("age" IS ?)"#, [31, 7, 30]),
                       "the preview shows the guard the flush sends")
        var upsert = Form(model: hero, mode: .upsert(conflictTarget: ["id"]))
        upsert.set("id", "7")
        upsert.set("name", "X")
        XCTAssertEqual(upsert.preview(model: hero, dialect: .sqlite)?.sql,
                       #"INSERT INTO "hero" ("id", "name") VALUES (?, ?) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name" RETURNING *"#)
    }
}

extension FormTests {
    /// Typed and emptied: an automatic key is left to the database, a nullable number is NULL.
    func testEmptiedFieldsMeanWhatTheDatabaseWouldDo() {
        let hero = FilterParserTests.registry.model(named: "hero")!
        var insert = Form(model: hero, mode: .insert)
        insert.set("id", "5")
        insert.set("id", "")
        insert.set("name", "Nova")
        XCTAssertNil(insert.values["id"], "the key is the database's again")
        XCTAssertTrue(insert.validate(against: hero), "\(insert.entries.compactMap(\.problem))")
        var edit = Form(model: hero, mode: .edit(key: [7]), row: ["id": 7, "name": "Nova", "age": 30])
        edit.set("age", "")
        XCTAssertEqual(edit.values["age"], "NULL")
        XCTAssertEqual(edit.request, .update(model: "hero", key: [7], values: ["age": "NULL"], original: ["age": 30]))
    }
}
