import ORMCore
import TestSupport
import XCTest

/// What the catalog gives each index, on both backends: an expression key's text (PostgreSQL's
/// pg_get_indexdef, SQLite's CREATE INDEX text) and a partial index's condition (pg_get_expr of
/// indpred, the WHERE of SQLite's text), which drift compares with the models file's.
final class IndexTextIntrospectionTests: XCTestCase {
    func testIndexesGiveTheirExpressionsAndConditions() throws {
        try eachBackend { db, backend in
            try db.execute(sql: "CREATE TABLE account (id integer PRIMARY KEY, email varchar(80) NOT NULL, status varchar(20), archived boolean)")
            // A newline before WHERE, and a key holding a word WHERE would once have been cut at.
            try db.execute(sql: "CREATE INDEX ix_live ON account (email)\n  WHERE status = 'active'")
            try db.execute(sql: "CREATE UNIQUE INDEX ix_ci ON account (status, lower(email))")
            try db.execute(sql: "CREATE INDEX ix_mixed ON account (status DESC, (email || 'x WHERE y')) WHERE NOT archived")
            let account = try db.introspect().require("account")
            func index(_ name: String) throws -> Index { try XCTUnwrap(account.indexes.first { $0.name == name }, "[\(backend)] \(name)") }
            let sqlite = backend == .sqlite
            XCTAssertEqual(try index("ix_live").columns, ["email"])
            XCTAssertEqual(try index("ix_live").predicate, sqlite ? "status = 'active'" : "status::text = 'active'::text")
            XCTAssertEqual(try index("ix_ci").columns, sqlite ? ["status", "lower(email)"] : ["status", "lower(email::text)"])
            XCTAssertNil(try index("ix_ci").predicate)
            XCTAssertEqual(try index("ix_mixed").columns, sqlite ? ["status", "(email || 'x WHERE y')"] : ["status", "(email::text || 'x WHERE y'::text)"])
            XCTAssertEqual(try index("ix_mixed").predicate, "NOT archived")
            XCTAssertEqual(IndexTextForm.compare("status = 'active'", try index("ix_live").predicate ?? "", backend: sqlite ? "sqlite" : "postgresql"), .same)
        }
    }
}
