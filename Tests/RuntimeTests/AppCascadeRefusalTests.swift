import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// The explorer's `y` on an application-cascade delete the database refuses at COMMIT (a deferred
/// key, as Django makes them): the status line names what blocks it (the relationship not
/// followed), not the rows the cascade itself deleted in the rolled-back transaction (T17).
final class AppCascadeRefusalTests: XCTestCase {
    func testTheExplorersRefusalNamesTheRelationshipNotFollowed() throws {
        try eachBackend { db, backend in
            try db.prepare(["CREATE TABLE member (id integer PRIMARY KEY)",
                           "CREATE TABLE badge (id integer PRIMARY KEY, member_id integer NOT NULL REFERENCES member (id) DEFERRABLE INITIALLY DEFERRED)",
                           "CREATE TABLE moderation (id integer PRIMARY KEY, moderator_id integer REFERENCES member (id) DEFERRABLE INITIALLY DEFERRED)",
                           "INSERT INTO member VALUES (1)", "INSERT INTO badge VALUES (1, 1), (2, 1)", "INSERT INTO moderation VALUES (1, 1)"], models: """
                {"format": 1, "source": "django:site.settings", "models": [{"class": "Member", "table": "member", "relationships": [
                  {"name": "badges", "kind": "one-to-many", "target": "badge", "columns": ["member_id"], "on_delete": "CASCADE"},
                  {"name": "moderated", "kind": "one-to-many", "target": "moderation", "columns": ["moderator_id"], "on_delete": "SET"}]}]}
                """)
            let runtime = Runtime(session: try Session(db))
            let done = runtime.perform(.write(id: 1, action: "cascade delete member", request: .deleteFollowingApp(model: "member", key: [.int(1)]), commit: true))
            guard case .failed(_, let report)? = done else { return XCTFail("[\(backend)] \(String(describing: done))") }
            XCTAssertEqual(report.error, "The database's foreign key refused the delete, where the application would first do what ormscope cannot apply: 1 moderation row of Member.moderated (on_delete=SET is the application's to apply; the database's ON DELETE applies instead). Nothing was deleted.", "[\(backend)]")
            XCTAssertEqual(try db.rowCount("badge"), 2, "[\(backend)] rolled back")
        }
    }

    /// T30 in the explorer: `d` on a customer whose orders' NOT NULL key the application would set
    /// to NULL asks a question that says the delete will fail, and why, before `y`.
    func testTheExplorersQuestionSaysADeleteWillFail() throws {
        try eachBackend { db, backend in
            try db.prepare(AppCascadeFixture.notNullOrders.schema, models: AppCascadeFixture.notNullOrders.models)
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            runtime.play(&state, [.openModel("customer"), .write(.delete(model: "customer", key: [1]))])
            let ask = try XCTUnwrap(state.confirmation, "[\(backend)] \(state.report?.error ?? "")")
            XCTAssertEqual(ask.message, "Delete customer 1 and what the application cascades to? 1 row's key set to NULL; it will fail: 1 orders row of Customer.orders would have customer_id set to NULL, which orders does not accept (NOT NULL): the delete fails, as the application's does. y: delete, n: cancel", "[\(backend)]")
            XCTAssertTrue(ask.details.contains("  will fail: 1 orders row of Customer.orders would have customer_id set to NULL, which orders does not accept (NOT NULL): the delete fails, as the application's does."), "[\(backend)] \(ask.details)")
        }
    }
}
