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
