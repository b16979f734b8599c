import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// The explorer with a models file whose relationships carry what the application's ORM adds to
/// their join: Enter on `Post.comments` (a polymorphic `parent_kind = 'post'`) shows the post's
/// comments and not a photo's of the same id; `d` on a shelf writes Django's SET_DEFAULT constant.
final class TargetConditionExplorerTests: XCTestCase {
    func rows(_ s: ExplorerState) -> RowsScreen? { if case .rows(let r) = s.screen { return r } else { return nil } }

    func testFollowingARelationshipWithATargetConditionShowsOnlyItsRows() throws {
        try eachBackend { db, backend in
            for sql in ["CREATE TABLE post (id integer PRIMARY KEY, title text)",
                        "CREATE TABLE comment (id integer PRIMARY KEY, parent_kind text NOT NULL, parent_id integer NOT NULL, body text)",
                        "INSERT INTO post VALUES (1, 'p1'), (2, 'p2')",
                        "INSERT INTO comment VALUES (1, 'post', 1, 'on post 1'), (2, 'photo', 1, 'on photo 1'), (3, 'post', 2, 'on post 2')"] {
                try db.execute(sql: sql)
            }
            db.appModels = try AppModels.parse("""
                {"format": 1, "models": [{"class": "Post", "table": "post", "relationships": [
                  {"name": "comments", "kind": "one-to-many", "target": "comment", "columns": ["parent_id"], "target_equals": {"parent_kind": "post"}}]}]}
                """, file: "models.json")
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            runtime.play(&state, [.command("rows post"), .follow("comments")])
            XCTAssertEqual(rows(state)?.origin, "comments of post 1", "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertEqual(rows(state)?.page?.rows.map { $0[3].displayText ?? "" }, ["on post 1"], "[\(backend)] not the photo's comment of the same id")
            let sql = state.report?.statements.last?.sql ?? ""
            XCTAssertTrue(sql.contains(#""parent_kind" = "#), "[\(backend)] \(sql)")
        }
    }

    func testDeleteWritesTheApplicationsSetDefaultValue() throws {
        try eachBackend { db, backend in
            for sql in ["CREATE TABLE shelf (id integer PRIMARY KEY)",
                        "CREATE TABLE loan (id integer PRIMARY KEY, shelf_id integer NOT NULL REFERENCES shelf (id))",
                        "INSERT INTO shelf VALUES (1), (2)", "INSERT INTO loan VALUES (1, 2), (2, 2), (3, 1)"] {
                try db.execute(sql: sql)
            }
            db.appModels = try AppModels.parse("""
                {"format": 1, "source": "django:site.settings", "models": [{"class": "Shelf", "table": "shelf", "relationships": [
                  {"name": "loans", "kind": "one-to-many", "target": "loan", "columns": ["shelf_id"], "on_delete": "SET_DEFAULT", "on_delete_value": 1}]}]}
                """, file: "models.json")
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            runtime.play(&state, [.openModel("shelf"), .write(.delete(model: "shelf", key: [2]))])
            let ask = try XCTUnwrap(state.confirmation, "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertEqual(ask.message, "Delete shelf 2 and what the application cascades to? 2 rows' key set to the application's value. y: delete, n: cancel")
            XCTAssertEqual(Array(ask.details.prefix(3)), ["Deleting shelf 2 as the application's models say:", "  level 0: shelf 2: delete (the row)",
                                                          "  level 1: 2 loan rows: set shelf_id to 1 (cascade from Shelf.loans)"], "[\(backend)]")
            runtime.play(&state, [.confirm])
            var left: [Value] = []
            for row in try db.fetchAll(CompiledSQL("SELECT shelf_id FROM loan ORDER BY id")) { left.append(row[0]) }
            XCTAssertEqual(left, [.int(1), .int(1), .int(1)], "[\(backend)] \(state.report?.error ?? "")")
        }
    }
}
