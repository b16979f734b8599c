import DemoDatabase
import Explorer
import ExplorerRuntime
import Foundation
import ORMCore
import SQLiteDriver
import TestSupport
import XCTest

/// Completion in the SQL editor from the demo's real registry, and the history file on disk.
final class SQLCompletionTests: XCTestCase {
    func registry() throws -> Registry {
        guard let db = try open(.sqlite) else { throw XCTSkip("no SQLite") }
        try DemoDatabase.create(on: db, size: .small)
        return try db.introspect()
    }

    func texts(_ editor: SQLEditorState, _ r: Registry) -> [String] {
        SQLCompletion.candidates(editor, registry: r, dialect: .sqlite).map(\.text)
    }

    func testModelsAfterFromAndRelationshipTargetsAfterJoin() throws {
        let r = try registry()
        XCTAssertEqual(texts(SQLEditorState("SELECT * FROM he"), r), ["hero", "hero_power_link", "hero_summary"])
        // After JOIN: the targets of hero's relationships first, then every model.
        let join = SQLCompletion.candidates(SQLEditorState("SELECT * FROM hero h JOIN "), registry: r, dialect: .sqlite)
        let targets = join.prefix { $0.kind == .relationshipTarget }.map(\.text)
        XCTAssertTrue(targets.contains("team"), "\(targets)")
        XCTAssertTrue(targets.contains("power"), "\(targets)")
        XCTAssertEqual(join.first { $0.text == "team" }?.detail, "hero.team (many-to-one)")
        XCTAssertTrue(join.contains { $0.kind == .model && $0.text == "app_user" })
    }

    func testFieldsAfterAnAliasAndInTheStatement() throws {
        let r = try registry()
        var e = SQLEditorState("SELECT h. FROM hero AS h")
        e.moveToStart()
        for _ in 0..<9 { e.moveRight() }
        let fields = SQLCompletion.candidates(e, registry: r, dialect: .sqlite)
        XCTAssertEqual(fields.map(\.text), r.model(named: "hero")!.fieldNames)
        XCTAssertTrue(fields.allSatisfy { $0.kind == .field })
        XCTAssertEqual(texts(SQLEditorState("SELECT team.na"), r), ["name"])
        // Elsewhere: the statement's fields, then keywords, then models.
        var w = SQLEditorState("SELECT * FROM hero WHERE te")
        let c = SQLCompletion.candidates(w, registry: r, dialect: .sqlite)
        XCTAssertEqual(c.first?.text, "team_id")
        XCTAssertEqual(c.first?.kind, .field)
        w.complete("team_id")
        XCTAssertEqual(w.text, "SELECT * FROM hero WHERE team_id")
        XCTAssertEqual(texts(SQLEditorState("SELECT * FROM hero ORD"), r), ["ORDER BY"])
        XCTAssertEqual(texts(SQLEditorState("sel"), r), ["SELECT"], "a keyword whatever the case typed")
    }

    /// Tab inserts a name as SQL must spell it (a tester's `select * from Us` Tab gave `User`, which
    /// PostgreSQL ran as CURRENT_USER and answered `postgres`): the completed statements, run on
    /// each backend, read the Prisma fixture's tables and columns.
    func testANameIsInsertedAsSQLMustSpellItToMeanIt() throws {
        try eachBackend { db, backend in
            try FrameworkSchema.prisma.create(on: db, backend)
            let r = try db.introspect()
            let dialect = backend == .postgres ? Dialect.postgres : .sqlite
            func tab(_ text: String) -> String {
                var m = SQLEditorModel()
                m.editor = SQLEditorState(text)
                m.editor.moveToEnd()
                _ = m.complete(registry: r, dialect: dialect)
                return m.editor.text
            }
            let pg = backend == .postgres
            let users = tab("select email from Us")
            XCTAssertEqual(users, #"select email from "User""#, "[\(backend)] USER is a reserved word, quoted on both")
            XCTAssertEqual(try db.fetchAll(CompiledSQL(users)).count, 3, "[\(backend)] \(users)")
            let author = tab(#"select title from "Post" p where p.auth"#)
            XCTAssertEqual(author, pg ? #"select title from "Post" p where p."authorId""# : #"select title from "Post" p where p.authorId"#)
            XCTAssertEqual(try db.fetchAll(CompiledSQL(author + " = 1")).count, 2, "[\(backend)] \(author)")
            // After a typed quote: names only (no CREATE), closed; a field of the statement's model first.
            XCTAssertEqual(tab(#"select * from "User" where "crea"#), #"select * from "User" where "createdAt""#, "[\(backend)]")
            let bare = SQLCompletion.candidates(SQLEditorState(#"select * from "User" where crea"#), registry: r, dialect: dialect)
            XCTAssertEqual(bare.first.map { [$0.text, $0.insert] }, ["createdAt", pg ? #""createdAt""# : "createdAt"], "[\(backend)]")
            // A reserved word is quoted on both; a plain lower-case name never.
            XCTAssertEqual(dialect.spelled("order"), #""order""#)
            XCTAssertEqual(dialect.spelled("team_id"), "team_id")
            XCTAssertEqual(dialect.spelled("a b"), #""a b""#)
            XCTAssertEqual(dialect.spelled(schema: "audit", table: "Store"), pg ? #"audit."Store""# : "audit.Store")
        }
    }

    func testTheHistoryFileRoundTripsAndIsTheUsersOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ormscope-sqlhist-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let file = SQLHistoryFile(path: dir.appendingPathComponent("state/ormscope/sql_history").path)
        XCTAssertEqual(file.load().entries, [])
        var h = file.load()
        h.add("SELECT 1")
        h.add("SELECT *\nFROM hero")
        try file.save(h)
        XCTAssertEqual(file.load().entries, ["SELECT 1", "SELECT *\nFROM hero"])
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
    }
}
