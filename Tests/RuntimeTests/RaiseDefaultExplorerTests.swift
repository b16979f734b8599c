import Explorer
import ExplorerRuntime
import ORMCore
import TestSupport
import XCTest

/// An application's `lazy="raise"` relationship (tester 10's T16, T26): a page of its model opens in
/// the explorer, as the application's query runs (only reading the relationship raises), and a
/// `--load` path through it raises as SQLAlchemy's `defaultload(User.orders).selectinload(...)` does;
/// a path's first step takes the application's default strategy (selectin), not lazy.
final class RaiseDefaultExplorerTests: XCTestCase {
    static let schema = [
        "CREATE TABLE app_user (id integer PRIMARY KEY, name text NOT NULL)",
        "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES app_user (id))",
        "CREATE TABLE line (id integer PRIMARY KEY, order_id integer NOT NULL REFERENCES orders (id))",
        "CREATE TABLE address (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES app_user (id))",
        "INSERT INTO app_user (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        "INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1), (3, 2)",
        "INSERT INTO line (id, order_id) VALUES (1, 1), (2, 1), (3, 3)",
        "INSERT INTO address (id, user_id) VALUES (1, 1), (2, 3)",
    ]
    static func models(orders: String) -> String {
        """
        {"format": 1, "models": [
          {"class": "User", "table": "app_user", "relationships": [
            {"name": "orders", "kind": "one-to-many", "target": "orders", "columns": ["customer_id"], "loading": "\(orders)"},
            {"name": "addresses", "kind": "one-to-many", "target": "address", "columns": ["user_id"], "loading": "selectin"}]},
          {"class": "Order", "table": "orders", "relationships": [
            {"name": "lines", "kind": "one-to-many", "target": "line", "columns": ["order_id"]}]}
        ]}
        """
    }

    func rows(_ s: ExplorerState) -> RowsScreen? { if case .rows(let r) = s.screen { return r } else { return nil } }

    func testAPageWithARaiseRelationshipOpens() throws {
        try eachBackend { db, backend in
            for sql in Self.schema { try db.execute(sql: sql) }
            db.appModels = try AppModels.parse(Self.models(orders: "raise"), file: "models.json")
            let runtime = Runtime(session: try Session(db))
            var state = ExplorerState(registry: runtime.session.registry, pageSize: 10, dialect: db.dialect)
            runtime.play(&state, [.openModel("app_user")])
            XCTAssertNil(state.report?.error, "[\(backend)]")
            let page = try XCTUnwrap(rows(state)?.page, "[\(backend)] the page opens: \(state.report?.error ?? "")")
            XCTAssertEqual(page.rows.count, 3, "[\(backend)]")
            XCTAssertEqual(page.related.map { $0["orders"] }, Array(repeating: "not loaded (raise)", count: 3), "[\(backend)]")
            XCTAssertEqual(page.related.map { $0["addresses"] }, ["1 row", "0 rows", "1 row"], "[\(backend)] the selectin default still loads")
            XCTAssertEqual(state.report?.statements.count, 2, "[\(backend)] the users and their addresses, as SQLAlchemy's select(User) with these defaults")
        }
    }

    func testAPathThroughARelationshipLoadsItByItsDefault() throws {
        try eachBackend { db, backend in
            for sql in Self.schema { try db.execute(sql: sql) }
            // Raise: reading the first step raises, as in the application.
            db.appModels = try AppModels.parse(Self.models(orders: "raise"), file: "models.json")
            var session = try Session(db)
            var users = try session.query("app_user", options: [.selectin("orders.lines")])
            XCTAssertThrowsError(try users[0].related("orders"), "[\(backend)]") { e in
                XCTAssertEqual(e as? LoadingError, .raiseLoad(relationship: "User.orders", parent: "app_user 1"))
            }
            // Selectin by default: the path's first step is selectin too (was lazy: one load per user).
            db.appModels = try AppModels.parse(Self.models(orders: "selectin"), file: "models.json")
            session = try Session(db)
            let before = db.log.totalCount
            users = try session.query("app_user", options: [.selectin("orders.lines")])
            let lines = try users.flatMap { try $0.related("orders") }.flatMap { try $0.related("lines") }
            XCTAssertEqual(lines.count, 3, "[\(backend)]")
            XCTAssertEqual(db.log.totalCount - before, 4, "[\(backend)] users, addresses, orders, lines: one statement each")
        }
    }
}
