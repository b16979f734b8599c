import Foundation
import ORMCore
import SQLiteDriver
import XCTest

/// Issue 11: schemas as the frameworks themselves make them on SQLite, read from their `CREATE`
/// text, equal the read by SQLite's pragmas, and no table is left to them: Django's own migrations
/// (auth, contenttypes, admin, sessions and the tests' library app, with the table rebuilds Django's
/// SQLite schema editor does) and SQLAlchemy's `create_all` of the heroes app.
extension AppModelsTests {
    func testSQLAlchemysCreateAllReadsFromItsTextAsThePragmasReadIt() throws {
        let path = try scratch("heroes.sqlite")
        try python(["sa_app.py", "create", path])
        let parsed = try compareReads(path)
        XCTAssertGreaterThanOrEqual(parsed.models.count, 8)
    }

    func testDjangosMigratedSchemaReadsFromItsTextAsThePragmasReadIt() throws {
        let path = try scratch("django.sqlite")
        try python(["contrib_schema.py", path], in: Self.apps + "/djangoapp")
        let parsed = try compareReads(path)
        XCTAssertGreaterThanOrEqual(parsed.models.count, 15)
        // Django's SQLite foreign keys are DEFERRABLE INITIALLY DEFERRED, and its link tables many-to-many.
        let user = try XCTUnwrap(parsed.model(named: "auth_user"))
        XCTAssertEqual(parsed.model(named: "auth_user_groups")?.foreignKeys.map(\.isInitiallyDeferred), [true, true])
        XCTAssertTrue(user.relationships.contains { $0.name == "groups" && $0.kind == .manyToMany }, "\(user.relationships.map(\.name))")
    }

    /// The registry read from the text, after checking it equals the pragmas' read.
    func compareReads(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> Registry {
        let connection = try SQLiteConnection(path)
        let db = Database(connection)
        defer { db.close() }
        let parsed = try db.introspect()
        XCTAssertEqual(connection.catalogTablesReadByPragmas, 0, "every table read from its text", file: file, line: line)
        connection.readsCreateText = false
        let pragmas = try db.introspect()
        XCTAssertEqual(parsed.models.map(\.name), pragmas.models.map(\.name), file: file, line: line)
        for (a, b) in zip(parsed.models, pragmas.models) {
            XCTAssertEqual(a.fields, b.fields, a.name, file: file, line: line)
            XCTAssertEqual(a.indexes, b.indexes, a.name, file: file, line: line)
            XCTAssertEqual(a.foreignKeys, b.foreignKeys, a.name, file: file, line: line)
            XCTAssertTrue(a == b, "\(a.name) differs", file: file, line: line)
        }
        return parsed
    }
}
