import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// A delete in the explorer asks with counted consequences (the preview's statements in the SQL
/// pane), offers N where setting the children's key to NULL lets it go ahead, and a refused delete
/// gets one sentence with the data left as it was.
final class DeleteConfirmationTests: XCTestCase {
    func play(_ state: inout ExplorerState, _ runtime: Runtime, _ actions: [Action]) { runtime.play(&state, actions) }

    func press(_ key: Key, _ state: inout ExplorerState, _ runtime: Runtime, _ ui: inout UIState) {
        play(&state, runtime, Keymap.handle(key, ui: &ui, state: state))
    }

    func count(_ db: Database, _ sql: String) throws -> Int {
        if case .int(let n)? = try db.fetchAll(CompiledSQL(sql)).first?[0] { return Int(n) }
        return -1
    }

    func testDeleteAsksWithCountsThenNullifiesOrRefuses() throws {
        try eachBackend { db, backend in
            for sql in [
                "CREATE TABLE team (id integer PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE hero (id integer PRIMARY KEY, name text NOT NULL, team_id integer REFERENCES team (id))",
                "CREATE TABLE badge (id integer PRIMARY KEY, team_id integer NOT NULL REFERENCES team (id) ON DELETE RESTRICT)",
                "CREATE TABLE sponsor (id integer PRIMARY KEY, team_id integer REFERENCES team (id) DEFERRABLE INITIALLY DEFERRED)",
                "CREATE INDEX ix_hero_team ON hero (team_id)",
                "INSERT INTO team (id, name) VALUES (1, 'Avengers'), (2, 'Defenders'), (3, 'Runaways')",
                "INSERT INTO hero (id, name, team_id) VALUES (1, 'a', 1), (2, 'b', 1), (3, 'c', 1), (4, 'd', 2)",
                "INSERT INTO badge (id, team_id) VALUES (1, 2)",
                "INSERT INTO sponsor (id, team_id) VALUES (1, 3)",
            ] { try db.execute(sql: sql) }
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            var ui = UIState()
            play(&state, runtime, [.openModel("team"), .write(.delete(model: "team", key: [1]))])

            // The question names each key's count and rule; the counts ran as statements.
            let ask = try XCTUnwrap(state.confirmation, "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertEqual(ask.message, "Delete team 1? The database will refuse it: hero.team_id: 3 refuse it. "
                           + "N: set the 3 children's team_id to NULL, then delete; y: try anyway; n: cancel")
            XCTAssertEqual(ask.details, ["Deleting team 1:",
                                         "  badge.team_id (RESTRICT): no rows refer to it",
                                         "  hero.team_id (NO ACTION): 3 rows refer to it; the database refuses the delete",
                                         "  sponsor.team_id (NO ACTION, DEFERRABLE INITIALLY DEFERRED): no rows refer to it",
                                         "  (badge.team_id has no index: its count reads the whole table)",
                                         "  (sponsor.team_id has no index: its count reads the whole table)",
                                         "Will run: DELETE FROM \"team\" WHERE \"id\" = \(db.dialect.placeholder(1))  with 1"])
            let report = try XCTUnwrap(state.report)
            XCTAssertEqual(report.queryCount, 4, "[\(backend)] the row, then one count per key")
            XCTAssertTrue(report.statements.allSatisfy { $0.cause == .deletePreview })
            // It shows over the rows, with the question on the status line.
            let frame = Renderer.render(state, ui, title: "t", width: 120, height: 30).text
            XCTAssertTrue(frame.contains("hero.team_id (NO ACTION): 3 rows refer to it"), frame)
            XCTAssertTrue(frame.contains("delete preview"), "the SQL pane shows the counts' cause: \(frame)")

            // N: the heroes' team_id set to NULL, then the delete, in one transaction.
            press(.char("N"), &state, runtime, &ui)
            XCTAssertNil(state.report?.error, "[\(backend)]")
            XCTAssertNil(state.confirmation)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM team WHERE id = 1"), 0)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM hero WHERE team_id IS NULL"), 3)
            let sql = state.report?.statements.map(\.sql) ?? []
            XCTAssertTrue(sql.contains { $0.hasPrefix(#"UPDATE "hero" SET "team_id" = "#) && $0.contains(#"WHERE "team_id" = "#) }, "\(sql)")
            XCTAssertTrue(sql.contains { $0.hasPrefix(#"DELETE FROM "team" WHERE "id" = "#) }, "\(sql)")
            XCTAssertFalse(db.inTransaction)

            // A NOT NULL RESTRICT key: no N; y tries, and the refusal is one sentence; nothing changes.
            play(&state, runtime, [.write(.delete(model: "team", key: [2]))])
            XCTAssertNil(state.confirmation?.alternative, "[\(backend)] badge.team_id does not accept NULL")
            XCTAssertEqual(state.confirmation?.message, "Delete team 2? The database will refuse it: badge.team_id: 1 refuse it; hero.team_id: 1 refuse it. y: try anyway, n: cancel")
            press(.char("N"), &state, runtime, &ui)
            XCTAssertNil(state.confirmation, "N is not offered here, so it cancels")
            XCTAssertEqual(try count(db, "SELECT count(*) FROM team WHERE id = 2"), 1)
            play(&state, runtime, [.write(.delete(model: "team", key: [2]))])
            press(.char("y"), &state, runtime, &ui)
            let sentence = try XCTUnwrap(state.report?.error, "[\(backend)]")
            XCTAssertTrue(sentence.hasPrefix("Cannot delete team 2: 1 badge row through badge.team_id ("), "[\(backend)] \(sentence)")
            XCTAssertTrue(sentence.hasSuffix("delete or re-point those rows first; nothing was deleted."), sentence)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM team WHERE id = 2"), 1)
            XCTAssertEqual(try count(db, "SELECT count(*) FROM hero WHERE team_id = 2"), 1)

            // A deferred key: the delete fails at COMMIT; rolled back, one sentence, nothing changed.
            play(&state, runtime, [.write(.delete(model: "team", key: [3]))])
            XCTAssertEqual(state.confirmation?.message, "Delete team 3? The database will refuse it: sponsor.team_id: 1 refuse it at COMMIT. "
                           + "N: set the 1 child's team_id to NULL, then delete; y: try anyway; n: cancel", "[\(backend)]")
            press(.char("y"), &state, runtime, &ui)
            XCTAssertEqual(state.report?.error?.hasPrefix("Cannot delete team 3: 1 sponsor row through sponsor.team_id ("), true, "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertFalse(db.inTransaction, "[\(backend)]")
            XCTAssertEqual(try count(db, "SELECT count(*) FROM team WHERE id = 3"), 1)
            XCTAssertEqual(rows(state)?.page?.rows.count, 2, "[\(backend)] the rows still show teams 2 and 3")
        }
    }

    func rows(_ s: ExplorerState) -> RowsScreen? { if case .rows(let r) = s.screen { return r } else { return nil } }
}
